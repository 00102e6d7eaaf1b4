//! `pause`: the authority or the guardian pauses some of the pool's operations for a while.

use crate::errors::BulkheadError;
use crate::events::Paused;
use crate::state::{Pool, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `pause`.
#[event_cpi]
#[derive(Accounts)]
pub struct Pause {
    /// The pool's authority or its guardian.
    pub signer: Signer,
    /// The pool.
    #[account(
        mut,
        constraint = pool.is_authority_or_guardian(signer.address()) @ BulkheadError::NotAuthorityOrGuardian
    )]
    pub pool: Account<Pool>,
    /// The pool's risk parameters: whether a queued change keeps exits open.
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Pauses the operations of `ops` (`state::pause` bits; `InvalidPauseMask`) for `duration_secs`
/// (at most `MAX_PAUSE_SECS`: `PauseTooLong`), after which they work again by themselves. The
/// guardian's pauses are budgeted (`PauseBudgetExhausted`); the authority's are not, and a signer
/// that is both counts as the authority. Exit operations share one budget whoever pauses them (a
/// day in seven: `ExitPauseBudgetExhausted`) and stay open while a queued change can apply
/// (`ExitsOpenForQueuedChange`); see `state::pause`. Emits `Paused`.
pub fn handler(ctx: &mut Context<Pause>, ops: u8, duration_secs: u32) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let by = *ctx.accounts.signer.address();
    let pool: &mut Pool = &mut ctx.accounts.pool;
    let by_guardian = by != pool.authority;
    let exits_locked = ctx.accounts.risk_params.pending.keeps_exits_open(now);
    let (until, exits_until) = pool.pauses.pause(ops, duration_secs, now, by_guardian, exits_locked)?;
    crate::emit!(
        events,
        ctx.accounts.pool,
        Paused {
            by,
            ops: u64::from(ops),
            until,
            exits_until,
            paused: u64::from(ctx.accounts.pool.pauses.paused(now)),
            guardian_budget_left: ctx.accounts.pool.pauses.guardian_budget_left(now)
        }
    )?;
    Ok(())
}

//! `request_sponsor_unbond`: the sponsor starts the unbonding delay on part of its tranche.

use super::emit_moved;
use crate::errors::BulkheadError;
use crate::events::SPONSOR_UNBOND;
use crate::state::{Pool, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `request_sponsor_unbond`. No tokens move.
#[event_cpi]
#[derive(Accounts)]
pub struct RequestSponsorUnbond {
    /// The pool's sponsor.
    pub sponsor: Signer,
    /// The pool.
    #[account(mut, constraint = pool.sponsor == *sponsor.address() @ BulkheadError::NotSponsor)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters (the unbonding delay).
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Asks to unbond `amount` collateral units (> 0, at most the tranche, else
/// `InsufficientSponsorCapital`), withdrawable from `now + sponsor_unbonding_secs`. A new request
/// replaces the pending one and restarts the delay. The capital stays in the tranche, absorbing
/// shortfalls, until it is withdrawn (so the amount can shrink meanwhile). Emits
/// `SponsorCapitalMoved`.
pub fn handler(ctx: &mut Context<RequestSponsorUnbond>, amount: u64) -> Result<()> {
    let events = crate::emitter!(ctx);
    require!(amount > 0, BulkheadError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let delay = i64::try_from(ctx.accounts.risk_params.config.sponsor_unbonding_secs)
        .map_err(|_| BulkheadError::MathOverflow)?; // at most 90 days
    let pool: &mut Pool = &mut ctx.accounts.pool;
    require!(amount <= pool.book.sponsor_capital, BulkheadError::InsufficientSponsorCapital);
    pool.sponsor_unbonding = amount;
    pool.sponsor_unbonding_ready_at = now.saturating_add(delay);
    emit_moved(&events, &mut ctx.accounts.pool, SPONSOR_UNBOND, amount)?;
    Ok(())
}

//! `resume`: the authority ends pauses before they expire.

use crate::errors::BulkheadError;
use crate::events::Resumed;
use crate::state::Pool;
use anchor_lang::prelude::*;

/// Accounts of `resume`.
#[event_cpi]
#[derive(Accounts)]
pub struct Resume {
    /// The pool's authority (the guardian may only pause).
    pub authority: Signer,
    /// The pool.
    #[account(mut, constraint = pool.authority == *authority.address() @ BulkheadError::NotAuthority)]
    pub pool: Account<Pool>,
}

/// Ends the pauses of `ops` now (`InvalidPauseMask` for an empty or unknown mask). Emits `Resumed`.
pub fn handler(ctx: &mut Context<Resume>, ops: u8) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let pool: &mut Pool = &mut ctx.accounts.pool;
    pool.pauses.resume(ops, now)?;
    crate::emit!(
        events,
        ctx.accounts.pool,
        Resumed { ops: u64::from(ops), paused: u64::from(ctx.accounts.pool.pauses.paused(now)) }
    )?;
    Ok(())
}

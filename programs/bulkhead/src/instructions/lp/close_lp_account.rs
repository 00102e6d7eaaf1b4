//! `close_lp_account`: close an LP account with no pending request, rent back to its owner.

use crate::errors::BulkheadError;
use crate::events::LpAccountClosed;
use crate::instructions::shared::checks;
use crate::state::{LpAccount, Pool};
use anchor_lang::prelude::*;

/// Accounts of `close_lp_account`.
#[event_cpi]
#[derive(Accounts)]
pub struct CloseLpAccount {
    /// The LP; receives the rent.
    #[account(mut)]
    pub owner: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The LP account to close: this pool's, this owner's, with no request pending.
    #[account(
        mut,
        close = owner,
        constraint = checks::of_pool(&lp_account.pool, pool.address()) @ BulkheadError::WrongPool,
        constraint = checks::owned_by(&lp_account.owner, owner.address()) @ BulkheadError::WrongOwner,
        constraint = !lp_account.request.is_pending() @ BulkheadError::RequestPending,
    )]
    pub lp_account: Account<LpAccount>,
}

/// Closes the account (Anchor's `close` zeroes it and returns the lamports) and emits
/// `LpAccountClosed`.
pub fn handler(ctx: &mut Context<CloseLpAccount>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let pool = &mut ctx.accounts.pool;
    crate::emit!(
        events,
        pool,
        LpAccountClosed {
            lp_account: *ctx.accounts.lp_account.account().address(),
            owner: *ctx.accounts.owner.account().address()
        }
    )?;
    Ok(())
}

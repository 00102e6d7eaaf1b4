//! `close_lp_account`: close an LP account with no pending request, rent back to its owner.

use crate::errors::BulkheadError;
use crate::events::LpAccountClosed;
use crate::instructions::shared::checks;
use crate::math;
use crate::state::{LpAccount, Pool};
use anchor_lang::prelude::*;

/// Accounts of `close_lp_account`.
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
    let pool_key = *ctx.accounts.pool.account().address();
    let pool = &mut ctx.accounts.pool;
    pool.sequence = math::add(pool.sequence, 1)?;
    crate::log!(
        pool,
        LpAccountClosed {
            pool: pool_key,
            sequence: pool.sequence,
            book: pool.book,
            lp_account: *ctx.accounts.lp_account.account().address(),
            owner: *ctx.accounts.owner.account().address(),
        }
    );
    Ok(())
}

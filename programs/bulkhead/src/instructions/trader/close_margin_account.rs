//! `close_margin_account`: close an empty margin account, rent back to its owner.

use crate::errors::BulkheadError;
use crate::events::MarginAccountClosed;
use crate::instructions::shared::checks;
use crate::math;
use crate::state::{MarginAccount, Pool};
use anchor_lang::prelude::*;

/// Accounts of `close_margin_account`.
#[event_cpi]
#[derive(Accounts)]
pub struct CloseMarginAccount {
    /// The account's owner; receives the rent.
    #[account(mut)]
    pub owner: Signer,
    /// The pool the account belongs to.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The margin account to close: this pool's, this owner's, empty (no collateral, and no
    /// funding claim the pool still owes it), with no request pending.
    #[account(
        mut,
        close = owner,
        constraint = checks::of_pool(&margin_account.pool, pool.address()) @ BulkheadError::WrongPool,
        constraint = checks::owned_by(&margin_account.owner, owner.address()) @ BulkheadError::WrongOwner,
        constraint = margin_account.base_position == 0 @ BulkheadError::PositionOpen,
        constraint = margin_account.collateral == 0 @ BulkheadError::MarginAccountNotEmpty,
        constraint = margin_account.funding_claim == 0 @ BulkheadError::MarginAccountNotEmpty,
        constraint = !margin_account.request.is_pending() @ BulkheadError::RequestPending,
    )]
    pub margin_account: Account<MarginAccount>,
}

/// Closes the account (Anchor's `close` zeroes it and returns the lamports to the owner) and emits
/// `MarginAccountClosed`.
pub fn handler(ctx: &mut Context<CloseMarginAccount>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let pool = &mut ctx.accounts.pool;
    pool.open_margin_accounts = math::sub(pool.open_margin_accounts, 1)?;
    crate::emit!(
        events,
        pool,
        MarginAccountClosed {
            margin_account: *ctx.accounts.margin_account.account().address(),
            owner: *ctx.accounts.owner.account().address()
        }
    )?;
    Ok(())
}

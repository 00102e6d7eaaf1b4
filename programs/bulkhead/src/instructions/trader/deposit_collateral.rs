//! `deposit_collateral`: tokens from the owner's wallet into the pool's vault, credited to the
//! owner's margin account in the pool's book.

use crate::errors::BulkheadError;
use crate::events::{CollateralMoved, DIRECTION_DEPOSIT};
use crate::instructions::shared::checks;
use crate::math;
use crate::state::pause;
use crate::state::{MarginAccount, Pool};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `deposit_collateral` (and, with the vault authority added, of withdrawals).
#[event_cpi]
#[derive(Accounts)]
pub struct DepositCollateral {
    /// The margin account's owner, also the authority of the source token account.
    pub owner: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The owner's margin account in this pool.
    #[account(
        mut,
        constraint = checks::of_pool(&margin_account.pool, pool.address()) @ BulkheadError::WrongPool,
        constraint = checks::owned_by(&margin_account.owner, owner.address()) @ BulkheadError::WrongOwner,
    )]
    pub margin_account: Account<MarginAccount>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The owner's token account of the collateral mint (checked in the handler).
    #[account(mut)]
    pub user_token_account: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Credits `amount` (collateral units, > 0) to the margin account and the pool's book, moves the
/// tokens into the vault, and emits `CollateralMoved`. Refused (`PoolCapExceeded`) when it would
/// take the pool's book total above `MAX_BOOK_TOTAL`. Paused by `DEPOSITS` only for an account
/// with no position: a top-up that keeps a position from liquidation never pauses (issue 15: an
/// authority could otherwise re-pause deposits daily and liquidate traders who cannot add margin).
pub fn handler(ctx: &mut Context<DepositCollateral>, amount: u64) -> Result<()> {
    let events = crate::emitter!(ctx);
    require!(amount > 0, BulkheadError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    if accounts.margin_account.base_position == 0 {
        accounts.pool.check_running(pause::DEPOSITS, Clock::get()?.unix_timestamp)?;
    }
    let owner = *accounts.owner.account().address();
    token::check_user_token_account(
        accounts.user_token_account.account(),
        &accounts.pool.collateral_mint,
        &owner,
    )?;

    accounts.pool.book.check_room(amount)?;
    let margin = &mut accounts.margin_account;
    margin.collateral = math::add(margin.collateral, amount)?;
    let account_collateral = margin.collateral;
    let pool = &mut accounts.pool;
    pool.book.trader_collateral = math::add(pool.book.trader_collateral, amount)?;

    token::transfer_in(
        accounts.user_token_account.account(),
        accounts.vault.account(),
        accounts.owner.account(),
        amount,
    )?;

    crate::emit!(
        events,
        accounts.pool,
        CollateralMoved {
            margin_account: *accounts.margin_account.account().address(),
            owner,
            user_token_account: *accounts.user_token_account.account().address(),
            amount,
            account_collateral,
            direction: DIRECTION_DEPOSIT
        }
    )?;
    Ok(())
}

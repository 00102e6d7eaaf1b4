//! `withdraw_collateral`: free collateral out of the pool's vault to the owner's token account.

use crate::errors::BulkheadError;
use crate::events::{CollateralMoved, DIRECTION_WITHDRAW};
use crate::math;
use crate::state::{MarginAccount, Pool};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `withdraw_collateral`.
#[derive(Accounts)]
pub struct WithdrawCollateral {
    /// The margin account's owner, also the owner of the destination token account.
    pub owner: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The owner's margin account in this pool.
    #[account(
        mut,
        constraint = margin_account.pool == *pool.address() @ BulkheadError::WrongPool,
        constraint = margin_account.owner == *owner.address() @ BulkheadError::WrongOwner,
    )]
    pub margin_account: Account<MarginAccount>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority PDA, which signs the transfer with this pool's seeds.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// The owner's token account of the collateral mint (checked in the handler).
    #[account(mut)]
    pub user_token_account: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Debits `amount` (collateral units, > 0, at most the account's free collateral) from the margin
/// account and the pool's book, moves the tokens out of the vault, and emits `CollateralMoved`.
/// With no positions yet, all of an account's collateral is free.
pub fn handler(ctx: &mut Context<WithdrawCollateral>, amount: u64) -> Result<()> {
    require!(amount > 0, BulkheadError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    let owner = *accounts.owner.account().address();
    token::check_user_token_account(accounts.user_token_account.account(), &accounts.pool, &owner)?;

    let margin = &mut accounts.margin_account;
    require!(amount <= margin.collateral, BulkheadError::InsufficientCollateral);
    margin.collateral = math::sub(margin.collateral, amount)?;
    let account_collateral = margin.collateral;
    let pool_key = *accounts.pool.account().address();
    let pool = &mut accounts.pool;
    pool.book.trader_collateral = math::sub(pool.book.trader_collateral, amount)?;
    pool.sequence = math::add(pool.sequence, 1)?;

    token::transfer_out(
        &pool_key,
        &accounts.pool,
        accounts.vault.account(),
        accounts.user_token_account.account(),
        accounts.vault_authority.account(),
        amount,
    )?;

    emit!(CollateralMoved {
        pool: pool_key,
        sequence: accounts.pool.sequence,
        book: accounts.pool.book,
        margin_account: *accounts.margin_account.account().address(),
        owner,
        user_token_account: *accounts.user_token_account.account().address(),
        amount,
        account_collateral,
        direction: DIRECTION_WITHDRAW,
    });
    Ok(())
}

//! `attest_solvency`: anyone may check a pool's vault against its book.

use crate::errors::BulkheadError;
use crate::events::SolvencyAttested;
use crate::state::Pool;
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `attest_solvency`. Nothing is writable, so attestations never contend with trading.
#[derive(Accounts)]
pub struct AttestSolvency {
    /// The pool.
    pub pool: Account<Pool>,
    /// The pool's vault.
    #[account(address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
}

/// Emits `SolvencyAttested` with the vault's real SPL balance and the book total; fails with
/// `VaultShort` when the vault holds less than the book.
pub fn handler(ctx: &mut Context<AttestSolvency>) -> Result<()> {
    let pool = &ctx.accounts.pool;
    let book_total = pool.book.total()?;
    let vault_balance = token::vault_balance(ctx.accounts.vault.account())?;
    require!(vault_balance >= book_total, BulkheadError::VaultShort);
    emit!(SolvencyAttested {
        pool: *pool.account().address(),
        sequence: pool.sequence,
        book: pool.book,
        book_total,
        vault_balance,
        surplus: vault_balance - book_total,
    });
    Ok(())
}

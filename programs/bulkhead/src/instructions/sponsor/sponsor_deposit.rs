//! `sponsor_deposit`: the sponsor adds to the pool's first-loss tranche.

use super::emit_moved;
use crate::errors::BulkheadError;
use crate::events::SPONSOR_DEPOSIT;
use crate::math;
use crate::state::pause;
use crate::state::Pool;
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `sponsor_deposit`.
#[event_cpi]
#[derive(Accounts)]
pub struct SponsorDeposit {
    /// The pool's sponsor, also the authority of the source token account.
    pub sponsor: Signer,
    /// The pool.
    #[account(mut, constraint = pool.sponsor == *sponsor.address() @ BulkheadError::NotSponsor)]
    pub pool: Account<Pool>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The sponsor's token account of the collateral mint (checked in the handler).
    #[account(mut)]
    pub sponsor_token_account: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Moves `amount` collateral units (> 0) into the vault and the sponsor's tranche
/// (`book.sponsor_capital`), which absorbs shortfalls before the insurance fund. Refused
/// (`PoolCapExceeded`) above `MAX_BOOK_TOTAL`. Emits `SponsorCapitalMoved`.
pub fn handler(ctx: &mut Context<SponsorDeposit>, amount: u64) -> Result<()> {
    let events = crate::emitter!(ctx);
    require!(amount > 0, BulkheadError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    accounts.pool.check_running(pause::DEPOSITS, Clock::get()?.unix_timestamp)?;
    token::check_user_token_account(
        accounts.sponsor_token_account.account(),
        &accounts.pool.collateral_mint,
        accounts.sponsor.account().address(),
    )?;
    let pool: &mut Pool = &mut accounts.pool;
    pool.book.check_room(amount)?;
    pool.book.sponsor_capital = math::add(pool.book.sponsor_capital, amount)?;
    token::transfer_in(
        accounts.sponsor_token_account.account(),
        accounts.vault.account(),
        accounts.sponsor.account(),
        amount,
    )?;
    emit_moved(&events, &mut accounts.pool, SPONSOR_DEPOSIT, amount)?;
    Ok(())
}

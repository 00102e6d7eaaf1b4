//! `fund_insurance`: anyone may add to a pool's insurance fund.

use crate::engine::waterfall;
use crate::errors::BulkheadError;
use crate::events::InsuranceFunded;
use crate::state::pause;
use crate::state::Pool;
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `fund_insurance`.
#[event_cpi]
#[derive(Accounts)]
pub struct FundInsurance {
    /// Whoever pays, also the authority of the source token account.
    pub funder: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The funder's token account of the collateral mint (checked in the handler).
    #[account(mut)]
    pub funder_token_account: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Moves `amount` collateral units (> 0) into the vault as an insurance inflow: it first pays LPs
/// back any shortfall they absorbed and is unrecovered, then grows the insurance fund
/// (`waterfall::insurance_inflow`). Refused (`PoolCapExceeded`) above `MAX_BOOK_TOTAL`. Emits
/// `InsuranceFunded`. The funder gets no claim: insurance is the pool's.
pub fn handler(ctx: &mut Context<FundInsurance>, amount: u64) -> Result<()> {
    let events = crate::emitter!(ctx);
    require!(amount > 0, BulkheadError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    accounts.pool.check_running(pause::DEPOSITS, Clock::get()?.unix_timestamp)?;
    let funder = *accounts.funder.account().address();
    token::check_user_token_account(
        accounts.funder_token_account.account(),
        &accounts.pool.collateral_mint,
        &funder,
    )?;
    let pool: &mut Pool = &mut accounts.pool;
    pool.book.check_room(amount)?;
    let recovered = waterfall::insurance_inflow(pool, amount);
    token::transfer_in(
        accounts.funder_token_account.account(),
        accounts.vault.account(),
        accounts.funder.account(),
        amount,
    )?;
    let pool = &accounts.pool;
    crate::emit!(events, accounts.pool, InsuranceFunded { losses: pool.losses, funder, amount, recovered })?;
    Ok(())
}

//! `sponsor_withdraw`: the sponsor takes out capital whose unbonding delay has passed.

use super::emit_moved;
use crate::errors::BulkheadError;
use crate::events::SPONSOR_WITHDRAW;
use crate::state::pause;
use crate::state::Pool;
use crate::token;
use anchor_lang::prelude::*;

/// How long matured sponsor capital may be withdrawn before its unbonding lapses (seconds): 2
/// days, Aave's Safety Module `UNSTAKE_WINDOW`.
pub const SPONSOR_CLAIM_WINDOW_SECS: i64 = 172_800;

/// Accounts of `sponsor_withdraw`.
#[event_cpi]
#[derive(Accounts)]
pub struct SponsorWithdraw {
    /// The pool's sponsor, also the owner of the destination token account.
    pub sponsor: Signer,
    /// The pool's custodian, required when the pool has one (`CustodianSignatureRequired`); the
    /// program id for none.
    pub custodian: Option<Signer>,
    /// The pool.
    #[account(mut, constraint = pool.sponsor == *sponsor.address() @ BulkheadError::NotSponsor)]
    pub pool: Account<Pool>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority PDA, which signs the transfer with this pool's seeds.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// The sponsor's token account of the collateral mint (checked in the handler).
    #[account(mut)]
    pub sponsor_token_account: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Withdraws the unbonding amount (what is left of it after any shortfall the tranche absorbed).
/// Refused, changing nothing, when nothing is unbonding or its delay has not passed
/// (`UnbondingNotReady`), when it matured more than `SPONSOR_CLAIM_WINDOW_SECS` ago and was not
/// claimed (`UnbondingLapsed`: it must be requested again, so a standing request cannot turn
/// the delay into an instant exit ahead of a visible loss; the window is longer than any one
/// pause, and no pause revives a lapsed request), when LPs carry an unrecovered shortfall (`UnrecoveredShortfall`: the
/// first-loss capital does not leave before LPs are made whole), or while the pool is reduce-only
/// (`PoolReduceOnly`), while paused (`POOL_WITHDRAWALS`), and without the custodian's signature
/// when the pool has a custodian (`CustodianSignatureRequired`). Emits `SponsorCapitalMoved`.
pub fn handler(ctx: &mut Context<SponsorWithdraw>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    accounts.pool.check_running(pause::POOL_WITHDRAWALS, now)?;
    accounts.pool.check_custodian(accounts.custodian.as_ref().map(|c| c.address()))?;
    token::check_user_token_account(
        accounts.sponsor_token_account.account(),
        &accounts.pool.collateral_mint,
        accounts.sponsor.account().address(),
    )?;
    let pool_key = *accounts.pool.account().address();
    let pool: &mut Pool = &mut accounts.pool;
    let amount = pool.sponsor_unbonding.min(pool.book.sponsor_capital);
    let ready_at = pool.sponsor_unbonding_ready_at;
    require!(amount > 0 && now >= ready_at, BulkheadError::UnbondingNotReady);
    require!(now <= ready_at.saturating_add(SPONSOR_CLAIM_WINDOW_SECS), BulkheadError::UnbondingLapsed);
    require!(pool.losses.unrecovered == 0, BulkheadError::UnrecoveredShortfall);
    require!(pool.reduce_only == 0, BulkheadError::PoolReduceOnly);
    pool.book.sponsor_capital -= amount; // amount <= sponsor capital
    (pool.sponsor_unbonding, pool.sponsor_unbonding_ready_at) = (0, 0);
    token::transfer_out(
        &pool_key,
        pool,
        accounts.vault.account(),
        accounts.sponsor_token_account.account(),
        accounts.vault_authority.account(),
        amount,
    )?;
    emit_moved(&events, &mut accounts.pool, SPONSOR_WITHDRAW, amount)?;
    Ok(())
}

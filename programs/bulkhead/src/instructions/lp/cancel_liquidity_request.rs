//! `cancel_liquidity_request`: the LP withdraws its request before its print exists, or anyone
//! clears one whose window has passed; the collateral or shares go back to the LP.

use super::{check_lp_token_accounts, refund, RefundViews};
use crate::engine::request;
use crate::errors::BulkheadError;
use crate::events::RequestCancelled;
use crate::math;
use crate::state::{LpAccount, Pool, Request};
use anchor_lang::prelude::*;

/// Accounts of `cancel_liquidity_request`.
#[derive(Accounts)]
pub struct CancelLiquidityRequest {
    /// The LP (before the target time, while no print at or after it has been shown) or anyone (after the deadline); receives the tip, unless the
    /// LP expires its own request (then the pool account does).
    #[account(mut)]
    pub caller: Signer,
    /// The pool (receives a forfeited tip).
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The LP account holding the request.
    #[account(mut, constraint = lp_account.pool == *pool.address() @ BulkheadError::WrongPool)]
    pub lp_account: Account<LpAccount>,
    /// The pool's vault (a pending deposit's collateral).
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority, which signs the refund.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// The pool's LP escrow (a pending withdrawal's shares).
    #[account(mut, address = pool.lp_escrow @ BulkheadError::WrongPool)]
    pub lp_escrow: UncheckedAccount,
    /// The LP's collateral token account.
    #[account(mut)]
    pub user_token_account: UncheckedAccount,
    /// The LP's token account of the pool's LP mint.
    #[account(mut)]
    pub user_lp_token_account: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Ends the pending LP request without executing it, returns its collateral or shares to the LP's
/// own token accounts, pays its tip to the caller, and emits `RequestCancelled` (reason 0 = by the
/// owner, 1 = expired).
pub fn handler(ctx: &mut Context<CancelLiquidityRequest>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let caller = *accounts.caller.account().address();
    let pool_key = *accounts.pool.account().address();
    let owner = accounts.lp_account.owner;
    let pending = accounts.lp_account.request;
    let reason =
        request::cancellation(&pending, caller == owner, now, accounts.pool.market.last_oracle_publish_time)?;
    let views = RefundViews {
        vault: accounts.vault.account(),
        lp_escrow: accounts.lp_escrow.account(),
        vault_authority: accounts.vault_authority.account(),
        user_token: accounts.user_token_account.account(),
        user_lp_token: accounts.user_lp_token_account.account(),
    };
    let pool: &mut Pool = &mut accounts.pool;
    check_lp_token_accounts(pool, &views, &owner)?;
    refund(&pool_key, pool, &pending, &views)?;
    accounts.lp_account.request = Request::default();
    let to =
        request::tip_recipient(reason, caller == owner, accounts.caller.account(), accounts.pool.account());
    request::pay_tip(accounts.lp_account.account(), to, pending.tip_lamports)?;
    let pool = &mut accounts.pool;
    pool.sequence = math::add(pool.sequence, 1)?;
    crate::log!(
        pool,
        RequestCancelled {
            pool: pool_key,
            sequence: pool.sequence,
            book: pool.book,
            account: *accounts.lp_account.account().address(),
            owner,
            caller,
            kind: u64::from(pending.kind),
            reason,
            tip_lamports: pending.tip_lamports,
        }
    );
    Ok(())
}

//! `request_remove_liquidity`: LP shares into the pool's escrow now, collateral at the pinned print
//! at least `lp_withdraw_delay_secs` later. The delay binds the shares, not the wallet.

use super::{new_request, record, RequestAccounts};
use crate::errors::BulkheadError;
use crate::instructions::shared::checks;
use crate::state::pause;
use crate::state::request::REQUEST_REMOVE_LIQUIDITY;
use crate::state::{LpAccount, Pool, RiskParams};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `request_remove_liquidity`.
#[event_cpi]
#[derive(Accounts)]
pub struct RequestRemoveLiquidity {
    /// The LP, authority of the LP token account.
    pub owner: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters (the request's timing).
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// The LP's account in this pool (`open_lp_account`), with no request pending.
    #[account(
        mut,
        constraint = checks::of_pool(&lp_account.pool, pool.address()) @ BulkheadError::WrongPool,
        constraint = checks::owned_by(&lp_account.owner, owner.address()) @ BulkheadError::WrongOwner,
        constraint = !lp_account.request.is_pending() @ BulkheadError::RequestPending,
    )]
    pub lp_account: Account<LpAccount>,
    /// The pool's LP escrow, which holds the shares until execution.
    #[account(mut, address = pool.lp_escrow @ BulkheadError::WrongLpEscrow)]
    pub lp_escrow: UncheckedAccount,
    /// The LP's token account of the pool's LP mint.
    #[account(mut)]
    pub user_lp_token_account: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Moves `shares` (> 0) from the LP's wallet into the pool's escrow and records a withdrawal
/// request for at least `min_amount_out` collateral units, with `tip_lamports` for the keeper, which
/// the LP account must already hold above its rent (`TipNotFunded`). Refused (`PoolReduceOnly`)
/// while the pool is reduce-only: with the vault short, the first LPs out would leave the loss to
/// those who stay.
pub fn handler(
    ctx: &mut Context<RequestRemoveLiquidity>,
    shares: u64,
    min_amount_out: u64,
    tip_lamports: u64,
) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let order = new_request(REQUEST_REMOVE_LIQUIDITY, shares, min_amount_out, tip_lamports, now)?;
    let accounts = &mut ctx.accounts;
    let owner = *accounts.owner.account().address();
    let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
    require!(accounts.pool.reduce_only == 0, BulkheadError::PoolReduceOnly);
    // Not while executions are paused either (as `request_add_liquidity`).
    accounts.pool.check_running(pause::LP_WITHDRAWALS | pause::EXECUTIONS, now)?;
    token::check_user_token_account(
        accounts.user_lp_token_account.account(),
        &accounts.pool.lp_mint,
        &owner,
    )?;
    token::transfer_in(
        accounts.user_lp_token_account.account(),
        accounts.lp_escrow.account(),
        accounts.owner.account(),
        shares,
    )?;
    let pool: &mut Pool = &mut accounts.pool;
    let lp_account_view = *accounts.lp_account.account();
    let request_accounts =
        RequestAccounts { events, lp_account: &mut accounts.lp_account, lp_account_view: &lp_account_view };
    record(pool, config, request_accounts, order)
}

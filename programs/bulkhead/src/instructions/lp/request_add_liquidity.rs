//! `request_add_liquidity`: collateral into the vault now, LP shares at the pinned print later.

use super::{new_request, record, RequestAccounts};
use crate::errors::BulkheadError;
use crate::instructions::shared::checks;
use crate::math;
use crate::state::pause;
use crate::state::request::REQUEST_ADD_LIQUIDITY;
use crate::state::{LpAccount, Pool, RiskParams};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `request_add_liquidity`.
#[event_cpi]
#[derive(Accounts)]
pub struct RequestAddLiquidity {
    /// The LP.
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
    /// The pool's vault, which holds the collateral until execution.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The LP's collateral token account.
    #[account(mut)]
    pub user_token_account: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Moves `amount` collateral units (> 0) into the vault as a pending deposit and records a request
/// for at least `min_shares_out` shares, with `tip_lamports` for the keeper, which the LP account
/// must already hold above its rent (`TipNotFunded`). Refused (`PoolCapExceeded`) when it would
/// take the book total above `MAX_BOOK_TOTAL`, and (`PoolReduceOnly`) while the pool is reduce-only.
pub fn handler(
    ctx: &mut Context<RequestAddLiquidity>,
    amount: u64,
    min_shares_out: u64,
    tip_lamports: u64,
) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let order = new_request(REQUEST_ADD_LIQUIDITY, amount, min_shares_out, tip_lamports, now)?;
    let accounts = &mut ctx.accounts;
    let owner = *accounts.owner.account().address();
    let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
    require!(accounts.pool.reduce_only == 0, BulkheadError::PoolReduceOnly);
    // Not while executions are paused either: a request whose target falls in a pause would expire
    // for free in the branch its owner dislikes (`engine::request::held_back_by_pause`).
    accounts.pool.check_running(pause::LP_DEPOSITS | pause::EXECUTIONS, now)?;
    token::check_user_token_account(
        accounts.user_token_account.account(),
        &accounts.pool.collateral_mint,
        &owner,
    )?;
    accounts.pool.book.check_room(amount)?;
    token::transfer_in(
        accounts.user_token_account.account(),
        accounts.vault.account(),
        accounts.owner.account(),
        amount,
    )?;
    let pool: &mut Pool = &mut accounts.pool;
    pool.book.pending_deposits = math::add(pool.book.pending_deposits, amount)?;
    let lp_account_view = *accounts.lp_account.account();
    let request_accounts =
        RequestAccounts { events, lp_account: &mut accounts.lp_account, lp_account_view: &lp_account_view };
    record(pool, config, request_accounts, order)
}

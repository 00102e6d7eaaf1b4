//! `cancel_trade_request`: the owner withdraws a trade request before its print exists, or anyone
//! clears one whose execution window has passed (see `engine::request` for who may do what).

use crate::engine::request;
use crate::errors::BulkheadError;
use crate::events::{RequestCancelled, REQUEST_TRADE};
use crate::math;
use crate::state::{MarginAccount, Pool, Request};
use anchor_lang::prelude::*;

/// Accounts of `cancel_trade_request`.
#[derive(Accounts)]
pub struct CancelTradeRequest {
    /// The owner (before the target time, while no print at or after it has been shown) or anyone (after the deadline); receives the tip, unless
    /// the owner expires its own request (then the pool account does).
    #[account(mut)]
    pub caller: Signer,
    /// The pool (receives a forfeited tip).
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The margin account holding the request.
    #[account(mut, constraint = margin_account.pool == *pool.address() @ BulkheadError::WrongPool)]
    pub margin_account: Account<MarginAccount>,
}

/// Ends the pending trade request without executing it, pays its tip to the caller, and emits
/// `RequestCancelled` (reason 0 = by the owner, 1 = expired).
pub fn handler(ctx: &mut Context<CancelTradeRequest>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let caller = *accounts.caller.account().address();
    let owner = accounts.margin_account.owner;
    let pending = accounts.margin_account.request;
    require!(pending.kind == REQUEST_TRADE, BulkheadError::NoPendingRequest);
    let reason =
        request::cancellation(&pending, caller == owner, now, accounts.pool.market.last_oracle_publish_time)?;
    accounts.margin_account.request = Request::default();
    let to =
        request::tip_recipient(reason, caller == owner, accounts.caller.account(), accounts.pool.account());
    request::pay_tip(accounts.margin_account.account(), to, pending.tip_lamports)?;

    let pool = &mut accounts.pool;
    pool.sequence = math::add(pool.sequence, 1)?;
    crate::log!(
        pool,
        RequestCancelled {
            pool: *pool.account().address(),
            sequence: pool.sequence,
            book: pool.book,
            account: *accounts.margin_account.account().address(),
            owner,
            caller,
            kind: u64::from(REQUEST_TRADE),
            reason,
            tip_lamports: pending.tip_lamports,
        }
    );
    Ok(())
}

//! `cancel_trade_request`: the owner withdraws a trade request before its print exists, or anyone
//! clears one whose execution window has passed, which costs its owner the expiry fee (see
//! `engine::request` for who may do what).

use crate::engine::{book, request};
use crate::errors::BulkheadError;
use crate::events::{RequestCancelled, REQUEST_TRADE};
use crate::instructions::shared::checks;
use crate::oracle;
use crate::state::{MarginAccount, Pool, Request, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `cancel_trade_request`.
#[event_cpi]
#[derive(Accounts)]
pub struct CancelTradeRequest {
    /// The owner (before the target time, while no print at or after it has been shown) or anyone
    /// (after the deadline); receives the tip, unless the owner expires its own request (then the
    /// pool account does).
    #[account(mut)]
    pub caller: Signer,
    /// The pool (receives a forfeited tip, and the expiry fee in its book).
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters (the expiry fee's rate and the protocol's share of it).
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// The margin account holding the request.
    #[account(mut, constraint = checks::of_pool(&margin_account.pool, pool.address()) @ BulkheadError::WrongPool)]
    pub margin_account: Account<MarginAccount>,
    /// The request's pinned `PriceUpdateV2` (the first print at or after its target), optional:
    /// when it was published after the deadline, no print existed while the request could
    /// execute, and expiring it costs the owner nothing. The program id for none.
    pub pinned_price_update: Option<UncheckedAccount>,
}

/// Ends the pending trade request without executing it, pays its tip to the caller, and emits
/// `RequestCancelled` (reason 0 = by the owner, 1 = expired). An expired request pays the expiry
/// fee from the account's collateral (up to what it holds) into LP capital, less the protocol's
/// share, like a taker fee; no fee when the caller shows that the request's pinned print came after
/// its deadline, or when a pause of its execution held it back after its target
/// (`engine::request::held_back_by_pause`).
pub fn handler(ctx: &mut Context<CancelTradeRequest>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let caller = *accounts.caller.account().address();
    let owner = accounts.margin_account.owner;
    let pending = accounts.margin_account.request;
    require!(pending.kind == REQUEST_TRADE, BulkheadError::NoPendingRequest);
    let newest = accounts.pool.market.last_oracle_publish_time;
    let reason = request::cancellation(&pending, caller == owner, now, newest)?;
    // A pinned print shown must be a genuine print of the pool's feed, whatever the reason.
    let gap = match &accounts.pinned_price_update {
        Some(view) => {
            request::no_print_in_window(&pending, &oracle::load(view.account(), &accounts.pool)?, now, newest)
        }
        None => false,
    };
    let base = accounts.margin_account.base_position;
    let paused = request::held_back_by_pause(&pending, &accounts.pool, base);
    let mut expiry_fee = 0;
    if reason == request::EXPIRED && !gap && !paused {
        let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
        let (pool, margin): (&mut Pool, &mut MarginAccount) =
            (&mut accounts.pool, &mut accounts.margin_account);
        let fee = request::expiry_fee(&pending, pool, config, margin.base_position);
        expiry_fee = book::charge_fee(&mut pool.book, margin, fee, config.protocol_fee_share_bps);
    }
    accounts.margin_account.request = Request::default();
    let to =
        request::tip_recipient(reason, caller == owner, accounts.caller.account(), accounts.pool.account());
    request::pay_tip(accounts.margin_account.account(), to, pending.tip_lamports)?;

    let pool = &mut accounts.pool;
    crate::emit!(
        events,
        pool,
        RequestCancelled {
            account: *accounts.margin_account.account().address(),
            owner,
            caller,
            kind: u64::from(REQUEST_TRADE),
            reason,
            tip_lamports: pending.tip_lamports,
            expiry_fee
        }
    )?;
    Ok(())
}

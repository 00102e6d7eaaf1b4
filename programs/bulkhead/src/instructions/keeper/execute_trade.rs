//! `execute_trade`: permissionless. Executes a trade request at its pinned print, the first Pyth
//! print at or after `request_time + execution_delay_secs`, within the execution window. When an
//! order check fails (slippage, caps, margin, price bounds) the request is cancelled instead, with
//! an event, and the keeper still earns the tip; nothing is left stuck.

use crate::engine::{funding, request, trade, waterfall};
use crate::errors::BulkheadError;
use crate::events::{RequestCancelled, TradeExecuted, REQUEST_TRADE};
use crate::math;
use crate::math::position;
use crate::oracle;
use crate::state::pause;
use crate::state::{MarginAccount, Pool, Request, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `execute_trade`. No tokens move: PnL, fees, impact and funding are book entries of
/// the one pool.
#[derive(Accounts)]
pub struct ExecuteTrade {
    /// Anyone; receives the tip.
    #[account(mut)]
    pub keeper: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongPool)]
    pub risk_params: Account<RiskParams>,
    /// The margin account holding the request.
    #[account(mut, constraint = margin_account.pool == *pool.address() @ BulkheadError::WrongPool)]
    pub margin_account: Account<MarginAccount>,
    /// The request's pinned `PriceUpdateV2` (checked by `oracle::read_pinned`).
    pub price_update: UncheckedAccount,
}

/// Fails (changing nothing) without a pending trade request, after its deadline, or with any print
/// but the pinned one. Otherwise accrues the pool, settles the account, and executes the order
/// (`engine::trade`), or cancels it when an order check fails; either way the tip goes to the
/// keeper. A loss beyond the account's collateral goes to the waterfall (`ShortfallCovered`).
pub fn handler(ctx: &mut Context<ExecuteTrade>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let config = accounts.risk_params.config;
    let pending = accounts.margin_account.request;
    require!(pending.kind == REQUEST_TRADE, BulkheadError::NoPendingRequest);
    request::check_executable(&pending, &config, now)?;
    let (pool_key, account_key) =
        (*accounts.pool.account().address(), *accounts.margin_account.account().address());
    let pool: &mut Pool = &mut accounts.pool;
    let update =
        oracle::read_pinned(accounts.price_update.account(), pool, request::target_time(&pending, &config))?;

    funding::accrue(pool, &config, now)?;
    let margin_acc: &mut MarginAccount = &mut accounts.margin_account;
    let settled = funding::settle(pool, margin_acc, config.protocol_fee_share_bps);
    // A failed order check must leave no partial change: keep what `trade::execute` may write.
    let saved = (pool.book, pool.market, *margin_acc);
    let outcome = trade::execute(pool, margin_acc, &config, &update).and_then(|o| {
        // Pauses hold back only executions that add risk: a reduce or a close always runs.
        if position::increases_risk(saved.2.base_position, margin_acc.base_position) {
            pool.check_running(pause::RISK_INCREASING | pause::EXECUTIONS, now)?;
        }
        Ok(o)
    });
    let shortfall = match outcome {
        Ok(o) => {
            funding::snapshot(pool, margin_acc);
            settled.shortfall.saturating_add(o.shortfall)
        }
        Err(_) => {
            (pool.book, pool.market, *margin_acc) = saved;
            settled.shortfall
        }
    };
    margin_acc.request = Request::default();
    waterfall::cover(pool, &pool_key, &account_key, shortfall)?;
    pool.sequence = math::add(pool.sequence, 1)?;
    request::pay_tip(accounts.margin_account.account(), accounts.keeper.account(), pending.tip_lamports)?;

    let (pool, margin_acc) = (&accounts.pool, &accounts.margin_account);
    let keeper = *accounts.keeper.account().address();
    match outcome {
        Ok(o) => crate::log!(
            accounts.pool,
            TradeExecuted {
                pool: *pool.account().address(),
                sequence: pool.sequence,
                book: pool.book,
                margin_account: *margin_acc.account().address(),
                owner: margin_acc.owner,
                keeper,
                size_delta: o.size_delta,
                base_position: margin_acc.base_position,
                publish_time: update.publish_time,
                oracle_price: o.oracle_price,
                fill_price: o.fill_price,
                realized_pnl: o.realized_pnl,
                fee: o.fee,
                impact_paid: o.impact_paid,
                impact_rebate: o.impact_rebate,
                funding_paid: settled.owed,
                funding_received: settled.received,
                locked: margin_acc.locked,
                account_collateral: margin_acc.collateral,
                tip_lamports: pending.tip_lamports,
            }
        ),
        Err(e) => crate::log!(
            accounts.pool,
            RequestCancelled {
                pool: *pool.account().address(),
                sequence: pool.sequence,
                book: pool.book,
                account: *margin_acc.account().address(),
                owner: margin_acc.owner,
                caller: keeper,
                kind: u64::from(REQUEST_TRADE),
                reason: request::reason_of(e),
                tip_lamports: pending.tip_lamports,
            }
        ),
    }
    Ok(())
}

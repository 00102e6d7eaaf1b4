//! `execute_trade`: permissionless. Executes a trade request at its pinned print, the first Pyth
//! print at or after the request's stored target time, by its stored deadline; an execution more
//! than `EXECUTION_GRACE_SECS` after that print also reads a recent print and fills at the worse of
//! the two. When an order check fails (slippage, caps, margin, price bounds) the request is
//! cancelled instead, with an event, and the keeper still earns the tip; nothing is left stuck. A
//! cancellation by a check anyone can steer costs the owner the expiry fee
//! (`engine::request::pays_expiry_fee`). A late execution that fails is judged as a timely one
//! would be: the transaction fails when that would pass (`RecentPriceUnusable`), else the timely
//! cause cancels it. A pause of risk-increasing executions holds the request back (the
//! transaction fails with `OperationPaused`; its expiry after the pause is free).

use crate::engine::{book, request, run, trade, waterfall};
use crate::errors::BulkheadError;
use crate::events::{RequestCancelled, TradeExecuted, REQUEST_TRADE};
use crate::instructions::shared::checks;
use crate::math::position;
use crate::oracle;
use crate::state::pause;
use crate::state::{MarginAccount, Pool, Request, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `execute_trade`. No tokens move: PnL, fees, impact and funding are book entries of
/// the one pool.
#[event_cpi]
#[derive(Accounts)]
pub struct ExecuteTrade {
    /// Anyone; receives the tip.
    #[account(mut)]
    pub keeper: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// The margin account holding the request.
    #[account(mut, constraint = checks::of_pool(&margin_account.pool, pool.address()) @ BulkheadError::WrongPool)]
    pub margin_account: Account<MarginAccount>,
    /// The request's pinned `PriceUpdateV2` (checked by `oracle::read_pinned`).
    pub price_update: UncheckedAccount,
    /// A recent `PriceUpdateV2` (a one-step read: at most `fresh_price_max_age_secs` old, no older
    /// than the pool's newest), read only when the execution is late and then required
    /// (`RecentPriceRequired`); the program id for none.
    pub recent_price_update: Option<UncheckedAccount>,
}

/// Fails (changing nothing) without a pending trade request, after its deadline, with any print
/// but the pinned one, when late without a usable recent print, or when late and failing a check a
/// timely execution would pass (`RecentPriceUnusable`). Otherwise accrues the pool, settles the
/// account and executes the order (`engine::run::with_account` around `engine::trade`), or
/// cancels it when an order check fails (charging the expiry fee when the check is one anyone can
/// steer); either way the tip goes to the keeper. A loss beyond the
/// account's collateral goes to the waterfall (`ShortfallCovered`).
pub fn handler(ctx: &mut Context<ExecuteTrade>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
    let pending = accounts.margin_account.request;
    require!(pending.kind == REQUEST_TRADE, BulkheadError::NoPendingRequest);
    request::check_executable(&pending, now)?;
    let account_key = *accounts.margin_account.account().address();
    let (pinned, recent) =
        (accounts.price_update.account(), accounts.recent_price_update.as_ref().map(|a| a.account()));
    let pool: &mut Pool = &mut accounts.pool;
    let prints = oracle::read_prints(
        pool,
        config,
        &oracle::Execution { target: pending.target_time, now, pinned, recent },
    )?;

    let margin_acc: &mut MarginAccount = &mut accounts.margin_account;
    let before = margin_acc.base_position;
    let execute = |pool: &mut Pool, m: &mut MarginAccount, prints: &oracle::Prints| {
        // Pauses hold back only executions that add risk (a reduce or a close always runs), and
        // before any order check: a paused execution waits, it is not cancelled.
        // (`engine::request::paused_by`, written out: this runs on every execution.)
        let order = &m.request;
        if order.reduce_only == 0 && position::increases_risk(before, before.saturating_add(order.size_delta))
        {
            pool.check_running(pause::RISK_INCREASING | pause::EXECUTIONS, now)?;
        }
        trade::execute(pool, m, config, prints)
    };
    let mut ran = run::with_account(pool, margin_acc, config, now, |pool, m| execute(pool, m, &prints))?;
    request::fail_if_held_back(&ran.outcome)?;
    // A late execution that fails is judged by what a timely one would have done: if that passes,
    // the transaction fails (lateness is never a cancellation, free or imposed); if it fails, its
    // cause is the cancellation's, and decides the fee, or holds the request back (a pause).
    if ran.outcome.is_err() && prints.late.is_some() {
        let timely = oracle::Prints { late: None, ..prints };
        let at_pin = run::dry_run(pool, margin_acc, |pool, m| execute(pool, m, &timely));
        ran.outcome = run::as_if_timely(ran.outcome, at_pin)?;
        request::fail_if_held_back(&ran.outcome)?;
    }
    // A cancellation by a check costs the expiry fee, as letting the request lapse would, unless
    // its cause was outside everyone's choosing (`engine::request::pays_expiry_fee`).
    let mut expiry_fee = 0;
    if let Err(e) = &ran.outcome {
        if request::pays_expiry_fee(request::reason_of(e.clone())) {
            let fee = request::expiry_fee(&pending, pool, config, margin_acc.base_position);
            expiry_fee = book::charge_fee(&mut pool.book, margin_acc, fee, config.protocol_fee_share_bps);
        }
    }
    margin_acc.request = Request::default();
    waterfall::cover(&events, pool, &account_key, ran.shortfall(|o| o.shortfall))?;
    request::pay_tip(accounts.margin_account.account(), accounts.keeper.account(), pending.tip_lamports)?;
    let (settled, outcome) = (ran.settled, ran.outcome);
    let late_publish_time = prints.late.map_or(0, |u| u.publish_time);

    let margin_acc = &accounts.margin_account;
    let keeper = *accounts.keeper.account().address();
    match outcome {
        Ok(o) => crate::emit!(
            events,
            accounts.pool,
            TradeExecuted {
                margin_account: *margin_acc.account().address(),
                owner: margin_acc.owner,
                keeper,
                size_delta: o.size_delta,
                base_position: margin_acc.base_position,
                publish_time: prints.pinned.publish_time,
                late_publish_time,
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
                reserve_moved: o.reserve_moved,
                tip_lamports: pending.tip_lamports
            }
        )?,
        Err(e) => crate::emit!(
            events,
            accounts.pool,
            RequestCancelled {
                account: *margin_acc.account().address(),
                owner: margin_acc.owner,
                caller: keeper,
                kind: u64::from(REQUEST_TRADE),
                reason: request::reason_of(e),
                tip_lamports: pending.tip_lamports,
                expiry_fee
            }
        )?,
    }
    Ok(())
}

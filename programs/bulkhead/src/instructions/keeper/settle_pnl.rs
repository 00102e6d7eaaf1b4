//! `settle_pnl`: permissionless and one-step. At a fresh print, settles an open account's funding
//! and borrow and realizes its unrealized loss up to its collateral into LP capital, keeping the
//! position at an entry moved to the mark and its lock raised by what it realized
//! (`engine::pnl`). The redeem NAV counts no loser's loss, so a keeper settles losers before each
//! LP withdrawal's print and the LP who leaves is paid for them.

use crate::engine::{pnl, run, waterfall};
use crate::errors::BulkheadError;
use crate::events::PnlSettled;
use crate::instructions::shared::checks;
use crate::oracle::{self, FreshRead, OraclePolicy};
use crate::state::{MarginAccount, Pool, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `settle_pnl`.
#[event_cpi]
#[derive(Accounts)]
pub struct SettlePnl {
    /// Anyone: a keeper, the owner, an LP about to withdraw (named in the event).
    pub keeper: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// The margin account to settle.
    #[account(mut, constraint = checks::of_pool(&margin_account.pool, pool.address()) @ BulkheadError::WrongPool)]
    pub margin_account: Account<MarginAccount>,
    /// A fresh Pyth `PriceUpdateV2` for the pool's feed: at most `liquidation_max_age_secs` old and
    /// no older than the pool's newest print (the liquidation's rule; the wide reduce band, no EMA
    /// bound: only the mid is used).
    pub price_update: UncheckedAccount,
}

/// Refuses (changing nothing) a flat account (`NothingToSettle`) and a stale, regressed or
/// forged print. Otherwise accrues the pool, settles the account's funding and borrow (a shortfall
/// goes down the waterfall), realizes its loss at the print's mid up to its collateral and emits
/// `PnlSettled`. Never paused: it moves no value between the account and the pool that the
/// account could ever be paid (its equity and payoff are unchanged), only when a loss is counted.
pub fn handler(ctx: &mut Context<SettlePnl>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
    let keeper = *accounts.keeper.account().address();
    let account_key = *accounts.margin_account.account().address();
    require!(accounts.margin_account.base_position != 0, BulkheadError::NothingToSettle);
    let pool: &mut Pool = &mut accounts.pool;
    let rule = FreshRead { now, max_age_secs: config.liquidation_max_age_secs, policy: OraclePolicy::Reduce };
    let (price, publish_time) = oracle::read_fresh(accounts.price_update.account(), pool, config, &rule)?;

    let margin_acc: &mut MarginAccount = &mut accounts.margin_account;
    let ran = run::with_account(pool, margin_acc, config, now, |pool, m| pnl::settle_pnl(pool, m, &price))?;
    let shortfall = ran.shortfall(|_| 0);
    let (settled, realized) = (ran.settled, ran.outcome?);
    waterfall::cover(&events, pool, &account_key, shortfall)?;
    crate::emit!(
        events,
        pool,
        PnlSettled {
            margin_account: account_key,
            owner: margin_acc.owner,
            keeper,
            publish_time,
            oracle_price: price.mid,
            realized_loss: realized,
            funding_paid: settled.owed,
            funding_received: settled.received,
            shortfall,
            entry_notional: margin_acc.entry_notional,
            locked: margin_acc.locked,
            account_collateral: margin_acc.collateral
        }
    )?;
    Ok(())
}

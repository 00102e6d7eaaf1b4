//! Accrual of the pool's funding and borrow indexes, and settlement of one account against them
//! (the formulas, units and rounding are in `math::funding`).
//!
//! ## Book entries
//! Accrual moves no collateral: it grows the indexes and the pool's exact aggregates
//! `fees_receivable` (what positions owe LP capital) and `funding_payable` (what LP capital owes the
//! lighter side), both in index units (collateral units x 2^60). Settling an account consumes its exact share of
//! both and moves the net, rounded in the pool's favour, between its collateral and LP capital:
//! - the account owes more: up to its collateral goes to LP capital; the rest is a shortfall,
//!   returned for the caller to pass to `engine::waterfall`;
//! - the account is owed more: paid from *free* LP capital only (never from capital locked for
//!   payoffs, so every close stays payable); what free capital cannot pay is the account's
//!   `funding_claim` (and in the pool's `unpaid_funding`). A claim is never forfeited: it is added
//!   to what the account is owed at each later settlement (a flat account's included), nets against
//!   what it owes, and is paid from free capital less the *other* accounts' claims, which no LP
//!   withdrawal may take (`engine::liquidity`): later inflows pay the claims first.

use super::book;
use crate::math::funding::{self as f};
use crate::math::wide::U128;
use crate::state::{MarginAccount, Pool, RiskConfig};
use anchor_lang::prelude::*;

/// What settling one account moved (collateral units).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Settlement {
    /// Funding and borrow the account owed (rounded up).
    pub owed: u64,
    /// Funding the account was owed (rounded down).
    pub received: u64,
    /// What it owed beyond its collateral: a shortfall for the waterfall.
    pub shortfall: u64,
}

/// Accrues the funding and borrow indexes from the last accrual to `now` (cluster time, never
/// backwards), at the rates of the pool's state before this instruction changes it.
#[inline(never)]
pub fn accrue(pool: &mut Pool, config: &RiskConfig, now: i64) -> Result<()> {
    let market = &mut pool.market;
    let last = market.last_accrual_ts;
    if now <= last {
        return Ok(());
    }
    market.last_accrual_ts = now;
    let elapsed = (now - last).unsigned_abs();

    let mut receivable = U128::from_pod(&market.fees_receivable);
    let mut payable = U128::from_pod(&market.funding_payable);
    let (lots_long, lots_short) = (market.long.open_interest, market.short.open_interest);
    // Only a side with at least as many lots as the other pays borrow: the lighter side balances
    // the book and pays none (GMX v2's rule). The rate is the utilisation of the locks that pay,
    // so a lighter side's locks, which pay nothing, cannot raise what the heavier side pays.
    // Nothing paying owes no borrow; the indexes then stay.
    let pays = [(true, lots_long >= lots_short), (false, lots_short >= lots_long)];
    let paying = pays
        .iter()
        .filter(|(_, p)| *p)
        .fold(0u64, |k, (long, _)| k.saturating_add(market.side(*long).locked));
    if paying > 0 {
        let rate = f::borrow_rate(&config.borrow_curve(), paying, pool.book.lp_capital)?;
        let borrow = f::index_growth(rate, elapsed);
        for (long, _) in pays.iter().filter(|(_, p)| *p) {
            let side = market.side_mut(*long);
            side.borrow_index = side.borrow_idx().saturating_add(borrow).to_pod();
            receivable = receivable.saturating_add(f::accrual(side.locked, borrow));
        }
    }

    // Funding's rate and direction from the lot skew (price-free); paid on entry notional, and the
    // lighter side receives at most what the heavier side pays (`math::funding::light_growth`).
    if lots_long != lots_short {
        let rate = f::funding_rate(config.max_funding_rate_bps_per_year, lots_long, lots_short)?;
        let growth = f::index_growth(rate, elapsed);
        let long_pays = lots_long > lots_short;
        let heavy_entry = market.side(long_pays).entry_notional;
        let heavy = market.side_mut(long_pays);
        heavy.funding_paid_index = heavy.paid_index().saturating_add(growth).to_pod();
        receivable = receivable.saturating_add(f::accrual(heavy_entry, growth));
        let light = market.side_mut(!long_pays);
        let light_growth = f::light_growth(growth, heavy_entry, light.entry_notional);
        light.funding_received_index = light.received_index().saturating_add(light_growth).to_pod();
        payable = payable.saturating_add(f::accrual(light.entry_notional, light_growth));
    }
    market.fees_receivable = receivable.to_pod();
    market.funding_payable = payable.to_pod();
    Ok(())
}

/// Settles what the account owes and is owed since its last settlement (see the module docs),
/// and brings its snapshots to the current indexes. Of the borrow fee collected from the
/// account's collateral, `protocol_share_bps` goes to the protocol (`book::protocol_cut`); borrow
/// netted against funding the account receives is not collected, and stays with the LPs.
#[inline(never)]
pub fn settle(pool: &mut Pool, margin: &mut MarginAccount, protocol_share_bps: u32) -> Settlement {
    let market = &mut pool.market;
    let base = margin.base_position;
    if base == 0 {
        snapshot(pool, margin);
        if margin.funding_claim > 0 {
            pay_due(pool, margin, 0);
        }
        return Settlement::default();
    }
    let side = market.side(base > 0);
    let borrow_index = side.borrow_idx();
    let paid = side.paid_index().saturating_sub(U128::from_pod(&margin.funding_paid_snapshot));
    let got = side.received_index().saturating_sub(U128::from_pod(&margin.funding_received_snapshot));
    let borrowed = borrow_index.saturating_sub(U128::from_pod(&margin.borrow_index_snapshot));
    let (entry, locked) = (margin.entry_notional, margin.locked);

    let (funding_owed, borrow_owed, funding_got) =
        (f::accrual(entry, paid), f::accrual(locked, borrowed), f::accrual(entry, got));
    let borrow_units = f::settle_amount(borrow_owed, true);
    let owed = f::settle_amount(funding_owed, true).saturating_add(borrow_units);
    let received = f::settle_amount(funding_got, false);
    let consumed = funding_owed.saturating_add(borrow_owed);
    market.fees_receivable = U128::from_pod(&market.fees_receivable).saturating_sub(consumed).to_pod();
    market.funding_payable = U128::from_pod(&market.funding_payable).saturating_sub(funding_got).to_pod();
    snapshot(pool, margin);

    let mut shortfall = 0;
    // What the account owes nets first against what it is owed now, then against its claim.
    let netted = owed.saturating_sub(received).min(margin.funding_claim);
    margin.funding_claim -= netted;
    pool.market.unpaid_funding -= netted; // unpaid funding counts every account's claim
    if received >= owed {
        pay_due(pool, margin, received - owed);
    } else if owed - received == netted {
        pay_due(pool, margin, 0);
    } else {
        let taken = book::collect(&mut pool.book, margin, owed - received - netted, &mut shortfall);
        book::protocol_cut(&mut pool.book, taken.min(borrow_units), protocol_share_bps);
        book::record_pnl(margin, taken, false);
    }
    Settlement { owed, received, shortfall }
}

/// Pays the account `due` (collateral units, newly owed) plus its outstanding claim from free LP
/// capital less the other accounts' claims; what that cannot pay becomes its claim.
fn pay_due(pool: &mut Pool, margin: &mut MarginAccount, due: u64) {
    let claim = margin.funding_claim;
    let others = pool.market.unpaid_funding - claim; // unpaid funding counts this claim
    let owed = due.saturating_add(claim);
    let paid_out = owed.min(pool.book.free_capital(pool.market.locked()).saturating_sub(others));
    pool.book.lp_capital -= paid_out; // paid_out <= free capital <= LP capital
    book::credit(&mut pool.book, margin, paid_out);
    margin.funding_claim = owed - paid_out;
    pool.market.unpaid_funding = others.saturating_add(owed - paid_out);
    book::record_pnl(margin, paid_out, true);
}

/// Brings the account's snapshots to the current indexes of its side (longs when flat).
pub fn snapshot(pool: &Pool, margin: &mut MarginAccount) {
    let side = pool.market.side(margin.base_position >= 0);
    margin.borrow_index_snapshot = side.borrow_index;
    margin.funding_paid_snapshot = side.funding_paid_index;
    margin.funding_received_snapshot = side.funding_received_index;
}

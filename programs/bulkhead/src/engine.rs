//! The pool's market engine: every book movement a trade, withdrawal or LP flow makes. Each moves
//! value between the pool's own book entries (trader collateral, LP capital, bad debt), never
//! tokens, and never anything outside the one pool it is given.

use crate::errors::BulkheadError;
use crate::math::price::Price;
use crate::math::{self, checked, funding, position, BPS_DENOMINATOR};
use crate::state::{MarginAccount, MarketState, Pool, RiskConfig};
use anchor_lang::prelude::*;

/// Accrues the borrow index to `now` at the oracle price. The clock only advances when the index
/// grows, so frequent touches of a cheap product do not round the accrual away.
pub fn accrue_funding(pool: &mut Pool, config: &RiskConfig, price: u64, now: i64) -> Result<()> {
    let market = &mut pool.market;
    let open_interest = math::add(market.open_interest_long, market.open_interest_short)?;
    if open_interest == 0 || market.last_funding_ts == 0 {
        market.last_funding_ts = now;
        return Ok(());
    }
    let elapsed = now.saturating_sub(market.last_funding_ts).max(0).unsigned_abs();
    let growth = funding::index_growth(price, config.borrow_rate_bps_per_year, elapsed)?;
    if growth > 0 {
        market.borrow_index = math::add(market.borrow_index, growth)?;
        market.funding_receivable =
            math::add(market.funding_receivable, funding::accrued(open_interest, growth)?)?;
        market.last_funding_ts = now;
    }
    Ok(())
}

/// Settles what the account owes since its last settlement into the book: paid from its collateral
/// to LP capital; what it cannot pay is recorded as bad debt. Returns what it owed.
pub fn settle_funding(pool: &mut Pool, margin: &mut MarginAccount) -> Result<u64> {
    let growth = math::sub(pool.market.borrow_index, margin.borrow_index_snapshot)?;
    margin.borrow_index_snapshot = pool.market.borrow_index;
    let owed = funding::owed(margin.base_position.unsigned_abs(), growth)?;
    if owed == 0 {
        return Ok(0);
    }
    pool.market.funding_receivable = pool.market.funding_receivable.saturating_sub(owed);
    let paid = collect(pool, margin, owed)?;
    pool.market.bad_debt = math::add(pool.market.bad_debt, owed - paid)?;
    margin.realized_pnl = math::add_signed(margin.realized_pnl, -math::signed(owed)?)?;
    Ok(owed)
}

/// Moves up to `amount` of the account's collateral to LP capital; returns what moved.
pub fn collect(pool: &mut Pool, margin: &mut MarginAccount, amount: u64) -> Result<u64> {
    let paid = amount.min(margin.collateral);
    margin.collateral -= paid;
    pool.book.trader_collateral = math::sub(pool.book.trader_collateral, paid)?;
    pool.book.lp_capital = math::add(pool.book.lp_capital, paid)?;
    Ok(paid)
}

/// Books realized PnL: a profit is paid from LP capital (which must cover it), a loss is collected
/// from the account, and what it cannot pay is recorded as bad debt.
pub fn realize(pool: &mut Pool, margin: &mut MarginAccount, pnl: i64) -> Result<()> {
    let amount = pnl.unsigned_abs();
    if pnl >= 0 {
        pool.book.lp_capital =
            pool.book.lp_capital.checked_sub(amount).ok_or(BulkheadError::InsufficientLiquidity)?;
        pool.book.trader_collateral = math::add(pool.book.trader_collateral, amount)?;
        margin.collateral = math::add(margin.collateral, amount)?;
    } else {
        let paid = collect(pool, margin, amount)?;
        pool.market.bad_debt = math::add(pool.market.bad_debt, amount - paid)?;
    }
    margin.realized_pnl = math::add_signed(margin.realized_pnl, pnl)?;
    Ok(())
}

/// Moves a position's size and cost basis from its old side's aggregates to its new side's.
pub fn update_open_interest(market: &mut MarketState, before: (i64, u64), after: (i64, u64)) -> Result<()> {
    for (sign, (base, entry)) in [(-1i8, before), (1i8, after)] {
        let (oi, notional) = if base >= 0 {
            (&mut market.open_interest_long, &mut market.entry_notional_long)
        } else {
            (&mut market.open_interest_short, &mut market.entry_notional_short)
        };
        if sign < 0 {
            *oi = math::sub(*oi, base.unsigned_abs())?;
            *notional = math::sub(*notional, entry)?;
        } else {
            *oi = math::add(*oi, base.unsigned_abs())?;
            *notional = math::add(*notional, entry)?;
        }
    }
    Ok(())
}

/// Execution price for `delta` lots at the oracle `mid`: a trade that widens the long/short skew
/// pays a spread of `skew_spread_bps` x (skew after / open-interest cap); one that narrows it trades
/// at the oracle price. Buyers' prices round up, sellers' down.
pub fn execution_price(market: &MarketState, config: &RiskConfig, mid: u64, delta: i64) -> Result<u64> {
    let skew_before = math::diff(market.open_interest_long, market.open_interest_short)?;
    let skew_after = math::add_signed(skew_before, delta)?;
    if config.skew_spread_bps == 0 || skew_after.unsigned_abs() <= skew_before.unsigned_abs() {
        return Ok(mid);
    }
    let spread = checked::mul_div_ceil(
        u64::from(config.skew_spread_bps),
        skew_after.unsigned_abs(),
        config.max_open_interest,
    )?
    .min(BPS_DENOMINATOR);
    if delta > 0 {
        checked::mul_div_ceil(mid, math::add(BPS_DENOMINATOR, spread)?, BPS_DENOMINATOR)
    } else {
        checked::mul_div_floor(mid, BPS_DENOMINATOR - spread, BPS_DENOMINATOR)
    }
}

/// Traders' aggregate unrealized PnL at `price` (collateral units, signed): longs valued rounded
/// down, shorts' buy-back rounded up.
fn traders_pnl(market: &MarketState, price: u64) -> Result<i64> {
    let longs = position::unrealized_pnl(
        math::signed(market.open_interest_long)?,
        market.entry_notional_long,
        price,
    )?;
    let shorts = position::unrealized_pnl(
        -math::signed(market.open_interest_short)?,
        market.entry_notional_short,
        price,
    )?;
    math::add_signed(longs, shorts)
}

/// The LP NAV at both ends of the confidence interval (collateral units, signed): LP capital plus
/// unsettled funding minus traders' unrealized PnL. Returns `(lower, higher)`: redemptions use the
/// lower (favours the LPs who stay), mints the higher (favours the LPs already in).
pub fn lp_nav(pool: &Pool, price: &Price) -> Result<(i64, i64)> {
    let base = math::signed(math::add(pool.book.lp_capital, pool.market.funding_receivable)?)?;
    let at_low = math::add_signed(base, -traders_pnl(&pool.market, price.low)?)?;
    let at_high = math::add_signed(base, -traders_pnl(&pool.market, price.high)?)?;
    Ok((at_low.min(at_high), at_low.max(at_high)))
}

/// LP capital that must stay in the pool for open interest: `reserve_ratio_bps` of the larger
/// side's notional at `price` (collateral units, rounded up).
pub fn reserved_capital(market: &MarketState, config: &RiskConfig, price: u64) -> Result<u64> {
    let longs = position::notional(market.open_interest_long, price, true)?;
    let shorts = position::notional(market.open_interest_short, price, true)?;
    checked::mul_div_ceil(longs.max(shorts), u64::from(config.reserve_ratio_bps), BPS_DENOMINATOR)
}

//! Executing a trade request at its pinned print.
//!
//! ## Order of operations (all on the one pool; the caller has accrued and settled the account)
//! 1. Reduce-only orders are clamped so they never grow or flip the position.
//! 2. A risk-increasing order is refused while the pool is reduce-only (`PoolReduceOnly`).
//!    Price checks for the order's risk (`oracle::price_for`): risk-increasing orders need the
//!    strict confidence bound and a print within `max_ema_deviation_bps` of the EMA.
//! 3. Fill price at the adverse band edge: buys at `price + k * conf`, sells at `price - k * conf`;
//!    a late execution fills at the worse of its two prints' edges (`math::price::Price::widen`),
//!    while every check below uses the pinned print's band, as a timely execution would.
//! 4. Impact from the skew before and after (`math::impact`): the impact pool's surplus over what
//!    today's skew could be rebated moves to LP capital; then a cost into the impact pool, or a
//!    rebate out of it pro rata to the potential the trade removes (never more than it holds).
//! 5. Slippage: the all-in price per lot, `(notional ± impact) / lots`, within `worst_price`.
//! 6. The fill (`math::position::fill`) and the payoff cap (`next_lock`). A cap set at open never
//!    grows: risk-increasing fills lock `floor(max_payoff_bps * added EN / 10_000)` more, from the
//!    configuration in force and under the utilisation check of step 8; a reduce of `c` of `h`
//!    lots releases `floor(L * c / h)` (rounded for the pool) and keeps the rest, whatever the
//!    configuration says now; a full close or a flip releases all of `L`. The closed part's profit
//!    is capped by what it releases and paid from LP capital, which always holds it (see
//!    [`apply`] for why the subtraction never underflows).
//! 7. Book (credits first, so a rebate reduces a shortfall): profit LP capital -> collateral;
//!    rebate impact pool -> collateral; a close's liquidation reserve -> collateral; loss
//!    collateral -> LP capital (the uncollectable rest is a shortfall, which the caller passes to
//!    `engine::waterfall`); taker fee collateral -> LP capital; impact paid collateral -> impact
//!    pool; an open from flat posts `liquidation_reserve` collateral -> the reserve
//!    (`engine::reserve`; `InitialMarginViolated` when the collateral left cannot).
//! 8. Risk-increasing orders: open-interest cap per side, position cap, side notional below
//!    `MAX_BOOK_TOTAL`, utilisation `locked <= max_utilisation_bps * LP capital`, and initial margin
//!    at the adverse band edge. Every order: no position below `min_position_size`.
//!
//! Reducing and closing never fail on capital, caps, margin or arithmetic: a close is always paid
//! (its profit is at most its lock), whatever the price; its values saturate where a
//! risk-increasing order's would overflow, and they take any band (`oracle::price_for`: below the
//! pool's resolution a short buys back at one program unit and a long sells at zero; beyond
//! `u64::MAX` program units the band saturates). Only a risk-increasing execution needs a bid
//! above zero and a price that converts. Any error cancels the request (the handler keeps none of
//! these changes), except one that only a late print causes, which fails the transaction.

use super::{book, reserve};
use crate::errors::BulkheadError;
use crate::math::checked::wide_mul;
use crate::math::impact::{flow, surplus};
use crate::math::wide::U128;
use crate::math::{checked, margin, nav, position, BPS_DENOMINATOR, PRICE_PRECISION};
use crate::oracle::{OraclePolicy, Prints};
use crate::state::book::MAX_BOOK_TOTAL;
use crate::state::{MarginAccount, Pool, Request, RiskConfig, SideState};
use anchor_lang::prelude::*;

/// What one execution did (collateral units unless stated).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TradeOutcome {
    /// Lots traded (> 0 bought, < 0 sold), after reduce-only clamping.
    pub size_delta: i64,
    /// The print's price (program units).
    pub oracle_price: u64,
    /// Fill price at the band edge (program units).
    pub fill_price: u64,
    /// PnL realized by the closed part, after the payoff cap (signed).
    pub realized_pnl: i64,
    /// Taker fee collected into LP capital.
    pub fee: u64,
    /// Impact paid into the impact pool.
    pub impact_paid: u64,
    /// Impact rebated from the impact pool.
    pub impact_rebate: u64,
    /// Loss beyond the account's collateral, for the waterfall.
    pub shortfall: u64,
    /// The liquidation reserve moved into the collateral by a close (> 0), or out of it by an
    /// open (< 0).
    pub reserve_moved: i64,
}

/// The lock a risk-increasing fill adds for `entry` more entry notional (collateral units):
/// `floor(max_payoff_bps * entry / 10_000)`, from the configuration in force.
pub fn payoff_lock(entry: u64, config: &RiskConfig) -> Result<u64> {
    checked::mul_div_floor(entry, u64::from(config.max_payoff_bps), BPS_DENOMINATOR)
}

/// The lock after `fill` of a position of `held` lots with entry notional `entry` and lock `lock`
/// (collateral units), and what the fill released (see step 6 of the module docs):
/// - flat after, or a flip: all of `lock` is released; a flip's new side locks
///   [`payoff_lock`] of its entry notional;
/// - a reduce of `c` lots: `lock - floor(lock * c / held)` stays (the released part rounds down,
///   for the pool);
/// - an open or an increase: `lock + payoff_lock(added entry notional)`, nothing released.
///
/// So a position's lock only grows with risk it adds, at the cap in force when it adds it.
pub fn next_lock(
    held: u64,
    entry: u64,
    lock: u64,
    fill: &position::Fill,
    config: &RiskConfig,
) -> Result<(u64, u64)> {
    if fill.closed == 0 {
        let added = fill.entry_notional.saturating_sub(entry); // opening adds to the basis
        return Ok((checked::add(lock, payoff_lock(added, config)?)?, 0));
    }
    if fill.closed == held {
        let opened = if fill.base_position == 0 { 0 } else { payoff_lock(fill.entry_notional, config)? };
        return Ok((opened, lock));
    }
    // closed < held: lock * closed / held < lock, so nothing here can overflow or underflow.
    let released = checked::mul_div_floor(lock, fill.closed, held)?;
    Ok((lock - released, released))
}

/// The size to execute: the request's, or for a reduce-only order clamped to the position so it
/// never grows or flips it (`NothingToReduce` when there is nothing).
fn executable_size(base: i64, requested: i64, reduce_only: bool) -> Result<i64> {
    if !reduce_only {
        return Ok(requested);
    }
    require!(base != 0 && (base > 0) != (requested > 0), BulkheadError::NothingToReduce);
    let size = checked::signed(requested.unsigned_abs().min(base.unsigned_abs()))?;
    Ok(if requested > 0 { size } else { -size })
}

/// An order's size checks, which depend only on the position and the configuration: the size it
/// executes (`executable_size`), no position below `min_position_size` but zero, and none that adds
/// risk above `max_position_size`. `request_trade` runs them when the order is made, so an order
/// that cannot execute is refused then, for free; they run again at execution, where a
/// configuration changed in between (by governance, which may be the owner's) cancels it and
/// costs the expiry fee (priced under the configuration then in force) like any check someone
/// inside the pool can steer. Returns the size and the position after it.
pub fn sized(base: i64, request: &Request, config: &RiskConfig) -> Result<(i64, i64)> {
    let delta = executable_size(base, request.size_delta, request.reduce_only != 0)?;
    require!(delta != 0, BulkheadError::ZeroAmount);
    let after = checked::add_signed(base, delta)?;
    let size = after.unsigned_abs();
    require!(size == 0 || size >= config.min_position_size, BulkheadError::PositionTooSmall);
    let increasing = position::increases_risk(base, after);
    require!(!increasing || size <= config.max_position_size, BulkheadError::PositionTooLarge);
    Ok((delta, after))
}

/// Checks the all-in price per lot against the bound: buys pay `ceil((N + impact) / lots)`, sells
/// receive `floor((N - impact) / lots)`, with `N` the notional at the fill price. Compared as
/// products (`all_in * 1e9` against `worst * lots`, exact in 128 bits), so nothing here can
/// overflow and a close never fails on it; a market order (no bound) skips it.
fn check_slippage(delta: i64, fill_price: u64, paid: u64, rebate: u64, worst: u64) -> Result<()> {
    let buying = delta > 0;
    if (buying && worst == u64::MAX) || (!buying && worst == 0) {
        return Ok(());
    }
    let lots = delta.unsigned_abs();
    let notional = checked::mul_div_saturating(lots, fill_price, PRICE_PRECISION, buying);
    let bound = wide_mul(worst, lots);
    let ok = if buying {
        // ceil(x / lots) <= worst  <=>  x <= worst * lots
        wide_mul(notional.saturating_add(paid).saturating_sub(rebate), PRICE_PRECISION) <= bound
    } else {
        // floor(x / lots) >= worst  <=>  x >= worst * lots
        wide_mul(notional.saturating_add(rebate).saturating_sub(paid), PRICE_PRECISION) >= bound
    };
    require!(ok, BulkheadError::SlippageExceeded);
    Ok(())
}

/// Removes the account's position from its side's aggregates, with the second-moment term it
/// joined with (`MarginAccount::entry_square`, so no division here and the side's sum stays exact).
pub(crate) fn leave(side: &mut SideState, margin: &MarginAccount) {
    side.open_interest -= margin.base_position.unsigned_abs(); // the side holds at least this position
    side.entry_notional -= margin.entry_notional;
    side.locked -= margin.locked;
    side.positions -= 1;
    if side.positions == 0 {
        side.lock_floor_bps = 0;
        side.entry_square = U128::ZERO.to_pod();
    } else {
        let square = U128::from_pod(&side.entry_square).saturating_sub(U128::from_pod(&margin.entry_square));
        side.entry_square = square.to_pod();
    }
}

/// Adds the account's position (its lots, entry notional and lock as they now are) to its side's
/// aggregates: its second-moment term `ceil(entry^2 / lots)` (`math::nav::square_term`, kept in
/// the account for [`leave`]; a side's sum stays below 2^124, since every side's entry notional is
/// below 2^62), and the side's lock floor lowered to this position's `math::nav::lock_ratio_bps`.
pub(crate) fn join(side: &mut SideState, margin: &mut MarginAccount) -> Result<()> {
    let (lots, entry, locked) = (margin.base_position.unsigned_abs(), margin.entry_notional, margin.locked);
    let ratio = nav::lock_ratio_bps(locked, entry);
    side.lock_floor_bps = if side.positions == 0 { ratio } else { side.lock_floor_bps.min(ratio) };
    let term = nav::square_term(lots, entry);
    margin.entry_square = term.to_pod();
    side.entry_square = U128::from_pod(&side.entry_square).saturating_add(term).to_pod();
    side.open_interest = checked::add(side.open_interest, lots)?;
    side.entry_notional = checked::add(side.entry_notional, entry)?;
    side.locked = checked::add(side.locked, locked)?;
    side.positions += 1;
    Ok(())
}

/// The price impact of trading `delta` lots at `fill_price` against the pool's skew: `(paid,
/// rebate)` (`math::impact::flow`). First the impact pool's surplus over what today's skew could
/// be rebated at this price moves to LP capital (`math::impact::Flow::surplus`): it is the LPs'. Only a
/// risk-increasing trade can fail on its arithmetic; a reduce beyond it pays none, receives none
/// and moves no surplus.
pub fn impact_of(
    pool: &mut Pool,
    delta: i64,
    fill_price: u64,
    scale: u64,
    increasing: bool,
) -> Result<(u64, u64)> {
    match flow(pool.book.impact_pool, pool.market.skew(), delta, fill_price, scale) {
        Ok(f) => {
            move_surplus(pool, f.surplus);
            Ok((f.cost, f.rebate))
        }
        Err(e) if increasing => Err(e),
        Err(_) => Ok((0, 0)),
    }
}

/// Moves the impact pool's surplus over what today's skew could be rebated at `price` to LP
/// capital (`math::impact::surplus`), as [`impact_of`] does before a fill. LP flows run it first,
/// at their pinned band's low (the largest surplus the band gives, so the NAVs, which count none
/// of the impact pool, never leave an LP's share of it behind). Nothing moves when the potential
/// overflows (then it is far above any balance).
pub fn sweep_impact(pool: &mut Pool, price: u64, scale: u64) {
    if pool.book.impact_pool == 0 {
        return;
    }
    if let Ok(extra) = surplus(pool.book.impact_pool, pool.market.skew(), price, scale) {
        move_surplus(pool, extra);
    }
}

/// Moves `amount` (collateral units, at most the impact pool's balance, which `math::impact`
/// guarantees) from the impact pool to LP capital; the book's total stays.
#[inline(always)]
fn move_surplus(pool: &mut Pool, amount: u64) {
    pool.book.impact_pool -= amount;
    pool.book.lp_capital = pool.book.lp_capital.saturating_add(amount);
}

/// One fill for [`apply`]: `delta` lots at `fill_price` (program units), with `paid` impact into
/// and `rebate` out of the impact pool (collateral units). (A struct, because BPF passes at most
/// five arguments in registers.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Order {
    /// Lots traded (> 0 buy, < 0 sell).
    pub delta: i64,
    /// Fill price (collateral units per lot x 1e9).
    pub fill_price: u64,
    /// Impact paid (collateral units).
    pub paid: u64,
    /// Impact rebated (collateral units).
    pub rebate: u64,
}

/// What [`apply`] moved (collateral units).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// The fill, with its profit capped by the released lock.
    pub fill: position::Fill,
    /// Taker fee collected into LP capital.
    pub fee: u64,
    /// Impact paid into the impact pool.
    pub impact_paid: u64,
    /// Loss the account could not pay from its collateral: a shortfall for the waterfall.
    pub shortfall: u64,
    /// The liquidation reserve returned to the collateral by a close (> 0), or posted from it by
    /// an open (< 0).
    pub reserve_moved: i64,
}

/// Applies `order` to the account and the pool (steps 6 and 7 of the module docs): the position,
/// its lock and the side aggregates; profit, loss, taker fee and impact on the book. Shared by
/// executions and liquidations, so a liquidation closes exactly like a close.
///
/// **Why `lp_capital -= profit` never underflows.** `profit <= released <= lock <= side.locked
/// <= locked`, and `locked <= lp_capital` holds in every reachable state: locks grow only in a
/// risk-increasing fill, which must leave `locked <= max_utilisation_bps x lp_capital` (step 8,
/// else the whole fill is undone), and never on a reduce ([`next_lock`]); LP capital falls only
/// by a profit paid here, which releases at least as much lock; by funding paid out, at most the
/// free capital `lp_capital - locked` (`engine::funding::settle`); by an LP withdrawal, which
/// must leave the same ceiling (`engine::liquidity`); and by the protocol's cut of a fee credited
/// in the same step. Parameter changes move no lock (a cap change applies to risk added after
/// it), and the waterfall only ever adds to LP capital. Property-tested with parameter changes
/// in `engine/tests.rs` (`locked <= lp_capital` after every step).
#[inline(never)]
pub fn apply(
    pool: &mut Pool,
    margin_acc: &mut MarginAccount,
    config: &RiskConfig,
    order: &Order,
) -> Result<Applied> {
    let Order { delta, fill_price, paid, rebate } = *order;
    let (base, entry, lock) = (margin_acc.base_position, margin_acc.entry_notional, margin_acc.locked);
    let fill = position::fill(base, entry, delta, fill_price)?;
    let (new_lock, released) = next_lock(base.unsigned_abs(), entry, lock, &fill, config)?;
    let profit = fill.profit.min(released); // no profit without a closed part
    let market = &mut pool.market;
    if base != 0 {
        leave(market.side_mut(base > 0), margin_acc);
    }
    (margin_acc.base_position, margin_acc.entry_notional, margin_acc.locked) =
        (fill.base_position, fill.entry_notional, new_lock);
    if fill.base_position != 0 {
        join(market.side_mut(fill.base_position > 0), margin_acc)?;
    } else {
        margin_acc.entry_square = U128::ZERO.to_pod();
    }

    // Credits first, so a rebate reduces a shortfall rather than paying a bankrupt account.
    let book_ = &mut pool.book;
    book_.lp_capital -= profit; // profit <= released lock <= locked capital <= LP capital
    book::credit(book_, margin_acc, profit);
    book_.impact_pool -= rebate; // rebate <= impact pool
    book::credit(book_, margin_acc, rebate);
    let mut reserve_moved = 0;
    if fill.base_position == 0 {
        let refund = reserve::release(book_, margin_acc);
        book::credit(book_, margin_acc, refund);
        reserve_moved = refund as i64; // a book amount, below 2^62
    }
    let mut shortfall = 0;
    book::collect(book_, margin_acc, fill.loss, &mut shortfall);
    let traded = checked::mul_div_saturating(delta.unsigned_abs(), fill_price, PRICE_PRECISION, true);
    let fee = checked::mul_div_ceil(traded, u64::from(config.taker_fee_bps), BPS_DENOMINATOR)?; // fee <= 5%
    let fee = book::collect(book_, margin_acc, fee, &mut 0);
    book::protocol_cut(book_, fee, config.protocol_fee_share_bps);
    let impact_paid = book::take(book_, margin_acc, paid);
    book_.impact_pool = book_.impact_pool.saturating_add(impact_paid);
    book::record_pnl(margin_acc, profit.saturating_add(rebate), true);
    book::record_pnl(margin_acc, fill.loss.saturating_add(fee).saturating_add(impact_paid), false);
    if base == 0 && fill.base_position != 0 {
        reserve_moved = -(reserve::post(margin_acc, config.liquidation_reserve)? as i64);
    }
    Ok(Applied { fill: position::Fill { profit, ..fill }, fee, impact_paid, shortfall, reserve_moved })
}

/// Executes the account's pending trade at `prints` (the pinned print, and for a late execution
/// the worse of it and a recent one: `oracle::Prints::bands`), as described in the module docs.
/// The caller accrued the pool and settled the account to now, and discards every change when
/// this returns an error (`engine::run::with_account`). Not inlined: `execute_trade` calls it a
/// second time to test a failed late execution at its pinned print (`engine::run::would_pass`).
#[inline(never)]
pub fn execute(
    pool: &mut Pool,
    margin_acc: &mut MarginAccount,
    config: &RiskConfig,
    prints: &Prints,
) -> Result<TradeOutcome> {
    let request = margin_acc.request;
    let base = margin_acc.base_position;
    let (delta, after) = sized(base, &request, config)?;
    let increasing = position::increases_risk(base, after);
    require!(!increasing || pool.reduce_only == 0, BulkheadError::PoolReduceOnly);
    let policy = if increasing { OraclePolicy::Increase } else { OraclePolicy::Reduce };
    // Margin at the pinned band; the fill at the worse of the two, so a late execution never fills
    // better than a timely one. (A check that only the late fill makes fail is the handler's to
    // turn into `RecentPriceUnusable`: `engine::run::would_pass`.)
    let (price, late) = prints.bands(pool, config, policy)?;
    let fill_price = late.map_or(price, |l| price.widen(&l)).fill(delta > 0);

    let (paid, rebate) = impact_of(pool, delta, fill_price, config.impact_skew_scale, increasing)?;
    check_slippage(delta, fill_price, paid, rebate, request.limit)?;
    let applied = apply(pool, margin_acc, config, &Order { delta, fill_price, paid, rebate })?;
    let fill = applied.fill;

    if increasing {
        let side = pool.market.side(fill.base_position > 0);
        require!(side.open_interest <= config.max_open_interest, BulkheadError::OpenInterestCapExceeded);
        require!(side.entry_notional <= MAX_BOOK_TOTAL, BulkheadError::PositionTooLarge);
        let ceiling = checked::mul_div_floor(
            pool.book.lp_capital,
            u64::from(config.max_utilisation_bps),
            BPS_DENOMINATOR,
        )?;
        require!(pool.market.locked() <= ceiling, BulkheadError::InsufficientLiquidity);
        let meets = margin::meets(
            margin_acc.collateral,
            fill.base_position,
            fill.entry_notional,
            &price,
            config.initial_margin_bps,
        )?;
        require!(meets, BulkheadError::InitialMarginViolated);
    }
    Ok(TradeOutcome {
        size_delta: delta,
        oracle_price: late.map_or(price.mid, |l| l.mid),
        fill_price,
        realized_pnl: fill.realized_pnl(),
        fee: applied.fee,
        impact_paid: applied.impact_paid,
        impact_rebate: rebate,
        shortfall: applied.shortfall,
        reserve_moved: applied.reserve_moved,
    })
}

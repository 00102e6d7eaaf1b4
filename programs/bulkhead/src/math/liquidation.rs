//! Liquidation: when an account may be liquidated, how much of it to close, and its penalty.
//!
//! ## Symbols (one account, after its funding is settled)
//! - `C`: collateral (units); `b`: position (lots, `|b|` its size); `EN`: entry notional (units);
//!   `L`: its lock, the most its profit can be (units).
//! - `p`: the valuation price, the print's **mid** (program units: collateral units per lot x 1e9);
//!   `f`: the fill price of the closing trade, the **band edge** (bid `p - k conf` for a long, ask
//!   `p + k conf` for a short).
//! - `MM`, `B`, `pen`: maintenance margin, liquidation buffer and penalty (bps).
//!
//! Health is valued at the mid: a wide confidence band alone does not make an account
//! liquidatable. The part closed fills at the edge like any close, so the pool never buys a
//! position back for more than the market's adverse quote; that cost is counted in the target.
//!
//! ## Equity and the trigger (exact, in units x 1e9)
//! `x = |b| p - EN 1e9` (long) or `EN 1e9 - |b| p` (short), capped at `L 1e9`;
//! `E = C 1e9 + x`; the account is liquidatable when `1e4 E < MM |b| p`, i.e. equity below
//! maintenance margin of the notional at the mid.
//!
//! ## The target and the closed size
//! Closing `Δ` lots costs `|p - f|` per lot in fill slippage and `pen f / 1e4` per lot in
//! penalty, and frees `(MM + B) p / 1e4` per lot of requirement at the target ratio. The target is
//! `E - Δ c / 1e4 >= (MM + B) (|b| - Δ) p / 1e4`, with `c = 1e4 |p - f| + pen f`; with
//! `r = (MM + B) p` it is
//!
//! `Δ (r - c) >= D`, where `D = (MM + B) |b| p - 1e4 E`,
//!
//! so the smallest size that reaches it is `Δ* = ceil(D / (r - c))`: exact integer arithmetic,
//! so closing `Δ* - 1` lots does not reach it. The whole position is closed instead when
//! - the account is bankrupt (`E <= 0`), or
//! - closing does not help enough (`r <= c`: the penalty and slippage exceed the relief), or
//! - `Δ* >= |b|`, or the rest `|b| - Δ*` would be below the minimum position size.
//!
//! ## The penalty (units)
//! `P = min(ceil(pen * closed notional at f), equity after the close, collateral after the
//! close)`: never more than the account has, so a penalty never creates a shortfall. The
//! liquidator gets `floor(P * liquidator_share_bps / 1e4)` and the insurance fund the rest, so
//! the two always sum to `P`.
//!
//! Price impact on the closing trade is a rebate when it narrows the skew, like on any close; when
//! it widens the skew it is charged after the penalty and never beyond the equity left
//! (`engine::liquidation`, step 5). The target does not include it, so a liquidation that widens
//! the skew may end short of the target and be liquidated again later, but never under water.

use super::wide::{mul_u64, U128};
use super::{checked, BPS_DENOMINATOR, PRICE_PRECISION};

/// One account's state as liquidation sees it (after settling its funding).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// Collateral (units).
    pub collateral: u64,
    /// Position (lots, signed).
    pub base: i64,
    /// Entry notional (units).
    pub entry: u64,
    /// Lock: the most its profit can be (units).
    pub locked: u64,
}

/// The pool's liquidation terms (bps and lots).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    /// Maintenance margin `MM`.
    pub maintenance_bps: u32,
    /// Buffer `B` above maintenance that a partial liquidation restores.
    pub buffer_bps: u32,
    /// Penalty `pen` on the closed notional.
    pub penalty_bps: u32,
    /// Smallest non-zero position (lots).
    pub min_position: u64,
}

/// A signed value in units x 1e9, as sign and magnitude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Equity {
    /// Whether the value is below zero.
    pub negative: bool,
    /// Its magnitude.
    pub magnitude: U128,
}

/// `E`: the account's equity at the mid `p`, in units x 1e9 (profit capped at the lock).
pub fn equity(pos: &Position, p: u64) -> Equity {
    let value = mul_u64(pos.base.unsigned_abs(), p);
    let cost = mul_u64(pos.entry, PRICE_PRECISION);
    let (gain, loss) = if pos.base >= 0 { (value, cost) } else { (cost, value) };
    let collateral = mul_u64(pos.collateral, PRICE_PRECISION);
    if gain >= loss {
        let profit = gain.saturating_sub(loss).min(mul_u64(pos.locked, PRICE_PRECISION));
        Equity { negative: false, magnitude: collateral.saturating_add(profit) }
    } else {
        let shortfall = loss.saturating_sub(gain);
        if shortfall > collateral {
            Equity { negative: true, magnitude: shortfall.saturating_sub(collateral) }
        } else {
            Equity { negative: false, magnitude: collateral.saturating_sub(shortfall) }
        }
    }
}

/// `ratio_bps x |b| x p`: a margin requirement in units x 1e9 x 1e4 (saturating).
fn requirement(lots: u64, p: u64, ratio_bps: u64) -> U128 {
    mul_u64(lots, p).saturating_mul_u64(ratio_bps)
}

/// Whether the account may be liquidated: `1e4 E < MM |b| p` (a flat account never).
pub fn is_liquidatable(pos: &Position, p: u64, maintenance_bps: u32) -> bool {
    if pos.base == 0 {
        return false;
    }
    let e = equity(pos, p);
    e.negative
        || e.magnitude.saturating_mul_u64(BPS_DENOMINATOR)
            < requirement(pos.base.unsigned_abs(), p, u64::from(maintenance_bps))
}

/// Per-lot cost of closing, `c = 1e4 |p - f| + pen f` (units x 1e9 x 1e4 per lot).
fn close_cost(p: u64, f: u64, penalty_bps: u32) -> U128 {
    mul_u64(p.abs_diff(f), BPS_DENOMINATOR).saturating_add(mul_u64(f, u64::from(penalty_bps)))
}

/// Whether closing `delta` lots reaches the target (see the module docs), in exact arithmetic.
pub fn reaches_target(pos: &Position, terms: &Terms, p: u64, f: u64, delta: u64) -> bool {
    let e = equity(pos, p);
    if e.negative {
        return false;
    }
    let size = pos.base.unsigned_abs();
    let Some(rest) = size.checked_sub(delta) else { return false };
    let target = u64::from(terms.maintenance_bps) + u64::from(terms.buffer_bps);
    let left = e.magnitude.saturating_mul_u64(BPS_DENOMINATOR);
    let spent = close_cost(p, f, terms.penalty_bps).saturating_mul_u64(delta);
    left >= spent && left.saturating_sub(spent) >= requirement(rest, p, target)
}

/// How many lots to close (see the module docs): `Δ*`, or the whole position.
pub fn lots_to_close(pos: &Position, terms: &Terms, p: u64, f: u64) -> u64 {
    let size = pos.base.unsigned_abs();
    let e = equity(pos, p);
    if e.negative || e.magnitude == U128::ZERO {
        return size;
    }
    let target = u64::from(terms.maintenance_bps) + u64::from(terms.buffer_bps);
    let relief = mul_u64(p, target);
    let cost = close_cost(p, f, terms.penalty_bps);
    let Some(net) = relief.checked_sub(cost).filter(|n| *n != U128::ZERO) else { return size };
    let needed = requirement(size, p, target).saturating_sub(e.magnitude.saturating_mul_u64(BPS_DENOMINATOR));
    match needed.div_ceil_u128(net) {
        Some(delta) if delta < size && size - delta >= terms.min_position => delta,
        _ => size,
    }
}

/// The penalty on `closed` lots filled at `f`: `min(ceil(pen x notional), equity, collateral)`
/// (units), equity and collateral being the account's after the close.
pub fn penalty(closed: u64, f: u64, penalty_bps: u32, equity_after: u64, collateral_after: u64) -> u64 {
    let notional = checked::mul_div_saturating(closed, f, PRICE_PRECISION, true);
    checked::mul_div_saturating(notional, u64::from(penalty_bps), BPS_DENOMINATOR, true)
        .min(equity_after)
        .min(collateral_after)
}

/// The fewest lots a partial liquidation closes so that the liquidator's share of its penalty is
/// at least `reserve` (units): the notional `N = ceil(reserve x 1e8 / (share_bps x penalty_bps))`
/// in lots at `f`, `ceil(N x 1e9 / f)`. Rounded up, so closing that many pays at least the
/// reserve (up to the penalty's caps): `ceil(N pen / 1e4) >= ceil(reserve 1e4 / share)`, whose
/// share rounded down is at least `reserve`. `u64::MAX` (close all) when it saturates or `f` is
/// zero.
pub fn lots_for_reward(reserve: u64, penalty_bps: u32, share_bps: u32, f: u64) -> u64 {
    if f == 0 || penalty_bps == 0 || share_bps == 0 {
        return u64::MAX;
    }
    let rate = u64::from(share_bps) * u64::from(penalty_bps); // both u32: fits in u64
    let notional = checked::mul_div_saturating(reserve, BPS_DENOMINATOR * BPS_DENOMINATOR, rate, true);
    checked::mul_div_saturating(notional, PRICE_PRECISION, f, true)
}

/// Splits a penalty (units) into `(liquidator, insurance)`: the liquidator's part is
/// `floor(penalty x share_bps / 1e4)` (rounded toward the pool), the insurance fund gets the rest,
/// so the two always sum to the penalty.
pub fn split_penalty(penalty: u64, share_bps: u32) -> (u64, u64) {
    let reward =
        checked::mul_div_saturating(penalty, u64::from(share_bps), BPS_DENOMINATOR, false).min(penalty);
    (reward, penalty - reward)
}

/// An equity in whole units, rounded down (zero when negative).
pub fn equity_units(e: Equity) -> u64 {
    if e.negative {
        0
    } else {
        e.magnitude.div_floor_u64_saturating(PRICE_PRECISION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::position::fill;
    use proptest::prelude::*;

    const TERMS: Terms =
        Terms { maintenance_bps: 500, buffer_bps: 200, penalty_bps: 100, min_position: 1_000 };
    const P: u64 = 2_000_000_000_000; // $2,000 a unit, 6-decimal lots and collateral

    fn long(lots: i64, at: u64, collateral: u64) -> Position {
        let f = fill(0, 0, lots, at).unwrap();
        Position { collateral, base: f.base_position, entry: f.entry_notional, locked: f.entry_notional }
    }

    /// Health as a fraction: `1e4 E / (MM |b| p)` as f64, for assertions only.
    fn health(pos: &Position, p: u64) -> f64 {
        let e = equity(pos, p);
        let e = e.magnitude.hi as f64 * 2f64.powi(64) + e.magnitude.lo as f64;
        let e = if equity(pos, p).negative { -e } else { e };
        e * 1e4 / (TERMS.maintenance_bps as f64 * pos.base.unsigned_abs() as f64 * p as f64)
    }

    #[test]
    fn a_ten_unit_long_with_thin_margin() {
        // 10 units bought at $2,000 with $1,500 of collateral; at $1,900 equity is $500 on $19,000.
        let pos = long(10_000_000, P, 1_500_000_000);
        let p = 1_900_000_000_000;
        assert!(is_liquidatable(&pos, p, 500), "500 < 5% of 19,000 = 950");
        let delta = lots_to_close(&pos, &TERMS, p, p - 1_000_000_000);
        assert!(delta > 0 && delta < 10_000_000);
        assert!(reaches_target(&pos, &TERMS, p, p - 1_000_000_000, delta));
        assert!(!reaches_target(&pos, &TERMS, p, p - 1_000_000_000, delta - 1));
        // At $2,000 it is healthy.
        assert!(!is_liquidatable(&pos, P, 500));
    }

    #[test]
    fn bankrupt_and_dust_positions_close_in_full() {
        let pos = long(10_000_000, P, 500_000_000);
        assert!(equity(&pos, 1_900_000_000_000).negative);
        assert_eq!(lots_to_close(&pos, &TERMS, 1_900_000_000_000, 1_900_000_000_000), 10_000_000);
        // A buffer that leaves less than the minimum closes everything.
        let small = long(1_500, P, 10_000);
        assert_eq!(lots_to_close(&small, &TERMS, 1_990_000_000_000, 1_990_000_000_000), 1_500);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// For any liquidatable account: the target is reached, one lot less does not reach it
        /// (unless everything closes), the penalty never exceeds what the account has, the two
        /// shares sum to it, and health strictly improves.
        #[test]
        fn liquidation_is_minimal_and_improves_health(
            lots in 2_000i64..1_000_000_000, entry_px in 1_000_000_000u64..10_000_000_000_000,
            move_bps in 0i64..5_000, health_bps in 0u64..9_000, spread_bps in 0u64..200,
            short: bool, mm in 100u32..2_000, buffer in 0u32..500, pen in 0u32..99, share in 0u32..=10_000,
        ) {
            let terms = Terms { maintenance_bps: mm, buffer_bps: buffer, penalty_bps: pen.min(mm - 1), min_position: 1_000 };
            let f0 = fill(0, 0, if short { -lots } else { lots }, entry_px).unwrap();
            // The price moves `move_bps` against the position and the collateral is `health_bps`
            // (below 90%) of the maintenance requirement at that price, so every case is
            // liquidatable by construction: nothing is rejected, and the claim is asserted.
            let adverse = if short { move_bps } else { -move_bps };
            let p = (entry_px as i128 * (10_000 + adverse as i128) / 10_000).max(1) as u64;
            let notional = checked::mul_div_floor(lots as u64, p, PRICE_PRECISION).unwrap();
            let collateral = checked::mul_div_floor(notional, u64::from(mm) * health_bps, 100_000_000).unwrap();
            let pos = Position { collateral, base: f0.base_position, entry: f0.entry_notional, locked: f0.entry_notional };
            prop_assert!(is_liquidatable(&pos, p, terms.maintenance_bps));
            let spread = p / 10_000 * spread_bps;
            let f = if short { p + spread } else { p - spread };
            let delta = lots_to_close(&pos, &terms, p, f);
            let size = pos.base.unsigned_abs();
            prop_assert!(delta > 0 && delta <= size);
            if delta < size {
                prop_assert!(reaches_target(&pos, &terms, p, f, delta));
                prop_assert!(!reaches_target(&pos, &terms, p, f, delta - 1), "not minimal");
                prop_assert!(size - delta >= terms.min_position);
                // Apply it the way the engine does and check health improved.
                let closed = fill(pos.base, pos.entry, if short { delta as i64 } else { -(delta as i64) }, f).unwrap();
                let after_collateral = (pos.collateral + closed.profit).saturating_sub(closed.loss);
                let rest = Position { collateral: after_collateral, base: closed.base_position, entry: closed.entry_notional, locked: closed.entry_notional };
                let pen_units = penalty(delta, f, terms.penalty_bps, equity_units(equity(&rest, p)), rest.collateral);
                let rest = Position { collateral: rest.collateral - pen_units, ..rest };
                prop_assert!(health(&rest, p) > health(&pos, p), "health did not improve");
            }
            let pen_units = penalty(delta, f, terms.penalty_bps, equity_units(equity(&pos, p)), pos.collateral);
            prop_assert!(pen_units <= equity_units(equity(&pos, p)) && pen_units <= pos.collateral);
            let (reward, insurance) = split_penalty(pen_units, share);
            prop_assert_eq!(reward + insurance, pen_units);
            prop_assert_eq!(u128::from(reward), u128::from(pen_units) * u128::from(share.min(10_000)) / 10_000);
        }
    }
}

//! Funding between the two sides and the borrow fee on locked capital: the rates, their cumulative
//! indexes, and what an account owes or receives. Price-free: every amount is a rate applied to a
//! base in collateral units (a position's entry notional, or its locked capital), so accrual depends
//! only on the cluster clock and the pool's state, never on which Pyth print an execution used, and
//! so not on the order in which requests execute.
//!
//! ## Symbols
//! - `OI_L`, `OI_S`: the sides' open interest (lots); `EN_L`, `EN_S`: their entry notionals
//!   (collateral units); `h` the heavier side (more lots), `l` the lighter one.
//! - `K`: the locked capital of the sides that pay borrow, `C`: LP capital (collateral units);
//!   `u = K / C`.
//! - Rates are per second in index units: `2^60` is 100% (`wide::INDEX_ONE`), so a rate of
//!   `B` bps a year is `r = floor(B * 2^60 / (10_000 * 31_536_000))` per second.
//! - Indexes are cumulative rates in the same units, held in 128 bits.
//!
//! ## Funding: the heavier side pays, the lighter side and the LPs receive (GMX v2 model, exponent 1)
//! The heavier side is the one with more lots (`OI`), so the direction and the rate are the LPs'
//! net position, whatever prices the positions were opened at (and whatever `settle_pnl` moved
//! their entry notionals to): `r_f = F_max * |OI_L - OI_S| / (OI_L + OI_S)`, up to `F_max`
//! (`max_funding_rate_bps_per_year`) when one side is empty. Over `dt` seconds the heavy side's
//! paid index grows by `g_f = r_f * dt` and it pays `EN_h * g_f` on its entry notional. The light
//! side's received index grows by `g_l = g_f` when `EN_l <= EN_h`, else by
//! `floor(g_f * EN_h / EN_l)` ([`light_growth`]), so it receives at the heavy side's rate per unit
//! of notional but never more in total than the heavy side pays: LPs never fund it. The difference
//! `EN_h * g_f - EN_l * g_l >= 0` goes to the LPs, who hold the net position.
//!
//! ## Borrow: the heavier side's positions pay the LPs for the capital locked for their payoff
//! Only a side with at least as many lots as the other pays (both when they are equal): the
//! lighter side balances the book and pays no borrow (GMX v2's rule), so its carry is funding
//! alone. The rate is a kinked curve of the paying locks' utilisation `u = K_paying / C`, so a
//! lighter side's locks, which pay nothing, cannot raise what the heavier side pays:
//! `r_b = B_0 + (B_opt - B_0) * u / u_opt` for `u <= u_opt`, and
//! `r_b = B_opt + (B_max - B_opt) * (u - u_opt) / (1 - u_opt)` above: it rises with utilisation.
//! The paying side's borrow index grows by `g_b = r_b * dt`; a position on it owes `locked * g_b`.
//!
//! ## Rounding (in the pool's favour)
//! Rates round down (per second, once); growth `r * dt` is exact, so accruing every second and
//! once a day give the same index (but for a lighter side whose notional is the larger: its
//! `floor(g * EN_h / EN_l)` rounds down at each accrual, by less than one index unit each, and
//! what that keeps stays with the LPs). An account owes `ceil(base * g / 2^60)` and receives
//! `floor(base * g / 2^60)`. The pool keeps its aggregates exactly in index units (`base * g`, no
//! rounding), so a NAV built from them bounds what accounts will settle to the unit.
//!
//! ## Precision and range
//! A rate of 1 bp a year is 3,655,890 units a second, so flooring it loses less than 1 in 3.6
//! million of the accrual. At the largest rate the program accepts (1,000% a year) 1,000 years
//! grow an index to 1.2e22, far inside 2^128, and every scaling back to collateral units is a
//! shift by 60 bits.

use super::wide::{mul_u64, INDEX_BITS, U128};
use super::{checked, BPS_DENOMINATOR, SECONDS_PER_YEAR};
use anchor_lang::prelude::*;

/// `10_000 * 31_536_000`: bps a year to a fraction per second.
const BPS_YEAR: u64 = BPS_DENOMINATOR * SECONDS_PER_YEAR;
/// Extra fractional bits of [`BPS_RATE`].
const BPS_RATE_SHIFT: u32 = 20;
/// One bp a year in index units per second, times 2^20 and rounded down: `2^80 / BPS_YEAR`
/// (3.8e12), so converting a rate is one multiply and a shift instead of a 128-bit division.
const BPS_RATE: u64 = ((1u128 << (INDEX_BITS + BPS_RATE_SHIFT)) / BPS_YEAR as u128) as u64;

/// A rate of `bps_per_year` as a per-second rate in index units, rounded down: `floor(bps *
/// BPS_RATE / 2^20)`, which is `floor(bps * 2^60 / (10_000 * 31_536_000))` or one unit below it
/// for any `bps` up to 2^20 (validated rates are at most 100,000).
pub fn rate_from_bps(bps_per_year: u32) -> Result<u64> {
    let (hi, lo) = checked::wide_mul(u64::from(bps_per_year), BPS_RATE);
    Ok((hi << (64 - BPS_RATE_SHIFT)) | (lo >> BPS_RATE_SHIFT)) // < 2^44 for any u32 bps
}

/// The borrow curve of one pool, rates in bps a year and utilisations in bps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BorrowCurve {
    /// Rate at zero utilisation.
    pub base_bps: u32,
    /// Rate at the optimal utilisation (the kink).
    pub optimal_bps: u32,
    /// Rate at 100% utilisation.
    pub max_bps: u32,
    /// The kink (bps, strictly between 0 and 10,000).
    pub optimal_utilisation_bps: u32,
}

/// `lo + (hi - lo) * num / den`, rounded down, for `num <= den` and `lo <= hi`.
fn interpolate(lo: u64, hi: u64, num: u64, den: u64) -> Result<u64> {
    checked::add(lo, checked::mul_div_floor(checked::sub(hi, lo)?, num, den)?)
}

/// The borrow rate (per second, index units) at utilisation `locked / lp_capital` (100% when
/// `lp_capital` is zero or below `locked`).
pub fn borrow_rate(curve: &BorrowCurve, locked: u64, lp_capital: u64) -> Result<u64> {
    // Utilisation in bps-of-bps (1e8 = 100%), enough resolution for the interpolation.
    const FULL: u64 = BPS_DENOMINATOR * BPS_DENOMINATOR;
    let u = if lp_capital == 0 || locked >= lp_capital {
        FULL
    } else {
        checked::mul_div_floor(locked, FULL, lp_capital)?
    };
    let kink = checked::mul(u64::from(curve.optimal_utilisation_bps), BPS_DENOMINATOR)?;
    let (base, optimal, max) =
        (rate_from_bps(curve.base_bps)?, rate_from_bps(curve.optimal_bps)?, rate_from_bps(curve.max_bps)?);
    if u <= kink {
        interpolate(base, optimal, u, kink)
    } else {
        interpolate(optimal, max, u - kink, FULL - kink)
    }
}

/// The funding rate (per second, index units) the heavier side pays: `max * |OI_L - OI_S| /
/// (OI_L + OI_S)` from the sides' open interest in lots, rounded down; zero for a balanced or
/// empty book.
pub fn funding_rate(max_bps_per_year: u32, lots_long: u64, lots_short: u64) -> Result<u64> {
    let total = checked::add(lots_long, lots_short)?;
    if total == 0 {
        return Ok(0);
    }
    checked::mul_div_floor(rate_from_bps(max_bps_per_year)?, lots_long.abs_diff(lots_short), total)
}

/// The lighter side's received-index growth for the heavier side's `growth`: `growth` when its
/// entry notional `light_entry` is at most the heavier side's `heavy_entry`, else
/// `floor(growth * heavy_entry / light_entry)`, so that `light_entry * g_l <= heavy_entry *
/// growth`: the light side never receives more than the heavy side pays.
pub fn light_growth(growth: U128, heavy_entry: u64, light_entry: u64) -> U128 {
    if light_entry <= heavy_entry {
        return growth;
    }
    match growth.checked_mul_u64(heavy_entry) {
        Some(p) => p.div_u64(light_entry, false),
        // growth * heavy_entry beyond 128 bits: divide first (rounds down further).
        None => growth.div_u64(light_entry, false).saturating_mul_u64(heavy_entry),
    }
}

/// Index growth over `elapsed` seconds at `rate`: `rate * elapsed`, exact.
pub fn index_growth(rate: u64, elapsed: u64) -> U128 {
    mul_u64(rate, elapsed)
}

/// What `base` collateral units accrue over an index growth of `growth`, in index units (exact,
/// saturating at 2^128 - 1).
pub fn accrual(base: u64, growth: U128) -> U128 {
    growth.saturating_mul_u64(base)
}

/// An accrual back in collateral units: what an account owes (`round_up`) or receives.
pub fn settle_amount(accrued: U128, round_up: bool) -> u64 {
    accrued.scale_down(round_up)
}

/// What an account with `base` owes for `growth` (collateral units, rounded up; saturated).
pub fn owed(base: u64, growth: U128) -> u64 {
    settle_amount(accrual(base, growth), true)
}

/// What an account with `base` receives for `growth` (collateral units, rounded down).
pub fn received(base: u64, growth: U128) -> u64 {
    settle_amount(accrual(base, growth), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn to(x: U128) -> u128 {
        ((x.hi as u128) << 64) | x.lo as u128
    }

    const CURVE: BorrowCurve =
        BorrowCurve { base_bps: 100, optimal_bps: 1_000, max_bps: 10_000, optimal_utilisation_bps: 8_000 };

    #[test]
    fn a_year_at_ten_percent_costs_ten_percent() {
        let growth = index_growth(rate_from_bps(1_000).unwrap(), SECONDS_PER_YEAR);
        let exact = (1u128 << INDEX_BITS) / 10;
        assert!(to(growth) <= exact && exact - to(growth) < SECONDS_PER_YEAR as u128);
        assert_eq!(owed(10_000, growth), 1_000);
        assert_eq!(received(10_000, growth), 999, "a receiver's share rounds down");
        assert_eq!(rate_from_bps(1).unwrap(), 3_655_890);
    }

    /// The multiply-and-shift conversion is the exact floor, or one unit below it, for every rate the
    /// program accepts and far beyond.
    #[test]
    fn rate_conversion_is_the_floor_within_one_unit() {
        for bps in (0..=100_000u32).chain([1 << 19, (1 << 20) - 1, 1 << 20]) {
            let exact = ((bps as u128) << INDEX_BITS) / BPS_YEAR as u128;
            let got = rate_from_bps(bps).unwrap() as u128;
            assert!(got <= exact && exact - got <= 1, "{bps}: {got} vs {exact}");
        }
    }

    #[test]
    fn the_curve_rises_through_its_kink() {
        let at = |locked| borrow_rate(&CURVE, locked, 10_000).unwrap();
        let r = |bps| rate_from_bps(bps).unwrap();
        assert_eq!(at(0), r(100));
        assert!(at(4_000).abs_diff(r(550)) <= 1);
        assert_eq!(at(8_000), r(1_000));
        assert!(at(9_000).abs_diff(r(5_500)) <= 1);
        assert_eq!(at(10_000), r(10_000));
        assert_eq!(borrow_rate(&CURVE, 1, 0).unwrap(), r(10_000), "no capital: max");
    }

    #[test]
    fn funding_is_proportional_to_the_skew() {
        let r = |bps| rate_from_bps(bps).unwrap();
        assert_eq!(funding_rate(5_000, 0, 0).unwrap(), 0);
        assert_eq!(funding_rate(5_000, 300, 300).unwrap(), 0);
        assert_eq!(funding_rate(5_000, 300, 0).unwrap(), r(5_000));
        assert_eq!(funding_rate(5_000, 300, 100).unwrap(), r(5_000) / 2);
    }

    /// At the largest rate the program accepts (1,000% a year), 1,000 years of accrual fit, and
    /// accrued second by second it is the same index.
    #[test]
    fn indexes_last_a_thousand_years_at_the_maximum_rates() {
        let max = rate_from_bps(crate::state::risk_params::MAX_RATE_BPS_PER_YEAR).unwrap();
        let thousand_years = index_growth(max, 1_000 * SECONDS_PER_YEAR);
        assert!(to(thousand_years) <= 10_000u128 << INDEX_BITS);
        assert!(to(thousand_years) >= (10_000u128 << INDEX_BITS) * 999_999 / 1_000_000);
        let step = index_growth(max, 1);
        let total = (0..1_000)
            .fold(U128::ZERO, |acc, _| acc.saturating_add(step.saturating_mul_u64(SECONDS_PER_YEAR)));
        assert_eq!(total, thousand_years);
        assert!(to(thousand_years) < u128::MAX / 1_000_000_000_000);
        // A position of 2^62 units owing all of it still scales back (saturated, never wrapped).
        assert_eq!(owed(1 << 62, thousand_years), u64::MAX);
    }

    proptest! {
        /// Touching every second accrues exactly what touching once a day does, at any rate and
        /// for any base (so any product price and collateral decimals: the base is the entry
        /// notional or the lock in collateral units, whatever the price unit), and the rate loses
        /// less than 0.1% to rounding from 1 bp a year up.
        #[test]
        fn touching_every_second_keeps_the_accrual(bps in 1u32..100_000, base in 1u64..1u64 << 62) {
            let rate = rate_from_bps(bps).unwrap();
            let daily = index_growth(rate, 86_400);
            let per_second = (0..86_400).fold(U128::ZERO, |acc, _| acc.saturating_add(index_growth(rate, 1)));
            prop_assert_eq!(per_second, daily);
            let exact = (bps as u128) << INDEX_BITS;
            let kept = rate as u128 * 10_000 * SECONDS_PER_YEAR as u128;
            prop_assert!(kept <= exact && kept * 1_000 >= exact * 999);
            let _ = base;
        }

        /// The heavier side by lots pays; the lighter side never receives more than it pays, at
        /// the same rate per unit of notional while its notional is the smaller, whatever the
        /// entry prices made the two notionals; accounts pay at least and receive at most their
        /// exact share (rounding in the pool's favour).
        #[test]
        fn the_light_side_never_receives_more_than_the_heavy_side_pays(
            a in proptest::collection::vec((1u64..1u64 << 40, 1u64..1u64 << 40), 1..10),
            b in proptest::collection::vec((1u64..1u64 << 40, 1u64..1u64 << 40), 0..10),
            max_bps in 1u32..100_000, dt in 1u64..10_000_000,
        ) {
            // Each position is (lots, entry notional); the side with more lots is the heavy one.
            let lots = |v: &[(u64, u64)]| v.iter().map(|p| p.0).sum::<u64>();
            let (heavy, light) = if lots(&a) >= lots(&b) { (a, b) } else { (b, a) };
            prop_assume!(lots(&heavy) != lots(&light));
            let en = |v: &[(u64, u64)]| v.iter().map(|p| p.1).sum::<u64>();
            let (en_h, en_l) = (en(&heavy), en(&light));
            let g = index_growth(funding_rate(max_bps, lots(&heavy), lots(&light)).unwrap(), dt);
            let g_l = light_growth(g, en_h, en_l);
            let (paid_exact, received_exact) = (to(accrual(en_h, g)), to(accrual(en_l, g_l)));
            prop_assert!(received_exact <= paid_exact, "LPs would fund the light side");
            if en_l <= en_h {
                prop_assert_eq!(g_l, g, "the same rate per unit of notional");
            } else {
                prop_assert!(paid_exact - received_exact < en_l as u128, "within one index unit per notional unit");
            }
            let paid: u128 = heavy.iter().map(|p| owed(p.1, g) as u128).sum();
            let got: u128 = light.iter().map(|p| received(p.1, g_l) as u128).sum();
            let unit = 1u128 << INDEX_BITS;
            prop_assert!(paid * unit >= paid_exact && paid * unit < paid_exact + heavy.len() as u128 * unit);
            prop_assert!(got * unit <= received_exact && got * unit + light.len() as u128 * unit >= received_exact);
        }

        /// The borrow rate never falls as utilisation rises.
        #[test]
        fn borrow_rate_is_monotonic(a in 0u64..1_000_000, b in 0u64..1_000_000, cap in 1u64..1_000_000) {
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(borrow_rate(&CURVE, lo, cap).unwrap() <= borrow_rate(&CURVE, hi, cap).unwrap());
        }
    }
}

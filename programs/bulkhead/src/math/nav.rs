//! Bounds on what one side's positions owe the LPs, from O(1) aggregates, for the two LP NAVs.
//!
//! A NAV built from a side's aggregate PnL nets winners against losers, so it counts a loser's
//! loss beyond its collateral as an asset the pool will never collect. The bounds here never do.
//!
//! ## Per position (one side, price `p` in collateral units per lot x 1e9)
//! Position `i` holds `s_i` lots bought (long) or sold (short) for `EN_i` collateral units, at
//! entry price `e_i = EN_i * 1e9 / s_i`. Its PnL is `x_i = floor(s_i p / 1e9) - EN_i` (long) or
//! `x_i = EN_i - ceil(s_i p / 1e9)` (short); its payoff cap is its lock `L_i`, the LP capital
//! locked for it. Positions keep the cap they were opened with (`engine::trade::next_lock`), so
//! after a cap change one side holds several; what every one of them guarantees is
//! `L_i >= r EN_i / 1e4 - 1` for the side's lock floor `r` (`SideState::lock_floor_bps`). What the
//! pool owes a position is at most `min(x_i, L_i)` and, when it loses, at most its collateral is
//! collected.
//!
//! ## Aggregates kept per side
//! `OI = Σ s_i`, `EN = Σ EN_i`, `L = Σ L_i`, `n` (positions), the lock floor `r`, and an
//! entry-price envelope `e_lo <= floor(e_i)`, `e_hi >= ceil(e_i)` for every open position (it only
//! widens while the side stays open, and resets when the side empties).
//!
//! ## The gain bound `G(p) >= Σ max(0, x_i)` (the side's winners)
//! `g(p) = Σ max(0, s_i (p - e_i) / 1e9)` (long) is convex in `p`, zero at `e_lo` and exactly
//! `OI e_hi / 1e9 - EN` at `e_hi`, so below its chord between the two:
//! - long: `0` for `p <= e_lo`; `ceil(OI p / 1e9) - EN` for `p >= e_hi`; otherwise
//!   `ceil((ceil(OI e_hi / 1e9) - EN) * (p - e_lo) / (e_hi - e_lo))`.
//! - short (mirror, `g(p) = Σ max(0, s_i (e_i - p) / 1e9)`): `0` for `p >= e_hi`;
//!   `EN - floor(OI p / 1e9)` for `p <= e_lo`; otherwise
//!   `ceil((EN - floor(OI e_lo / 1e9)) * (e_hi - p) / (e_hi - e_lo))`.
//!
//! `G` is non-decreasing in `p` for longs and non-increasing for shorts.
//!
//! ## The excess bound `X(p) >= Σ max(0, x_i - L_i)` (profit beyond the caps), with `ρ = r / 1e4`
//! - long: `x_i - L_i <= s_i p / 1e9 - (1 + ρ) EN_i + 1 = (1 + ρ) s_i (q - e_i) / 1e9 + 1` with
//!   `q = p / (1 + ρ)`, so `X(p) = ceil((1 + ρ) G(q')) + n` at `q' = ceil(q) >= q` (`G` rises).
//! - short: `x_i - L_i <= (1 - ρ) EN_i - s_i p / 1e9 + 1 = (1 - ρ) s_i (e_i - q) / 1e9 + 1` with
//!   `q = p / (1 - ρ)`, so `X(p) = ceil((1 - ρ) G(q')) + n` at `q' = floor(q) <= q` (`G` falls);
//!   just `n` when `ρ >= 1` (a short cannot gain more than its notional).
//!
//! ## What they give
//! - Redeem: the side owes at most `min(L, G(p))` (winners, capped; losers count zero).
//! - Mint: the side owes at least `Σ min(x_i, L_i) >= Σ x_i - X(p)`, where
//!   `Σ x_i >= floor(OI p / 1e9) - (n - 1) - EN` (long) or `EN - ceil(OI p / 1e9) - (n - 1)`
//!   (short); and at most `L`, so the lower bound is capped there too.
//!
//! Every bound rounds outwards (gains and excesses up, the aggregate PnL down) and is computed in
//! 128 bits, so no reachable book overflows: a product beyond 128 bits only ever feeds a bound
//! that is then capped by `L`, and it saturates upwards. Values may be negative, so the mint-side
//! bound comes back as an [`Owed`] pair.

use super::wide::{mul_u64, U128};
use super::{checked, BPS_DENOMINATOR, PRICE_PRECISION};

/// One side's aggregates (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SideBook {
    /// `OI`: lots.
    pub open_interest: u64,
    /// `EN`: collateral units.
    pub entry_notional: u64,
    /// `L`: collateral units locked for the side's payoff caps.
    pub locked: u64,
    /// `n`: open positions.
    pub positions: u64,
    /// `e_lo`: price units.
    pub entry_price_low: u64,
    /// `e_hi`: price units.
    pub entry_price_high: u64,
    /// `r`: every position's lock is at least `r x EN_i / 10_000 - 1` (bps).
    pub lock_floor_bps: u64,
}

/// A signed amount as `owed - credit` (collateral units): what a side owes the LPs is `owed`, less
/// `credit` (its net loss, an asset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Owed {
    /// Liability to the side (collateral units, at most the side's locks).
    pub owed: u64,
    /// Asset from the side (collateral units; 128 bits, since a short's loss at a price far above
    /// its entries can exceed u64).
    pub credit: U128,
}

/// `floor((lock + 1) * 10_000 / max(entry, 1))` (bps, saturating): the largest `r` with
/// `lock >= r * entry / 10_000 - 1` for a position of entry notional `entry` and lock `lock`
/// (collateral units). A side's `lock_floor_bps` is the least of these over its open positions.
pub fn lock_ratio_bps(lock: u64, entry: u64) -> u64 {
    checked::mul_div_saturating(lock.saturating_add(1), BPS_DENOMINATOR, entry.max(1), false)
}

/// `lots * p / 1e9` rounded as asked, exact in 128 bits (collateral units).
fn value(lots: u64, p: u64, round_up: bool) -> U128 {
    mul_u64(lots, p).div_u64(PRICE_PRECISION, round_up)
}

/// `ceil(x * num / den)` (`den > 0`), or [`U128::MAX`] when `x * num` needs more than 128 bits:
/// only ever an upper bound, which stays one.
fn scaled_up(x: U128, num: u64, den: u64) -> U128 {
    x.checked_mul_u64(num).map_or(U128::MAX, |v| v.div_u64(den, true))
}

/// The long side's gain bound `G(p)` for aggregates `(oi, en, e_lo, e_hi)`.
fn long_gain(oi: u64, en: u64, e_lo: u64, e_hi: u64, p: u64) -> U128 {
    let en = U128::from_u64(en);
    if oi == 0 || p <= e_lo {
        return U128::ZERO;
    }
    if p >= e_hi {
        return value(oi, p, true).saturating_sub(en);
    }
    // e_lo < p < e_hi, so the denominator is positive.
    scaled_up(value(oi, e_hi, true).saturating_sub(en), p - e_lo, e_hi - e_lo)
}

/// The short side's gain bound `G(p)` for aggregates `(oi, en, e_lo, e_hi)`.
fn short_gain(oi: u64, en: u64, e_lo: u64, e_hi: u64, p: u64) -> U128 {
    let en = U128::from_u64(en);
    if oi == 0 || p >= e_hi {
        return U128::ZERO;
    }
    if p <= e_lo {
        return en.saturating_sub(value(oi, p, false));
    }
    scaled_up(en.saturating_sub(value(oi, e_lo, false)), e_hi - p, e_hi - e_lo)
}

impl SideBook {
    /// `G(p)`: an upper bound on the side's total unrealized profit at `p` (collateral units).
    pub fn gain_bound(&self, long: bool, p: u64) -> U128 {
        let (oi, en, lo, hi) =
            (self.open_interest, self.entry_notional, self.entry_price_low, self.entry_price_high);
        if long {
            long_gain(oi, en, lo, hi, p)
        } else {
            short_gain(oi, en, lo, hi, p)
        }
    }

    /// `X(p)`: an upper bound on the side's total profit beyond its payoff caps at `p`.
    pub fn excess_bound(&self, long: bool, p: u64) -> U128 {
        let r = self.lock_floor_bps;
        let gain = if long {
            let f = BPS_DENOMINATOR.saturating_add(r);
            // q' = ceil(p * 1e4 / f) <= p: no overflow.
            let q = checked::mul_div_saturating(p, BPS_DENOMINATOR, f, true);
            scaled_up(self.gain_bound(true, q), f, BPS_DENOMINATOR)
        } else if r >= BPS_DENOMINATOR {
            U128::ZERO
        } else {
            let f = BPS_DENOMINATOR - r;
            match checked::mul_div_floor(p, BPS_DENOMINATOR, f) {
                Ok(q) => scaled_up(self.gain_bound(false, q), f, BPS_DENOMINATOR),
                // q' beyond u64 is above every entry price: no short gains there.
                Err(_) => U128::ZERO,
            }
        };
        gain.saturating_add(U128::from_u64(self.positions))
    }

    /// Redeem side: the most the side can take from the LPs at `p`, `min(L, G(p))`.
    pub fn owed_at_most(&self, long: bool, p: u64) -> u64 {
        self.gain_bound(long, p).min(U128::from_u64(self.locked)).lo
    }

    /// Mint side: the least the side owes the LPs at `p` (negative: an asset), a lower bound on
    /// `Σ min(x_i, L_i)`, capped at `L`.
    pub fn owed_at_least(&self, long: bool, p: u64) -> Owed {
        let slack = U128::from_u64(self.positions.saturating_sub(1));
        let en = U128::from_u64(self.entry_notional);
        let excess = self.excess_bound(long, p);
        let (owed, credit) = if long {
            (value(self.open_interest, p, false), en.saturating_add(slack).saturating_add(excess))
        } else {
            let cost = value(self.open_interest, p, true);
            (en, cost.saturating_add(slack).saturating_add(excess))
        };
        // Net the two so only one side of the pair is non-zero.
        Owed {
            owed: owed.saturating_sub(credit).min(U128::from_u64(self.locked)).lo,
            credit: credit.saturating_sub(owed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::position::fill;
    use proptest::prelude::*;

    /// One position: `(lots, entry notional, lock)`.
    type Held = (u64, u64, u64);

    /// A side's aggregates from its positions, as `engine::trade` keeps them.
    fn side(positions: &[Held]) -> SideBook {
        let mut b = SideBook::default();
        for &(s, en, lock) in positions {
            let lo = checked::mul_div_floor(en, PRICE_PRECISION, s).unwrap_or(u64::MAX);
            let hi = checked::mul_div_ceil(en, PRICE_PRECISION, s).unwrap_or(u64::MAX);
            let r = lock_ratio_bps(lock, en);
            let first = b.positions == 0;
            b.entry_price_low = if first { lo } else { b.entry_price_low.min(lo) };
            b.entry_price_high = if first { hi } else { b.entry_price_high.max(hi) };
            b.lock_floor_bps = if first { r } else { b.lock_floor_bps.min(r) };
            b.open_interest += s;
            b.entry_notional += en;
            b.locked += lock;
            b.positions += 1;
        }
        b
    }

    /// Positions opened at random prices, each with its own payoff cap: `(lots, price, cap bps)`.
    fn opened(specs: &[(u64, u64, u32)], long: bool) -> Vec<Held> {
        specs
            .iter()
            .map(|&(s, px, cap)| {
                let f = fill(0, 0, if long { s as i64 } else { -(s as i64) }, px).unwrap();
                let lock = checked::mul_div_floor(f.entry_notional, u64::from(cap), BPS_DENOMINATOR).unwrap();
                (s, f.entry_notional, lock)
            })
            .collect()
    }

    /// What a side's positions are owed at `p`, exactly: (winners, capped winners, capped PnL).
    fn truth(positions: &[Held], long: bool, p: u64) -> (i128, i128, i128) {
        let (mut winners, mut capped_winners, mut capped) = (0i128, 0i128, 0i128);
        for &(s, en, lock) in positions {
            let value = s as u128 * p as u128;
            let x = if long {
                (value / 1_000_000_000) as i128 - en as i128
            } else {
                en as i128 - value.div_ceil(1_000_000_000) as i128
            };
            winners += x.max(0);
            capped_winners += x.max(0).min(lock as i128);
            capped += x.min(lock as i128);
        }
        (winners, capped_winners, capped)
    }

    fn as_i128(x: U128) -> i128 {
        ((x.hi as i128) << 64) | x.lo as i128
    }

    fn check(positions: &[Held], long: bool, p: u64) -> std::result::Result<(), TestCaseError> {
        let book = side(positions);
        let (winners, capped_winners, capped) = truth(positions, long, p);
        prop_assert!(as_i128(book.gain_bound(long, p)) >= winners);
        prop_assert!(book.owed_at_most(long, p) as i128 >= capped_winners);
        let least = book.owed_at_least(long, p);
        prop_assert!(least.owed as i128 - as_i128(least.credit) <= capped, "{:?} > {}", least, capped);
        Ok(())
    }

    #[test]
    fn one_position_is_exact_outside_its_entry() {
        let long = side(&[(1_000, 2_000, 2_000)]); // entry 2 units per lot, cap 100%
        let p = 3 * PRICE_PRECISION;
        assert_eq!(long.gain_bound(true, p), U128::from_u64(1_000));
        assert_eq!(long.gain_bound(true, PRICE_PRECISION), U128::ZERO);
        assert_eq!(long.owed_at_most(true, 10 * PRICE_PRECISION), 2_000, "capped at L");
        let short = side(&[(1_000, 2_000, 2_000)]);
        assert_eq!(short.gain_bound(false, PRICE_PRECISION), U128::from_u64(1_000));
        assert_eq!(short.gain_bound(false, 3 * PRICE_PRECISION), U128::ZERO);
    }

    /// A side whose entry notional is near the book cap, repriced far up and down: no bound fails,
    /// and each still brackets the truth (an LP exit never fails on the NAV's arithmetic).
    #[test]
    fn a_side_near_the_book_cap_repriced_never_overflows() {
        let lots = 2_000_000_000_000_000u64; // 2e15 lots at 2,000 units a lot: EN = 4e18 < 2^62
        for long in [true, false] {
            let positions = opened(&[(lots, 2_000 * PRICE_PRECISION, 500)], long);
            for p in [1, PRICE_PRECISION, 10_000 * PRICE_PRECISION, u64::MAX / 2, u64::MAX] {
                check(&positions, long, p).unwrap();
            }
        }
    }

    #[test]
    fn the_lock_floor_is_the_least_cap_held() {
        // A position at 5% and one at 30% after a cap raise: the floor is the 5% one's, and the
        // excess beyond the caps is bounded with it, not with 30%.
        let positions = opened(
            &[(1_000_000, 2_000 * PRICE_PRECISION, 500), (1_000_000, 2_000 * PRICE_PRECISION, 3_000)],
            true,
        );
        let book = side(&positions);
        assert_eq!(book.lock_floor_bps, 500);
        check(&positions, true, 2_400 * PRICE_PRECISION).unwrap();
        assert_eq!(lock_ratio_bps(49, 999), 500, "the floor of the lock does not lower the ratio");
        assert_eq!(lock_ratio_bps(0, 0), 10_000);
    }

    proptest! {
        /// Every bound holds for any positions of a side, each with its own payoff cap, at any
        /// price, and none of them fails.
        #[test]
        fn bounds_bracket_what_the_side_is_owed(
            specs in proptest::collection::vec((1u64..1_000_000_000, 1_000u64..10_000_000_000_000, 500u32..100_000), 1..12),
            long: bool, p in 1u64..20_000_000_000_000,
        ) {
            check(&opened(&specs, long), long, p)?;
        }

        /// The same with magnitudes up to the book cap and prices up to `u64::MAX`.
        #[test]
        fn bounds_hold_at_any_magnitude(
            specs in proptest::collection::vec((1u64..1 << 40, 1u64..1 << 32, 500u32..100_000), 1..6),
            long: bool, p in any::<u64>(),
        ) {
            let positions = opened(&specs, long);
            prop_assume!(positions.iter().map(|h| h.1 as u128).sum::<u128>() < 1 << 62);
            check(&positions, long, p)?;
        }
    }
}

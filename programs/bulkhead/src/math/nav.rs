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
//! `OI = Σ s_i`, `EN = Σ EN_i`, `L = Σ L_i`, `n` (positions), the lock floor `r`, and the entry
//! second moment `Q = Σ q_i` with `EN_i^2 / s_i <= q_i <= EN_i^2 / s_i + EN_i / 2^32 + 1`
//! ([`square_term`]; collateral units squared per lot). Each position adds its term when it joins
//! the side and removes the same term when it leaves (the account keeps it), so `Q` tracks the
//! positions open now, exactly.
//!
//! ## The gain bound `G(p) >= Σ max(0, x_i)` (the side's winners): the second moment
//! Weighting position `i` by its lots, the entry prices have mean `EN / OI` and second moment at
//! most `Q / OI`. The side's aggregate gain is `A = OI p / 1e9 - EN` (long) or `EN - OI p / 1e9`
//! (short), and `V = OI Q - EN^2 >= 0` (Cauchy-Schwarz) is `OI^2` times the entries' variance
//! (collateral units squared). For any distribution with that mean and variance,
//! `E[max(0, X)] <= (E[X] + sqrt(Var X + E[X]^2)) / 2` (the Scarf bound, tight for two-point
//! distributions), so
//!
//! `G(p) = ceil((A + sqrt(V + A^2)) / 2)`
//!
//! - exact (`max(0, A)`) when every position has one entry price (`V = 0`), whatever they were
//!   opened at before: it tracks the positions open now, and `settle_pnl` moves a loser's entry to
//!   the mark, which removes its dispersion;
//! - `A` is valued for the winners (`OI p / 1e9` rounded up for longs, down for shorts), `V` is
//!   exact given `Q`, the root rounds up (`U128::sqrt_up`, at most 2^-30 above it) and the halving
//!   too, so `G` never falls below the truth; each term's excess in `Q` only raises `V`, by at most
//!   `OI (EN / 2^32 + n)`, which adds at most `sqrt(OI (EN / 2^32 + n)) / 2` to `G`: 0.002 bps of
//!   the side's notional for an ETH-like product (2,000 collateral units a lot).
//! - when a term needs more than 128 bits the bound saturates upwards (a winners' gain that large
//!   is capped by `L` anyway), or for a side whose aggregate loss `|A|` is that large, uses
//!   `(sqrt(V + A^2) - |A|) / 2 = V / (2 (sqrt(V + A^2) + |A|)) <= V / (4 |A|)`.
//!
//! //! ## The excess bound `X(p) >= Σ max(0, x_i - L_i)` (profit beyond the caps), with `ρ = r / 1e4`
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
    /// `Q = Σ q_i`, each at least `EN_i^2 / s_i` ([`square_term`]): collateral units squared per lot.
    pub entry_square: U128,
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

/// One position's term of a side's `Q`: an upper bound on `entry^2 / lots` (collateral units
/// squared per lot; `lots >= 1`), above it by at most `entry / 2^32 + 1`.
///
/// With `entry = c lots + r`, `entry^2 / lots = entry c + entry r / lots`; for a position below
/// 2^32 lots the fraction `r / lots` is taken as `f / 2^32` with `f = ceil(r 2^32 / lots)`, one
/// u64 division, and `entry f / 2^32` is rounded up. Larger positions take the exact
/// `ceil(entry^2 / lots)` (a 128-bit division, about 120 CU more). Deterministic, and kept by the
/// account that joined with it (`MarginAccount::entry_square`), so a side's sum stays exact.
#[inline(always)]
pub fn square_term(lots: u64, entry: u64) -> U128 {
    const LOW: u64 = (1 << 32) - 1;
    let lots = lots.max(1);
    if lots > LOW {
        return super::wide::square_u64(entry).div_u64(lots, true);
    }
    let (whole, rest) = (entry / lots, entry % lots);
    let base = mul_u64(entry, whole); // <= entry^2 / lots < 2^124
    if rest == 0 {
        return base;
    }
    // rest < lots < 2^32: no overflow, and f <= 2^32.
    let f = (rest << 32).div_ceil(lots);
    let (hi, lo) = super::checked::wide_mul(entry, f); // < 2^95
    let part = ((hi << 32) | (lo >> 32)) + u64::from(lo & LOW != 0); // ceil(entry f / 2^32) < 2^63
    base.saturating_add(U128::from_u64(part))
}

/// `ceil((A + sqrt(V + A^2)) / 2)` for the side's aggregate gain `A = gain - loss` (one of the two
/// is zero) and dispersion `V` (see the module docs), saturating upwards.
#[inline(always)]
fn second_moment_gain(gain: U128, loss: U128, v: U128) -> U128 {
    let a = gain.max(loss);
    let square = match a.to_u64() {
        Some(a) => super::wide::square_u64(a).checked_add(v),
        None => None,
    };
    match square {
        Some(w) if loss == U128::ZERO => gain.saturating_add(w.sqrt_up()).half_up(),
        // sqrt(V + A^2) >= |A|, and its upper bound too.
        Some(w) => w.sqrt_up().saturating_sub(loss).half_up(),
        None if loss == U128::ZERO => U128::MAX,
        // |A| or V + A^2 beyond 128 bits: V / (4 |A|), rounded up.
        None => match loss.to_u64() {
            Some(l) => v.div_u64(l, true).div_u64(4, true),
            None => U128::from_u64((v.hi >> 2).saturating_add(1)), // |A| >= 2^64: V / 2^66 < that
        },
    }
}

impl SideBook {
    /// `G(p)`: an upper bound on the side's total unrealized profit at `p` (collateral units).
    pub fn gain_bound(&self, long: bool, p: u64) -> U128 {
        let (oi, en) = (self.open_interest, U128::from_u64(self.entry_notional));
        if oi == 0 {
            return U128::ZERO;
        }
        let value = value(oi, p, long); // rounded up for longs, down for shorts: more gain
        let (gain, loss) = if long {
            (value.saturating_sub(en), en.saturating_sub(value))
        } else {
            (en.saturating_sub(value), value.saturating_sub(en))
        };
        let en_squared = super::wide::square_u64(self.entry_notional);
        let v = super::wide::mul_sub_saturating(self.entry_square, oi, en_squared);
        second_moment_gain(gain, loss, v)
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
            let r = lock_ratio_bps(lock, en);
            let first = b.positions == 0;
            b.entry_square = b.entry_square.saturating_add(square_term(s, en));
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

    /// The value as i128, saturated (a bound at `U128::MAX` stays above every truth here).
    fn as_i128(x: U128) -> i128 {
        i128::try_from(((x.hi as u128) << 64) | x.lo as u128).unwrap_or(i128::MAX)
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

    proptest! {
        /// A position's second-moment term is at least `entry^2 / lots` and at most
        /// `entry / 2^32 + 1` above it, at any magnitude.
        #[test]
        fn square_term_is_a_close_upper_bound(lots in 1u64.., entry in 0u64..1 << 62, small in 1u64..1 << 33) {
            for lots in [lots, small] {
                let exact = entry as u128 * entry as u128;
                let q = square_term(lots, entry);
                let q = ((q.hi as u128) << 64) | q.lo as u128;
                prop_assert!(q * lots as u128 >= exact, "below: {} x {} < {}", q, lots, exact);
                prop_assert!(q <= exact / lots as u128 + (entry as u128 >> 32) + 2, "{} too far above", q);
            }
        }
    }

    /// Positions that share one entry price have no dispersion: the bound is the side's aggregate
    /// gain exactly (to the rounding unit), whatever their sizes; two entry prices 10% apart cost
    /// the bound their spread's share, not the whole chord between them.
    #[test]
    fn one_entry_price_is_exact_and_a_spread_costs_its_share() {
        let px = 2_000 * PRICE_PRECISION;
        for long in [true, false] {
            let same = opened(&[(1_000_000, px, 10_000), (3_000_000, px, 10_000), (7_000, px, 10_000)], long);
            let book = side(&same);
            for p in [px * 9 / 10, px, px * 11 / 10] {
                let (winners, _, _) = truth(&same, long, p);
                let bound = as_i128(book.gain_bound(long, p));
                assert!(bound >= winners && bound <= winners + 3, "{long} {p}: {bound} vs {winners}");
            }
            // Half the lots at 2,000 and half at 1,800 (longs) or 2,200 (shorts), valued at 2,000:
            // the truth is the second half's gain of 100,000,000 units; the bound is within 21%.
            let other = if long { px * 9 / 10 } else { px * 11 / 10 };
            let spread = opened(&[(1_000_000, px, 10_000), (1_000_000, other, 10_000)], long);
            let (winners, _, _) = truth(&spread, long, px);
            let bound = as_i128(side(&spread).gain_bound(long, px));
            assert_eq!(winners, 200_000_000);
            assert!(bound >= winners && bound <= winners * 121 / 100, "{bound} vs {winners}");
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

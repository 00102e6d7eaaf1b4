//! Price impact against the pool's skew, from a potential that depends only on the skew (the
//! Synthetix perps v2 premium, GMX v2's quadratic impact): so splitting an order cannot pay less.
//!
//! ## Formula
//! - Skew `s = OI_long - OI_short` (lots). A trade of `d` lots moves it from `s0` to `s1 = s0 + d`.
//! - Potential `f(s) = floor(floor(s^2 / (2 * S)) * P / 1e9)` collateral units, with `P` the fill
//!   price (collateral units per lot x 1e9) and `S = impact_skew_scale` (lots): taking the skew from
//!   0 to `S` costs half the notional of `S` lots. `S >= max_open_interest` (validated), so
//!   `s^2 / 2S <= |s| / 2` always fits in u64.
//! - `Δ = f(s1) - f(s0)`.
//! - `Δ > 0` (the skew widens): the trader pays `Δ` into the pool's impact pool.
//! - `Δ <= 0` (the skew narrows): no impact; the trader gets a rebate of `-Δ`, capped by what the
//!   impact pool holds, so rebates only ever return impact already paid.
//!
//! ## Why splitting never pays less
//! `f` is an integer function of the skew, so at one price the pieces `d_1 .. d_n` of an order
//! telescope exactly: `Σ Δ_j = Δ`. Each piece pays `max(0, Δ_j)` or receives at most `-Δ_j`, so
//! `Σ paid_j >= Σ Δ_j = Δ`: `n` small trades together pay at least what one large trade pays, and
//! a round trip never earns from impact (property-tested below).

use super::wide::mul_u64;
use super::{checked, position};
use crate::errors::BulkheadError;
use anchor_lang::prelude::*;

/// The impact of one trade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impact {
    /// The trader pays this much into the impact pool (collateral units).
    Cost(u64),
    /// The trader may receive up to this much from the impact pool (collateral units; the caller
    /// caps it by the pool's balance).
    Rebate(u64),
}

/// The potential `f(s)` of a skew of `skew` lots at `price` for the pool's `scale` (see the module
/// docs), or `MathOverflow`.
pub fn potential(skew: i64, price: u64, scale: u64) -> Result<u64> {
    let size = skew.unsigned_abs();
    let lots = mul_u64(size, size).div_rem_u64(checked::mul(2, scale)?).0;
    position::notional(lots.to_u64().ok_or(BulkheadError::MathOverflow)?, price, false)
}

/// The impact of `delta` lots on a skew of `skew` lots at fill price `price` for the pool's
/// `scale` (lots, > 0): `f(s1) - f(s0)`. `MathOverflow` when the skew would leave i64.
pub fn impact(skew: i64, delta: i64, price: u64, scale: u64) -> Result<Impact> {
    let after = skew.checked_add(delta).ok_or(BulkheadError::MathOverflow)?;
    let (before, after) = (potential(skew, price, scale)?, potential(after, price, scale)?);
    Ok(if after > before { Impact::Cost(after - before) } else { Impact::Rebate(before - after) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const P: u64 = 2_000_000_000_000; // $2,000 per unit with 6-decimal lots and collateral

    #[test]
    fn widening_pays_and_narrowing_is_rebated() {
        // From 0 to S: half the notional of S lots.
        assert_eq!(impact(0, 1_000_000, P, 1_000_000).unwrap(), Impact::Cost(1_000_000_000));
        assert_eq!(impact(1_000_000, -1_000_000, P, 1_000_000).unwrap(), Impact::Rebate(1_000_000_000));
        // Crossing zero from +10 to -5 narrows |s| overall: only a rebate.
        assert!(matches!(impact(10_000, -15_000, P, 1_000).unwrap(), Impact::Rebate(_)));
        assert!(impact(i64::MAX, 1, P, 1).is_err());
        assert!(impact(i64::MAX / 2, 1, P, 1).is_err(), "a potential beyond u64 is an error");
    }

    fn cost(i: Impact) -> i128 {
        match i {
            Impact::Cost(c) => c as i128,
            Impact::Rebate(r) => -(r as i128),
        }
    }

    proptest! {
        /// n pieces in the same direction pay at least one trade of their sum; with rebates
        /// capped by what was paid, no sequence of pieces ends with a profit from impact.
        #[test]
        fn splitting_never_pays_less(skew in -1_000_000_000i64..1_000_000_000,
                                     pieces in proptest::collection::vec(1i64..10_000_000, 1..50),
                                     sell: bool, price in 1u64..1u64 << 50, scale in 1_000_000_000u64..1u64 << 40) {
            let sign = if sell { -1 } else { 1 };
            let total: i64 = pieces.iter().sum::<i64>() * sign;
            let one = cost(impact(skew, total, price, scale).unwrap());
            let mut s = skew;
            let mut split = 0i128;
            for p in &pieces {
                split += cost(impact(s, p * sign, price, scale).unwrap());
                s += p * sign;
            }
            prop_assert!(split >= one, "split {} < one {}", split, one);
            prop_assert_eq!(split, one, "at one price the potential telescopes exactly");
        }

        /// Opening and closing the same size at one price never profits from impact.
        #[test]
        fn a_round_trip_pays_at_least_zero(skew in -1_000_000_000i64..1_000_000_000, d in -10_000_000i64..10_000_000,
                                           price in 1u64..1u64 << 50, scale in 1_000_000_000u64..1u64 << 40) {
            let open = cost(impact(skew, d, price, scale).unwrap());
            let close = cost(impact(skew + d, -d, price, scale).unwrap());
            prop_assert!(open + close >= 0);
        }
    }
}

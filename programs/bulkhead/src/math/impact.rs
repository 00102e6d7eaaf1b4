//! Price impact against the pool's skew, from a potential that depends only on the skew (the
//! Synthetix perps v2 premium, GMX v2's quadratic impact): so splitting an order cannot pay less.
//! The impact pool that holds what was paid has an owner: what today's skew could be rebated is
//! the narrowing traders'; the surplus over it is the LPs'.
//!
//! ## Formula
//! - Skew `s = OI_long - OI_short` (lots). A trade of `d` lots moves it from `s0` to `s1 = s0 + d`.
//! - Potential in lots `Φ(s) = floor(s^2 / (2 * S))`, with `S = impact_skew_scale` (lots);
//!   its value `f(s) = floor(Φ(s) * P / 1e9)` collateral units at the fill price `P` (collateral
//!   units per lot x 1e9): taking the skew from 0 to `S` costs half the notional of `S` lots.
//!   `S >= max_open_interest` (validated), so `Φ(s) <= |s| / 2` always fits in u64.
//! - **Surplus** ([`Flow::surplus`]): before any trade prices its impact, the pool's balance `B` above
//!   `f(s0)` (what the whole skew could be rebated at this price) leaves the impact pool for LP
//!   capital. So after the sweep `B <= f(s0)`: the balance is never worth more per lot of
//!   potential than the price of the trade that swept it, and a flat book (`f(0) = 0`) strands
//!   nothing.
//! - **Widening** (`s1` on the side of `s0`, `|s1| >= |s0|`, or `s0 = 0`): the trader pays
//!   `f(s1) - f(s0)` into the impact pool.
//! - **Narrowing** (`s1` on the side of `s0` or zero, `|s1| < |s0|`): a rebate of the pool's
//!   balance pro rata to the potential the trade removes, `floor(B * (Φ(s0) - Φ(s1)) / Φ(s0))`,
//!   and never more than the potential's value at this price, `f(s0) - f(s1)`.
//! - **Crossing zero** (`s1` on the other side): the part to zero is a narrowing to zero (the
//!   whole balance, at most `f(s0)`), the part beyond it a widening from zero (`f(s1)`); the
//!   trader receives the one and pays the other.
//!
//! ## Why splitting never pays less, and a round trip never earns
//! `f` is an integer function of the skew, so at one price the widening pieces of an order
//! telescope exactly (`Σ Δ_j = f(s1) - f(s0)`). A pro rata rebate leaves the balance per lot of
//! potential unchanged, `B' / Φ(s1) = B / Φ(s0)` (up to the rebate's rounding down), so narrowing
//! pieces telescope too, each rounded down: `n` pieces receive at most what one trade receives.
//! A round trip at one price receives at most `f(s0 + d) - f(s0)`, what it paid.
//!
//! ## Across a price change
//! Rebates are paid in the terms the impact was paid, not at today's price: per lot of
//! potential, the balance is worth the average the pool was paid for it, which the surplus sweep
//! keeps at most the price of every trade. Impact paid at a low price and rebated after a rise
//! returns at most what it paid (plus its pro rata share of what others paid at higher prices
//! while it was open); impact paid before a fall returns at most today's value, and the
//! difference goes to the LPs. On the landed program, a round trip across +20% was rebated at
//! the higher price, out of other traders' payments.

use super::wide::mul_u64;
use super::{checked, position};
use crate::errors::BulkheadError;
use anchor_lang::prelude::*;

/// The impact of one trade against the impact pool (collateral units).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// The pool's balance above the potential of the skew before the trade, which leaves it for
    /// LP capital first.
    pub surplus: u64,
    /// What the trader pays into the impact pool.
    pub cost: u64,
    /// What the trader receives from it (at most its balance less the surplus).
    pub rebate: u64,
}

/// The potential in lots `Φ(s) = floor(s^2 / 2S)` (see the module docs), or `MathOverflow`.
pub fn potential_lots(skew: i64, scale: u64) -> Result<u64> {
    let size = skew.unsigned_abs();
    let lots = mul_u64(size, size).div_rem_u64(checked::mul(2, scale)?).0;
    Ok(lots.to_u64().ok_or(BulkheadError::MathOverflow)?)
}

/// The potential `f(s)` of a skew of `skew` lots at `price` for the pool's `scale` (see the module
/// docs), or `MathOverflow`.
pub fn potential(skew: i64, price: u64, scale: u64) -> Result<u64> {
    position::notional(potential_lots(skew, scale)?, price, false)
}

/// The part of an impact pool's `balance` above `f(skew)` at `price` (collateral units): what no
/// narrowing of today's skew could be rebated at that price, which belongs to LP capital.
pub fn surplus(balance: u64, skew: i64, price: u64, scale: u64) -> Result<u64> {
    Ok(balance.saturating_sub(potential(skew, price, scale)?))
}

/// The impact of `delta` lots on a skew of `skew` lots at fill price `price` for the pool's
/// `scale` (lots, > 0), against an impact pool holding `balance` (see the module docs): first its
/// surplus over `f(skew)`, then the trade's cost and rebate against the rest. `MathOverflow` when
/// the skew would leave i64 or a potential u64.
pub fn flow(balance: u64, skew: i64, delta: i64, price: u64, scale: u64) -> Result<Flow> {
    let after = skew.checked_add(delta).ok_or(BulkheadError::MathOverflow)?;
    let (lots_before, lots_after) = (potential_lots(skew, scale)?, potential_lots(after, scale)?);
    let before = position::notional(lots_before, price, false)?;
    let now = position::notional(lots_after, price, false)?;
    let surplus = balance.saturating_sub(before);
    let kept = balance - surplus; // <= before
    let (cost, rebate) = if (skew > 0 && after < 0) || (skew < 0 && after > 0) {
        (now, kept) // across zero: all of it back for the part to zero, f(s1) for the rest
    } else if skew == 0 || after.unsigned_abs() >= skew.unsigned_abs() {
        (now - before, 0) // widening: |s1| >= |s0| on one side, so Φ and f did not fall
    } else {
        // Narrowing: lots_after <= lots_before, and lots_before > 0 (else before = 0 = kept).
        let share = match lots_before {
            0 => 0,
            l => mul_u64(kept, l - lots_after).div_rem_u64(l).0.lo, // <= kept < 2^64
        };
        (0, share.min(before - now))
    };
    Ok(Flow { surplus, cost, rebate })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const P: u64 = 2_000_000_000_000; // $2,000 per unit with 6-decimal lots and collateral

    /// The pool after `flow`: its balance (after the surplus left) plus cost less rebate.
    fn step(balance: u64, skew: i64, delta: i64, price: u64, scale: u64) -> (Flow, u64) {
        let f = flow(balance, skew, delta, price, scale).unwrap();
        (f, balance - f.surplus + f.cost - f.rebate)
    }

    fn surplus(balance: u64, skew: i64, price: u64, scale: u64) -> u64 {
        flow(balance, skew, 0, price, scale).unwrap().surplus
    }

    #[test]
    fn widening_pays_narrowing_is_rebated_pro_rata_and_the_surplus_leaves() {
        // From 0 to S: half the notional of S lots.
        let (f, b) = step(0, 0, 1_000_000, P, 1_000_000);
        assert_eq!((f, b), (Flow { surplus: 0, cost: 1_000_000_000, rebate: 0 }, 1_000_000_000));
        // Back to 0 at the same price: the whole balance.
        assert_eq!(step(b, 1_000_000, -1_000_000, P, 1_000_000).0, Flow { surplus: 0, cost: 0, rebate: b });
        // Half the potential removed after a 20% rise: half the balance, not 120% of it.
        let (f, _) = step(b, 1_000_000, -292_894, P * 6 / 5, 1_000_000); // Φ from 500,000 to 249,999
        assert_eq!(f.rebate, b * 250_001 / 500_000, "pro rata");
        assert!(f.rebate < 600_000_000, "at today's price it would have been 120% of that");
        // After a 20% fall, 20% of the balance is surplus, for the LPs.
        assert_eq!(surplus(b, 1_000_000, P * 4 / 5, 1_000_000), b / 5);
        // A flat book strands nothing: all of it is surplus.
        assert_eq!(surplus(b, 0, P, 1_000_000), b);
        // Crossing zero from +10k to -5k: all of the balance back, the new side's potential paid.
        let kept = potential(10_000, P, 1_000).unwrap();
        let f = flow(kept, 10_000, -15_000, P, 1_000).unwrap();
        assert_eq!(f, Flow { surplus: 0, cost: potential(-5_000, P, 1_000).unwrap(), rebate: kept });
        assert!(flow(0, i64::MAX, 1, P, 1).is_err());
        assert!(flow(0, i64::MAX / 2, 1, P, 1).is_err(), "a potential beyond u64 is an error");
    }

    fn net(f: Flow) -> i128 {
        f.cost as i128 - f.rebate as i128
    }

    proptest! {
        /// n pieces in the same direction pay at least one trade of their sum and receive at most
        /// what it receives; widening pieces telescope exactly.
        #[test]
        fn splitting_never_pays_less(skew in -1_000_000_000i64..1_000_000_000,
                                     pieces in proptest::collection::vec(1i64..10_000_000, 1..50),
                                     sell: bool, fill in 0u64..=1_000, price in 1u64..1u64 << 50,
                                     scale in 1_000_000_000u64..1u64 << 40) {
            let sign = if sell { -1 } else { 1 };
            let total: i64 = pieces.iter().sum::<i64>() * sign;
            let balance = potential(skew, price, scale).unwrap() * fill / 1_000;
            let (one, _) = step(balance, skew, total, price, scale);
            let (mut s, mut b, mut split) = (skew, balance, 0i128);
            for p in &pieces {
                let (f, next) = step(b, s, p * sign, price, scale);
                split += net(f);
                (s, b) = (s + p * sign, next);
            }
            prop_assert!(split >= net(one), "split {} < one {}", split, net(one));
            if skew == 0 || (skew > 0) != sell {
                prop_assert_eq!(split, net(one), "widening at one price telescopes exactly");
            }
        }

        /// A round trip never profits from impact: at one price, and across any price change when
        /// the trader's is the only impact paid since the skew was last at zero (the surplus sweep
        /// made the balance at most the potential's value when it opened).
        #[test]
        fn a_round_trip_never_earns(skew in -1_000_000_000i64..1_000_000_000, d in -10_000_000i64..10_000_000,
                                    fill in 0u64..=1_000, price in 1u64..1u64 << 50, later in 1u64..1u64 << 50,
                                    scale in 1_000_000_000u64..1u64 << 40) {
            let balance = potential(skew, price, scale).unwrap() * fill / 1_000;
            let (open, b) = step(balance, skew, d, price, scale);
            let (close, _) = step(b, skew + d, -d, price, scale);
            prop_assert!(net(open) + net(close) >= 0);
            let (open, b) = step(0, 0, d, price, scale);
            let (close, _) = step(b, d, -d, later, scale);
            prop_assert!(net(open) + net(close) >= 0, "across {} -> {}", price, later);
        }

        /// The pool never pays out more than it holds, and after the sweep never holds more than
        /// the potential's value.
        #[test]
        fn rebates_stay_within_the_balance(skew in -1_000_000_000i64..1_000_000_000, d in -2_000_000_000i64..2_000_000_000,
                                           balance in 0u64..1u64 << 50, price in 1u64..1u64 << 50,
                                           scale in 1_000_000_000u64..1u64 << 40) {
            let f = flow(balance, skew, d, price, scale).unwrap();
            let kept = balance - f.surplus;
            prop_assert!(kept <= potential(skew, price, scale).unwrap());
            prop_assert!(f.rebate <= kept);
        }
    }
}

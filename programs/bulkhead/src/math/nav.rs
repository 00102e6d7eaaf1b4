//! Bounds on what one side's positions owe the LPs, from O(1) aggregates, for the two LP NAVs.
//!
//! A NAV built from a side's aggregate PnL nets winners against losers, so it counts a loser's
//! loss beyond its collateral as an asset the pool will never collect. The bounds here never do.
//!
//! ## Per position (one side, price `p` in collateral units per lot x 1e9)
//! Position `i` holds `s_i` lots bought (long) or sold (short) for `EN_i` collateral units, at
//! entry price `e_i = EN_i * 1e9 / s_i`. Its PnL is `x_i = floor(s_i p / 1e9) - EN_i` (long) or
//! `x_i = EN_i - ceil(s_i p / 1e9)` (short); its payoff cap, the LP capital locked for it, is
//! `L_i = floor(m EN_i)` with `m = max_payoff_bps / 1e4`. What the pool owes it is at most
//! `min(x_i, L_i)` and, when it loses, at most its collateral is collected.
//!
//! ## Aggregates kept per side
//! `OI = Σ s_i`, `EN = Σ EN_i`, `L = Σ L_i`, `n` (positions), and an entry-price envelope
//! `e_lo <= floor(e_i)`, `e_hi >= ceil(e_i)` for every open position (it only widens while the
//! side stays open, and resets when the side empties).
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
//! ## The excess bound `X(p) >= Σ max(0, x_i - L_i)` (profit beyond the caps)
//! `x_i - L_i <= s_i p / 1e9 - (1 + m) EN_i + 1` (long): the gain bound of the same positions
//! with entries scaled by `(1 + m)`, plus one unit per position for the floor in `L_i`. Short:
//! `(1 - m) EN_i - s_i p / 1e9 + 1`, the short gain bound with entries scaled by `(1 - m)`, or just
//! `n` when `m >= 1` (a short cannot gain more than its notional).
//!
//! ## What they give
//! - Redeem: the side owes at most `min(L, G(p))` (winners, capped; losers count zero).
//! - Mint: the side owes at least `Σ min(x_i, L_i) >= Σ x_i - X(p)`, and
//!   `Σ x_i >= floor(OI p / 1e9) - (n - 1) - EN` (long) or `EN - ceil(OI p / 1e9) - (n - 1)` (short).
//!
//! Every bound rounds outwards (gains and excesses up, the aggregate PnL down). Values may be
//! negative, so the mint-side bound comes back as an [`Owed`] pair. Overflow is `MathOverflow`.

use super::{checked, position, BPS_DENOMINATOR};
use anchor_lang::prelude::*;

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
}

/// A signed amount as `owed - credit` (collateral units): what a side owes the LPs is `owed`, less
/// `credit` (its net loss, an asset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Owed {
    /// Liability to the side (collateral units).
    pub owed: u64,
    /// Asset from the side (collateral units).
    pub credit: u64,
}

/// The long side's gain bound `G(p)` for aggregates `(oi, en, e_lo, e_hi)`.
fn long_gain(oi: u64, en: u64, e_lo: u64, e_hi: u64, p: u64) -> Result<u64> {
    if oi == 0 || p <= e_lo {
        return Ok(0);
    }
    if p >= e_hi {
        return Ok(position::notional(oi, p, true)?.saturating_sub(en));
    }
    let at_hi = position::notional(oi, e_hi, true)?.saturating_sub(en);
    checked::mul_div_ceil(at_hi, p - e_lo, e_hi - e_lo)
}

/// The short side's gain bound `G(p)` for aggregates `(oi, en, e_lo, e_hi)`.
fn short_gain(oi: u64, en: u64, e_lo: u64, e_hi: u64, p: u64) -> Result<u64> {
    if oi == 0 || p >= e_hi {
        return Ok(0);
    }
    if p <= e_lo {
        return Ok(en.saturating_sub(position::notional(oi, p, false)?));
    }
    let at_lo = en.saturating_sub(position::notional(oi, e_lo, false)?);
    checked::mul_div_ceil(at_lo, e_hi - p, e_hi - e_lo)
}

/// `x * (1e4 + bps) / 1e4` or `x * (1e4 - bps) / 1e4` rounded as asked.
fn scaled(x: u64, factor_bps: u64, round_up: bool) -> Result<u64> {
    checked::mul_div(x, factor_bps, BPS_DENOMINATOR, round_up)
}

impl SideBook {
    /// `G(p)`: an upper bound on the side's total unrealized profit at `p` (collateral units).
    pub fn gain_bound(&self, long: bool, p: u64) -> Result<u64> {
        let (oi, en, lo, hi) =
            (self.open_interest, self.entry_notional, self.entry_price_low, self.entry_price_high);
        if long {
            long_gain(oi, en, lo, hi, p)
        } else {
            short_gain(oi, en, lo, hi, p)
        }
    }

    /// `X(p)`: an upper bound on the side's total profit beyond its payoff caps at `p`.
    pub fn excess_bound(&self, long: bool, p: u64, max_payoff_bps: u32) -> Result<u64> {
        let (oi, en, lo, hi) =
            (self.open_interest, self.entry_notional, self.entry_price_low, self.entry_price_high);
        let m = u64::from(max_payoff_bps);
        let gain = if long {
            let f = checked::add(BPS_DENOMINATOR, m)?;
            long_gain(oi, scaled(en, f, false)?, scaled(lo, f, false)?, scaled(hi, f, true)?, p)?
        } else if m >= BPS_DENOMINATOR {
            0
        } else {
            let f = BPS_DENOMINATOR - m;
            short_gain(oi, scaled(en, f, true)?, scaled(lo, f, false)?, scaled(hi, f, true)?, p)?
        };
        checked::add(gain, self.positions)
    }

    /// Redeem side: the most the side can take from the LPs at `p`, `min(L, G(p))`.
    pub fn owed_at_most(&self, long: bool, p: u64) -> Result<u64> {
        Ok(self.gain_bound(long, p)?.min(self.locked))
    }

    /// Mint side: the least the side owes the LPs at `p` (negative: an asset), a lower bound on
    /// `Σ min(x_i, L_i)`.
    pub fn owed_at_least(&self, long: bool, p: u64, max_payoff_bps: u32) -> Result<Owed> {
        let slack = self.positions.saturating_sub(1);
        let excess = self.excess_bound(long, p, max_payoff_bps)?;
        let (owed, credit) = if long {
            let value = position::notional(self.open_interest, p, false)?;
            (value, checked::add(checked::add(self.entry_notional, slack)?, excess)?)
        } else {
            let cost = position::notional(self.open_interest, p, true)?;
            (self.entry_notional, checked::add(checked::add(cost, slack)?, excess)?)
        };
        // Net the two so only one side of the pair is non-zero.
        Ok(Owed { owed: owed.saturating_sub(credit), credit: credit.saturating_sub(owed) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::position::{fill, unrealized_pnl};
    use crate::math::PRICE_PRECISION;
    use proptest::prelude::*;

    /// Positions of one side as `(lots, entry notional)`, and the side's aggregates.
    fn side(positions: &[(u64, u64)], payoff_bps: u32) -> SideBook {
        let mut b = SideBook::default();
        for &(s, en) in positions {
            let lo = checked::mul_div_floor(en, PRICE_PRECISION, s).unwrap();
            let hi = checked::mul_div_ceil(en, PRICE_PRECISION, s).unwrap();
            b.entry_price_low = if b.positions == 0 { lo } else { b.entry_price_low.min(lo) };
            b.entry_price_high = if b.positions == 0 { hi } else { b.entry_price_high.max(hi) };
            b.open_interest += s;
            b.entry_notional += en;
            b.locked += checked::mul_div_floor(en, payoff_bps as u64, BPS_DENOMINATOR).unwrap();
            b.positions += 1;
        }
        b
    }

    /// Positions opened at random prices: `(lots, entry notional)` from `fill`.
    fn opened(specs: &[(u64, u64)], long: bool) -> Vec<(u64, u64)> {
        specs
            .iter()
            .map(|&(s, px)| {
                let f = fill(0, 0, if long { s as i64 } else { -(s as i64) }, px).unwrap();
                (s, f.entry_notional)
            })
            .collect()
    }

    fn cap(en: u64, bps: u32) -> i128 {
        checked::mul_div_floor(en, bps as u64, BPS_DENOMINATOR).unwrap() as i128
    }

    #[test]
    fn one_position_is_exact_outside_its_entry() {
        let long = side(&[(1_000, 2_000)], 10_000); // entry 2 units per lot
        let p = 3 * PRICE_PRECISION;
        assert_eq!(long.gain_bound(true, p).unwrap(), 1_000);
        assert_eq!(long.gain_bound(true, PRICE_PRECISION).unwrap(), 0);
        assert_eq!(long.owed_at_most(true, 10 * PRICE_PRECISION).unwrap(), 2_000, "capped at L");
        let short = side(&[(1_000, 2_000)], 10_000);
        assert_eq!(short.gain_bound(false, PRICE_PRECISION).unwrap(), 1_000);
        assert_eq!(short.gain_bound(false, 3 * PRICE_PRECISION).unwrap(), 0);
    }

    proptest! {
        /// Both bounds hold for any positions of a side at any price.
        #[test]
        fn bounds_bracket_what_the_side_is_owed(
            specs in proptest::collection::vec((1u64..1_000_000_000, 1_000u64..10_000_000_000_000), 1..12),
            long: bool, payoff_bps in 500u32..100_000, p in 1u64..20_000_000_000_000,
        ) {
            let positions = opened(&specs, long);
            let book = side(&positions, payoff_bps);
            let base = |s: u64| if long { s as i64 } else { -(s as i64) };
            let pnl: Vec<i128> = positions.iter().map(|&(s, en)| unrealized_pnl(base(s), en, p).unwrap() as i128).collect();
            let winners: i128 = pnl.iter().map(|x| (*x).max(0)).sum();
            let capped: i128 = pnl.iter().zip(&positions).map(|(x, (_, en))| (*x).min(cap(*en, payoff_bps))).sum();
            let capped_winners: i128 = pnl.iter().zip(&positions).map(|(x, (_, en))| (*x).max(0).min(cap(*en, payoff_bps))).sum();
            prop_assert!(book.gain_bound(long, p).unwrap() as i128 >= winners);
            prop_assert!(book.owed_at_most(long, p).unwrap() as i128 >= capped_winners);
            let least = book.owed_at_least(long, p, payoff_bps).unwrap();
            prop_assert!(least.owed as i128 - least.credit as i128 <= capped);
        }
    }
}

//! Filling a trade against a position: what is closed, what is opened, the new cost basis and the
//! realized PnL. Rounding always favours the pool: a long pays notional rounded up and is paid
//! rounded down; a short's proceeds are rounded down and its buy-back rounded up; the cost basis
//! removed on a partial close rounds against the trader. So open -> close at one price never profits.
//!
//! The closing part never fails: its value saturates at u64::MAX instead of overflowing (any
//! profit that large is far above the payoff cap the engine applies), so reducing and closing a
//! position is always possible. Only the opening part of a fill can overflow (`MathOverflow`).

use super::{checked, PRICE_PRECISION};
use anchor_lang::prelude::*;

/// Value of `lots` base lots at `price` (collateral units per lot x 1e9), in collateral units.
pub fn notional(lots: u64, price: u64, round_up: bool) -> Result<u64> {
    checked::mul_div(lots, price, PRICE_PRECISION, round_up)
}

/// The result of one fill.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fill {
    /// Position after the fill (base lots, signed).
    pub base_position: i64,
    /// Cost basis after the fill (collateral units).
    pub entry_notional: u64,
    /// Lots closed (0 when opening or increasing).
    pub closed: u64,
    /// Profit realized by the closed part, before any payoff cap (collateral units; saturates).
    pub profit: u64,
    /// Loss realized by the closed part (collateral units; saturates).
    pub loss: u64,
}

impl Fill {
    /// Realized PnL as a signed amount, saturated to the i64 range (for events and statistics).
    pub fn realized_pnl(&self) -> i64 {
        let magnitude = i64::try_from(self.profit.max(self.loss)).unwrap_or(i64::MAX);
        if self.profit > 0 {
            magnitude
        } else {
            -magnitude
        }
    }
}

/// Applies `delta` lots (> 0 buys, < 0 sells) at `price` to a position of `base` lots with cost
/// basis `entry`.
pub fn fill(base: i64, entry: u64, delta: i64, price: u64) -> Result<Fill> {
    let buying = delta > 0;
    let size = delta.unsigned_abs();
    let base_position = checked::add_signed(base, delta)?;
    if base == 0 || (base > 0) == buying {
        // Opening or increasing: a buyer pays notional rounded up, a seller receives it rounded down.
        let added = notional(size, price, buying)?;
        let entry_notional = checked::add(entry, added)?;
        return Ok(Fill { base_position, entry_notional, closed: 0, profit: 0, loss: 0 });
    }
    let held = base.unsigned_abs();
    let closed = size.min(held);
    let long = base > 0;
    // Basis leaving with the closed part: rounded up for a long (less profit), down for a short;
    // all of it when the whole position closes (the same value, without the division).
    let removed = if closed == held { entry } else { checked::mul_div(entry, closed, held, long)? };
    // Closing a long sells (paid rounded down); closing a short buys back (pays rounded up).
    let value = checked::mul_div_saturating(closed, price, PRICE_PRECISION, !long);
    let (gain, cost) = if long { (value, removed) } else { (removed, value) };
    let mut entry_notional = entry - removed; // removed <= entry (closed <= held)
    let opened = size - closed; // closed <= size
    if opened > 0 {
        // Flipping: the remainder opens a position on the other side; entry is 0 here.
        entry_notional = notional(opened, price, buying)?;
    }
    Ok(Fill {
        base_position,
        entry_notional,
        closed,
        profit: gain.saturating_sub(cost),
        loss: cost.saturating_sub(gain),
    })
}

/// Unrealized PnL of a position at `price` (collateral units, signed): the long side is valued
/// rounded down, the short side's buy-back rounded up.
pub fn unrealized_pnl(base: i64, entry: u64, price: u64) -> Result<i64> {
    if base >= 0 {
        checked::diff(notional(base.unsigned_abs(), price, false)?, entry)
    } else {
        checked::diff(entry, notional(base.unsigned_abs(), price, true)?)
    }
}

/// Whether moving from `before` to `after` lots adds risk: the position grows or changes side.
pub fn increases_risk(before: i64, after: i64) -> bool {
    after.unsigned_abs() > before.unsigned_abs() || (after != 0 && (after > 0) != (before > 0) && before != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const P: u64 = 3_000 * 1_000 * PRICE_PRECISION; // 3,000 units per lot

    #[test]
    fn open_increase_reduce_flip_close() {
        let f = fill(0, 0, 10, P).unwrap();
        assert_eq!((f.base_position, f.entry_notional, f.realized_pnl()), (10, 30_000_000, 0));
        let f = fill(f.base_position, f.entry_notional, 10, 2 * P).unwrap();
        assert_eq!((f.base_position, f.entry_notional), (20, 90_000_000));
        // Sell 5 at 2P: basis removed 90M * 5/20 = 22.5M (rounded up for a long), value 30M.
        let f = fill(f.base_position, f.entry_notional, -5, 2 * P).unwrap();
        assert_eq!(
            (f.base_position, f.entry_notional, f.realized_pnl(), f.closed),
            (15, 67_500_000, 7_500_000, 5)
        );
        // Sell 20 at P: closes 15 (basis 67.5M, value 45M), opens 5 short at P.
        let f = fill(f.base_position, f.entry_notional, -20, P).unwrap();
        assert_eq!((f.base_position, f.entry_notional, f.realized_pnl()), (-5, 15_000_000, -22_500_000));
        // Buy back 5 at P/2: short profits 7.5M.
        let f = fill(f.base_position, f.entry_notional, 5, P / 2).unwrap();
        assert_eq!((f.base_position, f.entry_notional, f.realized_pnl()), (0, 0, 7_500_000));
    }

    #[test]
    fn closing_never_overflows() {
        let f = fill(0, 0, 1_000_000_000, P).unwrap();
        let closed = fill(f.base_position, f.entry_notional, -1_000_000_000, u64::MAX).unwrap();
        assert_eq!((closed.base_position, closed.profit, closed.loss), (0, u64::MAX - f.entry_notional, 0));
        let s = fill(0, 0, -1_000_000_000, P).unwrap();
        let closed = fill(s.base_position, s.entry_notional, 1_000_000_000, u64::MAX).unwrap();
        assert_eq!((closed.profit, closed.loss), (0, u64::MAX - s.entry_notional));
    }

    #[test]
    fn risk_direction() {
        assert!(increases_risk(0, 1) && increases_risk(1, 2) && increases_risk(-1, -2));
        assert!(increases_risk(2, -1), "a flip opens risk on the other side");
        assert!(!increases_risk(2, 1) && !increases_risk(-2, -1) && !increases_risk(2, 0));
    }

    proptest! {
        /// Opening and closing at the same price never profits, at any size and price.
        #[test]
        fn round_trip_never_profits(size in 1i64..1_000_000_000, price in 1u64..1_000_000_000_000_000, short: bool) {
            let delta = if short { -size } else { size };
            let open = fill(0, 0, delta, price).unwrap();
            let close = fill(open.base_position, open.entry_notional, -delta, price).unwrap();
            prop_assert_eq!(close.base_position, 0);
            prop_assert_eq!(close.entry_notional, 0);
            prop_assert!(close.realized_pnl() <= 0);
        }

        /// Closing in two parts never beats closing at once.
        #[test]
        fn partial_closes_never_beat_one_close(size in 2i64..1_000_000, part in 1i64..1_000_000,
                                               open_px in 1u64..1_000_000_000_000, close_px in 1u64..1_000_000_000_000) {
            let part = part % (size - 1) + 1;
            let open = fill(0, 0, size, open_px).unwrap();
            let whole = fill(open.base_position, open.entry_notional, -size, close_px).unwrap();
            let a = fill(open.base_position, open.entry_notional, -part, close_px).unwrap();
            let b = fill(a.base_position, a.entry_notional, -(size - part), close_px).unwrap();
            prop_assert!(a.realized_pnl() + b.realized_pnl() <= whole.realized_pnl());
        }

        /// Unrealized PnL of a fresh position at its own price is never positive.
        #[test]
        fn fresh_position_has_no_profit(size in 1i64..1_000_000_000, price in 1u64..1_000_000_000_000_000, short: bool) {
            let delta = if short { -size } else { size };
            let f = fill(0, 0, delta, price).unwrap();
            prop_assert!(unrealized_pnl(f.base_position, f.entry_notional, price).unwrap() <= 0);
        }
    }
}

//! Margin: an account's equity and requirement, valued at the price adverse to it. Unrealized profit
//! never counts as equity (it must be realized first); unrealized loss always does.

use super::{checked, position, price::Price, BPS_DENOMINATOR};
use anchor_lang::prelude::*;

/// Equity for margin purposes (collateral units, signed): collateral plus unrealized PnL at the
/// adverse price, with profit counted as zero.
pub fn equity(collateral: u64, base: i64, entry: u64, price: &Price) -> Result<i64> {
    let pnl = position::unrealized_pnl(base, entry, price.adverse(base))?;
    checked::add_signed(checked::signed(collateral)?, pnl.min(0))
}

/// Margin a position needs at `ratio_bps` of its notional at the adverse price (collateral units,
/// rounded up).
pub fn requirement(base: i64, price: &Price, ratio_bps: u32) -> Result<u64> {
    let notional = position::notional(base.unsigned_abs(), price.adverse(base), true)?;
    checked::mul_div_ceil(notional, u64::from(ratio_bps), BPS_DENOMINATOR)
}

/// Whether the account meets `ratio_bps` (initial or maintenance margin).
pub fn meets(collateral: u64, base: i64, entry: u64, price: &Price, ratio_bps: u32) -> Result<bool> {
    let equity = equity(collateral, base, entry, price)?;
    Ok(equity >= checked::signed(requirement(base, price, ratio_bps)?)?)
}

/// Collateral that can leave the account while it still meets initial margin (collateral units).
pub fn free_collateral(collateral: u64, base: i64, entry: u64, price: &Price, im_bps: u32) -> Result<u64> {
    let required = checked::signed(requirement(base, price, im_bps)?)?;
    let spare = checked::add_signed(equity(collateral, base, entry, price)?, -required)?;
    Ok(u64::try_from(spare).unwrap_or(0).min(collateral))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::PRICE_PRECISION;

    fn flat(p: u64) -> Price {
        Price { mid: p, low: p, high: p }
    }

    #[test]
    fn initial_margin_boundary_is_exact() {
        // 10 lots at 1,000 units per lot = 10,000 notional; 10% IM = 1,000.
        let p = flat(1_000 * PRICE_PRECISION);
        assert_eq!(requirement(10, &p, 1_000).unwrap(), 1_000);
        assert!(meets(1_000, 10, 10_000, &p, 1_000).unwrap());
        assert!(!meets(999, 10, 10_000, &p, 1_000).unwrap());
        assert_eq!(free_collateral(1_500, 10, 10_000, &p, 1_000).unwrap(), 500);
        assert_eq!(free_collateral(900, 10, 10_000, &p, 1_000).unwrap(), 0);
    }

    #[test]
    fn profit_does_not_count_and_loss_does() {
        let up = flat(2_000 * PRICE_PRECISION);
        // Long 10 bought for 10,000 now worth 20,000: profit ignored, requirement on 20,000 = 2,000.
        assert_eq!(equity(1_000, 10, 10_000, &up).unwrap(), 1_000);
        let down = flat(900 * PRICE_PRECISION);
        assert_eq!(equity(1_000, 10, 10_000, &down).unwrap(), 0);
        // A short is valued at the high price.
        let wide =
            Price { mid: 1_000 * PRICE_PRECISION, low: 990 * PRICE_PRECISION, high: 1_010 * PRICE_PRECISION };
        assert_eq!(equity(1_000, -10, 10_000, &wide).unwrap(), 900);
        assert_eq!(requirement(-10, &wide, 1_000).unwrap(), 1_010);
    }
}

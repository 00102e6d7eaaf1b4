//! Converting Pyth prices into the program's price unit: collateral units per base lot, scaled by
//! `PRICE_PRECISION` (1e9). The product is quoted in the collateral (e.g. BTC/USD with a USD
//! stablecoin as collateral).
//!
//! **Per-pool resolution.** A lot is `10^-base_decimals` units of the underlying, chosen per pool
//! at creation (negative values make a lot several units, for very cheap products). A price of
//! `mantissa * 10^exponent` collateral (whole units) per unit of the underlying is
//! `P = mantissa * 10^(exponent + collateral_decimals - base_decimals + 9)` program units.
//! `create_pool` refuses a feed, collateral and `base_decimals` whose current price falls outside
//! [`MIN_CREATION_PRICE`, `MAX_CREATION_PRICE`]: at least 6 significant digits, and at least four
//! orders of magnitude of headroom below `u64::MAX` for notionals. Products from $1e-9 to $1e6
//! with 0 to 9 collateral decimals all have a `base_decimals` in range that satisfies it.

use super::{checked, BPS_DENOMINATOR, PRICE_DECIMALS};
use crate::errors::BulkheadError;
use anchor_lang::prelude::*;

/// Most negative Pyth exponent accepted (Pyth feeds use -5 to -10).
pub const MIN_PYTH_EXPONENT: i32 = -18;
/// Largest collateral decimals a pool accepts.
pub const MAX_COLLATERAL_DECIMALS: u8 = 9;
/// Smallest `base_decimals` (one lot = 10^9 units of the underlying).
pub const MIN_BASE_DECIMALS: i8 = -9;
/// Largest `base_decimals` (one lot = 10^-12 units of the underlying).
pub const MAX_BASE_DECIMALS: i8 = 12;
/// Smallest price (program units) `create_pool` accepts: 6 significant digits.
pub const MIN_CREATION_PRICE: u64 = 100_000;
/// Largest price (program units) `create_pool` accepts: leaves 10^4 of headroom below u64::MAX.
pub const MAX_CREATION_PRICE: u64 = 1_000_000_000_000_000;

/// How one pool converts Pyth prices: its collateral's decimals and its lot size, both fixed at
/// creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceScale {
    /// Decimals of the collateral mint.
    pub collateral_decimals: u8,
    /// Lots per unit of the underlying, as a power of ten.
    pub base_decimals: i8,
}

/// `10^0 ..= 10^19`, built at compile time (`checked_pow` would emit the overflow-checked multiply
/// that upstream LLVM's BPF backend cannot link).
const POW10: [u64; 20] = {
    let mut table = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// `10^n`, or `MathOverflow` for n > 19.
fn pow10(n: u32) -> Result<u64> {
    POW10.get(n as usize).copied().ok_or_else(|| BulkheadError::MathOverflow.into())
}

/// `mantissa * 10^exponent` (a Pyth price or confidence) in program units (collateral units per
/// lot x 1e9) for the pool's `scale`. Rounds up when `round_up`, else down; `MathOverflow` when the
/// result exceeds u64.
pub fn from_pyth(mantissa: u64, exponent: i32, scale: PriceScale, round_up: bool) -> Result<u64> {
    let shift =
        exponent + i32::from(scale.collateral_decimals) - i32::from(scale.base_decimals) + PRICE_DECIMALS;
    if shift >= 0 {
        return checked::mul(mantissa, pow10(shift.unsigned_abs())?);
    }
    match pow10(shift.unsigned_abs()) {
        Ok(divisor) => checked::mul_div(mantissa, 1, divisor, round_up),
        // 10^20 and beyond exceed every u64 mantissa: the quotient is below one.
        Err(_) => Ok(u64::from(round_up && mantissa > 0)),
    }
}

/// A validated oracle reading in program units (collateral units per base lot, x 1e9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Price {
    /// The oracle's price.
    pub mid: u64,
    /// `price - k * confidence`, rounded down (0 if the interval reaches zero): longs are valued here.
    pub low: u64,
    /// `price + k * confidence`, rounded up: shorts are valued here.
    pub high: u64,
}

impl Price {
    /// Builds the mid and the band edges from a Pyth price and confidence (same exponent) and the
    /// pool's confidence multiplier `k` (bps of 1.0): `low = price - k * conf` rounded down (0 when
    /// the band reaches zero), `high = price + k * conf` rounded up.
    pub fn from_pyth(price: u64, conf: u64, exponent: i32, scale: PriceScale, k_bps: u32) -> Result<Self> {
        let band = checked::mul_div_ceil(conf, u64::from(k_bps), BPS_DENOMINATOR)?;
        Ok(Price {
            mid: from_pyth(price, exponent, scale, false)?,
            low: from_pyth(price.saturating_sub(band), exponent, scale, false)?,
            high: from_pyth(checked::add(price, band)?, exponent, scale, true)?,
        })
    }

    /// [`Price::from_pyth`] for orders that only reduce risk, which never fail on the conversion:
    /// each edge saturates at `u64::MAX` program units when it overflows, and below the pool's
    /// resolution the mid and the bid round down to zero while the ask rounds up to at least one
    /// program unit (a positive mantissa never converts to a zero ask). So a short always buys
    /// back at the smallest representable price or more, and a long can always sell, at zero if
    /// the bid is there.
    pub fn from_pyth_saturating(price: u64, conf: u64, exponent: i32, scale: PriceScale, k_bps: u32) -> Self {
        let band = checked::mul_div_saturating(conf, u64::from(k_bps), BPS_DENOMINATOR, true);
        let convert = |mantissa: u64, up: bool| match mantissa {
            0 => 0,
            m => from_pyth(m, exponent, scale, up).unwrap_or(u64::MAX),
        };
        Price {
            mid: convert(price, false),
            low: convert(price.saturating_sub(band), false),
            high: convert(price.saturating_add(band), true),
        }
    }

    /// The worse of two bands for whoever trades: the lower bid, the higher ask, and `other`'s
    /// mid (the later print's). Buys fill higher, sells lower, margin and the LP NAVs are valued
    /// at wider edges: never better than either band alone.
    pub fn widen(&self, other: &Price) -> Price {
        Price { mid: other.mid, low: self.low.min(other.low), high: self.high.max(other.high) }
    }

    /// The fill price of an order: buys at the high edge (ask), sells at the low edge (bid).
    pub fn fill(&self, buying: bool) -> u64 {
        if buying {
            self.high
        } else {
            self.low
        }
    }

    /// The price at which a position of this sign is valued for margin: low for longs, high for shorts.
    pub fn adverse(&self, base_position: i64) -> u64 {
        if base_position >= 0 {
            self.low
        } else {
            self.high
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USDC_MICRO_LOTS: PriceScale = PriceScale { collateral_decimals: 6, base_decimals: 6 };

    #[test]
    fn converts_btc_usd_to_usdc_per_lot() {
        // BTC at $100,000.00000000 (expo -8), USDC 6 decimals: 1 lot = 1e-6 BTC = 0.1 USDC
        // = 100,000 units, scaled by 1e9.
        let p = from_pyth(10_000_000_000_000, -8, USDC_MICRO_LOTS, false).unwrap();
        assert_eq!(p, 100_000 * 1_000_000_000);
    }

    #[test]
    fn rounds_as_asked_when_dividing() {
        let scale = PriceScale { collateral_decimals: 0, base_decimals: 6 };
        // shift = -8 + 0 - 6 + 9 = -5: 123_456 / 1e5 = 1.23456
        assert_eq!(from_pyth(123_456, -8, scale, false).unwrap(), 1);
        assert_eq!(from_pyth(123_456, -8, scale, true).unwrap(), 2);
        assert_eq!(from_pyth(100_000, -8, scale, true).unwrap(), 1);
        let nine = PriceScale { collateral_decimals: 9, base_decimals: 6 };
        assert!(from_pyth(u64::MAX, 0, nine, false).is_err(), "overflow is an error, not a wrap");
        // A shift beyond 10^19 rounds to zero (down) or one (up).
        let deep = PriceScale { collateral_decimals: 0, base_decimals: 12 };
        assert_eq!(from_pyth(u64::MAX, -18, deep, false).unwrap(), 0);
        assert_eq!(from_pyth(u64::MAX, -18, deep, true).unwrap(), 1);
    }

    /// Every product from $1e-9 to $1e6, with 0 to 9 collateral decimals, has a lot size that
    /// keeps its price within the creation range.
    #[test]
    fn every_product_has_a_lot_size_with_six_digits() {
        for price_exp in -9..=6i32 {
            for decimals in 0..=MAX_COLLATERAL_DECIMALS {
                // $10^price_exp as a Pyth mantissa of 1e8 at exponent price_exp - 8.
                let fits = (MIN_BASE_DECIMALS..=MAX_BASE_DECIMALS).any(|base_decimals| {
                    let scale = PriceScale { collateral_decimals: decimals, base_decimals };
                    matches!(from_pyth(100_000_000, price_exp - 8, scale, false),
                        Ok(p) if (MIN_CREATION_PRICE..=MAX_CREATION_PRICE).contains(&p))
                });
                assert!(fits, "$1e{price_exp} with {decimals} decimals");
            }
        }
    }

    #[test]
    fn a_saturating_band_converts_any_print() {
        // Below the resolution: a $2,000 pool with 12 base decimals (P = mantissa / 1e5) after a
        // 99.99999% fall to a mantissa of 20,000: mid and bid 0, ask 1.
        let fine = PriceScale { collateral_decimals: 6, base_decimals: 12 };
        let p = Price::from_pyth_saturating(20_000, 0, -8, fine, 10_000);
        assert_eq!((p.mid, p.low, p.high), (0, 0, 1));
        assert!(Price::from_pyth(20_000, 0, -8, fine, 10_000).unwrap().low == 0);
        // Above the range: every edge saturates instead of failing.
        let nine = PriceScale { collateral_decimals: 9, base_decimals: -9 };
        assert!(Price::from_pyth(u64::MAX / 2, 0, 0, nine, 10_000).is_err());
        let p = Price::from_pyth_saturating(u64::MAX / 2, u64::MAX / 4, 0, nine, 50_000);
        assert_eq!((p.mid, p.low, p.high), (u64::MAX, 0, u64::MAX));
        // In range both agree.
        let usual = Price::from_pyth(200_000_000_000, 100_000_000, -8, USDC_MICRO_LOTS, 20_000).unwrap();
        assert_eq!(
            Price::from_pyth_saturating(200_000_000_000, 100_000_000, -8, USDC_MICRO_LOTS, 20_000),
            usual
        );
    }

    #[test]
    fn widening_is_the_worse_of_two_for_the_trader() {
        let a = Price { mid: 100, low: 99, high: 101 };
        let b = Price { mid: 104, low: 103, high: 105 };
        assert_eq!(a.widen(&b), Price { mid: 104, low: 99, high: 105 });
        assert_eq!(b.widen(&a), Price { mid: 100, low: 99, high: 105 });
        assert_eq!(a.widen(&a), a);
    }

    #[test]
    fn adverse_prices_bracket_the_mid() {
        let p = Price::from_pyth(10_000, 100, -2, USDC_MICRO_LOTS, 20_000).unwrap();
        assert_eq!(p.mid, 100 * 1_000_000 * 1_000);
        assert!(p.low < p.mid && p.mid < p.high);
        assert_eq!(p.mid - p.low, p.high - p.mid);
        assert_eq!(p.adverse(5), p.low);
        assert_eq!(p.adverse(-5), p.high);
        // An interval reaching zero values longs at zero.
        assert_eq!(Price::from_pyth(10, 100, -2, USDC_MICRO_LOTS, 10_000).unwrap().low, 0);
        assert_eq!((p.fill(true), p.fill(false)), (p.high, p.low));
    }
}

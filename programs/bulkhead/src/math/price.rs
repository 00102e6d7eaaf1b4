//! Converting Pyth prices into the program's price unit: collateral units per base lot, scaled by
//! `PRICE_PRECISION` (1e9). The product is quoted in the collateral (e.g. BTC/USD with a USD
//! stablecoin as collateral).

use super::{checked, BASE_DECIMALS, BPS_DENOMINATOR, PRICE_DECIMALS};
use crate::errors::BulkheadError;
use anchor_lang::prelude::*;

/// Most negative Pyth exponent accepted (Pyth feeds use -5 to -10).
pub const MIN_PYTH_EXPONENT: i32 = -18;
/// Largest collateral decimals a pool accepts (keeps every scale factor within u64).
pub const MAX_COLLATERAL_DECIMALS: u8 = 9;

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

/// `mantissa * 10^exponent` (a Pyth price or confidence) as collateral units per base lot scaled by
/// 1e9, for a collateral of `decimals` decimals. Rounds up when `round_up`, else down.
pub fn from_pyth(mantissa: u64, exponent: i32, decimals: u8, round_up: bool) -> Result<u64> {
    // price_e9 = mantissa * 10^(exponent + decimals - BASE_DECIMALS + PRICE_DECIMALS)
    let scale = exponent + i32::from(decimals) - BASE_DECIMALS + PRICE_DECIMALS;
    if scale >= 0 {
        checked::mul(mantissa, pow10(scale.unsigned_abs())?)
    } else {
        checked::mul_div(mantissa, 1, pow10(scale.unsigned_abs())?, round_up)
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
    /// Builds the mid and the adverse prices from a Pyth price and confidence (same exponent) and
    /// the pool's confidence multiplier `k` (bps of 1.0).
    pub fn from_pyth(price: u64, conf: u64, exponent: i32, decimals: u8, k_bps: u32) -> Result<Self> {
        let band = checked::mul_div_ceil(conf, u64::from(k_bps), BPS_DENOMINATOR)?;
        Ok(Price {
            mid: from_pyth(price, exponent, decimals, false)?,
            low: from_pyth(price.saturating_sub(band), exponent, decimals, false)?,
            high: from_pyth(checked::add(price, band)?, exponent, decimals, true)?,
        })
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

    #[test]
    fn converts_btc_usd_to_usdc_per_lot() {
        // BTC at $100,000.00000000 (expo -8), USDC 6 decimals: 1 lot = 1e-6 BTC = 0.1 USDC
        // = 100,000 units, scaled by 1e9.
        let p = from_pyth(10_000_000_000_000, -8, 6, false).unwrap();
        assert_eq!(p, 100_000 * 1_000_000_000);
    }

    #[test]
    fn rounds_as_asked_when_dividing() {
        // scale = -8 + 0 - 6 + 9 = -5: 123_456 / 1e5 = 1.23456
        assert_eq!(from_pyth(123_456, -8, 0, false).unwrap(), 1);
        assert_eq!(from_pyth(123_456, -8, 0, true).unwrap(), 2);
        assert_eq!(from_pyth(100_000, -8, 0, true).unwrap(), 1);
        assert!(from_pyth(u64::MAX, 0, 9, false).is_err(), "overflow is an error, not a wrap");
    }

    #[test]
    fn adverse_prices_bracket_the_mid() {
        let p = Price::from_pyth(10_000, 100, -2, 6, 20_000).unwrap();
        assert_eq!(p.mid, 100 * 1_000_000 * 1_000);
        assert!(p.low < p.mid && p.mid < p.high);
        assert_eq!(p.mid - p.low, p.high - p.mid);
        assert_eq!(p.adverse(5), p.low);
        assert_eq!(p.adverse(-5), p.high);
        // An interval reaching zero values longs at zero.
        assert_eq!(Price::from_pyth(10, 100, -2, 6, 10_000).unwrap().low, 0);
    }
}

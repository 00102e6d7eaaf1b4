//! Checked and wide arithmetic from u64 operations only (see the module docs of `math`).
//!
//! `mul_div_*` computes `a * b / d` exactly through a 128-bit intermediate held in two u64 limbs,
//! so no product overflows, and states its rounding: `floor` for amounts paid out by the pool,
//! `ceil` for amounts owed to the pool.

use crate::errors::BulkheadError;
use anchor_lang::prelude::*;

/// `a + b`, or `MathOverflow`.
#[inline(always)]
pub fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| BulkheadError::MathOverflow.into())
}

/// `a - b`, or `MathOverflow` when `b > a`.
#[inline(always)]
pub fn sub(a: u64, b: u64) -> Result<u64> {
    a.checked_sub(b).ok_or_else(|| BulkheadError::MathOverflow.into())
}

/// Full 64x64 -> 128-bit product as `(high, low)` limbs, from 32-bit halves.
///
/// On BPF both operands pass through `black_box` first: when LLVM can prove an operand small (a
/// constant, or `10_000 + bps`) it recognizes these partial products as one `mul i128` and emits a
/// call to `__multi3`, which upstream LLVM's BPF backend cannot link. The barrier costs a store and
/// a load per operand.
///
/// Operands that both fit in 32 bits (bps, small amounts) take a one-multiply fast path.
#[inline(always)]
pub fn wide_mul(a: u64, b: u64) -> (u64, u64) {
    const MASK: u64 = 0xFFFF_FFFF;
    if (a | b) >> 32 == 0 {
        return (0, a.wrapping_mul(b)); // < 2^64: cannot wrap
    }
    #[cfg(target_arch = "bpf")]
    let (a, b) = (core::hint::black_box(a), core::hint::black_box(b));
    let (a_hi, a_lo) = (a >> 32, a & MASK);
    let (b_hi, b_lo) = (b >> 32, b & MASK);
    // Each partial product of two 32-bit halves fits in u64; wrapping_mul avoids the checked
    // multiply (and so `__multi3`) that overflow checks would otherwise emit.
    let lo_lo = a_lo.wrapping_mul(b_lo);
    let hi_lo = a_hi.wrapping_mul(b_lo);
    let lo_hi = a_lo.wrapping_mul(b_hi);
    let hi_hi = a_hi.wrapping_mul(b_hi);
    let cross = (lo_lo >> 32) + (hi_lo & MASK) + (lo_hi & MASK); // < 3 * 2^32, no overflow
    let low = (cross << 32) | (lo_lo & MASK);
    let high = hi_hi + (hi_lo >> 32) + (lo_hi >> 32) + (cross >> 32); // < 2^64 for any a, b
    (high, low)
}

/// One base-2^32 quotient digit of `(rem, next)` divided by the normalized divisor `(d1, d0)`:
/// estimated from the top digits, then corrected (at most twice).
#[inline(always)]
fn quotient_digit(rem: u64, next: u64, d1: u64, d0: u64) -> u64 {
    const BASE: u64 = 1 << 32;
    let mut q = rem / d1;
    let mut r = rem - q.wrapping_mul(d1);
    while q >= BASE || q.wrapping_mul(d0) > (r << 32 | next) {
        q -= 1;
        r += d1;
        if r >= BASE {
            break;
        }
    }
    q
}

/// Divides the 128-bit value `(high, low)` by `d` (> 0) when the quotient fits in u64
/// (`high < d`). Returns `(quotient, remainder)`.
///
/// Normalized long division in base 2^32 (Knuth's algorithm D for two digits, as in Hacker's
/// Delight `divlu`): each quotient digit is estimated from the top digits and corrected at most
/// twice. Every product is of a 32-bit digit and a value below 2^32 after the range checks, so
/// `wrapping_mul` never wraps; the two `wrapping_sub`s compute values known to fit (the partial
/// remainders are below `d`). Kept out of line: it is the cold path of `mul_div`, and inlining it
/// at every call site grew the program by 20 KB and its hot paths by ~30 CU.
#[inline(never)]
pub(crate) fn div_wide(high: u64, low: u64, d: u64) -> (u64, u64) {
    const MASK: u64 = (1 << 32) - 1;
    let shift = d.leading_zeros();
    let d = d << shift;
    let (d1, d0) = (d >> 32, d & MASK);
    // Normalize the dividend by the same shift; `high < d` so nothing is lost at the top.
    let top = if shift == 0 { high } else { (high << shift) | (low >> (64 - shift)) };
    let low = low << shift;
    let (low1, low0) = (low >> 32, low & MASK);

    // Two quotient digits, each from the running remainder and the next dividend digit.
    let q1 = quotient_digit(top, low1, d1, d0);
    let mid = (top << 32 | low1).wrapping_sub(q1.wrapping_mul(d));
    let q0 = quotient_digit(mid, low0, d1, d0);
    let remainder = (mid << 32 | low0).wrapping_sub(q0.wrapping_mul(d));
    (q1 << 32 | q0, remainder >> shift)
}

/// `a * b`, or `MathOverflow` when the product exceeds u64.
#[inline(always)]
pub fn mul(a: u64, b: u64) -> Result<u64> {
    let (high, low) = wide_mul(a, b);
    if high != 0 {
        return Err(BulkheadError::MathOverflow.into());
    }
    Ok(low)
}

/// Divides `(high, low)` by a `d` below 2^32 with `high < d`, by short division: the remainder and
/// the next 32-bit digit always fit in u64, so each digit is one native division. Returns
/// `(quotient, remainder)`.
#[inline(always)]
fn div_short(high: u64, low: u64, d: u64) -> (u64, u64) {
    const MASK: u64 = (1 << 32) - 1;
    let n1 = (high << 32) | (low >> 32); // high < d < 2^32
    let (q1, r1) = (n1 / d, n1 % d);
    let n0 = (r1 << 32) | (low & MASK);
    ((q1 << 32) | (n0 / d), n0 % d)
}

/// `(a * b / d, a * b % d)`, or `MathOverflow` when `d == 0` or the quotient exceeds u64. When the
/// product fits in u64 (the usual case) this is one native division; with a divisor below 2^32
/// (1e9, 1e4, most lot counts) two; else [`div_wide`].
#[inline(always)]
fn mul_div_rem(a: u64, b: u64, d: u64) -> Result<(u64, u64)> {
    let (high, low) = wide_mul(a, b);
    if d == 0 || high >= d {
        return Err(BulkheadError::MathOverflow.into());
    }
    if high == 0 {
        Ok((low / d, low % d))
    } else if d >> 32 == 0 {
        Ok(div_short(high, low, d))
    } else {
        Ok(div_wide(high, low, d))
    }
}

/// `a * b / d` rounded down, or `MathOverflow` when `d == 0` or the result exceeds u64.
pub fn mul_div_floor(a: u64, b: u64, d: u64) -> Result<u64> {
    Ok(mul_div_rem(a, b, d)?.0)
}

/// `a * b / d` rounded up, or `MathOverflow` when `d == 0` or the result exceeds u64.
pub fn mul_div_ceil(a: u64, b: u64, d: u64) -> Result<u64> {
    let (quotient, remainder) = mul_div_rem(a, b, d)?;
    if remainder == 0 {
        Ok(quotient)
    } else {
        add(quotient, 1)
    }
}

/// `a * b / d` rounded as asked, saturating at u64::MAX instead of failing (`d > 0`; a zero `d`
/// saturates too). For values that only ever get capped afterwards, so that closing a position
/// can never fail.
pub fn mul_div_saturating(a: u64, b: u64, d: u64, round_up: bool) -> u64 {
    mul_div(a, b, d, round_up).unwrap_or(u64::MAX)
}

/// `a * b / d` rounded up when `round_up`, else down.
#[inline(always)]
pub fn mul_div(a: u64, b: u64, d: u64, round_up: bool) -> Result<u64> {
    if round_up {
        mul_div_ceil(a, b, d)
    } else {
        mul_div_floor(a, b, d)
    }
}

/// An unsigned amount as i64, or `MathOverflow` above `i64::MAX`.
#[inline(always)]
pub fn signed(a: u64) -> Result<i64> {
    i64::try_from(a).map_err(|_| BulkheadError::MathOverflow.into())
}

/// `a + b` in signed arithmetic, or `MathOverflow`.
#[inline(always)]
pub fn add_signed(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b).ok_or_else(|| BulkheadError::MathOverflow.into())
}

/// `a - b` for two unsigned amounts as a signed result, or `MathOverflow`.
#[inline(always)]
pub fn diff(a: u64, b: u64) -> Result<i64> {
    signed(a)?.checked_sub(signed(b)?).ok_or_else(|| BulkheadError::MathOverflow.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(a: u64, b: u64, d: u64, ceil: bool) -> Option<u64> {
        if d == 0 {
            return None;
        }
        let p = a as u128 * b as u128;
        let q = if ceil { p.div_ceil(d as u128) } else { p / d as u128 };
        u64::try_from(q).ok()
    }

    #[test]
    fn edges() {
        assert_eq!(wide_mul(u64::MAX, u64::MAX), (u64::MAX - 1, 1));
        assert_eq!(mul_div_floor(u64::MAX, u64::MAX, u64::MAX).unwrap(), u64::MAX);
        assert_eq!(mul_div_floor(7, 3, 2).unwrap(), 10);
        assert_eq!(mul_div_ceil(7, 3, 2).unwrap(), 11);
        assert_eq!(mul_div_ceil(6, 3, 2).unwrap(), 9);
        assert!(mul_div_floor(1, 1, 0).is_err());
        assert!(mul_div_floor(u64::MAX, 2, 1).is_err());
        assert!(mul_div_ceil(u64::MAX, u64::MAX, u64::MAX - 1).is_err());
        // The wide path at its edges: unnormalized and normalized divisors, maximal dividends.
        for (a, b, d) in [
            (u64::MAX, u64::MAX, u64::MAX),
            (u64::MAX, u64::MAX - 1, u64::MAX),
            (1 << 63, 4, 3),
            (u64::MAX, 2, 3),
            (u64::MAX, 1 << 32, (1 << 32) + 1),
            (0x8000_0000_0000_0001, 0xFFFF_FFFF, 0x8000_0000),
            (0xFFFF_FFFF_0000_0000, 0xFFFF_FFFF_0000_0000, 0xFFFF_FFFF_0000_0001),
        ] {
            assert_eq!(mul_div_floor(a, b, d).ok(), reference(a, b, d, false), "{a} {b} {d}");
            assert_eq!(mul_div_ceil(a, b, d).ok(), reference(a, b, d, true), "{a} {b} {d}");
        }
        assert!(add(u64::MAX, 1).is_err());
        assert_eq!(mul(1 << 32, 1 << 31).unwrap(), 1 << 63);
        assert!(mul(1 << 32, 1 << 32).is_err());
        assert_eq!(diff(3, 5).unwrap(), -2);
        assert!(diff(u64::MAX, 0).is_err());
        assert!(sub(0, 1).is_err());
    }

    proptest! {
        #[test]
        fn wide_mul_matches_u128(a: u64, b: u64) {
            let (h, l) = wide_mul(a, b);
            prop_assert_eq!(((h as u128) << 64) | l as u128, a as u128 * b as u128);
        }

        #[test]
        fn mul_div_matches_u128(a: u64, b: u64, d: u64) {
            prop_assert_eq!(mul_div_floor(a, b, d).ok(), reference(a, b, d, false));
            prop_assert_eq!(mul_div_ceil(a, b, d).ok(), reference(a, b, d, true));
        }

        #[test]
        fn mul_matches_u128(a: u64, b: u64) {
            prop_assert_eq!(mul(a, b).ok(), u64::try_from(a as u128 * b as u128).ok());
        }

        /// The short-division path directly: any divisor below 2^32, any dividend with `high < d`.
        #[test]
        fn div_short_matches_u128(high: u64, low: u64, d in 1u64..1 << 32) {
            let high = high % d;
            let n = ((high as u128) << 64) | low as u128;
            prop_assert_eq!(div_short(high, low, d), ((n / d as u128) as u64, (n % d as u128) as u64));
        }

        /// The wide path directly: any dividend with `high < d`.
        #[test]
        fn div_wide_matches_u128(high: u64, low: u64, d in 1u64..) {
            let high = high % d;
            let n = ((high as u128) << 64) | low as u128;
            let (q, r) = div_wide(high, low, d);
            prop_assert_eq!(q as u128, n / d as u128);
            prop_assert_eq!(r as u128, n % d as u128);
        }

        /// Divisors near a power of two, where digit estimates need correcting.
        #[test]
        fn div_wide_near_powers_of_two(high: u64, low: u64, k in 1u32..64, delta in 0u64..3, up: bool) {
            let p = 1u64 << k;
            let d = if up { p.saturating_add(delta) } else { p - delta.min(p - 1) };
            let high = high % d;
            let n = ((high as u128) << 64) | low as u128;
            prop_assert_eq!(div_wide(high, low, d), ((n / d as u128) as u64, (n % d as u128) as u64));
        }

        #[test]
        fn mul_div_small_divisors(a: u64, b in 0u64..1_000_000, d in 1u64..1_000_000) {
            prop_assert_eq!(mul_div_floor(a, b, d).ok(), reference(a, b, d, false));
            prop_assert_eq!(mul_div_ceil(a, b, d).ok(), reference(a, b, d, true));
        }
    }
}

//! 128-bit unsigned integers from two u64 limbs, for the cumulative funding and borrow indexes
//! (in units of 2^-60, see [`INDEX_BITS`]) and the pool-level accruals in the same units.
//!
//! Upstream LLVM's BPF backend cannot link 128-bit multiply or divide (`__multi3`, `__udivti3`),
//! and variable 128-bit shifts are not guaranteed either, so no `u128` arithmetic appears in
//! program code: every operation here is written with u64 operations and property-tested against
//! `u128` on the host. Stored in accounts as `anchor_lang::pod::PodU128` (little-endian bytes, IDL
//! type `u128`); [`U128::from_pod`] / [`U128::to_pod`] convert without touching `u128`.

use super::checked::{div_wide, wide_mul};
use anchor_lang::pod::PodU128;

/// Every cumulative index and rate is a fixed-point number with this many fractional bits: an
/// index of 2^60 (about 1.15e18) is a cumulative rate of 100%, so one unit is 8.7e-19, finer than
/// 1e18. A power of two, so scaling back to collateral units is a shift, not a 128-bit division.
pub const INDEX_BITS: u32 = 60;
/// 1.0 (100%) as an index: 2^60.
pub const INDEX_ONE: u64 = 1 << INDEX_BITS;

/// An unsigned 128-bit value as `(hi, lo)` u64 limbs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct U128 {
    /// High 64 bits.
    pub hi: u64,
    /// Low 64 bits.
    pub lo: u64,
}

impl U128 {
    /// Zero.
    pub const ZERO: U128 = U128 { hi: 0, lo: 0 };
    /// 2^128 - 1.
    pub const MAX: U128 = U128 { hi: u64::MAX, lo: u64::MAX };

    /// A u64 value.
    #[inline(always)]
    pub const fn from_u64(lo: u64) -> Self {
        U128 { hi: 0, lo }
    }

    /// Reads a stored little-endian value.
    #[inline(always)]
    pub fn from_pod(p: &PodU128) -> Self {
        let limbs: [u64; 2] = bytemuck::cast(*p);
        U128 { lo: u64::from_le(limbs[0]), hi: u64::from_le(limbs[1]) }
    }

    /// The value as stored (little-endian bytes).
    #[inline(always)]
    pub fn to_pod(self) -> PodU128 {
        bytemuck::cast([self.lo.to_le(), self.hi.to_le()])
    }

    /// `self + other`, or `None` on overflow.
    #[inline(always)]
    pub fn checked_add(self, other: U128) -> Option<U128> {
        let (lo, carry) = self.lo.overflowing_add(other.lo);
        let hi = self.hi.checked_add(other.hi)?.checked_add(u64::from(carry))?;
        Some(U128 { hi, lo })
    }

    /// `self + other`, saturating at [`U128::MAX`].
    #[inline(always)]
    pub fn saturating_add(self, other: U128) -> U128 {
        self.checked_add(other).unwrap_or(U128::MAX)
    }

    /// `self - other`, or `None` when `other > self`.
    #[inline(always)]
    pub fn checked_sub(self, other: U128) -> Option<U128> {
        let (lo, borrow) = self.lo.overflowing_sub(other.lo);
        let hi = self.hi.checked_sub(other.hi)?.checked_sub(u64::from(borrow))?;
        Some(U128 { hi, lo })
    }

    /// `self - other`, saturating at zero.
    #[inline(always)]
    pub fn saturating_sub(self, other: U128) -> U128 {
        self.checked_sub(other).unwrap_or(U128::ZERO)
    }

    /// `self * m`, or `None` when the product needs more than 128 bits.
    #[inline(always)]
    pub fn checked_mul_u64(self, m: u64) -> Option<U128> {
        let (lo_hi, lo) = wide_mul(self.lo, m);
        let (hi_hi, hi_lo) = wide_mul(self.hi, m);
        if hi_hi != 0 {
            return None;
        }
        Some(U128 { hi: hi_lo.checked_add(lo_hi)?, lo })
    }

    /// `self * m`, saturating at [`U128::MAX`].
    #[inline(always)]
    pub fn saturating_mul_u64(self, m: u64) -> U128 {
        self.checked_mul_u64(m).unwrap_or(U128::MAX)
    }

    /// `(self / d, self % d)` for `d > 0` (a 128-bit quotient).
    #[inline(always)]
    pub fn div_rem_u64(self, d: u64) -> (U128, u64) {
        let q_hi = self.hi / d;
        let r_hi = self.hi % d;
        let (q_lo, r) = if r_hi == 0 { (self.lo / d, self.lo % d) } else { div_wide(r_hi, self.lo, d) };
        (U128 { hi: q_hi, lo: q_lo }, r)
    }

    /// The value as u64, or `None` when it does not fit.
    #[inline(always)]
    pub fn to_u64(self) -> Option<u64> {
        (self.hi == 0).then_some(self.lo)
    }

    /// `self / d` rounded up when `round_up`, else down (`d > 0`), as a 128-bit value.
    #[inline(always)]
    pub fn div_u64(self, d: u64, round_up: bool) -> U128 {
        let (q, r) = self.div_rem_u64(d);
        if round_up && r > 0 {
            q.saturating_add(U128::from_u64(1))
        } else {
            q
        }
    }

    /// `self / d` rounded up (`d > 0`), saturated to u64.
    #[inline(always)]
    pub fn div_ceil_u64_saturating(self, d: u64) -> u64 {
        let (q, r) = self.div_rem_u64(d);
        let q = q.to_u64().unwrap_or(u64::MAX);
        if r > 0 {
            q.saturating_add(1)
        } else {
            q
        }
    }

    /// `self / d` rounded down (`d > 0`), saturated to u64.
    #[inline(always)]
    pub fn div_floor_u64_saturating(self, d: u64) -> u64 {
        self.div_rem_u64(d).0.to_u64().unwrap_or(u64::MAX)
    }
}

impl PartialOrd for U128 {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for U128 {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        (self.hi, self.lo).cmp(&(other.hi, other.lo))
    }
}

impl U128 {
    /// `self / 2^60` rounded up when `round_up`, else down, saturated to u64: from index units
    /// (base x index growth) back to collateral units.
    #[inline(always)]
    pub fn scale_down(self, round_up: bool) -> u64 {
        if self.hi >> INDEX_BITS != 0 {
            return u64::MAX;
        }
        let floor = (self.hi << (64 - INDEX_BITS)) | (self.lo >> INDEX_BITS);
        if round_up && self.lo & (INDEX_ONE - 1) != 0 {
            floor.saturating_add(1)
        } else {
            floor
        }
    }
}

impl U128 {
    /// Number of leading zero bits.
    #[inline(always)]
    pub fn leading_zeros(self) -> u32 {
        if self.hi == 0 {
            64 + self.lo.leading_zeros()
        } else {
            self.hi.leading_zeros()
        }
    }

    /// `self >> shift` for `shift < 64`.
    #[inline(always)]
    fn shr_small(self, shift: u32) -> U128 {
        if shift == 0 {
            return self;
        }
        U128 { hi: self.hi >> shift, lo: (self.lo >> shift) | (self.hi << (64 - shift)) }
    }

    /// `ceil(self / d)` as u64, or `None` when `d` is zero or the quotient exceeds u64.
    ///
    /// When `d` fits in u64 this is [`U128::div_rem_u64`]. Otherwise both are shifted right until
    /// `d` fits in 64 bits; the quotient of the truncated values is at most a few units from the
    /// true one, and is corrected against the exact products (`q * d <= self < (q + 1) * d`).
    pub fn div_ceil_u128(self, d: U128) -> Option<u64> {
        if d == U128::ZERO {
            return None;
        }
        if d.hi == 0 {
            let (q, r) = self.div_rem_u64(d.lo);
            let q = q.to_u64()?;
            return if r == 0 { Some(q) } else { q.checked_add(1) };
        }
        let shift = 64 - d.leading_zeros(); // 1..=64, d >> shift < 2^64
        let (n1, d1) = if shift == 64 {
            (U128::from_u64(self.hi), d.hi)
        } else {
            (self.shr_small(shift), d.shr_small(shift).lo)
        };
        let mut q = n1.div_rem_u64(d1.max(1)).0.to_u64().unwrap_or(u64::MAX);
        // Floor: step down while q * d > self, then up while (q + 1) * d <= self.
        for _ in 0..8 {
            match d.checked_mul_u64(q) {
                Some(p) if p <= self => break,
                _ => q -= 1,
            }
        }
        for _ in 0..8 {
            match q.checked_add(1).and_then(|q1| d.checked_mul_u64(q1)) {
                Some(p) if p <= self => q += 1,
                _ => break,
            }
        }
        let exact = d.checked_mul_u64(q)? == self;
        if exact {
            Some(q)
        } else {
            q.checked_add(1)
        }
    }
}

impl U128 {
    /// `ceil(self / 2)`.
    #[inline(always)]
    pub fn half_up(self) -> U128 {
        let odd = self.lo & 1;
        U128 { hi: self.hi >> 1, lo: (self.lo >> 1) | (self.hi << 63) }.saturating_add(U128::from_u64(odd))
    }

    /// An upper bound on `sqrt(self)`: `ceil(sqrt(self))` exactly below 2^64; above, `(isqrt(u) +
    /// 1) x 2^(e/2)` for `u = self >> e` with the even shift `e` that leaves `u` 63 or 64 bits, so
    /// it is at most `2^-30` above the root (relative). At most 2^64, hence 128 bits. u64
    /// arithmetic only ([`isqrt_u64`]).
    #[inline(never)]
    pub fn sqrt_up(self) -> U128 {
        if self.hi == 0 {
            let r = isqrt_u64(self.lo); // r < 2^32: r * r cannot wrap
            return U128::from_u64(r + u64::from(r.wrapping_mul(r) < self.lo));
        }
        let bits = 128 - self.leading_zeros(); // 65..=128
        let e = (bits - 63) & !1; // even, 2..=64; self >> e < 2^64
        let u = if e == 64 { self.hi } else { self.shr_small(e).lo };
        // self < (u + 1) 2^e and sqrt(u + 1) <= isqrt(u) + 1.
        let r = isqrt_u64(u) + 1; // <= 2^32
        let half = e / 2; // 1..=32
        U128 { hi: r >> (64 - half), lo: r << half }
    }
}

/// `floor(sqrt(n))`, by Newton's iteration from a power of two at or above the root, in u64
/// divisions only (core's `u64::isqrt` multiplies in 128 bits, which upstream LLVM's BPF backend
/// cannot link). Property-tested against `u64::isqrt` on the host.
pub fn isqrt_u64(n: u64) -> u64 {
    if n < 2 {
        return n;
    }
    let mut x = 1u64 << (64 - n.leading_zeros()).div_ceil(2); // >= sqrt(n), <= 2^32
    loop {
        let y = (x + n / x) / 2; // x + n / x < 2^33: no overflow
        if y >= x {
            return x;
        }
        x = y;
    }
}

/// `m x q - sub` computed in 192 bits, saturated to `[0, U128::MAX]`: a side's `OI x Q - EN^2`
/// (`math::nav`), whose product may need more than 128 bits even when the difference does not.
#[inline(always)]
pub fn mul_sub_saturating(q: U128, m: u64, sub: U128) -> U128 {
    let (h1, lo) = wide_mul(q.lo, m);
    let (h2, l2) = wide_mul(q.hi, m);
    let (mid, carry) = h1.overflowing_add(l2);
    let top = h2 + u64::from(carry); // h2 <= 2^64 - 2: no overflow
    let (lo, borrow) = lo.overflowing_sub(sub.lo);
    let (mid, b1) = mid.overflowing_sub(sub.hi);
    let (mid, b2) = mid.overflowing_sub(u64::from(borrow));
    match top.checked_sub(u64::from(b1 || b2)) {
        None => U128::ZERO,
        Some(0) => U128 { hi: mid, lo },
        Some(_) => U128::MAX,
    }
}

/// `a * a` as a 128-bit value (exact), from three 32-bit partial products instead of
/// `checked::wide_mul`'s four (and without its operand barriers): at the three squares of the NAV
/// bound it makes the program 2.2 KB smaller than `mul_u64(a, a)`, for the same compute units.
#[inline(always)]
pub fn square_u64(a: u64) -> U128 {
    const MASK: u64 = 0xFFFF_FFFF;
    let (hi, lo) = (a >> 32, a & MASK);
    // 32 x 32 bits: cannot wrap (and `wrapping_mul`, since an overflow-checked `*` is a 128-bit
    // multiply on BPF).
    let (lo_lo, cross, hi_hi) = (lo.wrapping_mul(lo), hi.wrapping_mul(lo), hi.wrapping_mul(hi));
    // a^2 = hi_hi 2^64 + 2 cross 2^32 + lo_lo; 2 cross < 2^65, so split it first.
    let (cross_lo, cross_hi) = (cross << 33, cross >> 31);
    let (low, carry) = lo_lo.overflowing_add(cross_lo);
    U128 { hi: hi_hi + cross_hi + u64::from(carry), lo: low }
}

/// `a * b` as a 128-bit value (exact).
#[inline(always)]
pub fn mul_u64(a: u64, b: u64) -> U128 {
    let (hi, lo) = wide_mul(a, b);
    U128 { hi, lo }
}

/// `a * b / d` for a u64 `a` and a 128-bit `b`, rounded up when `round_up`, saturated to u64
/// (`d > 0`).
#[inline(always)]
pub fn mul_div_saturating(a: u64, b: U128, d: u64, round_up: bool) -> u64 {
    match b.checked_mul_u64(a) {
        None => u64::MAX,
        Some(p) if round_up => p.div_ceil_u64_saturating(d),
        Some(p) => p.div_floor_u64_saturating(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn of(x: u128) -> U128 {
        U128 { hi: (x >> 64) as u64, lo: x as u64 }
    }
    fn to(x: U128) -> u128 {
        ((x.hi as u128) << 64) | x.lo as u128
    }

    #[test]
    fn scale_down_rounds_as_asked() {
        let one = 1u128 << INDEX_BITS;
        for (x, floor, ceil) in [
            (0u128, 0u64, 0u64),
            (one, 1, 1),
            (one + 1, 1, 2),
            (3 * one - 1, 2, 3),
            (u128::MAX, u64::MAX, u64::MAX),
        ] {
            assert_eq!((of(x).scale_down(false), of(x).scale_down(true)), (floor, ceil), "{x}");
        }
    }

    #[test]
    fn pod_round_trip_is_little_endian_u128() {
        let x = 0x0123_4567_89AB_CDEF_FEDC_BA98_7654_3210u128;
        let pod = of(x).to_pod();
        assert_eq!(bytemuck::bytes_of(&pod), &x.to_le_bytes());
        assert_eq!(to(U128::from_pod(&pod)), x);
    }

    proptest! {
        #[test]
        fn add_sub_match_u128(a: u128, b: u128) {
            prop_assert_eq!(of(a).checked_add(of(b)).map(to), a.checked_add(b));
            prop_assert_eq!(of(a).checked_sub(of(b)).map(to), a.checked_sub(b));
            prop_assert_eq!(to(of(a).saturating_add(of(b))), a.saturating_add(b));
            prop_assert_eq!(to(of(a).saturating_sub(of(b))), a.saturating_sub(b));
            prop_assert_eq!(of(a).cmp(&of(b)), a.cmp(&b));
        }

        #[test]
        fn mul_div_match_u128(a: u128, m: u64, d in 1u64..) {
            prop_assert_eq!(of(a).checked_mul_u64(m).map(to), a.checked_mul(m as u128));
            let (q, r) = of(a).div_rem_u64(d);
            prop_assert_eq!((to(q), r as u128), (a / d as u128, a % d as u128));
        }

        #[test]
        fn mul_div_saturating_matches_u128(a: u64, b: u128, d in 1u64..) {
            let exact = (a as u128).checked_mul(b);
            let expect = |ceil: bool| match exact {
                None => u64::MAX,
                Some(p) => {
                    let q = if ceil { p.div_ceil(d as u128) } else { p / d as u128 };
                    u64::try_from(q).unwrap_or(u64::MAX)
                }
            };
            prop_assert_eq!(mul_div_saturating(a, of(b), d, true), expect(true));
            prop_assert_eq!(mul_div_saturating(a, of(b), d, false), expect(false));
        }

        #[test]
        fn div_ceil_u128_matches_u128(n: u128, d in 1u128.., small_q: bool) {
            // Quotients that fit in u64 are the ones callers use; make them common.
            let n = if small_q { n % d.saturating_mul(1 << 40).max(1) } else { n };
            let expect = u64::try_from(n.div_ceil(d)).ok();
            prop_assert_eq!(of(n).div_ceil_u128(of(d)), expect);
        }

        #[test]
        fn div_ceil_u128_near_the_quotient_boundaries(d in 1u128 << 64..1u128 << 88, q in 0u64..1 << 40, r: u64) {
            let n = d.saturating_mul(q as u128).saturating_add((r as u128) % d);
            prop_assume!(n < u128::MAX);
            prop_assert_eq!(of(n).div_ceil_u128(of(d)), u64::try_from(n.div_ceil(d)).ok());
        }

        #[test]
        fn scale_down_matches_u128(x: u128) {
            let floor = u64::try_from(x >> INDEX_BITS).unwrap_or(u64::MAX);
            let ceil = u64::try_from(x.div_ceil(1u128 << INDEX_BITS)).unwrap_or(u64::MAX);
            prop_assert_eq!((of(x).scale_down(false), of(x).scale_down(true)), (floor, ceil));
        }

        #[test]
        fn sqrt_up_bounds_the_root_closely(x: u128, small: u64) {
            for x in [x, small as u128, x >> 60] {
                let r = to(of(x).sqrt_up());
                let floor = x.isqrt();
                prop_assert!(r * r >= x, "{} < sqrt({})", r, x);
                prop_assert!(r >= floor && r - floor <= (floor >> 30) + 1, "{} vs {}", r, floor);
                if x < 1 << 64 {
                    prop_assert_eq!(r, floor + u128::from(floor * floor < x), "exact below 2^64");
                }
            }
        }

        #[test]
        fn isqrt_u64_is_the_floor_root(n: u64, small in 0u64..100_000) {
            prop_assert_eq!(isqrt_u64(n), n.isqrt());
            prop_assert_eq!(isqrt_u64(small), small.isqrt());
            prop_assert_eq!(isqrt_u64(u64::MAX), u64::MAX.isqrt());
        }

        #[test]
        fn mul_sub_saturating_matches_wide(q: u128, m: u64, sub: u128) {
            // Exact value of m * q - sub, in 256 bits as (hi, lo) u128 pairs.
            let (qh, ql) = (q >> 64, q & u64::MAX as u128);
            let low = ql * m as u128;
            let high = qh * m as u128 + (low >> 64);
            let product_lo = (high << 64) | (low & u64::MAX as u128);
            let product_hi = high >> 64;
            let expect = if product_hi == 0 {
                product_lo.saturating_sub(sub)
            } else if product_hi == 1 && product_lo < sub {
                product_lo.wrapping_sub(sub)
            } else {
                u128::MAX
            };
            prop_assert_eq!(to(mul_sub_saturating(of(q), m, of(sub))), expect);
            prop_assert_eq!(to(of(q).half_up()), q.div_ceil(2));
            prop_assert_eq!(to(square_u64(m)), m as u128 * m as u128);
        }

        /// Small operands, where the interesting cases (exact fits, remainders) are dense.
        #[test]
        fn small_mul_div(a in 0u64..1_000_000, b in 0u128..1u128 << 70, d in 1u64..1_000_000_000_000_000_000) {
            let p = a as u128 * b;
            prop_assert_eq!(mul_div_saturating(a, of(b), d, false) as u128, (p / d as u128).min(u64::MAX as u128));
        }
    }
}

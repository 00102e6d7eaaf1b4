/** Exact integer helpers mirroring `math::checked`: `mul_div` rounding, saturation, the u64/i64 ranges (overflow throws `RangeError("MathOverflow")`), index units. */

/** Prices are collateral units per lot x 1e9. */
export const PRICE_PRECISION = 1_000_000_000n;
export const BPS = 10_000n;
export const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;

export const abs = (x: bigint) => (x < 0n ? -x : x);
export const min = (...xs: bigint[]) => xs.reduce((a, b) => (a < b ? a : b));
export const u64 = (x: bigint): bigint => {
  if (x < 0n || x > U64_MAX) throw new RangeError("MathOverflow");
  return x;
};
export const i64 = (x: bigint): bigint => {
  if (x < -I64_MAX - 1n || x > I64_MAX) throw new RangeError("MathOverflow");
  return x;
};

/** `checked::mul_div`: `a * b / d` rounded up or down; throws when the result leaves u64. */
export function mulDiv(a: bigint, b: bigint, d: bigint, roundUp: boolean): bigint {
  const p = a * b;
  return u64(roundUp ? (p + d - 1n) / d : p / d);
}
/** `checked::mul_div_saturating`: as `mulDiv`, saturating at u64::MAX. */
export function mulDivSaturating(a: bigint, b: bigint, d: bigint, roundUp: boolean): bigint {
  const p = a * b;
  return min(U64_MAX, roundUp ? (p + d - 1n) / d : p / d);
}

/** `a - b`, or 0 below zero (Rust's `saturating_sub`). */
export const sat = (a: bigint, b: bigint) => (a > b ? a - b : 0n);

/** Index units: 2^60 is 100% (`wide::INDEX_ONE`). */
export const INDEX_ONE = 1n << 60n;

/** `WideU128::scale_down`: index units back to collateral units, saturating at u64::MAX. */
export const scaleDown = (accrued: bigint, roundUp: boolean) =>
  min(U64_MAX, roundUp ? (accrued + INDEX_ONE - 1n) / INDEX_ONE : accrued / INDEX_ONE);

/** Pyth prices in program units and the confidence band (`math/price.rs`). */
import { BPS, mulDiv, u64 } from "./checked.js";

/** `price::from_pyth`: `mantissa x 10^exponent` in program units for a pool's decimals. */
export function fromPyth(
  mantissa: bigint,
  exponent: number,
  collateralDecimals: number,
  baseDecimals: number,
  roundUp: boolean,
): bigint {
  const shift = exponent + collateralDecimals - baseDecimals + 9;
  if (shift >= 0) {
    if (shift > 19) throw new RangeError("MathOverflow");
    return u64(mantissa * 10n ** BigInt(shift));
  }
  if (-shift > 19) return roundUp && mantissa > 0n ? 1n : 0n;
  return mulDiv(mantissa, 1n, 10n ** BigInt(-shift), roundUp);
}

/** A print in program units: the mid and the band edges (`price::Price`). */
export interface Band {
  mid: bigint;
  low: bigint;
  high: bigint;
}

/** `Price::from_pyth`: `low = price - k conf` rounded down (0 past zero), `high = price + k conf` rounded up. */
export function band(
  price: bigint,
  conf: bigint,
  exponent: number,
  collateralDecimals: number,
  baseDecimals: number,
  kBps: number,
): Band {
  const width = mulDiv(conf, BigInt(kBps), BPS, true);
  return {
    mid: fromPyth(price, exponent, collateralDecimals, baseDecimals, false),
    low: fromPyth(price > width ? price - width : 0n, exponent, collateralDecimals, baseDecimals, false),
    high: fromPyth(u64(price + width), exponent, collateralDecimals, baseDecimals, true),
  };
}

/** `Price::from_pyth_saturating`: the band of an order that only reduces risk, which never fails:
 * each edge saturates at u64::MAX, and below the resolution the bid is 0 while the ask is >= 1. */
export function bandSaturating(
  price: bigint,
  conf: bigint,
  exponent: number,
  collateralDecimals: number,
  baseDecimals: number,
  kBps: number,
): Band {
  const U64 = (1n << 64n) - 1n;
  const w = (conf * BigInt(kBps) + BPS - 1n) / BPS;
  const width = w > U64 ? U64 : w;
  const convert = (m: bigint, up: boolean) => {
    if (m === 0n) return 0n;
    try {
      return fromPyth(m, exponent, collateralDecimals, baseDecimals, up);
    } catch {
      return U64;
    }
  };
  return {
    mid: convert(price, false),
    low: convert(price > width ? price - width : 0n, false),
    high: convert(price + width > U64 ? U64 : price + width, true),
  };
}

/** `Price::widen`: the worse of two bands for whoever trades (a late execution's fill). */
export const widen = (a: Band, b: Band): Band => ({
  mid: b.mid,
  low: a.low < b.low ? a.low : b.low,
  high: a.high > b.high ? a.high : b.high,
});

/** The fill price of an order (`Price::fill`): buys at the high edge, sells at the low. */
export const fillPrice = (b: Band, buying: boolean) => (buying ? b.high : b.low);
/** The price a position is valued at for margin (`Price::adverse`): longs at the low edge, shorts at the high. */
export const adverse = (b: Band, base: bigint) => (base >= 0n ? b.low : b.high);

/** Pyth prices in program units and the confidence band (`math/price.rs`). */
import { BPS, mulDiv, u64 } from "./checked.js";

/** `price::from_pyth`: `mantissa x 10^exponent` in program units for a pool's decimals. */
export function fromPyth(mantissa: bigint, exponent: number, collateralDecimals: number, baseDecimals: number, roundUp: boolean): bigint {
  const shift = exponent + collateralDecimals - baseDecimals + 9;
  if (shift >= 0) {
    if (shift > 19) throw new RangeError("MathOverflow");
    return u64(mantissa * 10n ** BigInt(shift));
  }
  if (-shift > 19) return roundUp && mantissa > 0n ? 1n : 0n;
  return mulDiv(mantissa, 1n, 10n ** BigInt(-shift), roundUp);
}

/** A print in program units: the mid and the band edges (`price::Price`). */
export interface Band { mid: bigint; low: bigint; high: bigint }

/** `Price::from_pyth`: `low = price - k conf` rounded down (0 past zero), `high = price + k conf` rounded up. */
export function band(price: bigint, conf: bigint, exponent: number, collateralDecimals: number, baseDecimals: number, kBps: number): Band {
  const width = mulDiv(conf, BigInt(kBps), BPS, true);
  return {
    mid: fromPyth(price, exponent, collateralDecimals, baseDecimals, false),
    low: fromPyth(price > width ? price - width : 0n, exponent, collateralDecimals, baseDecimals, false),
    high: fromPyth(u64(price + width), exponent, collateralDecimals, baseDecimals, true),
  };
}

/** The fill price of an order (`Price::fill`): buys at the high edge, sells at the low. */
export const fillPrice = (b: Band, buying: boolean) => (buying ? b.high : b.low);
/** The price a position is valued at for margin (`Price::adverse`): longs at the low edge, shorts at the high. */
export const adverse = (b: Band, base: bigint) => (base >= 0n ? b.low : b.high);

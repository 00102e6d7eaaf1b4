/** Margin at the adverse price and free collateral (`math/margin.rs`). */
import { BPS, abs, min, mulDiv } from "./checked.js";
import { type Band, adverse } from "./price.js";
import { notional, unrealizedPnl } from "./position.js";

/** `margin::equity`: collateral plus unrealized PnL at the adverse price, profit counted as zero. */
export function marginEquity(collateral: bigint, base: bigint, entry: bigint, b: Band): bigint {
  const pnl = unrealizedPnl(base, entry, adverse(b, base));
  return collateral + (pnl < 0n ? pnl : 0n);
}
/** `margin::requirement`: `ceil(notional at the adverse price x ratio / 1e4)`. */
export const marginRequirement = (base: bigint, b: Band, ratioBps: number) =>
  mulDiv(notional(abs(base), adverse(b, base), true), BigInt(ratioBps), BPS, true);
/** `margin::meets`: whether the account meets `ratioBps` (initial or maintenance). */
export const meetsMargin = (collateral: bigint, base: bigint, entry: bigint, b: Band, ratioBps: number) =>
  marginEquity(collateral, base, entry, b) >= marginRequirement(base, b, ratioBps);
/** `margin::free_collateral`: what can be withdrawn while initial margin still holds. */
export function freeCollateral(collateral: bigint, base: bigint, entry: bigint, b: Band, imBps: number): bigint {
  const spare = marginEquity(collateral, base, entry, b) - marginRequirement(base, b, imBps);
  return spare < 0n ? 0n : min(spare, collateral);
}

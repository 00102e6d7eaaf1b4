/** Price impact from the skew potential, with the rebate cap (`math/impact.rs`, `engine/trade.rs`). */
import { i64, min, u64 } from "./checked.js";
import { notional } from "./position.js";

/** `impact::potential`: `floor(floor(s^2 / 2S) x price / 1e9)`. */
export const impactPotential = (skew: bigint, price: bigint, scale: bigint) => notional(u64((skew * skew) / (2n * scale)), price, false);
/** `impact::impact` capped as `trade::impact_of` does: `{ paid, rebate }`, the rebate at most the impact pool. */
export function impact(skew: bigint, delta: bigint, price: bigint, scale: bigint, impactPool: bigint): { paid: bigint; rebate: bigint } {
  const before = impactPotential(skew, price, scale);
  const after = impactPotential(i64(skew + delta), price, scale);
  return after > before ? { paid: after - before, rebate: 0n } : { paid: 0n, rebate: min(before - after, impactPool) };
}

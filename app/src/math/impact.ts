/** Price impact from the skew potential, against an impact pool with an owner (`math/impact.rs`, `engine/trade.rs`). */
import { i64, min, u64 } from "./checked.js";
import { notional } from "./position.js";

/** `impact::potential_lots`: `Φ(s) = floor(s^2 / 2S)` lots. */
export const impactPotentialLots = (skew: bigint, scale: bigint) => u64((skew * skew) / (2n * scale));
/** `impact::potential`: `floor(Φ(s) x price / 1e9)`. */
export const impactPotential = (skew: bigint, price: bigint, scale: bigint) =>
  notional(impactPotentialLots(skew, scale), price, false);

/**
 * `trade::impact_of`: first the impact pool's `surplus` over `f(skew)` at the fill price moves to LP capital;
 * then a widening pays `f(s1) - f(s0)`, a narrowing is rebated the rest of the pool pro rata to the potential
 * it removes (at most `f(s0) - f(s1)`), and a trade across zero is rebated the whole rest and pays `f(s1)`.
 */
export function impact(
  skew: bigint,
  delta: bigint,
  price: bigint,
  scale: bigint,
  impactPool: bigint,
): { paid: bigint; rebate: bigint; surplus: bigint } {
  const after = i64(skew + delta);
  const before = impactPotential(skew, price, scale);
  const surplus = impactPool > before ? impactPool - before : 0n;
  const balance = impactPool - surplus;
  const [lotsBefore, lotsAfter] = [impactPotentialLots(skew, scale), impactPotentialLots(after, scale)];
  const now = notional(lotsAfter, price, false);
  if ((skew > 0n && after < 0n) || (skew < 0n && after > 0n))
    return { paid: now, rebate: min(balance, before), surplus };
  const abs = (x: bigint) => (x < 0n ? -x : x);
  if (skew === 0n || abs(after) >= abs(skew)) return { paid: now - before, rebate: 0n, surplus };
  const share = lotsBefore === 0n ? 0n : (balance * (lotsBefore - lotsAfter)) / lotsBefore;
  return { paid: 0n, rebate: min(min(share, before - now), balance), surplus };
}

/** `impact::surplus`: the impact pool's balance above `f(skew)` at `price`, which an LP flow sweeps into LP capital at its pinned band's low before its NAV. */
export const impactSurplus = (impactPool: bigint, skew: bigint, price: bigint, scale: bigint) => {
  const f = impactPotential(skew, price, scale);
  return impactPool > f ? impactPool - f : 0n;
};

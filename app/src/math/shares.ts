/** LP shares minted and redeemed (`math/shares.rs`). */
import { mulDiv } from "./checked.js";

/** Shares withheld from a pool's first deposit (`shares::DEAD_LP_SHARES`). */
export const DEAD_LP_SHARES = 1_000n;
/** `shares::to_mint`: `[shares, dead]` for `amount` at `nav` with `supply` outstanding. */
export function sharesToMint(amount: bigint, supply: bigint, nav: bigint): [bigint, bigint] {
  if (supply === 0n) {
    if (amount < 10n * DEAD_LP_SHARES) throw new RangeError("FirstDepositTooSmall");
    return [amount - DEAD_LP_SHARES, DEAD_LP_SHARES];
  }
  if (nav === 0n) throw new RangeError("PoolInsolvent");
  const shares = mulDiv(amount, supply, nav, false);
  if (shares === 0n) throw new RangeError("ZeroShares");
  return [shares, 0n];
}
/** `shares::to_redeem`: collateral for burning `shares` of `supply` at `nav`, rounded down. */
export function sharesToRedeem(shares: bigint, supply: bigint, nav: bigint): bigint {
  if (nav === 0n) throw new RangeError("PoolInsolvent");
  const amount = mulDiv(shares, nav, supply, false);
  if (amount === 0n) throw new RangeError("ZeroShares");
  return amount;
}

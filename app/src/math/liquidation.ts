/** The liquidation decision, size, penalty and split (`math/liquidation.rs`). */
import { BPS, PRICE_PRECISION, U64_MAX, abs, min, mulDivSaturating } from "./checked.js";

/** An account as liquidation sees it (`liquidation::Position`). */
export interface LiquidationPosition {
  collateral: bigint;
  base: bigint;
  entry: bigint;
  locked: bigint;
}
/** A pool's liquidation terms (`liquidation::Terms`). */
export interface LiquidationTerms {
  maintenanceBps: number;
  bufferBps: number;
  penaltyBps: number;
  minPosition: bigint;
}

/** `liquidation::equity`: equity at the mid `p` in units x 1e9, profit capped at the lock (signed). */
export function liquidationEquity(pos: LiquidationPosition, p: bigint): bigint {
  const value = abs(pos.base) * p;
  const cost = pos.entry * PRICE_PRECISION;
  const [gain, loss] = pos.base >= 0n ? [value, cost] : [cost, value];
  const collateral = pos.collateral * PRICE_PRECISION;
  return gain >= loss ? collateral + min(gain - loss, pos.locked * PRICE_PRECISION) : collateral - (loss - gain);
}
/** `liquidation::is_liquidatable`: `1e4 E < MM |b| p` (a flat account never). */
export function isLiquidatable(pos: LiquidationPosition, p: bigint, maintenanceBps: number): boolean {
  if (pos.base === 0n) return false;
  const e = liquidationEquity(pos, p);
  return e < 0n || e * BPS < abs(pos.base) * p * BigInt(maintenanceBps);
}
/** `liquidation::lots_to_close`: the fewest lots that restore maintenance + buffer at fill `f`, or all. */
export function lotsToClose(pos: LiquidationPosition, t: LiquidationTerms, p: bigint, f: bigint): bigint {
  const size = abs(pos.base);
  const e = liquidationEquity(pos, p);
  if (e <= 0n) return size;
  const target = BigInt(t.maintenanceBps + t.bufferBps);
  const cost = abs(p - f) * BPS + f * BigInt(t.penaltyBps);
  const net = p * target - cost;
  if (net <= 0n) return size;
  const required = size * p * target - e * BPS;
  const needed = required > 0n ? required : 0n;
  const delta = (needed + net - 1n) / net;
  return delta < size && size - delta >= t.minPosition ? delta : size;
}
/** `liquidation::penalty`: `min(ceil(pen x notional), equity after, collateral after)`. */
export function liquidationPenalty(
  closed: bigint,
  f: bigint,
  penaltyBps: number,
  equityAfter: bigint,
  collateralAfter: bigint,
): bigint {
  return min(
    mulDivSaturating(mulDivSaturating(closed, f, PRICE_PRECISION, true), BigInt(penaltyBps), BPS, true),
    equityAfter,
    collateralAfter,
  );
}
/** `liquidation::split_penalty`: `(liquidator, insurance)`, the liquidator's part rounded down. */
export function splitPenalty(penalty: bigint, shareBps: number): [bigint, bigint] {
  const reward = min(mulDivSaturating(penalty, BigInt(shareBps), BPS, false), penalty);
  return [reward, penalty - reward];
}
/** `liquidation::lots_for_reward`: the fewest lots whose penalty share is at least `reserve`: `ceil(reserve 1e8 / (share pen))` of notional in lots at `f`, rounded up (`U64_MAX`: all). */
export function lotsForReward(reserve: bigint, penaltyBps: number, shareBps: number, f: bigint): bigint {
  if (f === 0n || penaltyBps === 0 || shareBps === 0) return U64_MAX;
  const notional = mulDivSaturating(reserve, BPS * BPS, BigInt(shareBps) * BigInt(penaltyBps), true);
  return mulDivSaturating(notional, PRICE_PRECISION, f, true);
}
/**
 * `engine::liquidation`'s size: [`lotsToClose`], and a partial one at least [`lotsForReward`] lots of the position's
 * `reserve` (or all, when the rest would be below the minimum position).
 */
export function liquidationLots(
  pos: LiquidationPosition,
  t: LiquidationTerms,
  p: bigint,
  f: bigint,
  reserve: bigint,
  liquidationPenaltyBps: number,
  shareBps: number,
): bigint {
  const size = abs(pos.base);
  const n = lotsToClose(pos, t, p, f);
  if (n >= size) return n;
  const floor = lotsForReward(reserve, liquidationPenaltyBps, shareBps, f);
  const m = n > floor ? n : floor;
  return m < size && size - m >= t.minPosition ? m : size;
}

/** Fills, cost basis and realized PnL (`math/position.rs`), the payoff lock and the taker fee (`engine/trade.rs`). */
import { BPS, PRICE_PRECISION, abs, i64, min, mulDiv, mulDivSaturating, u64 } from "./checked.js";

/** `position::notional`: the value of `lots` at `price` (collateral units). */
export const notional = (lots: bigint, price: bigint, roundUp: boolean) =>
  mulDiv(lots, price, PRICE_PRECISION, roundUp);

/** What a fill does to a position (`position::Fill`). */
export interface Fill {
  basePosition: bigint;
  entryNotional: bigint;
  closed: bigint;
  profit: bigint;
  loss: bigint;
}

/** `position::fill`: `delta` lots (> 0 buy) at `price` against a position of `base` lots with cost basis `entry`. */
export function fill(base: bigint, entry: bigint, delta: bigint, price: bigint): Fill {
  const buying = delta > 0n;
  const size = abs(delta);
  const basePosition = i64(base + delta);
  if (base === 0n || base > 0n === buying) {
    return {
      basePosition,
      entryNotional: u64(entry + notional(size, price, buying)),
      closed: 0n,
      profit: 0n,
      loss: 0n,
    };
  }
  const held = abs(base);
  const closed = min(size, held);
  const long = base > 0n;
  const removed = mulDiv(entry, closed, held, long);
  const value = mulDivSaturating(closed, price, PRICE_PRECISION, !long);
  const [gain, cost] = long ? [value, removed] : [removed, value];
  let entryNotional = entry - removed;
  const opened = size - closed;
  if (opened > 0n) entryNotional = notional(opened, price, buying);
  return {
    basePosition,
    entryNotional,
    closed,
    profit: gain > cost ? gain - cost : 0n,
    loss: cost > gain ? cost - gain : 0n,
  };
}

/** `position::unrealized_pnl`: a long valued rounded down, a short's buy-back rounded up. */
export function unrealizedPnl(base: bigint, entry: bigint, price: bigint): bigint {
  return base >= 0n ? notional(abs(base), price, false) - entry : entry - notional(abs(base), price, true);
}

/** `trade::payoff_lock`: `floor(max_payoff_bps x entry / 1e4)`, the lock a risk-increasing fill adds for `entry` more entry notional. */
export const payoffLock = (entry: bigint, maxPayoffBps: number) => mulDiv(entry, BigInt(maxPayoffBps), BPS, false);

/**
 * `trade::next_lock`: a position's lock after `f` (held `held` lots, entry `entry`, lock `lock`)
 * and what it released. A cap set at open never grows: an open or an increase adds
 * `payoffLock(added entry)`; a reduce of `c` lots keeps `lock - floor(lock x c / held)`; a close
 * or a flip releases all (a flip's new side locks `payoffLock` of its entry).
 */
export function nextLock(
  held: bigint,
  entry: bigint,
  lock: bigint,
  f: Fill,
  maxPayoffBps: number,
): { lock: bigint; released: bigint } {
  if (f.closed === 0n)
    return {
      lock: u64(lock + payoffLock(f.entryNotional > entry ? f.entryNotional - entry : 0n, maxPayoffBps)),
      released: 0n,
    };
  if (f.closed === held)
    return { lock: f.basePosition === 0n ? 0n : payoffLock(f.entryNotional, maxPayoffBps), released: lock };
  const released = mulDiv(lock, f.closed, held, false);
  return { lock: lock - released, released };
}

/** The taker fee of a fill (`trade::apply`): `ceil(ceil(lots x fill / 1e9) x fee_bps / 1e4)`. */
export function takerFee(lots: bigint, fill: bigint, takerFeeBps: number): bigint {
  return mulDiv(mulDivSaturating(abs(lots), fill, PRICE_PRECISION, true), BigInt(takerFeeBps), BPS, true);
}

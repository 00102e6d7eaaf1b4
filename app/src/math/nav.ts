/** The LP NAVs from the sides' aggregates (`math/nav.rs`, `engine/nav.rs`). */
import { BPS, U64_MAX, min, mulDiv, sat, scaleDown, u64 } from "./checked.js";
import type { Band } from "./price.js";
import { notional } from "./position.js";

/** One side's aggregates as the NAVs read them (`nav::SideBook`). */
export interface SideBook { openInterest: bigint; entryNotional: bigint; locked: bigint; positions: bigint; entryPriceLow: bigint; entryPriceHigh: bigint }

/** `nav::long_gain`: an upper bound on the long side's unrealized profit at `p`. */
function longGain(oi: bigint, en: bigint, lo: bigint, hi: bigint, p: bigint): bigint {
  if (oi === 0n || p <= lo) return 0n;
  if (p >= hi) return sat(notional(oi, p, true), en);
  return mulDiv(sat(notional(oi, hi, true), en), p - lo, hi - lo, true);
}
/** `nav::short_gain`: an upper bound on the short side's unrealized profit at `p`. */
function shortGain(oi: bigint, en: bigint, lo: bigint, hi: bigint, p: bigint): bigint {
  if (oi === 0n || p >= hi) return 0n;
  if (p <= lo) return sat(en, notional(oi, p, false));
  return mulDiv(sat(en, notional(oi, lo, false)), hi - p, hi - lo, true);
}
const scaled = (x: bigint, factorBps: bigint, roundUp: boolean) => mulDiv(x, factorBps, BPS, roundUp);

/** `SideBook::excess_bound`: an upper bound on the side's profit beyond its payoff caps at `p`. */
function excessBound(s: SideBook, long: boolean, p: bigint, maxPayoffBps: number): bigint {
  const m = BigInt(maxPayoffBps);
  let gain: bigint;
  if (long) {
    const f = BPS + m;
    gain = longGain(s.openInterest, scaled(s.entryNotional, f, false), scaled(s.entryPriceLow, f, false), scaled(s.entryPriceHigh, f, true), p);
  } else if (m >= BPS) {
    gain = 0n;
  } else {
    const f = BPS - m;
    gain = shortGain(s.openInterest, scaled(s.entryNotional, f, true), scaled(s.entryPriceLow, f, false), scaled(s.entryPriceHigh, f, true), p);
  }
  return u64(gain + s.positions);
}
/** `SideBook::owed_at_most`: the most the side can take from the LPs at `p`, `min(L, G(p))`. */
export function owedAtMost(s: SideBook, long: boolean, p: bigint): bigint {
  const g = long ? longGain(s.openInterest, s.entryNotional, s.entryPriceLow, s.entryPriceHigh, p)
    : shortGain(s.openInterest, s.entryNotional, s.entryPriceLow, s.entryPriceHigh, p);
  return min(g, s.locked);
}
/** `SideBook::owed_at_least`: the least the side owes the LPs at `p`, as `{ owed, credit }` (one is zero). */
export function owedAtLeast(s: SideBook, long: boolean, p: bigint, maxPayoffBps: number): { owed: bigint; credit: bigint } {
  const slack = sat(s.positions, 1n);
  const excess = excessBound(s, long, p, maxPayoffBps);
  const [owedV, credit] = long
    ? [notional(s.openInterest, p, false), u64(s.entryNotional + slack + excess)]
    : [s.entryNotional, u64(notional(s.openInterest, p, true) + slack + excess)];
  return { owed: sat(owedV, credit), credit: sat(credit, owedV) };
}

/**
 * `engine::nav::lp_navs`: the redeem NAV (never above the true value; what an exiting LP is paid
 * against) and the mint NAV (never below it; what an entering LP pays against), at the print's
 * band, from the pool's state after accrual (collateral units; aggregates in index units).
 */
export function lpNavs(state: { lpCapital: bigint; traderCollateral: bigint; feesReceivable: bigint; fundingPayable: bigint;
  long: SideBook; short: SideBook }, b: Band, maxPayoffBps: number): { redeem: bigint; mint: bigint } {
  const S = (a: bigint, x: bigint) => min(U64_MAX, a + x);
  const redeem = sat(sat(sat(state.lpCapital, scaleDown(state.fundingPayable, true)), owedAtMost(state.long, true, b.high)),
    owedAtMost(state.short, false, b.low));
  const longOwes = owedAtLeast(state.long, true, b.low, maxPayoffBps);
  const shortOwes = owedAtLeast(state.short, false, b.high, maxPayoffBps);
  const assets = S(S(S(S(state.lpCapital, scaleDown(state.feesReceivable, true)), state.long.positions + state.short.positions),
    longOwes.credit), shortOwes.credit);
  const mint = min(sat(assets, S(longOwes.owed, shortOwes.owed)), S(state.lpCapital, state.traderCollateral));
  return { redeem, mint };
}

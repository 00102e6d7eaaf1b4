/** The LP NAVs from the sides' aggregates (`math/nav.rs`, `engine/nav.rs`), exact in bigint (the
 * program computes them in 128 bits, where none of these values saturates). */
import { BPS, U64_MAX, min, mulDivSaturating, sat, scaleDown } from "./checked.js";
import type { Band } from "./price.js";

/** One side's aggregates as the NAVs read them (`nav::SideBook`). */
export interface SideBook {
  openInterest: bigint; entryNotional: bigint; locked: bigint; positions: bigint; entryPriceLow: bigint; entryPriceHigh: bigint;
  /** Every position's lock is at least `lockFloorBps x EN / 1e4 - 1` (bps). */
  lockFloorBps: bigint;
}

const ceilDiv = (a: bigint, d: bigint) => (a + d - 1n) / d;
/** `nav::value`: `lots x p / 1e9` rounded as asked, exact. */
const value = (lots: bigint, p: bigint, up: boolean) => (up ? ceilDiv(lots * p, 1_000_000_000n) : (lots * p) / 1_000_000_000n);

/** `nav::lock_ratio_bps`: `floor((lock + 1) x 1e4 / max(entry, 1))`, saturating. */
export const lockRatioBps = (lock: bigint, entry: bigint) => mulDivSaturating(lock + 1n, BPS, entry > 0n ? entry : 1n, false);

/** `nav::long_gain`: an upper bound on the long side's unrealized profit at `p`. */
function longGain(oi: bigint, en: bigint, lo: bigint, hi: bigint, p: bigint): bigint {
  if (oi === 0n || p <= lo) return 0n;
  if (p >= hi) return sat(value(oi, p, true), en);
  return ceilDiv(sat(value(oi, hi, true), en) * (p - lo), hi - lo);
}
/** `nav::short_gain`: an upper bound on the short side's unrealized profit at `p`. */
function shortGain(oi: bigint, en: bigint, lo: bigint, hi: bigint, p: bigint): bigint {
  if (oi === 0n || p >= hi) return 0n;
  if (p <= lo) return sat(en, value(oi, p, false));
  return ceilDiv(sat(en, value(oi, lo, false)) * (hi - p), hi - lo);
}
const gain = (s: SideBook, long: boolean, p: bigint) =>
  (long ? longGain : shortGain)(s.openInterest, s.entryNotional, s.entryPriceLow, s.entryPriceHigh, p);

/** `SideBook::excess_bound`: an upper bound on the side's profit beyond its caps at `p`, from its
 * lock floor `r`: the side's gain bound at `p / (1 + r)` (long) or `p / (1 - r)` (short), scaled back. */
function excessBound(s: SideBook, long: boolean, p: bigint): bigint {
  const r = s.lockFloorBps;
  let g: bigint;
  if (long) {
    const f = BPS + r;
    g = ceilDiv(gain(s, true, mulDivSaturating(p, BPS, f, true)) * f, BPS);
  } else if (r >= BPS) {
    g = 0n;
  } else {
    const f = BPS - r;
    const q = (p * BPS) / f;
    g = q > U64_MAX ? 0n : ceilDiv(gain(s, false, q) * f, BPS);
  }
  return g + s.positions;
}
/** `SideBook::owed_at_most`: the most the side can take from the LPs at `p`, `min(L, G(p))`. */
export function owedAtMost(s: SideBook, long: boolean, p: bigint): bigint {
  return min(gain(s, long, p), s.locked);
}
/** `SideBook::owed_at_least`: the least the side owes the LPs at `p`, as `{ owed, credit }` (one is
 * zero; `owed` at most the side's locks). */
export function owedAtLeast(s: SideBook, long: boolean, p: bigint): { owed: bigint; credit: bigint } {
  const slack = sat(s.positions, 1n);
  const excess = excessBound(s, long, p);
  const [owedV, credit] = long
    ? [value(s.openInterest, p, false), s.entryNotional + slack + excess]
    : [s.entryNotional, value(s.openInterest, p, true) + slack + excess];
  return { owed: min(sat(owedV, credit), s.locked), credit: sat(credit, owedV) };
}

/** The pool's state the NAVs read (after accrual; aggregates in index units). */
export interface NavState {
  lpCapital: bigint; traderCollateral: bigint; feesReceivable: bigint; fundingPayable: bigint; long: SideBook; short: SideBook;
}

/**
 * `engine::nav::lp_navs`: the redeem NAV (never above the true value; what an exiting LP is paid
 * against) and the mint NAV (never below it; what an entering LP pays against), at the print's
 * band (collateral units).
 */
export function lpNavs(state: NavState, b: Band): { redeem: bigint; mint: bigint } {
  const redeem = sat(sat(sat(state.lpCapital, scaleDown(state.fundingPayable, true)), owedAtMost(state.long, true, b.high)),
    owedAtMost(state.short, false, b.low));
  const longOwes = owedAtLeast(state.long, true, b.low);
  const shortOwes = owedAtLeast(state.short, false, b.high);
  const assets = state.lpCapital + scaleDown(state.feesReceivable, true) + state.long.positions + state.short.positions
    + longOwes.credit + shortOwes.credit;
  const mint = min(sat(assets, longOwes.owed + shortOwes.owed), min(U64_MAX, state.lpCapital + state.traderCollateral));
  return { redeem, mint };
}

/** `engine::nav::lp_navs_at`: an LP flow's NAVs at its pinned band, or when late the worse of the
 * two bands' for the LP who acts (the higher mint, the lower redeem). */
export function lpNavsAt(state: NavState, pinned: Band, late?: Band): { redeem: bigint; mint: bigint } {
  const a = lpNavs(state, pinned);
  if (!late) return a;
  const b = lpNavs(state, late);
  return { redeem: min(a.redeem, b.redeem), mint: a.mint > b.mint ? a.mint : b.mint };
}

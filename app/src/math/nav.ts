/** The LP NAVs from the sides' aggregates (`math/nav.rs`, `engine/nav.rs`), exact in bigint (the
 * program computes them in 128 bits, where none of these values saturates). */
import { BPS, U64_MAX, min, mulDivSaturating, sat, scaleDown } from "./checked.js";
import type { Band } from "./price.js";

/** One side's aggregates as the NAVs read them (`nav::SideBook`). */
export interface SideBook {
  openInterest: bigint;
  entryNotional: bigint;
  locked: bigint;
  positions: bigint;
  /** `Q = Σ ceil(EN_i^2 / s_i)`: collateral units squared per lot. */
  entrySquare: bigint;
  /** Every position's lock is at least `lockFloorBps x EN / 1e4 - 1` (bps). */
  lockFloorBps: bigint;
}

const ceilDiv = (a: bigint, d: bigint) => (a + d - 1n) / d;
/** `nav::value`: `lots x p / 1e9` rounded as asked, exact. */
const value = (lots: bigint, p: bigint, up: boolean) =>
  up ? ceilDiv(lots * p, 1_000_000_000n) : (lots * p) / 1_000_000_000n;
const U128_MAX = (1n << 128n) - 1n;
const clamp128 = (x: bigint) => (x < 0n ? 0n : x > U128_MAX ? U128_MAX : x);

/** `nav::lock_ratio_bps`: `floor((lock + 1) x 1e4 / max(entry, 1))`, saturating. */
export const lockRatioBps = (lock: bigint, entry: bigint) =>
  mulDivSaturating(lock + 1n, BPS, entry > 0n ? entry : 1n, false);

/** `nav::square_term`: one position's term of its side's `Q`, an upper bound on `entry^2 / lots`
 * (the fraction `entry % lots / lots` in 32 bits, rounded up, below 2^32 lots; exact above). */
export function squareTerm(lots: bigint, entry: bigint): bigint {
  const l = lots > 0n ? lots : 1n;
  if (l >= 1n << 32n) return ceilDiv(entry * entry, l);
  const [whole, rest] = [entry / l, entry % l];
  if (rest === 0n) return entry * whole;
  const f = ceilDiv(rest << 32n, l);
  return entry * whole + ceilDiv(entry * f, 1n << 32n);
}

/** `floor(sqrt(x))` for `x >= 0` (Newton). */
function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = 1n << BigInt((x.toString(2).length + 1) >> 1);
  for (;;) {
    const next = (r + x / r) >> 1n;
    if (next >= r) return r;
    r = next;
  }
}
/** `U128::sqrt_up`: exact `ceil(sqrt(x))` below 2^64, else `(isqrt(x >> e) + 1) << e/2`. */
function sqrtUp(x: bigint): bigint {
  if (x < 1n << 64n) {
    const r = isqrt(x);
    return r * r < x ? r + 1n : r;
  }
  const bits = BigInt(x.toString(2).length);
  const e = (bits - 63n) & ~1n;
  return (isqrt(x >> e) + 1n) << (e / 2n);
}
const halfUp = (x: bigint) => (x + 1n) >> 1n;
/** `nav::scaled_up`: `ceil(x x num / den)`, or `U128::MAX` when the product leaves 128 bits. */
const scaledUp = (x: bigint, num: bigint, den: bigint) => (x * num > U128_MAX ? U128_MAX : ceilDiv(x * num, den));

/** `nav::second_moment_gain`: `ceil((A + sqrt(V + A^2)) / 2)` for `A = gain - loss`. */
function secondMomentGain(gain: bigint, loss: bigint, v: bigint): bigint {
  const a = gain > loss ? gain : loss;
  const w = a < 1n << 64n ? a * a + v : undefined;
  if (w !== undefined && w <= U128_MAX)
    return loss === 0n ? clamp128(halfUp(clamp128(gain + sqrtUp(w)))) : halfUp(sat(sqrtUp(w), loss));
  if (loss === 0n) return U128_MAX;
  if (loss < 1n << 64n) return ceilDiv(ceilDiv(v, loss), 4n);
  return (v >> 66n) + 1n;
}
/** `SideBook::gain_bound`: an upper bound on the side's unrealized profit at `p` (second moment). */
function gain(s: SideBook, long: boolean, p: bigint): bigint {
  if (s.openInterest === 0n) return 0n;
  const val = value(s.openInterest, p, long);
  const [g, l] = long
    ? [sat(val, s.entryNotional), sat(s.entryNotional, val)]
    : [sat(s.entryNotional, val), sat(val, s.entryNotional)];
  const v = clamp128(s.openInterest * s.entrySquare - s.entryNotional * s.entryNotional);
  return secondMomentGain(g, l, v);
}

/** `SideBook::excess_bound`: an upper bound on the side's profit beyond its caps at `p`, from its
 * lock floor `r`: the side's gain bound at `p / (1 + r)` (long) or `p / (1 - r)` (short), scaled back. */
function excessBound(s: SideBook, long: boolean, p: bigint): bigint {
  const r = s.lockFloorBps;
  let g: bigint;
  if (long) {
    const f = BPS + r;
    g = scaledUp(gain(s, true, mulDivSaturating(p, BPS, f, true)), f, BPS);
  } else if (r >= BPS) {
    g = 0n;
  } else {
    const f = BPS - r;
    const q = (p * BPS) / f;
    g = q > U64_MAX ? 0n : scaledUp(gain(s, false, q), f, BPS);
  }
  return clamp128(g + s.positions);
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
  lpCapital: bigint;
  traderCollateral: bigint;
  sponsorCapital: bigint;
  insuranceFund: bigint;
  /** Funding claims the pool owes accounts (`unpaid_funding`): both NAVs subtract them. */
  unpaidFunding: bigint;
  feesReceivable: bigint;
  fundingPayable: bigint;
  long: SideBook;
  short: SideBook;
}

/**
 * `engine::nav::lp_navs`: the redeem NAV (never above the true value; what an exiting LP is paid
 * against) and the mint NAV (never below it; what an entering LP pays against), at the print's
 * band (collateral units).
 */
export function lpNavs(state: NavState, b: Band): { redeem: bigint; mint: bigint } {
  const redeem = sat(
    sat(
      sat(sat(state.lpCapital, scaleDown(state.fundingPayable, true)), state.unpaidFunding),
      owedAtMost(state.long, true, b.high),
    ),
    owedAtMost(state.short, false, b.low),
  );
  const longOwes = owedAtLeast(state.long, true, b.low);
  const shortOwes = owedAtLeast(state.short, false, b.high);
  const assets =
    state.lpCapital +
    scaleDown(state.feesReceivable, true) +
    state.long.positions +
    state.short.positions +
    longOwes.credit +
    shortOwes.credit;
  const ceiling = state.lpCapital + state.traderCollateral + state.sponsorCapital + state.insuranceFund;
  const mint = min(sat(assets, longOwes.owed + shortOwes.owed + state.unpaidFunding), ceiling);
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

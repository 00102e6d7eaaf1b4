/** Funding and borrow: rates, index accrual, settlement and the pool aggregates (`math/funding.rs`, `engine/funding.rs`). */
import { BPS, U64_MAX, abs, min, mulDiv, scaleDown } from "./checked.js";

const SECONDS_PER_YEAR = 31_536_000n;
/** One bp a year per second in index units, times 2^20, rounded down (`funding::BPS_RATE`). */
const BPS_RATE = (1n << 80n) / (BPS * SECONDS_PER_YEAR);

/** `funding::rate_from_bps`: `bps` a year as a per-second rate in index units, rounded down. */
export const rateFromBps = (bpsPerYear: number) => (BigInt(bpsPerYear) * BPS_RATE) >> 20n;

/** A pool's borrow curve (`funding::BorrowCurve`): rates in bps a year, the kink in bps. */
export interface BorrowCurve {
  baseBps: number;
  optimalBps: number;
  maxBps: number;
  optimalUtilisationBps: number;
}

/** `funding::borrow_rate`: the kinked curve at utilisation `locked / lpCapital` (100% when no capital). */
export function borrowRate(curve: BorrowCurve, locked: bigint, lpCapital: bigint): bigint {
  const FULL = BPS * BPS;
  const u = lpCapital === 0n || locked >= lpCapital ? FULL : mulDiv(locked, FULL, lpCapital, false);
  const kink = BigInt(curve.optimalUtilisationBps) * BPS;
  const [base, optimal, max] = [rateFromBps(curve.baseBps), rateFromBps(curve.optimalBps), rateFromBps(curve.maxBps)];
  return u <= kink
    ? base + mulDiv(optimal - base, u, kink, false)
    : optimal + mulDiv(max - optimal, u - kink, FULL - kink, false);
}

/** `funding::funding_rate`: `max x |OI_L - OI_S| / (OI_L + OI_S)` per second (the sides' lots), rounded down. */
export function fundingRate(maxBpsPerYear: number, lotsLong: bigint, lotsShort: bigint): bigint {
  const total = lotsLong + lotsShort;
  return total === 0n ? 0n : mulDiv(rateFromBps(maxBpsPerYear), abs(lotsLong - lotsShort), total, false);
}

const U128_MAX = (1n << 128n) - 1n;
/** `funding::light_growth`: the lighter side's received growth, `growth x min(1, EN_h / EN_l)`, rounded down. */
export function lightGrowth(growth: bigint, heavyEntry: bigint, lightEntry: bigint): bigint {
  if (lightEntry <= heavyEntry) return growth;
  const p = growth * heavyEntry;
  return p <= U128_MAX ? p / lightEntry : min(U128_MAX, (growth / lightEntry) * heavyEntry);
}

/** `funding::owed`: what `base` owes for index growth `growth` (collateral units, rounded up). */
export const owed = (base: bigint, growth: bigint) => scaleDown(base * growth, true);
/** `funding::received`: what `base` receives for `growth` (rounded down). */
export const received = (base: bigint, growth: bigint) => scaleDown(base * growth, false);

/** The indexes `engine::funding::accrue` moves, before and after. */
export interface Indexes {
  longBorrow: bigint;
  shortBorrow: bigint;
  longPaid: bigint;
  longReceived: bigint;
  shortPaid: bigint;
  shortReceived: bigint;
}

/** What accrual reads of a pool's state: capital for the borrow fee, the sides' lots and entry notionals for funding. */
export interface AccrualState {
  locked: bigint;
  lockedLong: bigint;
  lockedShort: bigint;
  lpCapital: bigint;
  lotsLong: bigint;
  lotsShort: bigint;
  entryLong: bigint;
  entryShort: bigint;
}

/** The locks of the sides that pay borrow: a side with at least as many lots as the other (both when equal). */
export function payingLocks(s: {
  lockedLong: bigint;
  lockedShort: bigint;
  lotsLong: bigint;
  lotsShort: bigint;
}): bigint {
  return (s.lotsLong >= s.lotsShort ? s.lockedLong : 0n) + (s.lotsShort >= s.lotsLong ? s.lockedShort : 0n);
}

/**
 * `engine::funding::accrue`, its indexes only: over `elapsed` seconds at the rates of the state
 * before (`locked` and `lpCapital` for the borrow rate, paid by a side with at least as many lots as
 * the other; the sides' lots for funding's rate and direction: the side with more lots pays on its
 * entry notional, the other receives at most as much).
 */
export function accrueIndexes(
  i: Indexes,
  elapsed: bigint,
  state: AccrualState,
  config: { curve: BorrowCurve; maxFundingBpsPerYear: number },
): Indexes {
  const out = { ...i };
  if (elapsed <= 0n) return out;
  // Only a side with at least as many lots as the other pays borrow (the lighter side none), at
  // the rate of the paying locks' utilisation.
  const paying = payingLocks(state);
  if (paying > 0n) {
    const growth = borrowRate(config.curve, paying, state.lpCapital) * elapsed;
    if (state.lotsLong >= state.lotsShort) out.longBorrow += growth;
    if (state.lotsShort >= state.lotsLong) out.shortBorrow += growth;
  }
  if (state.lotsLong !== state.lotsShort) {
    const growth = fundingRate(config.maxFundingBpsPerYear, state.lotsLong, state.lotsShort) * elapsed;
    if (state.lotsLong > state.lotsShort) {
      out.longPaid += growth;
      out.shortReceived += lightGrowth(growth, state.entryLong, state.entryShort);
    } else {
      out.shortPaid += growth;
      out.longReceived += lightGrowth(growth, state.entryShort, state.entryLong);
    }
  }
  return out;
}

/**
 * `engine::funding::settle`'s amounts: what an account of `entry` notional and `locked` capital
 * owes (funding paid + borrow, each rounded up) and receives (rounded down) between its snapshots
 * and the current indexes of its side.
 */
export function settlement(
  entry: bigint,
  locked: bigint,
  now: { paid: bigint; received: bigint; borrow: bigint },
  snapshot: { paid: bigint; received: bigint; borrow: bigint },
): { owed: bigint; received: bigint } {
  const sub = (a: bigint, b: bigint) => (a > b ? a - b : 0n);
  return {
    owed: min(U64_MAX, owed(entry, sub(now.paid, snapshot.paid)) + owed(locked, sub(now.borrow, snapshot.borrow))),
    received: received(entry, sub(now.received, snapshot.received)),
  };
}

/**
 * `engine::funding::accrue`'s pool aggregates, in index units: `feesReceivable` (what positions
 * owe LP capital: the borrow fee on locked capital and the heavier side's funding) and
 * `fundingPayable` (what LP capital owes the lighter side).
 */
export function accrueAggregates(
  agg: { feesReceivable: bigint; fundingPayable: bigint },
  before: Indexes,
  after: Indexes,
  state: { lockedLong: bigint; lockedShort: bigint; entryLong: bigint; entryShort: bigint },
): { feesReceivable: bigint; fundingPayable: bigint } {
  // Only the paying sides' paid and borrow indexes and the other's received index moved.
  const d = (a: bigint, b: bigint) => a - b;
  return {
    feesReceivable:
      agg.feesReceivable +
      state.lockedLong * d(after.longBorrow, before.longBorrow) +
      state.lockedShort * d(after.shortBorrow, before.shortBorrow) +
      state.entryLong * d(after.longPaid, before.longPaid) +
      state.entryShort * d(after.shortPaid, before.shortPaid),
    fundingPayable:
      agg.fundingPayable +
      state.entryLong * d(after.longReceived, before.longReceived) +
      state.entryShort * d(after.shortReceived, before.shortReceived),
  };
}

/** The funding terms of a pool's `RiskConfig` (the generated type's field names). */
export function fundingTermsOf(c: {
  borrowRateBaseBpsPerYear: number;
  borrowRateOptimalBpsPerYear: number;
  borrowRateMaxBpsPerYear: number;
  optimalUtilisationBps: number;
  maxFundingRateBpsPerYear: number;
}) {
  return {
    curve: {
      baseBps: c.borrowRateBaseBpsPerYear,
      optimalBps: c.borrowRateOptimalBpsPerYear,
      maxBps: c.borrowRateMaxBpsPerYear,
      optimalUtilisationBps: c.optimalUtilisationBps,
    } as BorrowCurve,
    maxFundingBpsPerYear: c.maxFundingRateBpsPerYear,
  };
}

/** A side of a pool's market as accrual reads it (the generated `SideState`'s field names). */
interface AccrualSide {
  fundingPaidIndex: bigint;
  fundingReceivedIndex: bigint;
  borrowIndex: bigint;
  openInterest: bigint;
  entryNotional: bigint;
  locked: bigint;
}

/** What `engine::funding::accrue` reads from a pool (its market and LP capital): the indexes and the state. */
export function accrualInputsOf(pool: {
  market: { long: AccrualSide; short: AccrualSide };
  book: { lpCapital: bigint };
}) {
  const { market: m, book } = pool;
  return {
    indexes: {
      longBorrow: m.long.borrowIndex,
      shortBorrow: m.short.borrowIndex,
      longPaid: m.long.fundingPaidIndex,
      longReceived: m.long.fundingReceivedIndex,
      shortPaid: m.short.fundingPaidIndex,
      shortReceived: m.short.fundingReceivedIndex,
    } as Indexes,
    state: {
      locked: m.long.locked + m.short.locked,
      lockedLong: m.long.locked,
      lockedShort: m.short.locked,
      lpCapital: book.lpCapital,
      lotsLong: m.long.openInterest,
      lotsShort: m.short.openInterest,
      entryLong: m.long.entryNotional,
      entryShort: m.short.entryNotional,
    } as AccrualState,
  };
}

/**
 * `engine::funding::settle`'s amounts for one margin account (the generated type's field names)
 * at indexes `now`: its side's funding and borrow indexes since its snapshots; nothing for a
 * flat account.
 */
export function accountSettlement(
  now: Indexes,
  m: {
    basePosition: bigint;
    entryNotional: bigint;
    locked: bigint;
    fundingPaidSnapshot: bigint;
    fundingReceivedSnapshot: bigint;
    borrowIndexSnapshot: bigint;
  },
): { owed: bigint; received: bigint } {
  if (m.basePosition === 0n) return { owed: 0n, received: 0n };
  const long = m.basePosition > 0n;
  return settlement(
    m.entryNotional,
    m.locked,
    {
      paid: long ? now.longPaid : now.shortPaid,
      received: long ? now.longReceived : now.shortReceived,
      borrow: long ? now.longBorrow : now.shortBorrow,
    },
    { paid: m.fundingPaidSnapshot, received: m.fundingReceivedSnapshot, borrow: m.borrowIndexSnapshot },
  );
}

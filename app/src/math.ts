/**
 * The program's math, mirrored in exact bigint arithmetic so a client can predict an execution
 * before it lands: prices and the confidence band (math/price.rs), fills and cost basis
 * (math/position.rs), the payoff lock and taker fee (engine/trade.rs), margin at the adverse price
 * (math/margin.rs), price impact (math/impact.rs), liquidation (math/liquidation.rs), LP shares
 * (math/shares.rs), funding and borrow: rates, index accrual and settlement (math/funding.rs,
 * engine/funding.rs), and the LP NAVs from the sides' aggregates (math/nav.rs, engine/nav.rs). Every function rounds exactly as its Rust twin (named in its comment);
 * tests/ts/math.test.ts checks them against the real .so on random inputs.
 *
 * Units: amounts in collateral units (the mint's smallest unit), sizes in lots, prices in
 * collateral units per lot x 1e9 (`PRICE_PRECISION`), ratios in bps. Where the program fails with
 * `MathOverflow` these throw a `RangeError`.
 */

/** Prices are collateral units per lot x 1e9. */
export const PRICE_PRECISION = 1_000_000_000n;
export const BPS = 10_000n;
const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;

const abs = (x: bigint) => (x < 0n ? -x : x);
const min = (...xs: bigint[]) => xs.reduce((a, b) => (a < b ? a : b));
const u64 = (x: bigint): bigint => {
  if (x < 0n || x > U64_MAX) throw new RangeError("MathOverflow");
  return x;
};
const i64 = (x: bigint): bigint => {
  if (x < -I64_MAX - 1n || x > I64_MAX) throw new RangeError("MathOverflow");
  return x;
};

/** `checked::mul_div`: `a * b / d` rounded up or down; throws when the result leaves u64. */
export function mulDiv(a: bigint, b: bigint, d: bigint, roundUp: boolean): bigint {
  const p = a * b;
  return u64(roundUp ? (p + d - 1n) / d : p / d);
}
/** `checked::mul_div_saturating`: as `mulDiv`, saturating at u64::MAX. */
export function mulDivSaturating(a: bigint, b: bigint, d: bigint, roundUp: boolean): bigint {
  const p = a * b;
  return min(U64_MAX, roundUp ? (p + d - 1n) / d : p / d);
}

/** `price::from_pyth`: `mantissa x 10^exponent` in program units for a pool's decimals. */
export function fromPyth(mantissa: bigint, exponent: number, collateralDecimals: number, baseDecimals: number, roundUp: boolean): bigint {
  const shift = exponent + collateralDecimals - baseDecimals + 9;
  if (shift >= 0) {
    if (shift > 19) throw new RangeError("MathOverflow");
    return u64(mantissa * 10n ** BigInt(shift));
  }
  if (-shift > 19) return roundUp && mantissa > 0n ? 1n : 0n;
  return mulDiv(mantissa, 1n, 10n ** BigInt(-shift), roundUp);
}

/** A print in program units: the mid and the band edges (`price::Price`). */
export interface Band { mid: bigint; low: bigint; high: bigint }

/** `Price::from_pyth`: `low = price - k conf` rounded down (0 past zero), `high = price + k conf` rounded up. */
export function band(price: bigint, conf: bigint, exponent: number, collateralDecimals: number, baseDecimals: number, kBps: number): Band {
  const width = mulDiv(conf, BigInt(kBps), BPS, true);
  return {
    mid: fromPyth(price, exponent, collateralDecimals, baseDecimals, false),
    low: fromPyth(price > width ? price - width : 0n, exponent, collateralDecimals, baseDecimals, false),
    high: fromPyth(u64(price + width), exponent, collateralDecimals, baseDecimals, true),
  };
}

/** The fill price of an order (`Price::fill`): buys at the high edge, sells at the low. */
export const fillPrice = (b: Band, buying: boolean) => (buying ? b.high : b.low);
/** The price a position is valued at for margin (`Price::adverse`): longs at the low edge, shorts at the high. */
export const adverse = (b: Band, base: bigint) => (base >= 0n ? b.low : b.high);

/** `position::notional`: the value of `lots` at `price` (collateral units). */
export const notional = (lots: bigint, price: bigint, roundUp: boolean) => mulDiv(lots, price, PRICE_PRECISION, roundUp);

/** What a fill does to a position (`position::Fill`). */
export interface Fill { basePosition: bigint; entryNotional: bigint; closed: bigint; profit: bigint; loss: bigint }

/** `position::fill`: `delta` lots (> 0 buy) at `price` against a position of `base` lots with cost basis `entry`. */
export function fill(base: bigint, entry: bigint, delta: bigint, price: bigint): Fill {
  const buying = delta > 0n;
  const size = abs(delta);
  const basePosition = i64(base + delta);
  if (base === 0n || (base > 0n) === buying) {
    return { basePosition, entryNotional: u64(entry + notional(size, price, buying)), closed: 0n, profit: 0n, loss: 0n };
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
  return { basePosition, entryNotional, closed, profit: gain > cost ? gain - cost : 0n, loss: cost > gain ? cost - gain : 0n };
}

/** `position::unrealized_pnl`: a long valued rounded down, a short's buy-back rounded up. */
export function unrealizedPnl(base: bigint, entry: bigint, price: bigint): bigint {
  return base >= 0n ? notional(abs(base), price, false) - entry : entry - notional(abs(base), price, true);
}

/** `trade::payoff_lock`: `floor(max_payoff_bps x entry / 1e4)`, the most a position can win. */
export const payoffLock = (entry: bigint, maxPayoffBps: number) => mulDiv(entry, BigInt(maxPayoffBps), BPS, false);

/** The taker fee of a fill (`trade::apply`): `ceil(ceil(lots x fill / 1e9) x fee_bps / 1e4)`. */
export function takerFee(lots: bigint, fill: bigint, takerFeeBps: number): bigint {
  return mulDiv(mulDivSaturating(abs(lots), fill, PRICE_PRECISION, true), BigInt(takerFeeBps), BPS, true);
}

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

/** `impact::potential`: `floor(floor(s^2 / 2S) x price / 1e9)`. */
export const impactPotential = (skew: bigint, price: bigint, scale: bigint) => notional(u64((skew * skew) / (2n * scale)), price, false);
/** `impact::impact` capped as `trade::impact_of` does: `{ paid, rebate }`, the rebate at most the impact pool. */
export function impact(skew: bigint, delta: bigint, price: bigint, scale: bigint, impactPool: bigint): { paid: bigint; rebate: bigint } {
  const before = impactPotential(skew, price, scale);
  const after = impactPotential(i64(skew + delta), price, scale);
  return after > before ? { paid: after - before, rebate: 0n } : { paid: 0n, rebate: min(before - after, impactPool) };
}

/** An account as liquidation sees it (`liquidation::Position`). */
export interface LiquidationPosition { collateral: bigint; base: bigint; entry: bigint; locked: bigint }
/** A pool's liquidation terms (`liquidation::Terms`). */
export interface LiquidationTerms { maintenanceBps: number; bufferBps: number; penaltyBps: number; minPosition: bigint }

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
export function liquidationPenalty(closed: bigint, f: bigint, penaltyBps: number, equityAfter: bigint, collateralAfter: bigint): bigint {
  return min(mulDivSaturating(mulDivSaturating(closed, f, PRICE_PRECISION, true), BigInt(penaltyBps), BPS, true), equityAfter, collateralAfter);
}
/** `liquidation::split_penalty`: `(liquidator, insurance)`, the liquidator's part rounded down. */
export function splitPenalty(penalty: bigint, shareBps: number): [bigint, bigint] {
  const reward = min(mulDivSaturating(penalty, BigInt(shareBps), BPS, false), penalty);
  return [reward, penalty - reward];
}

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

/** Index units: 2^60 is 100% (`wide::INDEX_ONE`). */
export const INDEX_ONE = 1n << 60n;
const SECONDS_PER_YEAR = 31_536_000n;
/** One bp a year per second in index units, times 2^20, rounded down (`funding::BPS_RATE`). */
const BPS_RATE = (1n << 80n) / (BPS * SECONDS_PER_YEAR);

/** `funding::rate_from_bps`: `bps` a year as a per-second rate in index units, rounded down. */
export const rateFromBps = (bpsPerYear: number) => (BigInt(bpsPerYear) * BPS_RATE) >> 20n;

/** A pool's borrow curve (`funding::BorrowCurve`): rates in bps a year, the kink in bps. */
export interface BorrowCurve { baseBps: number; optimalBps: number; maxBps: number; optimalUtilisationBps: number }

/** `funding::borrow_rate`: the kinked curve at utilisation `locked / lpCapital` (100% when no capital). */
export function borrowRate(curve: BorrowCurve, locked: bigint, lpCapital: bigint): bigint {
  const FULL = BPS * BPS;
  const u = lpCapital === 0n || locked >= lpCapital ? FULL : mulDiv(locked, FULL, lpCapital, false);
  const kink = BigInt(curve.optimalUtilisationBps) * BPS;
  const [base, optimal, max] = [rateFromBps(curve.baseBps), rateFromBps(curve.optimalBps), rateFromBps(curve.maxBps)];
  return u <= kink ? base + mulDiv(optimal - base, u, kink, false) : optimal + mulDiv(max - optimal, u - kink, FULL - kink, false);
}

/** `funding::funding_rate`: `max x |EN_L - EN_S| / (EN_L + EN_S)` per second, rounded down. */
export function fundingRate(maxBpsPerYear: number, entryLong: bigint, entryShort: bigint): bigint {
  const total = entryLong + entryShort;
  return total === 0n ? 0n : mulDiv(rateFromBps(maxBpsPerYear), abs(entryLong - entryShort), total, false);
}

/** `WideU128::scale_down`: index units back to collateral units, saturating at u64::MAX. */
const scaleDown = (accrued: bigint, roundUp: boolean) => min(U64_MAX, roundUp ? (accrued + INDEX_ONE - 1n) / INDEX_ONE : accrued / INDEX_ONE);
/** `funding::owed`: what `base` owes for index growth `growth` (collateral units, rounded up). */
export const owed = (base: bigint, growth: bigint) => scaleDown(base * growth, true);
/** `funding::received`: what `base` receives for `growth` (rounded down). */
export const received = (base: bigint, growth: bigint) => scaleDown(base * growth, false);

/** The indexes `engine::funding::accrue` moves, before and after. */
export interface Indexes { borrow: bigint; longPaid: bigint; longReceived: bigint; shortPaid: bigint; shortReceived: bigint }

/**
 * `engine::funding::accrue`, its indexes only: over `elapsed` seconds at the rates of the state
 * before (`locked` and `lpCapital` for the borrow fee; the sides' entry notionals for funding,
 * which the heavier side pays and the lighter receives).
 */
export function accrueIndexes(i: Indexes, elapsed: bigint, state: { locked: bigint; lpCapital: bigint; entryLong: bigint;
  entryShort: bigint }, config: { curve: BorrowCurve; maxFundingBpsPerYear: number }): Indexes {
  const out = { ...i };
  if (elapsed <= 0n) return out;
  if (state.locked > 0n) out.borrow += borrowRate(config.curve, state.locked, state.lpCapital) * elapsed;
  if (state.entryLong !== state.entryShort) {
    const growth = fundingRate(config.maxFundingBpsPerYear, state.entryLong, state.entryShort) * elapsed;
    if (state.entryLong > state.entryShort) { out.longPaid += growth; out.shortReceived += growth; }
    else { out.shortPaid += growth; out.longReceived += growth; }
  }
  return out;
}

/**
 * `engine::funding::settle`'s amounts: what an account of `entry` notional and `locked` capital
 * owes (funding paid + borrow, each rounded up) and receives (rounded down) between its snapshots
 * and the current indexes of its side.
 */
export function settlement(entry: bigint, locked: bigint, now: { paid: bigint; received: bigint; borrow: bigint },
  snapshot: { paid: bigint; received: bigint; borrow: bigint }): { owed: bigint; received: bigint } {
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
export function accrueAggregates(agg: { feesReceivable: bigint; fundingPayable: bigint }, before: Indexes, after: Indexes,
  state: { locked: bigint; entryLong: bigint; entryShort: bigint }): { feesReceivable: bigint; fundingPayable: bigint } {
  const borrow = after.borrow - before.borrow;
  const longPays = state.entryLong > state.entryShort;
  const funding = longPays ? after.longPaid - before.longPaid : after.shortPaid - before.shortPaid;
  const [heavy, light] = longPays ? [state.entryLong, state.entryShort] : [state.entryShort, state.entryLong];
  return {
    feesReceivable: agg.feesReceivable + state.locked * borrow + heavy * funding,
    fundingPayable: agg.fundingPayable + light * funding,
  };
}

/** One side's aggregates as the NAVs read them (`nav::SideBook`). */
export interface SideBook { openInterest: bigint; entryNotional: bigint; locked: bigint; positions: bigint; entryPriceLow: bigint; entryPriceHigh: bigint }

const sat = (a: bigint, b: bigint) => (a > b ? a - b : 0n);

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

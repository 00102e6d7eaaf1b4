/**
 * A trader's margin account as a person reads it (`bulkhead account`): collateral and position in
 * the mint's and the underlying's units, the entry price, PnL, free collateral and liquidation
 * price in dollars, and the pending request. Valued at the pool's newest print (the one
 * `refresh_price` or the last execution showed it), with the program's own math
 * (`app/src/math`), before any funding and borrow accrued since the account's last settlement.
 */
import type { MarginAccount } from "./generated/index.js";
import type { PoolState } from "./pool.js";
import * as math from "./math/index.js";
import { REQUEST_NONE, REQUEST_TRADE } from "./generated/constants.js";

/** `raw` smallest units as a decimal string with `decimals` places, trailing zeros dropped (exact). */
export function formatUnits(raw: bigint, decimals: number): string {
  const negative = raw < 0n;
  const digits = (negative ? -raw : raw).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? "." + fraction : ""}`;
}

/**
 * A program price (collateral units per lot x 1e9) in collateral per unit of the underlying
 * (dollars for a USD collateral), exact: `price x 10^baseDecimals / (1e9 x 10^collateralDecimals)`.
 */
export function priceToDollars(price: bigint, collateralDecimals: number, baseDecimals: number): string {
  const shift = collateralDecimals + 9 - baseDecimals;
  return shift >= 0 ? formatUnits(price, shift) : (price * 10n ** BigInt(-shift)).toString();
}

/**
 * The mid nearest to `mark` at which the account becomes liquidatable: for a long the highest one
 * below `mark`, for a short the lowest one above it (program price units), found by bisection on
 * `math.isLiquidatable`. `mark` itself when the account is liquidatable already; `undefined` for a
 * flat account or when no price on that side liquidates it. (A long whose payoff cap binds is also
 * below maintenance far above the mark, where its capped profit no longer covers the margin on its
 * notional; that is not the price a trader watches, so the side below is reported.)
 */
export function liquidationPrice(
  pos: math.LiquidationPosition,
  maintenanceBps: number,
  mark: bigint,
): bigint | undefined {
  if (pos.base === 0n) return undefined;
  const liquidatable = (p: bigint) => math.isLiquidatable(pos, p, maintenanceBps);
  if (liquidatable(mark)) return mark;
  if (pos.base > 0n) return liquidatable(0n) ? edge(0n, mark, liquidatable)[0] : undefined;
  let hi = mark > 0n ? mark : 1n;
  while (!liquidatable(hi)) {
    if (hi > 1n << 62n) return undefined;
    hi *= 2n;
  }
  return edge(mark, hi, liquidatable)[1];
}

/** Bisection: adjacent `[lo, hi]` inside the given ones where `p` changes (`p(lo) !== p(hi)` on entry). */
function edge(lo: bigint, hi: bigint, p: (x: bigint) => boolean): [bigint, bigint] {
  const atLo = p(lo);
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (p(mid) === atLo) lo = mid;
    else hi = mid;
  }
  return [lo, hi];
}

/** A value in raw units and as a person reads it. */
export interface Amount {
  raw: string;
  human: string;
}

/** What `accountSummary` reports. */
export interface AccountSummary {
  owner: string;
  collateral: Amount;
  /** Lots (signed) and units of the underlying. */
  position: { lots: string; units: string };
  entryPrice: string | null;
  /** At the pool's newest print; null before any print. */
  markPrice: string | null;
  unrealizedPnl: Amount | null;
  freeCollateral: Amount | null;
  liquidationPrice: string | null;
  request: null | {
    kind: "trade" | "unknown";
    sizeLots: string;
    worstPrice: string;
    reduceOnly: boolean;
    targetTime: string;
    deadline: string;
    tipLamports: string;
  };
}

/** The account `m` of pool `state`, valued at the pool's newest print (see the module docs). */
export function accountSummary(state: PoolState, m: MarginAccount): AccountSummary {
  const { collateralDecimals: cd, baseDecimals: bd } = state.pool;
  const config = state.riskParams.config;
  const amount = (raw: bigint): Amount => ({ raw: raw.toString(), human: formatUnits(raw, cd) });
  const dollars = (p: bigint) => priceToDollars(p, cd, bd);
  const market = state.pool.market;
  const printed = market.lastOraclePublishTime > 0n;
  const band = printed
    ? math.bandSaturating(
        market.newestPrice < 0n ? -market.newestPrice : market.newestPrice,
        market.newestConf,
        market.newestExponent,
        cd,
        bd,
        config.oracleConfMultiplierBps,
      )
    : undefined;
  const base = m.basePosition;
  const lots = base < 0n ? -base : base;
  const entry = lots === 0n ? undefined : math.mulDiv(m.entryNotional, math.PRICE_PRECISION, lots, false);
  const pos = { collateral: m.collateral, base, entry: m.entryNotional, locked: m.locked };
  const liquidation = band ? liquidationPrice(pos, config.maintenanceMarginBps, band.mid) : undefined;
  const request = m.request;
  return {
    owner: m.owner,
    collateral: amount(m.collateral),
    position: { lots: base.toString(), units: formatUnits(base, bd) },
    entryPrice: entry === undefined ? null : dollars(entry),
    markPrice: band ? dollars(band.mid) : null,
    unrealizedPnl: band && base !== 0n ? amount(math.unrealizedPnl(base, m.entryNotional, band.mid)) : null,
    freeCollateral: band
      ? amount(math.freeCollateral(m.collateral, base, m.entryNotional, band, config.initialMarginBps))
      : null,
    liquidationPrice: liquidation === undefined ? null : dollars(liquidation),
    request:
      request.kind === REQUEST_NONE
        ? null
        : {
            kind: request.kind === REQUEST_TRADE ? "trade" : "unknown",
            sizeLots: request.sizeDelta.toString(),
            worstPrice: dollars(request.limit),
            reduceOnly: request.reduceOnly !== 0,
            targetTime: request.targetTime.toString(),
            deadline: request.deadline.toString(),
            tipLamports: request.tipLamports.toString(),
          },
  };
}

/**
 * A pool's state as an operator reads it (`bulkhead pools`, `bulkhead pool <address>`): book,
 * solvency (vault balance against the book's total), open interest and locked capital per side,
 * funding (the side paying, the funding and borrow rates in force, the aggregates), losses, pause
 * state and sequence. Amounts are collateral units, sizes lots, times
 * cluster seconds; every bigint is a decimal string so the JSON is exact.
 */
import type { Address } from "@solana/kit";
import { fetchToken } from "@solana-program/token";
import type { PoolBook, SideState } from "./generated/index.js";
import { fetchPool, type PoolState } from "./pool.js";
import type { Connection } from "./rpc.js";
import * as math from "./math/index.js";
import * as c from "./generated/constants.js";

/** The operations a pause can stop, each at the bit the program publishes (`state::pause`). */
const OPERATION_BITS = {
  risk_increasing: c.RISK_INCREASING,
  lp_deposits: c.LP_DEPOSITS,
  lp_withdrawals: c.LP_WITHDRAWALS,
  deposits: c.DEPOSITS,
  executions: c.EXECUTIONS,
  liquidations: c.LIQUIDATIONS,
  pool_withdrawals: c.POOL_WITHDRAWALS,
} as const;
/** The operation names in bit order (index i is bit 1 << i). */
export const OPERATIONS = (Object.keys(OPERATION_BITS) as (keyof typeof OPERATION_BITS)[]).sort(
  (a, b) => OPERATION_BITS[a] - OPERATION_BITS[b],
);
export type Operation = keyof typeof OPERATION_BITS;

/** The bit mask of a list of operation names ("all" = every one). Throws on an unknown name. */
export function opsMask(names: string[]): number {
  let mask = 0;
  for (const name of names) {
    if (name === "all") return c.ALL_OPERATIONS;
    if (!(name in OPERATION_BITS)) throw new Error(`unknown operation ${name} (one of: ${OPERATIONS.join(", ")}, all)`);
    mask |= OPERATION_BITS[name as Operation];
  }
  return mask;
}

/** Sum of the book's eight balances: what the vault must hold at least (collateral units). */
export function bookTotal(book: PoolBook): bigint {
  return (
    book.traderCollateral +
    book.lpCapital +
    book.insuranceFund +
    book.sponsorCapital +
    book.protocolFees +
    book.dust +
    book.pendingDeposits +
    book.impactPool
  );
}

const str = (o: object): Record<string, string> =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => typeof v === "bigint" || typeof v === "number")
      .map(([k, v]) => [k, String(v)]),
  );

const side = (s: SideState) => ({
  openInterest: String(s.openInterest),
  entryNotional: String(s.entryNotional),
  locked: String(s.locked),
  positions: String(s.positions),
});

/** Bps a year of a per-second rate in index units (2^60 = 100%), rounded down. */
const bpsPerYear = (ratePerSecond: bigint) => String((ratePerSecond * 31_536_000n * math.BPS) / math.INDEX_ONE);

/** The funding and borrow rates in force now (the math mirror's `fundingRate` / `borrowRate`). */
function currentRates(state: PoolState) {
  const { state: s } = math.accrualInputsOf(state.pool);
  const terms = math.fundingTermsOf(state.riskParams.config);
  return {
    payingSide: s.lotsLong === s.lotsShort ? null : s.lotsLong > s.lotsShort ? "long" : "short",
    fundingBpsPerYear: bpsPerYear(math.fundingRate(terms.maxFundingBpsPerYear, s.lotsLong, s.lotsShort)),
    // Nothing locked owes no borrow (the program does not accrue it then).
    // Paid by a side with at least as many lots as the other, at the utilisation of its locks.
    borrowPayingSide: s.lotsLong === s.lotsShort ? "both" : s.lotsLong > s.lotsShort ? "long" : "short",
    borrowBpsPerYear:
      math.payingLocks(s) === 0n ? "0" : bpsPerYear(math.borrowRate(terms.curve, math.payingLocks(s), s.lpCapital)),
  };
}

/** The operator's summary of one pool. */
export function summarize(state: PoolState, vaultBalance: bigint, now: bigint) {
  const p = state.pool;
  const total = bookTotal(p.book);
  const pausedOps = OPERATIONS.filter((_, bit) => p.pauses.pausedUntil[bit] > now);
  return {
    pool: state.addresses.pool as string,
    poolId: String(p.poolId),
    creator: p.creator as string,
    authority: p.authority as string,
    guardian: p.guardian as string,
    custodian: p.custodian as string,
    sponsor: p.sponsor as string,
    collateralMint: p.collateralMint as string,
    lpMint: state.addresses.lpMint as string,
    vault: state.addresses.vault as string,
    oracleFeedId: Buffer.from(p.oracleFeedId).toString("hex"),
    baseDecimals: p.baseDecimals,
    sequence: String(p.sequence),
    book: str(p.book),
    solvency: {
      vaultBalance: String(vaultBalance),
      bookTotal: String(total),
      solvent: vaultBalance >= total,
      surplus: String(vaultBalance - total),
    },
    openInterest: { long: side(p.market.long), short: side(p.market.short) },
    lockedCapital: String(p.market.long.locked + p.market.short.locked),
    funding: {
      ...currentRates(state),
      fundingPayable: String(p.market.fundingPayable),
      unpaidFunding: String(p.market.unpaidFunding),
      feesReceivable: String(p.market.feesReceivable),
      borrowIndex: { long: String(p.market.long.borrowIndex), short: String(p.market.short.borrowIndex) },
      lastAccrualTs: String(p.market.lastAccrualTs),
    },
    losses: str(p.losses),
    paused: pausedOps,
    reduceOnly: p.reduceOnly !== 0,
    openMarginAccounts: String(p.openMarginAccounts),
    attestation: { unixTime: String(state.attestation.unixTime), sequence: String(state.attestation.sequence) },
    pendingChange:
      state.riskParams.pending.active !== 0
        ? { eta: String(state.riskParams.pending.eta), expiresAt: String(state.riskParams.pending.expiresAt) }
        : null,
  };
}
export type PoolSummary = ReturnType<typeof summarize>;

/** Fetches and summarizes one pool. */
export async function poolSummary(connection: Connection, pool: Address, now: bigint): Promise<PoolSummary> {
  const state = await fetchPool(connection.rpc, pool);
  const vault = await fetchToken(connection.rpc, state.addresses.vault);
  return summarize(state, vault.data.amount, now);
}

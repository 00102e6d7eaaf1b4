/**
 * Creating pools from a config file, idempotently (migrations/deploy.ts, `anchor migrate`).
 * Each pool is `["pool", payer, poolId]`: a pool that exists is reported and checked against the
 * config (same mint, feed and lot size), never created twice. A `mint` given as
 * `{ "seed": "usdc", "decimals": 6 }` is a test mint at `createWithSeed(payer, seed, Token)`, so a
 * re-run finds it at the same address; on devnet or mainnet give the mint's address.
 */
import {
  type Address,
  type KeyPairSigner,
  createAddressWithSeed,
  fetchEncodedAccount,
} from "@solana/kit";
import { getCreateAccountWithSeedInstruction } from "@solana-program/system";
import { TOKEN_PROGRAM_ADDRESS, getInitializeMint2Instruction, getMintSize } from "@solana-program/token";
import { type RiskConfig, type RiskConfigArgs, fetchMaybePool } from "./generated/index.js";
import { buildCreatePool } from "./builders.js";
import { NONE, findPoolAddresses } from "./pool.js";
import { type Connection, send } from "./rpc.js";
import { LocalPriceSource } from "./pyth.js";

/**
 * Default risk limits for a new pool: 10x initial leverage, 5% maintenance, 10 bps taker fee,
 * a 2 s execution delay with a 60 s window, a 1 h LP withdrawal delay, a 1 day timelock.
 * Ratios in bps, rates in bps a year, times in seconds, sizes in lots.
 */
export const DEFAULT_RISK_CONFIG: RiskConfig = {
  initialMarginBps: 1_000, maintenanceMarginBps: 500, liquidationPenaltyBps: 200, liquidatorShareBps: 5_000,
  takerFeeBps: 10, oracleMaxConfBps: 200, oracleReduceMaxConfBps: 400, oracleConfMultiplierBps: 10_000,
  maxEmaDeviationBps: 500, freshPriceMaxAgeSecs: 3, executionDelaySecs: 2, executionWindowSecs: 60,
  lpWithdrawDelaySecs: 3_600, maxPayoffBps: 10_000, maxUtilisationBps: 9_000, optimalUtilisationBps: 8_000,
  borrowRateBaseBpsPerYear: 100, borrowRateOptimalBpsPerYear: 1_000, borrowRateMaxBpsPerYear: 10_000,
  maxFundingRateBpsPerYear: 5_000, liquidationMaxAgeSecs: 3, liquidationBufferBps: 200, timelockSecs: 86_400,
  protocolFeeShareBps: 0,
  maxOpenInterest: 1_000_000_000n, maxPositionSize: 100_000_000n, minPositionSize: 1_000n,
  impactSkewScale: 1_000_000_000_000n, sponsorUnbondingSecs: 86_400n,
  liquidationReserve: 1_000_000n, // $1 of a 6-decimal stablecoin: every liquidation pays its keeper at least this
};

/** A role in the config: an address, `"self"` (the deploying wallet) or null (none). */
type Role = string | null;

/** One pool of the config file. */
export interface PoolConfig {
  /** A name for people (the product, e.g. "SOL-PERP"); not stored on chain. */
  product: string;
  /** The creator's id for the pool (u64). */
  poolId: number | string;
  /** The collateral mint's address, or a seeded test mint. */
  mint: string | { seed: string; decimals: number };
  /** The Pyth feed id (32 bytes, hex). */
  feedId: string;
  /** Lots per unit of the underlying = 10^baseDecimals. */
  baseDecimals: number;
  /** Overrides of DEFAULT_RISK_CONFIG (camelCase names; u64 fields as strings or numbers). */
  params?: Partial<Record<keyof RiskConfigArgs, number | string>>;
  authority: Role;
  guardian?: Role;
  custodian?: Role;
  sponsor: Role;
  /** Where the creation-time print comes from: an existing PriceUpdateV2 account, or (localnet) a price to write. */
  oracle: { priceUpdate: string } | { localPrice: number | string };
}

/** The config file. */
export interface DeployConfig {
  pools: PoolConfig[];
}

/** What the deploy did for one pool. */
export interface DeployedPool {
  product: string;
  poolId: string;
  pool: Address;
  mint: Address;
  status: "created" | "exists";
  signature?: string;
}

/** The risk config of a pool entry: the defaults with its overrides, u64 fields as bigints. */
export function riskConfigOf(entry: PoolConfig): RiskConfigArgs {
  const config: Record<string, unknown> = { ...DEFAULT_RISK_CONFIG };
  for (const [key, value] of Object.entries(entry.params ?? {})) {
    if (!(key in config)) throw new Error(`${entry.product}: unknown parameter ${key}`);
    config[key] = typeof config[key] === "bigint" ? BigInt(value) : Number(value);
  }
  return config as RiskConfigArgs;
}

const role = (value: Role | undefined, payer: Address): Address =>
  value === "self" ? payer : value === null || value === undefined ? NONE : (value as Address);

/** The mint of an entry, creating a seeded test mint when it does not exist yet. */
async function mintOf(connection: Connection, payer: KeyPairSigner, mint: PoolConfig["mint"]): Promise<Address> {
  if (typeof mint === "string") return mint as Address;
  const at = await createAddressWithSeed({ baseAddress: payer.address, programAddress: TOKEN_PROGRAM_ADDRESS, seed: mint.seed });
  if ((await fetchEncodedAccount(connection.rpc, at)).exists) return at;
  const space = getMintSize();
  const rent = await connection.rpc.getMinimumBalanceForRentExemption(BigInt(space)).send();
  await send(connection, payer, [
    getCreateAccountWithSeedInstruction({ payer, newAccount: at, baseAccount: payer, base: payer.address, seed: mint.seed,
      amount: rent, space, programAddress: TOKEN_PROGRAM_ADDRESS }),
    getInitializeMint2Instruction({ mint: at, decimals: mint.decimals, mintAuthority: payer.address }),
  ]);
  return at;
}

/** Creates every pool of `config` that does not exist yet; reports each. */
export async function deployPools(connection: Connection, payer: KeyPairSigner, config: DeployConfig,
  progress: (message: string) => void = () => {}): Promise<DeployedPool[]> {
  const out: DeployedPool[] = [];
  for (const entry of config.pools) {
    const poolId = BigInt(entry.poolId);
    const feedId = Uint8Array.from(Buffer.from(entry.feedId.replace(/^0x/, ""), "hex"));
    if (feedId.length !== 32) throw new Error(`${entry.product}: feedId must be 32 bytes of hex`);
    const mint = await mintOf(connection, payer, entry.mint);
    const addresses = await findPoolAddresses(payer.address, poolId);
    const existing = await fetchMaybePool(connection.rpc, addresses.pool);
    if (existing.exists) {
      const p = existing.data;
      if (p.collateralMint !== mint || !Buffer.from(p.oracleFeedId).equals(Buffer.from(feedId)) || p.baseDecimals !== entry.baseDecimals) {
        throw new Error(`${entry.product}: pool ${addresses.pool} exists with another mint, feed or lot size than the config`);
      }
      progress(`${entry.product}: pool ${addresses.pool} exists`);
      out.push({ product: entry.product, poolId: String(poolId), pool: addresses.pool, mint, status: "exists" });
      continue;
    }
    const priceUpdate = "priceUpdate" in entry.oracle
      ? (entry.oracle.priceUpdate as Address)
      : await new LocalPriceSource(connection, () => (entry.oracle as { localPrice: number | string }).localPrice).freshPrint(feedId);
    const ix = await buildCreatePool({
      creator: payer, collateralMint: mint, poolId, oracleFeedId: feedId, baseDecimals: entry.baseDecimals,
      params: riskConfigOf(entry), priceUpdate,
      authority: role(entry.authority, payer.address), sponsor: role(entry.sponsor, payer.address),
      guardian: role(entry.guardian, payer.address), custodian: role(entry.custodian, payer.address),
    });
    const sent = await send(connection, payer, [ix]);
    progress(`${entry.product}: created pool ${addresses.pool}`);
    out.push({ product: entry.product, poolId: String(poolId), pool: addresses.pool, mint, status: "created", signature: sent.signature });
  }
  return out;
}

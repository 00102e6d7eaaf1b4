/**
 * Creating pools from a config file, idempotently (migrations/deploy.ts, `anchor migrate`).
 * Each pool is `["pool", payer, poolId]`: a pool that exists is reported and checked against the
 * config (same mint, feed and lot size), never created twice. A `mint` given as
 * `{ "seed": "usdc", "decimals": 6 }` is a test mint at `createWithSeed(payer, seed, Token)`, so a
 * re-run finds it at the same address; on devnet or mainnet give the mint's address.
 */
import { type Address, type KeyPairSigner, createAddressWithSeed, fetchEncodedAccount } from "@solana/kit";
import { getCreateAccountWithSeedInstruction } from "@solana-program/system";
import { TOKEN_PROGRAM_ADDRESS, getInitializeMint2Instruction, getMintSize } from "@solana-program/token";
import { fetchMint } from "@solana-program/token";
import {
  type RiskConfig,
  type RiskConfigArgs,
  fetchMaybePool,
  getRiskConfigDecoder,
  getRiskConfigEncoder,
} from "./generated/index.js";
import defaults from "./risk-config.default.json" with { type: "json" };
import { buildCreatePool } from "./builders.js";
import { NONE, findPoolAddresses } from "./pool.js";
import { type Connection, send } from "./rpc.js";
import { LocalPriceSource, decodePriceUpdateV2, dollarsE8 } from "./pyth.js";

/**
 * The program's default risk limits (`DEFAULT_RISK_CONFIG` in `programs/bulkhead/src/state/risk_params/defaults.rs`),
 * from `risk-config.default.json`, which `tests/tests/defaults.rs` writes from the Rust constant and checks: one
 * default for the program's tests, the LiteSVM harness and this client. 10x initial leverage, 5% maintenance
 * covering a 5% gap assumption, 10 bps taker fee, a 2 s execution delay with a 60 s window, a 1 h LP withdrawal
 * delay, a 2 day sponsor unbonding delay, a 1 day timelock, a $1 liquidation reserve. Ratios in bps, rates in bps a
 * year, times in seconds, sizes in lots of a 6-decimal lot size. Decoding through the codec makes every u64 a
 * bigint and fails on a missing field.
 */
export const DEFAULT_RISK_CONFIG: RiskConfig = getRiskConfigDecoder().decode(
  getRiskConfigEncoder().encode({ ...defaults, padding: new Uint8Array(4) }),
);

/**
 * Sizes and amounts stated in US dollars at the listing price (the creation print's), which the deploy turns into
 * the pool's units: `minPosition` rounds up to whole lots (so no position is worth less), the caps and the impact
 * scale round down, and `liquidationReserve` is in the collateral's whole units (a USD stablecoin; for another
 * collateral give `params.liquidationReserve` in its units).
 */
export interface UsdSizes {
  minPosition?: number;
  maxPosition?: number;
  maxOpenInterest?: number;
  impactSkewScale?: number;
  liquidationReserve?: number;
}

/**
 * What a listing is priced at: `price x 10^exponent` dollars per unit of the underlying (a Pyth print's mantissa and
 * exponent, kept exact: a feed at exponent -10 loses nothing), and the collateral's decimals.
 */
export interface Listing {
  price: bigint;
  exponent: number;
  collateralDecimals: number;
}

/** The listing of a print (its price and exponent). */
export const listingOf = (print: { price: bigint; exponent: number }, collateralDecimals: number): Listing => ({
  price: print.price,
  exponent: print.exponent,
  collateralDecimals,
});

/** `usd` in the pool's units at `listing` (see [`UsdSizes`] for the rounding). */
export function sizesAtListing(usd: UsdSizes, listing: Listing, baseDecimals: number): Partial<RiskConfigArgs> {
  if (listing.price <= 0n) throw new Error("the listing price must be positive");
  // lots = dollars x 10^baseDecimals / (price x 10^exponent), exactly: dollars as dollars x 1e8.
  const shift = listing.exponent + 8;
  const scale = 10n ** BigInt(baseDecimals) * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
  const per = listing.price * (shift > 0 ? 10n ** BigInt(shift) : 1n);
  const lots = (dollars: number, up: boolean): bigint => {
    const numerator = dollarsE8(dollars) * scale;
    return up ? (numerator + per - 1n) / per : numerator / per;
  };
  const out: Partial<RiskConfigArgs> = {};
  if (usd.minPosition !== undefined) out.minPositionSize = lots(usd.minPosition, true);
  if (usd.maxPosition !== undefined) out.maxPositionSize = lots(usd.maxPosition, false);
  if (usd.maxOpenInterest !== undefined) out.maxOpenInterest = lots(usd.maxOpenInterest, false);
  if (usd.impactSkewScale !== undefined) out.impactSkewScale = lots(usd.impactSkewScale, false);
  if (usd.liquidationReserve !== undefined) {
    out.liquidationReserve =
      (dollarsE8(usd.liquidationReserve) * 10n ** BigInt(listing.collateralDecimals)) / 100_000_000n;
  }
  return out;
}

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
  /** Sizes in US dollars at the listing price, over DEFAULT_RISK_CONFIG (see `UsdSizes`). */
  usd?: UsdSizes;
  /** Overrides of DEFAULT_RISK_CONFIG and of `usd` (camelCase names; u64 fields as strings or numbers). */
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

/**
 * The risk config of a pool entry: the defaults, then its `usd` sizes at `listing` (needed when it has any), then its
 * `params`; u64 fields as bigints.
 */
export function riskConfigOf(entry: PoolConfig, listing?: Listing): RiskConfigArgs {
  const config: Record<string, unknown> = { ...DEFAULT_RISK_CONFIG };
  if (entry.usd) {
    if (!listing) throw new Error(`${entry.product}: sizes in USD need the listing price`);
    Object.assign(config, sizesAtListing(entry.usd, listing, entry.baseDecimals));
  }
  for (const [key, value] of Object.entries(entry.params ?? {})) {
    if (!(key in config)) throw new Error(`${entry.product}: unknown parameter ${key}`);
    config[key] = typeof config[key] === "bigint" ? BigInt(value) : Number(value);
  }
  return config as RiskConfigArgs;
}

const role = (value: Role | undefined, payer: Address): Address =>
  value === "self" ? payer : value === null || value === undefined ? NONE : (value as Address);

/** The custodian of an entry, which signs `create_pool`: only the payer ("self") can here. */
function custodianOf(entry: PoolConfig, payer: KeyPairSigner): KeyPairSigner | undefined {
  const named = role(entry.custodian, payer.address);
  if (named === NONE) return undefined;
  if (named === payer.address) return payer;
  throw new Error(
    `${entry.product}: the custodian ${named} must sign create_pool (its consent); this deploy signs only as the payer, so name "self" or create the pool with the custodian's key`,
  );
}

/** The mint of an entry, creating a seeded test mint when it does not exist yet. */
async function mintOf(connection: Connection, payer: KeyPairSigner, mint: PoolConfig["mint"]): Promise<Address> {
  if (typeof mint === "string") return mint as Address;
  const at = await createAddressWithSeed({
    baseAddress: payer.address,
    programAddress: TOKEN_PROGRAM_ADDRESS,
    seed: mint.seed,
  });
  if ((await fetchEncodedAccount(connection.rpc, at)).exists) return at;
  const space = getMintSize();
  const rent = await connection.rpc.getMinimumBalanceForRentExemption(BigInt(space)).send();
  await send(connection, payer, [
    getCreateAccountWithSeedInstruction({
      payer,
      newAccount: at,
      baseAccount: payer,
      base: payer.address,
      seed: mint.seed,
      amount: rent,
      space,
      programAddress: TOKEN_PROGRAM_ADDRESS,
    }),
    getInitializeMint2Instruction({ mint: at, decimals: mint.decimals, mintAuthority: payer.address }),
  ]);
  return at;
}

/** The listing: the entry's local price, or the creation print's price and exponent. */
async function listingFor(
  connection: Connection,
  entry: PoolConfig,
  priceUpdate: Address,
  collateralDecimals: number,
): Promise<Listing> {
  if ("localPrice" in entry.oracle)
    return listingOf({ price: dollarsE8(entry.oracle.localPrice), exponent: -8 }, collateralDecimals);
  const account = await fetchEncodedAccount(connection.rpc, priceUpdate);
  if (!account.exists) throw new Error(`${entry.product}: price update ${priceUpdate} does not exist`);
  return listingOf(decodePriceUpdateV2(account.data), collateralDecimals);
}

/** Creates every pool of `config` that does not exist yet; reports each. */
export async function deployPools(
  connection: Connection,
  payer: KeyPairSigner,
  config: DeployConfig,
  progress: (message: string) => void = () => {},
): Promise<DeployedPool[]> {
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
      if (
        p.collateralMint !== mint ||
        !Buffer.from(p.oracleFeedId).equals(Buffer.from(feedId)) ||
        p.baseDecimals !== entry.baseDecimals
      ) {
        throw new Error(
          `${entry.product}: pool ${addresses.pool} exists with another mint, feed or lot size than the config`,
        );
      }
      progress(`${entry.product}: pool ${addresses.pool} exists`);
      out.push({ product: entry.product, poolId: String(poolId), pool: addresses.pool, mint, status: "exists" });
      continue;
    }
    const priceUpdate =
      "priceUpdate" in entry.oracle
        ? (entry.oracle.priceUpdate as Address)
        : await new LocalPriceSource(
            connection,
            () => (entry.oracle as { localPrice: number | string }).localPrice,
          ).freshPrint(feedId);
    const listing = await listingFor(
      connection,
      entry,
      priceUpdate,
      (await fetchMint(connection.rpc, mint)).data.decimals,
    );
    const ix = await buildCreatePool({
      creator: payer,
      collateralMint: mint,
      poolId,
      oracleFeedId: feedId,
      baseDecimals: entry.baseDecimals,
      params: riskConfigOf(entry, listing),
      priceUpdate,
      authority: role(entry.authority, payer.address),
      sponsor: role(entry.sponsor, payer.address),
      guardian: role(entry.guardian, payer.address),
      custodian: custodianOf(entry, payer),
    });
    const sent = await send(connection, payer, [ix]);
    progress(`${entry.product}: created pool ${addresses.pool}`);
    out.push({
      product: entry.product,
      poolId: String(poolId),
      pool: addresses.pool,
      mint,
      status: "created",
      signature: sent.signature,
    });
  }
  return out;
}

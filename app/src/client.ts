/**
 * TypeScript client for the bulkhead program: PDA derivation, instruction builders, account and
 * event decoders, and error names. Built on @solana/kit; layouts come from the committed IDL.
 */
import {
  AccountRole,
  type Address,
  type AccountMeta,
  type Instruction,
  type TransactionSigner,
  address,
  getAddressEncoder,
  getProgramDerivedAddress,
  getStructCodec,
  getU64Encoder,
  type ReadonlyUint8Array,
} from "@solana/kit";
import { TOKEN_PROGRAM_ADDRESS } from "@solana-program/token";
import { IDL, codecFor, discriminator, instructionDef, structCodec } from "./idl.js";

/** The bulkhead program id. */
export const BULKHEAD_PROGRAM_ADDRESS = address(IDL.address);
/** The system program. */
export const SYSTEM_PROGRAM_ADDRESS = address("11111111111111111111111111111111");

const enc = getAddressEncoder();
const pda = async (seeds: (string | Uint8Array | ReadonlyUint8Array)[]) =>
  (await getProgramDerivedAddress({ programAddress: BULKHEAD_PROGRAM_ADDRESS, seeds }))[0];

/** Every address of one pool. */
export interface PoolAddresses {
  pool: Address;
  riskParams: Address;
  vault: Address;
  vaultAuthority: Address;
  lpMint: Address;
}

/** Derives a pool's addresses: `["pool", creator, poolId u64 LE]` and `[prefix, pool]` for the rest. */
export async function findPoolAddresses(creator: Address, poolId: bigint): Promise<PoolAddresses> {
  const pool = await pda(["pool", enc.encode(creator), getU64Encoder().encode(poolId)]);
  const poolBytes = enc.encode(pool);
  return {
    pool,
    riskParams: await pda(["risk_params", poolBytes]),
    vault: await pda(["vault", poolBytes]),
    vaultAuthority: await pda(["vault_authority", poolBytes]),
    lpMint: await pda(["lp_mint", poolBytes]),
  };
}

/** `["margin", pool, owner]`. */
export function findMarginAddress(pool: Address, owner: Address): Promise<Address> {
  return pda(["margin", enc.encode(pool), enc.encode(owner)]);
}

/** `["lp", pool, owner]`: an LP's cooldown record. */
export function findLpPositionAddress(pool: Address, owner: Address): Promise<Address> {
  return pda(["lp", enc.encode(pool), enc.encode(owner)]);
}

/** Risk limits (`RiskConfig`) as `create_pool` takes them and `RiskParams.config` holds them (ratios in bps, sizes in base lots, seconds). */
export interface RiskConfig {
  initialMarginBps: number;
  maintenanceMarginBps: number;
  liquidationPenaltyBps: number;
  liquidatorShareBps: number;
  takerFeeBps: number;
  oracleMaxStalenessSecs: number;
  oracleMaxConfBps: number;
  oracleConfMultiplierBps: number;
  oracleReduceStalenessSecs: number;
  oracleReduceMaxConfBps: number;
  borrowRateBpsPerYear: number;
  skewSpreadBps: number;
  lpCooldownSecs: number;
  reserveRatioBps: number;
  maxOpenInterest: bigint;
  maxPositionSize: bigint;
  minPositionSize: bigint;
}

type AccountInput = Address | TransactionSigner;

/**
 * Builds an instruction from the IDL: `accounts` by IDL account name (camelCase), `args` by IDL arg
 * name (camelCase). A signer passed as an account is attached so kit signs with it.
 */
function build(name: string, accounts: Record<string, AccountInput>, args: Record<string, unknown> = {}): Instruction {
  const def = instructionDef(name);
  const metas: AccountMeta[] = def.accounts.map((a) => {
    const key = a.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = accounts[key];
    if (value === undefined) throw new Error(`${name}: missing account ${key}`);
    const isSigner = !!a.signer;
    const role = a.writable
      ? isSigner ? AccountRole.WRITABLE_SIGNER : AccountRole.WRITABLE
      : isSigner ? AccountRole.READONLY_SIGNER : AccountRole.READONLY;
    return typeof value === "string"
      ? { address: value, role }
      : ({ address: value.address, role, signer: value } as AccountMeta);
  });
  const argBytes = def.args.map((a) => {
    const key = a.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    return structCodecOf(a).encode({ [key]: args[key] }) as Uint8Array;
  });
  const data = new Uint8Array([...def.discriminator, ...argBytes.flatMap((b) => [...b])]);
  return { programAddress: BULKHEAD_PROGRAM_ADDRESS, accounts: metas, data };
}

/** One-field struct codec for an instruction argument (reuses the IDL type machinery). */
function structCodecOf(arg: { name: string; type: any }) {
  const key = arg.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return getStructCodec([[key, codecFor(arg.type)]]);
}

/** `create_pool`: a pool for one product. `creator` signs and pays; `authority` governs it. */
export async function getCreatePoolInstruction(input: {
  creator: TransactionSigner;
  collateralMint: Address;
  poolId: bigint;
  authority: Address;
  oracleFeedId: Uint8Array;
  params: RiskConfig;
}): Promise<Instruction> {
  const pool = await findPoolAddresses(input.creator.address, input.poolId);
  return build(
    "create_pool",
    { creator: input.creator, collateralMint: input.collateralMint, ...pool,
      tokenProgram: TOKEN_PROGRAM_ADDRESS, systemProgram: SYSTEM_PROGRAM_ADDRESS },
    { poolId: input.poolId, authority: input.authority, oracleFeedId: input.oracleFeedId, params: input.params },
  );
}

/** `open_margin_account`: the owner's account in a pool. */
export async function getOpenMarginAccountInstruction(input: { owner: TransactionSigner; pool: Address }) {
  const marginAccount = await findMarginAddress(input.pool, input.owner.address);
  return build("open_margin_account",
    { owner: input.owner, pool: input.pool, marginAccount, systemProgram: SYSTEM_PROGRAM_ADDRESS });
}

/** `close_margin_account`: close an empty account, rent back to the owner. */
export async function getCloseMarginAccountInstruction(input: { owner: TransactionSigner; pool: Address }) {
  const marginAccount = await findMarginAddress(input.pool, input.owner.address);
  return build("close_margin_account", { owner: input.owner, pool: input.pool, marginAccount });
}

/** `deposit_collateral`: `amount` (collateral units) from the owner's token account. */
export async function getDepositCollateralInstruction(input: {
  owner: TransactionSigner; pool: PoolAddresses; userTokenAccount: Address; amount: bigint;
}) {
  const marginAccount = await findMarginAddress(input.pool.pool, input.owner.address);
  return build("deposit_collateral",
    { owner: input.owner, pool: input.pool.pool, marginAccount, vault: input.pool.vault,
      userTokenAccount: input.userTokenAccount, tokenProgram: TOKEN_PROGRAM_ADDRESS },
    { amount: input.amount });
}

/**
 * `withdraw_collateral`: `amount` (collateral units) of free collateral to the owner's token
 * account. `priceUpdate` (a Pyth PriceUpdateV2 for the pool's feed) is read only when the account
 * holds a position.
 */
export async function getWithdrawCollateralInstruction(input: {
  owner: TransactionSigner; pool: PoolAddresses; userTokenAccount: Address; priceUpdate: Address; amount: bigint;
}) {
  const marginAccount = await findMarginAddress(input.pool.pool, input.owner.address);
  return build("withdraw_collateral",
    { owner: input.owner, pool: input.pool.pool, riskParams: input.pool.riskParams, marginAccount,
      vault: input.pool.vault, vaultAuthority: input.pool.vaultAuthority, userTokenAccount: input.userTokenAccount,
      priceUpdate: input.priceUpdate, tokenProgram: TOKEN_PROGRAM_ADDRESS },
    { amount: input.amount });
}

/**
 * `trade`: `sizeDelta` base lots (> 0 buy, < 0 sell; 1e6 lots = 1 unit of the underlying) at the
 * oracle price, no worse than `worstPrice` (collateral units per lot x 1e9; a ceiling for buys, a
 * floor for sells).
 */
export async function getTradeInstruction(input: {
  owner: TransactionSigner; pool: PoolAddresses; priceUpdate: Address; sizeDelta: bigint; worstPrice: bigint;
}) {
  const marginAccount = await findMarginAddress(input.pool.pool, input.owner.address);
  return build("trade",
    { owner: input.owner, pool: input.pool.pool, riskParams: input.pool.riskParams, marginAccount,
      priceUpdate: input.priceUpdate },
    { sizeDelta: input.sizeDelta, worstPrice: input.worstPrice });
}

/** What `add_liquidity` and `remove_liquidity` both take. */
interface LpInput {
  owner: TransactionSigner; pool: PoolAddresses; userTokenAccount: Address; userLpTokenAccount: Address;
  priceUpdate: Address;
}

/** The accounts both LP instructions share, by IDL name. */
async function lpAccounts(input: LpInput) {
  return {
    owner: input.owner, pool: input.pool.pool, riskParams: input.pool.riskParams,
    lpPosition: await findLpPositionAddress(input.pool.pool, input.owner.address),
    vault: input.pool.vault, vaultAuthority: input.pool.vaultAuthority, lpMint: input.pool.lpMint,
    userTokenAccount: input.userTokenAccount, userLpTokenAccount: input.userLpTokenAccount,
    priceUpdate: input.priceUpdate, tokenProgram: TOKEN_PROGRAM_ADDRESS,
  };
}

/** `add_liquidity`: `amount` collateral units for at least `minSharesOut` LP shares. */
export async function getAddLiquidityInstruction(input: LpInput & { amount: bigint; minSharesOut: bigint }) {
  return build("add_liquidity", { ...(await lpAccounts(input)), systemProgram: SYSTEM_PROGRAM_ADDRESS },
    { amount: input.amount, minSharesOut: input.minSharesOut });
}

/** `remove_liquidity`: burn `shares` for at least `minAmountOut` collateral units. */
export async function getRemoveLiquidityInstruction(input: LpInput & { shares: bigint; minAmountOut: bigint }) {
  return build("remove_liquidity", await lpAccounts(input), { shares: input.shares, minAmountOut: input.minAmountOut });
}

/** `attest_solvency`: permissionless vault-vs-book check. */
export function getAttestSolvencyInstruction(pool: PoolAddresses): Instruction {
  return build("attest_solvency", { pool: pool.pool, vault: pool.vault });
}

const startsWith = (data: Uint8Array, prefix: Uint8Array) => prefix.every((b, i) => data[i] === b);

/** Decodes a bulkhead account (`Pool`, `RiskParams`, `MarginAccount`), checking its discriminator. */
export function decodeAccount<T = any>(name: "Pool" | "RiskParams" | "MarginAccount" | "LpPosition", data: Uint8Array): T {
  if (!startsWith(data, discriminator("accounts", name))) throw new Error(`not a ${name} account`);
  return structCodec(name).decode(data.subarray(8)) as T;
}

/** A decoded event: its IDL name and fields (camelCase). */
export interface BulkheadEvent { name: string; data: any }

/** Decodes every bulkhead event in a transaction's logs (`Program data: <base64>` lines). */
export function decodeEvents(logs: readonly string[]): BulkheadEvent[] {
  const out: BulkheadEvent[] = [];
  for (const line of logs) {
    if (!line.startsWith("Program data: ")) continue;
    const bytes = new Uint8Array(
      line.slice("Program data: ".length).split(" ").flatMap((part) => [...Buffer.from(part, "base64")]),
    );
    const event = IDL.events.find((e) => startsWith(bytes, Uint8Array.from(e.discriminator)));
    if (event) out.push({ name: event.name, data: structCodec(event.name).decode(bytes.subarray(8)) });
  }
  return out;
}

/** The IDL name of a bulkhead error code (6000 and up), or undefined. */
export function errorName(code: number): string | undefined {
  return IDL.errors.find((e) => e.code === code)?.name;
}

/** The code of a bulkhead error by its IDL name. */
export function errorCode(name: string): number {
  const e = IDL.errors.find((x) => x.name === name);
  if (!e) throw new Error(`no error ${name}`);
  return e.code;
}

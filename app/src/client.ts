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
import { getTransferSolInstruction } from "@solana-program/system";
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
  /** Token account of the LP mint holding the shares of pending withdrawals. */
  lpEscrow: Address;
  attestation: Address;
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
    lpEscrow: await pda(["lp_escrow", poolBytes]),
    attestation: await pda(["attestation", poolBytes]),
  };
}

/** The default address: no guardian, no custodian. */
export const NONE = "11111111111111111111111111111111" as Address;

/** `["margin", pool, owner]`. */
export function findMarginAddress(pool: Address, owner: Address): Promise<Address> {
  return pda(["margin", enc.encode(pool), enc.encode(owner)]);
}

/** `["lp", pool, owner]`: an LP's request record. */
export function findLpAccountAddress(pool: Address, owner: Address): Promise<Address> {
  return pda(["lp", enc.encode(pool), enc.encode(owner)]);
}

/**
 * Risk limits (`RiskConfig`) as `create_pool` takes them and `RiskParams.config` holds them: ratios
 * in bps, rates in bps a year, times in seconds, sizes in the pool's lots.
 */
export interface RiskConfig {
  initialMarginBps: number;
  maintenanceMarginBps: number;
  liquidationPenaltyBps: number;
  liquidatorShareBps: number;
  takerFeeBps: number;
  oracleMaxConfBps: number;
  oracleReduceMaxConfBps: number;
  oracleConfMultiplierBps: number;
  maxEmaDeviationBps: number;
  freshPriceMaxAgeSecs: number;
  executionDelaySecs: number;
  executionWindowSecs: number;
  lpWithdrawDelaySecs: number;
  maxPayoffBps: number;
  maxUtilisationBps: number;
  optimalUtilisationBps: number;
  borrowRateBaseBpsPerYear: number;
  borrowRateOptimalBpsPerYear: number;
  borrowRateMaxBpsPerYear: number;
  maxFundingRateBpsPerYear: number;
  liquidationMaxAgeSecs: number;
  liquidationBufferBps: number;
  timelockSecs: number;
  protocolFeeShareBps: number;
  maxOpenInterest: bigint;
  maxPositionSize: bigint;
  minPositionSize: bigint;
  impactSkewScale: bigint;
  sponsorUnbondingSecs: bigint;
}

/** `Request.kind`: what an account has pending (`state::request`). */
export const REQUEST_NONE = 0;
export const REQUEST_TRADE = 1;
export const REQUEST_ADD_LIQUIDITY = 2;
export const REQUEST_REMOVE_LIQUIDITY = 3;
/** `RequestCancelled.reason` values that are not error codes. */
export const CANCELLED_BY_OWNER = 0n;
export const EXPIRED = 1n;
export const LIQUIDATED = 2n;

/** A pending request as decoded from a `MarginAccount` or `LpAccount`. */
export interface PendingRequest { kind: number; time: bigint }

/**
 * The time (cluster seconds) of a request's pinned print: it executes with the first Pyth print
 * whose `prev_publish_time < target <= publish_time` (ask Hermes for the first update at or after
 * it). Mirrors `engine::request::target_time`.
 */
export function targetTime(request: PendingRequest, config: RiskConfig): bigint {
  const delay = request.kind === REQUEST_REMOVE_LIQUIDITY ? config.lpWithdrawDelaySecs : config.executionDelaySecs;
  return request.time + BigInt(delay);
}

/** The last second a request can execute; after it anyone may expire it. */
export function deadline(request: PendingRequest, config: RiskConfig): bigint {
  return targetTime(request, config) + BigInt(config.executionWindowSecs);
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
    // An optional account left out is the program id, which never signs (Anchor's sentinel).
    const absent = !!a.optional && value === BULKHEAD_PROGRAM_ADDRESS;
    const isSigner = !!a.signer && !absent;
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

/**
 * `create_pool`: a pool for one product, with `10^baseDecimals` lots per unit of the underlying.
 * `priceUpdate` is a fresh PriceUpdateV2 of the feed: its price must keep 6 significant digits at
 * that lot size. `creator` signs and pays; `authority` governs it; `sponsor` provides its
 * first-loss tranche; the optional `guardian` may veto changes and pause; the optional
 * `custodian` co-signs every movement of pool-owned money out of the vault.
 */
export async function getCreatePoolInstruction(input: {
  creator: TransactionSigner;
  collateralMint: Address;
  poolId: bigint;
  authority: Address;
  sponsor: Address;
  guardian?: Address;
  custodian?: Address;
  oracleFeedId: Uint8Array;
  baseDecimals: number;
  params: RiskConfig;
  priceUpdate: Address;
}): Promise<Instruction> {
  const pool = await findPoolAddresses(input.creator.address, input.poolId);
  return build(
    "create_pool",
    { creator: input.creator, collateralMint: input.collateralMint, ...pool, priceUpdate: input.priceUpdate,
      tokenProgram: TOKEN_PROGRAM_ADDRESS, systemProgram: SYSTEM_PROGRAM_ADDRESS },
    { poolId: input.poolId,
      roles: { authority: input.authority, guardian: input.guardian ?? NONE, custodian: input.custodian ?? NONE,
        sponsor: input.sponsor },
      oracleFeedId: input.oracleFeedId, baseDecimals: input.baseDecimals, params: input.params },
  );
}

/** `open_margin_account`: the owner's account in a pool. */
export async function getOpenMarginAccountInstruction(input: { owner: TransactionSigner; pool: Address }) {
  const marginAccount = await findMarginAddress(input.pool, input.owner.address);
  return build("open_margin_account",
    { owner: input.owner, pool: input.pool, marginAccount, systemProgram: SYSTEM_PROGRAM_ADDRESS });
}

/** `close_margin_account`: close an empty account with nothing pending, rent back to the owner. */
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
 * account. `priceUpdate` (a fresh Pyth PriceUpdateV2 for the pool's feed: a one-step read) is
 * read only when the account holds a position.
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
 * Funds a request's tip: a System transfer of `tipLamports` from the owner to its margin or LP
 * account, placed before the request in the same transaction (the request checks the account holds
 * the tip above its rent, and makes no CPI itself).
 */
export function getFundTipInstruction(input: { owner: TransactionSigner; account: Address; tipLamports: bigint }): Instruction {
  return getTransferSolInstruction({ source: input.owner, destination: input.account, amount: input.tipLamports });
}

/**
 * `request_trade`: records an order of `sizeDelta` lots (> 0 buy, < 0 sell), no worse than
 * `worstPrice` all-in (collateral units per lot x 1e9; a ceiling for buys, a floor for sells),
 * with `tipLamports` for the keeper (fund it with `getFundTipInstruction` first). It takes no
 * price: see `targetTime`.
 */
export async function getRequestTradeInstruction(input: {
  owner: TransactionSigner; pool: PoolAddresses; sizeDelta: bigint; worstPrice: bigint;
  reduceOnly?: boolean; tipLamports?: bigint;
}) {
  const marginAccount = await findMarginAddress(input.pool.pool, input.owner.address);
  return build("request_trade",
    { owner: input.owner, pool: input.pool.pool, riskParams: input.pool.riskParams, marginAccount },
    { sizeDelta: input.sizeDelta, worstPrice: input.worstPrice, reduceOnly: input.reduceOnly ?? false,
      tipLamports: input.tipLamports ?? 0n });
}

/** `execute_trade` (anyone): executes `owner`'s trade request with its pinned `priceUpdate`. */
export async function getExecuteTradeInstruction(input: {
  keeper: TransactionSigner; pool: PoolAddresses; owner: Address; priceUpdate: Address;
}) {
  const marginAccount = await findMarginAddress(input.pool.pool, input.owner);
  return build("execute_trade",
    { keeper: input.keeper, pool: input.pool.pool, riskParams: input.pool.riskParams, marginAccount,
      priceUpdate: input.priceUpdate });
}

/** `cancel_trade_request`: the owner before the request's target time, anyone after its deadline. */
export async function getCancelTradeRequestInstruction(input: {
  caller: TransactionSigner; pool: PoolAddresses; owner: Address;
}) {
  const marginAccount = await findMarginAddress(input.pool.pool, input.owner);
  return build("cancel_trade_request",
    { caller: input.caller, pool: input.pool.pool, riskParams: input.pool.riskParams, marginAccount });
}

/** `open_lp_account`: the LP's request record in a pool. */
export async function getOpenLpAccountInstruction(input: { owner: TransactionSigner; pool: Address }) {
  const lpAccount = await findLpAccountAddress(input.pool, input.owner.address);
  return build("open_lp_account",
    { owner: input.owner, pool: input.pool, lpAccount, systemProgram: SYSTEM_PROGRAM_ADDRESS });
}

/** `close_lp_account`: close an LP account with nothing pending, rent back to the owner. */
export async function getCloseLpAccountInstruction(input: { owner: TransactionSigner; pool: Address }) {
  const lpAccount = await findLpAccountAddress(input.pool, input.owner.address);
  return build("close_lp_account", { owner: input.owner, pool: input.pool, lpAccount });
}

/** `request_add_liquidity`: `amount` collateral units into the vault now, shares at the pinned print. */
export async function getRequestAddLiquidityInstruction(input: {
  owner: TransactionSigner; pool: PoolAddresses; userTokenAccount: Address; amount: bigint;
  minSharesOut: bigint; tipLamports?: bigint;
}) {
  return build("request_add_liquidity",
    { owner: input.owner, pool: input.pool.pool, riskParams: input.pool.riskParams,
      lpAccount: await findLpAccountAddress(input.pool.pool, input.owner.address), vault: input.pool.vault,
      userTokenAccount: input.userTokenAccount, tokenProgram: TOKEN_PROGRAM_ADDRESS },
    { amount: input.amount, minSharesOut: input.minSharesOut, tipLamports: input.tipLamports ?? 0n });
}

/** `request_remove_liquidity`: `shares` into the pool's escrow now, collateral after the delay. */
export async function getRequestRemoveLiquidityInstruction(input: {
  owner: TransactionSigner; pool: PoolAddresses; userLpTokenAccount: Address; shares: bigint;
  minAmountOut: bigint; tipLamports?: bigint;
}) {
  return build("request_remove_liquidity",
    { owner: input.owner, pool: input.pool.pool, riskParams: input.pool.riskParams,
      lpAccount: await findLpAccountAddress(input.pool.pool, input.owner.address), lpEscrow: input.pool.lpEscrow,
      userLpTokenAccount: input.userLpTokenAccount, tokenProgram: TOKEN_PROGRAM_ADDRESS },
    { shares: input.shares, minAmountOut: input.minAmountOut, tipLamports: input.tipLamports ?? 0n });
}

/** The LP's token accounts an LP execution or cancellation pays into. */
interface LpOwnerAccounts {
  pool: PoolAddresses; owner: Address; userTokenAccount: Address; userLpTokenAccount: Address;
}

/** `execute_liquidity` (anyone): executes `owner`'s LP request with its pinned `priceUpdate`. */
export async function getExecuteLiquidityInstruction(input: LpOwnerAccounts & {
  keeper: TransactionSigner; priceUpdate: Address;
}) {
  return build("execute_liquidity",
    { keeper: input.keeper, pool: input.pool.pool, riskParams: input.pool.riskParams,
      lpAccount: await findLpAccountAddress(input.pool.pool, input.owner), vault: input.pool.vault,
      vaultAuthority: input.pool.vaultAuthority, lpMint: input.pool.lpMint, lpEscrow: input.pool.lpEscrow,
      userTokenAccount: input.userTokenAccount, userLpTokenAccount: input.userLpTokenAccount,
      priceUpdate: input.priceUpdate, tokenProgram: TOKEN_PROGRAM_ADDRESS });
}

/** `cancel_liquidity_request`: the LP before the target time, anyone after the deadline; refunds. */
export async function getCancelLiquidityRequestInstruction(input: LpOwnerAccounts & { caller: TransactionSigner }) {
  return build("cancel_liquidity_request",
    { caller: input.caller, pool: input.pool.pool, riskParams: input.pool.riskParams,
      lpAccount: await findLpAccountAddress(input.pool.pool, input.owner), vault: input.pool.vault,
      vaultAuthority: input.pool.vaultAuthority, lpEscrow: input.pool.lpEscrow,
      userTokenAccount: input.userTokenAccount, userLpTokenAccount: input.userLpTokenAccount,
      tokenProgram: TOKEN_PROGRAM_ADDRESS });
}

/** `attest_solvency`: permissionless vault-vs-book check, recorded in the pool's attestation account. */
export function getAttestSolvencyInstruction(pool: PoolAddresses): Instruction {
  return build("attest_solvency", { pool: pool.pool, vault: pool.vault, attestation: pool.attestation });
}

/**
 * `liquidate` (anyone but the owner): liquidates `owner`'s account below maintenance margin at a
 * fresh `priceUpdate` (at most `liquidationMaxAgeSecs` old); the reward goes to `rewardTokenAccount`,
 * a wallet's token account of the pool's mint.
 */
export async function getLiquidateInstruction(input: {
  liquidator: TransactionSigner; pool: PoolAddresses; owner: Address; rewardTokenAccount: Address; priceUpdate: Address;
}) {
  const marginAccount = await findMarginAddress(input.pool.pool, input.owner);
  return build("liquidate",
    { liquidator: input.liquidator, pool: input.pool.pool, riskParams: input.pool.riskParams, marginAccount,
      vault: input.pool.vault, vaultAuthority: input.pool.vaultAuthority, rewardTokenAccount: input.rewardTokenAccount,
      priceUpdate: input.priceUpdate, tokenProgram: TOKEN_PROGRAM_ADDRESS });
}

/** `fund_insurance` (anyone): `amount` collateral units into the pool's insurance fund. */
export function getFundInsuranceInstruction(input: {
  funder: TransactionSigner; pool: PoolAddresses; funderTokenAccount: Address; amount: bigint;
}): Instruction {
  return build("fund_insurance",
    { funder: input.funder, pool: input.pool.pool, vault: input.pool.vault,
      funderTokenAccount: input.funderTokenAccount, tokenProgram: TOKEN_PROGRAM_ADDRESS },
    { amount: input.amount });
}

/** `sponsor_deposit` (the sponsor): `amount` collateral units into the first-loss tranche. */
export function getSponsorDepositInstruction(input: {
  sponsor: TransactionSigner; pool: PoolAddresses; sponsorTokenAccount: Address; amount: bigint;
}): Instruction {
  return build("sponsor_deposit",
    { sponsor: input.sponsor, pool: input.pool.pool, vault: input.pool.vault,
      sponsorTokenAccount: input.sponsorTokenAccount, tokenProgram: TOKEN_PROGRAM_ADDRESS },
    { amount: input.amount });
}

/** `request_sponsor_unbond` (the sponsor): starts the unbonding delay on `amount` of the tranche. */
export function getRequestSponsorUnbondInstruction(input: {
  sponsor: TransactionSigner; pool: PoolAddresses; amount: bigint;
}): Instruction {
  return build("request_sponsor_unbond",
    { sponsor: input.sponsor, pool: input.pool.pool, riskParams: input.pool.riskParams }, { amount: input.amount });
}

/**
 * `sponsor_withdraw` (the sponsor): withdraws unbonded capital to the sponsor's token account,
 * co-signed by `custodian` when the pool has one (an optional account: the program id for none).
 */
export function getSponsorWithdrawInstruction(input: {
  sponsor: TransactionSigner; custodian?: TransactionSigner; pool: PoolAddresses; sponsorTokenAccount: Address;
}): Instruction {
  return build("sponsor_withdraw",
    { sponsor: input.sponsor, custodian: input.custodian ?? BULKHEAD_PROGRAM_ADDRESS, pool: input.pool.pool,
      vault: input.pool.vault, vaultAuthority: input.pool.vaultAuthority,
      sponsorTokenAccount: input.sponsorTokenAccount, tokenProgram: TOKEN_PROGRAM_ADDRESS });
}

const startsWith = (data: Uint8Array, prefix: Uint8Array) => prefix.every((b, i) => data[i] === b);

/** Decodes a bulkhead account, checking its discriminator. */
export function decodeAccount<T = any>(name: "Pool" | "RiskParams" | "MarginAccount" | "LpAccount", data: Uint8Array): T {
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

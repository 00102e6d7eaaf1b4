/**
 * Hand-written helpers over the Codama-generated client (./generated): each takes a pool's
 * `PoolAddresses` and passes its accounts as given (so a test can substitute one), derives the
 * owner-keyed PDAs an instruction's signer does not give (the keeper's `execute_trade` needs the
 * trader's margin account), then calls the generated builder.
 * Everything else (layouts, discriminators, PDA defaults, errors) is generated from the IDL.
 */
import type { Address, Instruction, TransactionSigner } from "@solana/kit";
import { getTransferSolInstruction } from "@solana-program/system";
import * as g from "./generated/index.js";
import { type PoolAddresses, NONE, findLpAccountAddress, findMarginAddress } from "./pool.js";

/** Exactly the seven accounts of a pool (an object carrying more, e.g. a price account, gives only these). */
function poolAccounts(p: PoolAddresses): PoolAddresses {
  return {
    pool: p.pool,
    riskParams: p.riskParams,
    vault: p.vault,
    vaultAuthority: p.vaultAuthority,
    lpMint: p.lpMint,
    lpEscrow: p.lpEscrow,
    attestation: p.attestation,
  };
}

/**
 * `Request.kind` (what an account has pending, `state::request`) and the `RequestCancelled.reason`
 * values that are not error codes: the program's own, published in the IDL.
 */
export {
  REQUEST_NONE,
  REQUEST_TRADE,
  REQUEST_ADD_LIQUIDITY,
  REQUEST_REMOVE_LIQUIDITY,
  CANCELLED_BY_OWNER,
  EXPIRED,
  LIQUIDATED,
} from "./generated/constants.js";
import { REQUEST_REMOVE_LIQUIDITY } from "./generated/constants.js";

/** A pending request as decoded from a `MarginAccount` or `LpAccount`: its timing is stored. */
/**
 * The timing of a pending request as its account stores it: `kind` (`REQUEST_*`), and `time`,
 * `targetTime` and `deadline` in unix seconds (the cluster clock when it was made, its pinned
 * print's target, the last second it can execute).
 */
export interface PendingRequest {
  kind: number;
  time: bigint;
  targetTime: bigint;
  deadline: bigint;
}

/** The timing fields of a pool's `RiskConfig` (seconds). */
type Timing = Pick<g.RiskConfigArgs, "executionDelaySecs" | "lpWithdrawDelaySecs" | "executionWindowSecs">;

/**
 * How long after its pinned print an execution may use that print alone (seconds, on the pool's
 * clock: the later of the cluster clock and the pool's newest print); later it also needs a
 * recent print and fills at the worse of the two (`engine::request::EXECUTION_GRACE_SECS`).
 */
export const EXECUTION_GRACE_SECS = 2n;

/**
 * `(target, deadline)` of a request of `kind` made now: `target = max(now, newest) + delay`, the
 * time of its pinned print (it executes with the first Pyth print whose `prev_publish_time <
 * target <= publish_time`: ask Hermes for the first update at or after it), and `deadline =
 * target + execution_window_secs`. `newest` is the pool's `market.lastOraclePublishTime`. The
 * program stores both in the request when it is made (`engine::request::schedule`); read them
 * back with `targetTime` and `deadline`.
 */
export function schedule(
  kind: number,
  now: bigint,
  newest: bigint,
  config: Timing,
): { target: bigint; deadline: bigint } {
  const delay = kind === REQUEST_REMOVE_LIQUIDITY ? config.lpWithdrawDelaySecs : config.executionDelaySecs;
  const target = (now > newest ? now : newest) + BigInt(delay);
  return { target, deadline: target + BigInt(config.executionWindowSecs) };
}

/** The time (unix seconds) of a pending request's pinned print, as stored. */
export const targetTime = (request: PendingRequest): bigint => request.targetTime;

/** The last second a pending request can execute, as stored; after it anyone may expire it, which
 * costs its owner the expiry fee (`engine::request::expiry_fee`). */
export const deadline = (request: PendingRequest): bigint => request.deadline;

/**
 * Whether an execution now of a request whose pinned print was published at `pinnedPublishTime`
 * is late (`engine::request::is_late`): then it needs a recent print too (`recentPriceUpdate`).
 */
export function isLate(pinnedPublishTime: bigint, now: bigint, newest: bigint): boolean {
  return (now > newest ? now : newest) > pinnedPublishTime + EXECUTION_GRACE_SECS;
}

/**
 * `create_pool`: a pool for one product, with `10^baseDecimals` lots per unit of the underlying.
 * `priceUpdate` is a fresh PriceUpdateV2 of the feed: its price must keep 6 significant digits at
 * that lot size. `creator` signs and pays; `authority` governs it; `sponsor` provides its
 * first-loss tranche; the optional `guardian` may veto changes and pause; the optional
 * `custodian` co-signs every movement of pool-owned money out of the vault, and signs this
 * instruction: a custodian is named only with its consent.
 */
export function buildCreatePool(input: {
  creator: TransactionSigner;
  collateralMint: Address;
  poolId: bigint;
  authority: Address;
  sponsor: Address;
  guardian?: Address;
  custodian?: TransactionSigner;
  oracleFeedId: Uint8Array;
  baseDecimals: number;
  params: g.RiskConfigArgs;
  priceUpdate: Address;
}): Promise<Instruction> {
  return g.getCreatePoolInstructionAsync({
    creator: input.creator,
    custodian: input.custodian,
    collateralMint: input.collateralMint,
    priceUpdate: input.priceUpdate,
    poolId: input.poolId,
    oracleFeedId: input.oracleFeedId,
    baseDecimals: input.baseDecimals,
    params: input.params,
    roles: {
      authority: input.authority,
      guardian: input.guardian ?? NONE,
      custodian: input.custodian?.address ?? NONE,
      sponsor: input.sponsor,
    },
  });
}

/** `open_margin_account`: the owner's account in a pool. */
export function buildOpenMarginAccount(input: { owner: TransactionSigner; pool: Address }): Promise<Instruction> {
  return g.getOpenMarginAccountInstructionAsync(input);
}

/** `close_margin_account`: close an empty account with nothing pending, rent back to the owner. */
export function buildCloseMarginAccount(input: { owner: TransactionSigner; pool: Address }): Promise<Instruction> {
  return g.getCloseMarginAccountInstructionAsync(input);
}

/** `deposit_collateral`: `amount` (collateral units) from the owner's token account. */
export function buildDepositCollateral(input: {
  owner: TransactionSigner;
  pool: PoolAddresses;
  userTokenAccount: Address;
  amount: bigint;
}): Promise<Instruction> {
  return g.getDepositCollateralInstructionAsync({ ...input, ...poolAccounts(input.pool) });
}

/**
 * `withdraw_collateral`: `amount` (collateral units) of free collateral to the owner's token
 * account. `priceUpdate` (a fresh Pyth PriceUpdateV2 for the pool's feed: a one-step read) is
 * read only when the account holds a position.
 */
export function buildWithdrawCollateral(input: {
  owner: TransactionSigner;
  pool: PoolAddresses;
  userTokenAccount: Address;
  priceUpdate: Address;
  amount: bigint;
}): Promise<Instruction> {
  return g.getWithdrawCollateralInstructionAsync({ ...input, ...poolAccounts(input.pool) });
}

/**
 * Funds a request's tip: a System transfer of `tipLamports` from the owner to its margin or LP
 * account, placed before the request in the same transaction (the request checks the account holds
 * the tip above its rent, and makes no CPI itself).
 */
export function getFundTipInstruction(input: {
  owner: TransactionSigner;
  account: Address;
  tipLamports: bigint;
}): Instruction {
  return getTransferSolInstruction({ source: input.owner, destination: input.account, amount: input.tipLamports });
}

/**
 * `request_trade`: records an order of `sizeDelta` lots (> 0 buy, < 0 sell), no worse than
 * `worstPrice` all-in (collateral units per lot x 1e9; a ceiling for buys, a floor for sells),
 * with `tipLamports` for the keeper (fund it with `getFundTipInstruction` first). It takes no
 * price: see `targetTime`.
 */
export function buildRequestTrade(input: {
  owner: TransactionSigner;
  pool: PoolAddresses;
  sizeDelta: bigint;
  worstPrice: bigint;
  reduceOnly?: boolean;
  tipLamports?: bigint;
}): Promise<Instruction> {
  return g.getRequestTradeInstructionAsync({
    ...poolAccounts(input.pool),
    owner: input.owner,
    sizeDelta: input.sizeDelta,
    worstPrice: input.worstPrice,
    reduceOnly: input.reduceOnly ?? false,
    tipLamports: input.tipLamports ?? 0n,
  });
}

/**
 * `execute_trade` (anyone): executes `owner`'s trade request with its pinned `priceUpdate`; when
 * the execution is late (`isLate`), also with `recentPriceUpdate`, a fresh print (at most
 * `freshPriceMaxAgeSecs` old, no older than the pool's newest): it fills at the worse of the two.
 */
export async function buildExecuteTrade(input: {
  keeper: TransactionSigner;
  pool: PoolAddresses;
  owner: Address;
  priceUpdate: Address;
  recentPriceUpdate?: Address;
}): Promise<Instruction> {
  return g.getExecuteTradeInstructionAsync({
    ...poolAccounts(input.pool),
    keeper: input.keeper,
    marginAccount: await findMarginAddress(input.pool.pool, input.owner),
    priceUpdate: input.priceUpdate,
    recentPriceUpdate: input.recentPriceUpdate,
  });
}

/**
 * `refresh_price` (anyone): shows the pool a newer print (at most `freshPriceMaxAgeSecs` old), so
 * no one-step read may use an older one and new requests target a time after it. A watchdog or
 * the owner's bot that calls it every slot bounds what a chooser of prints can pick.
 */
export function buildRefreshPrice(input: {
  keeper: TransactionSigner;
  pool: PoolAddresses;
  priceUpdate: Address;
}): Promise<Instruction> {
  return g.getRefreshPriceInstructionAsync({
    ...poolAccounts(input.pool),
    keeper: input.keeper,
    priceUpdate: input.priceUpdate,
  });
}

/** `cancel_trade_request`: the owner before the request's target time (and before any print at or
 * after it was shown to the pool), anyone after its deadline (the owner then pays the expiry fee,
 * unless `pinnedPriceUpdate`, the request's pinned print, was published after the deadline). */
export async function buildCancelTradeRequest(input: {
  caller: TransactionSigner;
  pool: PoolAddresses;
  owner: Address;
  pinnedPriceUpdate?: Address;
}): Promise<Instruction> {
  return g.getCancelTradeRequestInstructionAsync({
    ...poolAccounts(input.pool),
    caller: input.caller,
    marginAccount: await findMarginAddress(input.pool.pool, input.owner),
    pinnedPriceUpdate: input.pinnedPriceUpdate,
  });
}

/** `open_lp_account`: the LP's request record in a pool. */
export function buildOpenLpAccount(input: { owner: TransactionSigner; pool: Address }): Promise<Instruction> {
  return g.getOpenLpAccountInstructionAsync(input);
}

/** `close_lp_account`: close an LP account with nothing pending, rent back to the owner. */
export function buildCloseLpAccount(input: { owner: TransactionSigner; pool: Address }): Promise<Instruction> {
  return g.getCloseLpAccountInstructionAsync(input);
}

/** `request_add_liquidity`: `amount` collateral units into the vault now, shares at the pinned print. */
export function buildRequestAddLiquidity(input: {
  owner: TransactionSigner;
  pool: PoolAddresses;
  userTokenAccount: Address;
  amount: bigint;
  minSharesOut: bigint;
  tipLamports?: bigint;
}): Promise<Instruction> {
  return g.getRequestAddLiquidityInstructionAsync({
    ...input,
    ...poolAccounts(input.pool),
    tipLamports: input.tipLamports ?? 0n,
  });
}

/** `request_remove_liquidity`: `shares` into the pool's escrow now, collateral after the delay. */
export function buildRequestRemoveLiquidity(input: {
  owner: TransactionSigner;
  pool: PoolAddresses;
  userLpTokenAccount: Address;
  shares: bigint;
  minAmountOut: bigint;
  tipLamports?: bigint;
}): Promise<Instruction> {
  return g.getRequestRemoveLiquidityInstructionAsync({
    ...input,
    ...poolAccounts(input.pool),
    tipLamports: input.tipLamports ?? 0n,
  });
}

/** The LP's token accounts an LP execution or cancellation pays into. */
interface LpOwnerAccounts {
  pool: PoolAddresses;
  owner: Address;
  userTokenAccount: Address;
  userLpTokenAccount: Address;
}

/** `execute_liquidity` (anyone): executes `owner`'s LP request with its pinned `priceUpdate` (and,
 * when late, `recentPriceUpdate`: the worse of the two NAVs; see `buildExecuteTrade`). */
export async function buildExecuteLiquidity(
  input: LpOwnerAccounts & {
    keeper: TransactionSigner;
    priceUpdate: Address;
    recentPriceUpdate?: Address;
  },
): Promise<Instruction> {
  return g.getExecuteLiquidityInstructionAsync({
    ...poolAccounts(input.pool),
    keeper: input.keeper,
    lpAccount: await findLpAccountAddress(input.pool.pool, input.owner),
    userTokenAccount: input.userTokenAccount,
    userLpTokenAccount: input.userLpTokenAccount,
    priceUpdate: input.priceUpdate,
    recentPriceUpdate: input.recentPriceUpdate,
  });
}

/** `cancel_liquidity_request`: the LP before the target time, anyone after the deadline; refunds
 * (less the expiry fee when it expired). */
export async function buildCancelLiquidityRequest(
  input: LpOwnerAccounts & {
    caller: TransactionSigner;
    pinnedPriceUpdate?: Address;
  },
): Promise<Instruction> {
  return g.getCancelLiquidityRequestInstructionAsync({
    ...poolAccounts(input.pool),
    caller: input.caller,
    lpAccount: await findLpAccountAddress(input.pool.pool, input.owner),
    userTokenAccount: input.userTokenAccount,
    userLpTokenAccount: input.userLpTokenAccount,
    pinnedPriceUpdate: input.pinnedPriceUpdate,
  });
}

/** `attest_solvency`: permissionless vault-vs-book check, recorded in the pool's attestation account. */
export function buildAttestSolvency(pool: PoolAddresses): Promise<Instruction> {
  return g.getAttestSolvencyInstructionAsync({ pool: pool.pool });
}

/**
 * `liquidate` (anyone but the owner): liquidates `owner`'s account below maintenance margin at a
 * fresh `priceUpdate` (at most `liquidationMaxAgeSecs` old); the reward goes to `rewardTokenAccount`,
 * a wallet's token account of the pool's mint.
 */
export async function buildLiquidate(input: {
  liquidator: TransactionSigner;
  pool: PoolAddresses;
  owner: Address;
  rewardTokenAccount: Address;
  priceUpdate: Address;
}): Promise<Instruction> {
  return g.getLiquidateInstructionAsync({
    ...poolAccounts(input.pool),
    liquidator: input.liquidator,
    marginAccount: await findMarginAddress(input.pool.pool, input.owner),
    rewardTokenAccount: input.rewardTokenAccount,
    priceUpdate: input.priceUpdate,
  });
}

/** `settle_pnl` (anyone): at a fresh print, `owner`'s funding and borrow, and its unrealized loss up
 * to its collateral into LP capital (its entry moves to the mark, its lock grows by as much). */
export async function buildSettlePnl(input: {
  keeper: TransactionSigner;
  pool: PoolAddresses;
  owner: Address;
  priceUpdate: Address;
}): Promise<Instruction> {
  return g.getSettlePnlInstructionAsync({
    pool: input.pool.pool,
    keeper: input.keeper,
    marginAccount: await findMarginAddress(input.pool.pool, input.owner),
    priceUpdate: input.priceUpdate,
  });
}

/** `fund_insurance` (anyone): `amount` collateral units into the pool's insurance fund. */
export function buildFundInsurance(input: {
  funder: TransactionSigner;
  pool: PoolAddresses;
  funderTokenAccount: Address;
  amount: bigint;
}): Promise<Instruction> {
  return g.getFundInsuranceInstructionAsync({ ...input, ...poolAccounts(input.pool) });
}

/** `sponsor_deposit` (the sponsor): `amount` collateral units into the first-loss tranche. */
export function buildSponsorDeposit(input: {
  sponsor: TransactionSigner;
  pool: PoolAddresses;
  sponsorTokenAccount: Address;
  amount: bigint;
}): Promise<Instruction> {
  return g.getSponsorDepositInstructionAsync({ ...input, ...poolAccounts(input.pool) });
}

/** `request_sponsor_unbond` (the sponsor): starts the unbonding delay on `amount` of the tranche. */
export function buildRequestSponsorUnbond(input: {
  sponsor: TransactionSigner;
  pool: PoolAddresses;
  amount: bigint;
}): Promise<Instruction> {
  return g.getRequestSponsorUnbondInstructionAsync({ ...input, ...poolAccounts(input.pool) });
}

/**
 * `sponsor_withdraw` (the sponsor): withdraws unbonded capital to the sponsor's token account,
 * co-signed by `custodian` when the pool has one (an optional account, left out when absent).
 */
export function buildSponsorWithdraw(input: {
  sponsor: TransactionSigner;
  custodian?: TransactionSigner;
  pool: PoolAddresses;
  sponsorTokenAccount: Address;
}): Promise<Instruction> {
  return g.getSponsorWithdrawInstructionAsync({ ...input, ...poolAccounts(input.pool) });
}

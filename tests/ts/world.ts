// The LiteSVM world the TypeScript suites share: the real target/deploy/bulkhead.so in LiteSVM
// (npm litesvm), a payer, test mints and token accounts, pools at $2,000, the clock, pinned prints.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { FailedTransactionMetadata, LiteSVM, TransactionMetadata } from "litesvm";
import {
  type Address,
  type Instruction,
  type KeyPairSigner,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  generateKeyPairSigner,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  signTransactionMessageWithSigners,
} from "@solana/kit";
import { getCreateAccountInstruction } from "@solana-program/system";
import {
  TOKEN_PROGRAM_ADDRESS,
  getInitializeAccount3Instruction,
  getInitializeMint2Instruction,
  getMintSize,
  getMintToInstruction,
  getTokenDecoder,
  getTokenSize,
} from "@solana-program/token";
import {
  BULKHEAD_PROGRAM_ADDRESS,
  type PoolAddresses,
  type RiskConfig,
  type RiskConfigArgs,
  DEFAULT_RISK_CONFIG,
  findPoolAddresses,
  buildCreatePool,
} from "../../app/src/index.js";
import { setPrice } from "./pyth.js";

export const SO = new URL("../../target/deploy/bulkhead.so", import.meta.url);

/** The suites' pool: the client's defaults with 5 s freshness for one-step reads. */
export const params: RiskConfig = { ...DEFAULT_RISK_CONFIG, freshPriceMaxAgeSecs: 5, liquidationMaxAgeSecs: 5 };

/** The feed id the tests give pool `poolId`. */
export const feedOf = (poolId: bigint) => new Uint8Array(32).fill(Number(poolId));

/** Every inner instruction's data of a transaction, in order: where bulkhead's self-CPI events are. */
export function eventDataOf(meta: TransactionMetadata): Uint8Array[] {
  return meta
    .innerInstructions()
    .flat()
    .map((inner) => inner.instruction().data());
}

/** A successful transaction, with [`eventDataOf`] at hand. */
export type Done = TransactionMetadata & { eventData(): Uint8Array[] };

export class World {
  svm = new LiteSVM();
  /** The inner instruction datas of every successful transaction, in order. */
  history: Uint8Array[][] = [];
  constructor(public payer: KeyPairSigner) {
    this.svm.addProgram(BULKHEAD_PROGRAM_ADDRESS, readFileSync(SO));
    this.svm.airdrop(payer.address, lamports(100_000_000_000n));
  }

  async send(ixs: Instruction[]): Promise<TransactionMetadata | FailedTransactionMetadata> {
    const msg = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(this.payer, m),
      (m) => this.svm.setTransactionMessageLifetimeUsingLatestBlockhash(m),
      (m) => appendTransactionMessageInstructions(ixs, m),
    );
    const result = this.svm.sendTransaction(await signTransactionMessageWithSigners(msg));
    this.svm.expireBlockhash();
    if (result instanceof TransactionMetadata) this.history.push(eventDataOf(result));
    return result;
  }

  async ok(ixs: Instruction[]): Promise<Done> {
    const result = await this.send(ixs);
    if (result instanceof FailedTransactionMetadata) assert.fail(`${result.toString()}\n${result.meta().prettyLogs()}`);
    return Object.assign(result, { eventData: () => eventDataOf(result) });
  }

  data(address: Address): Uint8Array {
    const account = this.svm.getAccount(address);
    assert.ok(account.exists, `account ${address} exists`);
    return account.data as Uint8Array;
  }

  tokenAmount(address: Address): bigint {
    return getTokenDecoder().decode(this.data(address)).amount;
  }

  /** Every account the program owns plus the given ones, as comparable bytes. */
  snapshot(extra: Address[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const account of this.svm.getProgramAccounts(BULKHEAD_PROGRAM_ADDRESS)) {
      out.set(account.address, Buffer.from(account.data).toString("hex") + ":" + account.lamports);
    }
    for (const a of extra) {
      const acc = this.svm.getAccount(a);
      out.set(a, acc.exists ? Buffer.from(acc.data).toString("hex") + ":" + acc.lamports : "none");
    }
    return out;
  }

  async mintAndTokenAccount(owner: Address, amount: bigint) {
    const mint = await generateKeyPairSigner();
    const token = await generateKeyPairSigner();
    const rent = (n: number) => lamports(this.svm.minimumBalanceForRentExemption(BigInt(n)));
    await this.ok([
      getCreateAccountInstruction({
        payer: this.payer,
        newAccount: mint,
        lamports: rent(getMintSize()),
        space: getMintSize(),
        programAddress: TOKEN_PROGRAM_ADDRESS,
      }),
      getInitializeMint2Instruction({ mint: mint.address, decimals: 6, mintAuthority: this.payer.address }),
      getCreateAccountInstruction({
        payer: this.payer,
        newAccount: token,
        lamports: rent(getTokenSize()),
        space: getTokenSize(),
        programAddress: TOKEN_PROGRAM_ADDRESS,
      }),
      getInitializeAccount3Instruction({ account: token.address, mint: mint.address, owner }),
      getMintToInstruction({ mint: mint.address, token: token.address, mintAuthority: this.payer, amount }),
    ]);
    return { mint: mint.address, token: token.address };
  }

  /** A new token account of `mint` for `owner`, holding `amount` (minted by the payer, the mint's authority, when > 0). */
  async tokenAccount(mint: Address, owner: Address, amount: bigint): Promise<Address> {
    const token = await generateKeyPairSigner();
    const space = getTokenSize();
    await this.ok([
      getCreateAccountInstruction({
        payer: this.payer,
        newAccount: token,
        lamports: lamports(this.svm.minimumBalanceForRentExemption(BigInt(space))),
        space,
        programAddress: TOKEN_PROGRAM_ADDRESS,
      }),
      getInitializeAccount3Instruction({ account: token.address, mint, owner }),
      // Amount 0 needs no mint authority: an empty account of any mint (an LP mint's shares).
      ...(amount > 0n ? [getMintToInstruction({ mint, token: token.address, mintAuthority: this.payer, amount })] : []),
    ]);
    return token.address;
  }

  /** A pool at $2,000 (6 base decimals), with its price account; returns its addresses and the price account. */
  async createPool(
    creator: KeyPairSigner,
    mint: Address,
    poolId: bigint,
    config: RiskConfigArgs = params,
    dollars = 2_000n,
  ): Promise<PoolAddresses & { priceUpdate: Address }> {
    const priceUpdate = (await generateKeyPairSigner()).address;
    setPrice(this.svm, priceUpdate, feedOf(poolId), dollars);
    await this.ok([
      await buildCreatePool({
        creator,
        collateralMint: mint,
        poolId,
        authority: creator.address,
        sponsor: creator.address,
        oracleFeedId: feedOf(poolId),
        baseDecimals: 6,
        params: config,
        priceUpdate,
      }),
    ]);
    return { ...(await findPoolAddresses(creator.address, poolId)), priceUpdate };
  }

  now(): bigint {
    return this.svm.getClock().unixTimestamp;
  }

  setTime(t: bigint): void {
    const clock = this.svm.getClock();
    clock.unixTimestamp = t;
    clock.slot += 1n;
    this.svm.setClock(clock);
  }

  /** Publishes `dollars` as the pinned print of a pending request (at its stored target time). */
  pin(priceUpdate: Address, poolId: bigint, request: { targetTime: bigint }, dollars: bigint): void {
    const target = request.targetTime;
    if (this.now() < target) this.setTime(target);
    setPrice(this.svm, priceUpdate, feedOf(poolId), dollars, target);
  }
}

export function customCode(result: TransactionMetadata | FailedTransactionMetadata): number | undefined {
  if (!(result instanceof FailedTransactionMetadata)) return undefined;
  const err = result.err() as any;
  const inner = typeof err?.err === "function" ? err.err() : undefined;
  return inner?.code;
}

/**
 * A connection to a cluster's JSON-RPC (devnet, or the localnet of scripts/localnet.sh) and a
 * transaction sender with bounded retries: confirmation is polled with `getSignatureStatuses`
 * (no WebSocket needed), transient RPC failures are retried with exponential backoff, and a
 * program error is never retried (it would fail the same way).
 */
import {
  type Address,
  type Instruction,
  type KeyPairSigner,
  type Signature,
  type SolanaRpcApi,
  type Rpc,
  appendTransactionMessageInstructions,
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from "@solana/kit";
import { readFileSync } from "node:fs";
import { causeChain, findErrorCode } from "./errors.js";
import { type BulkheadEvent, type RecordedTransaction, transactionEvents } from "./events.js";

/** A cluster connection: its RPC and the URL it was made from. */
export interface Connection {
  url: string;
  rpc: Rpc<SolanaRpcApi>;
}

/** Connects to a JSON-RPC URL (`http://127.0.0.1:8899` for the localnet). */
export function connect(url: string): Connection {
  return { url, rpc: createSolanaRpc(url) };
}

/** Retry policy: at most `attempts` tries, waiting `baseMs * 2^k` (capped at `maxMs`) between them. */
export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

/** The default: 5 attempts, 200 ms doubling to at most 3 s (about 6 s in all). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 200, maxMs: 3_000 };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `f` until it succeeds, up to `policy.attempts` times with exponential backoff. An error
 * carrying a bulkhead error code is thrown at once: retrying a program's refusal cannot help.
 */
export async function withRetry<T>(
  f: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  onRetry?: (attempt: number, error: unknown) => void,
): Promise<T> {
  let last: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      return await f();
    } catch (error) {
      if (findErrorCode(error) !== undefined || isPermanent(error)) throw error;
      last = error;
      if (attempt < policy.attempts) {
        onRetry?.(attempt, error);
        await sleep(Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)));
      }
    }
  }
  throw last;
}

/** A failed transaction (rather than a failed request): the same transaction fails again. */
function isPermanent(error: unknown): boolean {
  return error instanceof TransactionFailed;
}

/** A transaction that landed or was simulated and failed: its error, logs and bulkhead code if any. */
export class TransactionFailed extends Error {
  constructor(
    message: string,
    readonly logs: readonly string[],
    readonly code: number | undefined,
    readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** What a sent transaction returns: its signature, slot, bulkhead events, log lines and compute units. */
export interface Sent {
  signature: Signature;
  slot: bigint;
  /** Its bulkhead events, from its self-CPI inner instructions (never from the logs, which truncate). */
  events: BulkheadEvent[];
  logs: readonly string[];
  computeUnits: bigint | undefined;
}

/** Reads a Solana CLI keypair file (a JSON array of 64 bytes) as a signer. */
export async function readKeypair(path: string): Promise<KeyPairSigner> {
  const bytes = new Uint8Array(JSON.parse(readFileSync(path, "utf8")) as number[]);
  return createKeyPairSignerFromBytes(bytes);
}

/** The log lines and custom error code inside a kit send error (preflight failure), if any. */
function preflightFailure(error: unknown): { logs: readonly string[]; code: number | undefined } | undefined {
  const withLogs = causeChain(error).find((e) => Array.isArray(e?.context?.logs));
  if (withLogs) return { logs: withLogs.context.logs, code: findErrorCode(error) };
  const code = findErrorCode(error);
  return code === undefined ? undefined : { logs: [], code };
}

/**
 * Signs `instructions` with `payer` (and every signer attached to them), sends, and waits until
 * `confirmed`. A refused transaction throws `TransactionFailed` with its logs and error code;
 * RPC failures are retried per `policy`.
 */
export async function send(
  connection: Connection,
  payer: KeyPairSigner,
  instructions: Instruction[],
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<Sent> {
  const { rpc } = connection;
  const { value: blockhash } = await withRetry(
    () => rpc.getLatestBlockhash({ commitment: "confirmed" }).send(),
    policy,
  );
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  const transaction = await signTransactionMessageWithSigners(message);
  const signature = getSignatureFromTransaction(transaction);
  const wire = getBase64EncodedWireTransaction(transaction);
  // Every request is retried on its own, so that faults that hit every n-th request cannot fail
  // a unit of several requests on each attempt.
  const landed = async () => {
    // A landed transaction's status can lag its landing: ask a few times, a little apart.
    for (let ask = 0; ask < 3; ask++) {
      if ((await withRetry(() => rpc.getSignatureStatuses([signature]).send(), policy)).value[0]) return true;
      await sleep(100);
    }
    return false;
  };
  for (let attempt = 1; ; attempt++) {
    // A resend after a failed send first asks whether the first one landed (its answer lost on the
    // way back): then there is nothing to resend, and it is confirmed below like any other.
    if (attempt > 1 && (await landed())) break;
    try {
      await rpc.sendTransaction(wire, { encoding: "base64", preflightCommitment: "confirmed" }).send();
      break;
    } catch (error) {
      const failure = preflightFailure(error);
      if (failure) throw new TransactionFailed(describe(failure.code, error), failure.logs, failure.code, error);
      if (findErrorCode(error) !== undefined || attempt >= policy.attempts) throw error;
      await sleep(Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)));
    }
  }
  // A transaction not confirmed within 30 s is reported; the caller may resend it with a new blockhash.
  const status = await confirmed(connection, signature, 150, policy);
  const tx = await withRetry(
    () =>
      rpc
        .getTransaction(signature, {
          commitment: "confirmed",
          encoding: "json",
          maxSupportedTransactionVersion: 0,
        })
        .send(),
    policy,
  );
  const logs = tx?.meta?.logMessages ?? [];
  if (status.err) {
    const code = findErrorCode({ context: { logs } });
    throw new TransactionFailed(describe(code, status.err), logs, code);
  }
  const events = tx ? await transactionEvents(tx as unknown as RecordedTransaction) : [];
  return { signature, slot: status.slot, events, logs, computeUnits: tx?.meta?.computeUnitsConsumed ?? undefined };
}

/**
 * Polls `signature`'s status every 200 ms, at most `polls` times, until it is confirmed (or
 * finalized); returns that status, or throws when it never is.
 */
export async function confirmed(
  connection: Connection,
  signature: Signature,
  polls: number,
  policy: RetryPolicy = DEFAULT_RETRY,
) {
  for (let i = 0; i < polls; i++) {
    const { value } = await withRetry(() => connection.rpc.getSignatureStatuses([signature]).send(), policy);
    const status = value[0];
    if (status && (status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized"))
      return status;
    await sleep(200);
  }
  throw new Error(`transaction ${signature} was not confirmed within ${(polls * 200) / 1000} s`);
}

function describe(code: number | undefined, error: unknown): string {
  if (code !== undefined) return `bulkhead error ${code}`;
  return error instanceof Error
    ? error.message
    : JSON.stringify(error, (_k, v) => (typeof v === "bigint" ? `${v}` : v));
}

/** Lamports held by `address` (0 when the account does not exist). */
export async function balance(connection: Connection, address: Address): Promise<bigint> {
  return (await withRetry(() => connection.rpc.getBalance(address, { commitment: "confirmed" }).send())).value;
}

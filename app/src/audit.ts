/**
 * The event-log replay of one pool over RPC (`bulkhead audit <pool>`): reads every transaction
 * that touched the pool account (`getSignaturesForAddress`, oldest first), rebuilds the pool's
 * hash chain from its events alone and compares the result with the pool account. Only bulkhead's
 * own self-CPI events of successful transactions count (`transactionEventBytes`): another
 * program's log lines or inner instructions, and a failed transaction, are not history.
 * The same rules as the Rust verifier in audit/ (see its lib.rs), with node's own SHA-256:
 * `h(n) = sha256(h(n-1) ‖ n u64 LE ‖ discriminator ‖ event bytes before state_hash)`, `h(0) = 0`.
 * Every event starts with `pool` (32 bytes), `sequence` (u64 LE) and `book` (8 x u64 LE) after
 * its discriminator, and ends with `state_hash` (32 bytes).
 */
import { createHash } from "node:crypto";
import type { Address, Signature } from "@solana/kit";
import { type RecordedTransaction, decodeEvent, transactionEventBytes } from "./events.js";
import { fetchPool } from "./pool.js";
import { type Connection, withRetry } from "./rpc.js";

/** What is wrong with one event of the log. */
export type Finding =
  | { kind: "gap"; expected: bigint; found: bigint }
  | { kind: "out_of_order"; last: bigint; found: bigint }
  | { kind: "hash_mismatch"; sequence: bigint };

/** A pool's log as rebuilt, and whether it ends where the pool account stands. */
export interface AuditReport {
  pool: Address;
  transactions: number;
  events: number;
  sequence: bigint;
  stateHash: string;
  byName: Record<string, number>;
  findings: Finding[];
  /** The account's sequence and hash equal the rebuilt ones and there is no finding. */
  matches: boolean;
}

/** Rebuilds one pool's chain from event bytes given in execution order. */
export class Chain {
  sequence = 0n;
  hash: Uint8Array = new Uint8Array(32);
  events = 0;
  /** The pool's book after the last event (the `PoolBook` fields in order, collateral units). */
  book: bigint[] = new Array(8).fill(0n);
  byName: Record<string, number> = {};
  findings: Finding[] = [];
  /** `upTo`: events after this sequence are ignored (they landed after the account was read). */
  constructor(
    readonly pool: Address,
    readonly upTo: bigint = 2n ** 64n - 1n,
  ) {}

  /** Reads one genuine event's bytes (discriminator first); another pool's is ignored. */
  read(bytes: Uint8Array): void {
    const event = decodeEvent(bytes);
    // Only bulkhead's own events reach here: one this client cannot decode means it is older than the program.
    if (!event) throw new Error("a bulkhead event this client cannot decode: update the client");
    if ((event.data as { pool: Address }).pool !== this.pool) return;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const sequence = view.getBigUint64(8 + 32, true);
    if (sequence > this.upTo) return;
    if (sequence <= this.sequence) {
      this.findings.push({ kind: "out_of_order", last: this.sequence, found: sequence });
      return;
    }
    if (sequence !== this.sequence + 1n)
      this.findings.push({ kind: "gap", expected: this.sequence + 1n, found: sequence });
    const carried = bytes.subarray(bytes.length - 32);
    const seq = new Uint8Array(8);
    new DataView(seq.buffer).setBigUint64(0, sequence, true);
    const hash = createHash("sha256")
      .update(this.hash)
      .update(seq)
      .update(bytes.subarray(0, 8))
      .update(bytes.subarray(8, bytes.length - 32))
      .digest();
    if (!hash.equals(Buffer.from(carried))) this.findings.push({ kind: "hash_mismatch", sequence });
    // Continue from the carried hash, so one altered event is one finding, not every later one.
    this.hash = new Uint8Array(carried);
    this.sequence = sequence;
    this.events += 1;
    this.book = Array.from({ length: 8 }, (_, i) => view.getBigUint64(8 + 40 + 8 * i, true));
    this.byName[event.name] = (this.byName[event.name] ?? 0) + 1;
  }
}

/**
 * Every successful signature that touched `address`, oldest first, each once (pages of 1,000).
 * Throws when `maxPages` pages did not reach the first one: a history cut short would report a
 * gap (or, worse, be read as the whole history), so it is refused instead. The RPC lists a slot's
 * transactions in their order in the block, which is the order they executed in.
 */
async function signaturesOf(connection: Connection, address: Address, maxPages: number): Promise<Signature[]> {
  const out: Signature[] = [];
  const seen = new Set<string>();
  let before: Signature | undefined;
  for (let page = 0; ; page++) {
    if (page === maxPages) {
      throw new Error(
        `${address} has more than ${maxPages} pages of transactions: the history read would be cut short`,
      );
    }
    const batch = await withRetry(() =>
      connection.rpc.getSignaturesForAddress(address, { before, limit: 1000, commitment: "confirmed" }).send(),
    );
    for (const s of batch) {
      if (s.err !== null || seen.has(s.signature)) continue;
      seen.add(s.signature);
      out.push(s.signature);
    }
    if (batch.length < 1000) break;
    before = batch[batch.length - 1].signature;
  }
  return out.reverse();
}

/** Replays `pool`'s event log over RPC and compares it with the pool account. */
export async function auditPool(
  connection: Connection,
  pool: Address,
  onProgress?: (done: number, total: number) => void,
  maxPages = 100,
): Promise<AuditReport> {
  // The account first: events that land while the history is read are past it and ignored.
  const state = await fetchPool(connection.rpc, pool);
  const signatures = await signaturesOf(connection, pool, maxPages);
  if (signatures.length === 0) throw new Error(`no successful transaction touched ${pool}: nothing to audit`);
  const chain = new Chain(pool, state.pool.sequence);
  let done = 0;
  for (const signature of signatures) {
    const tx = await withRetry(() =>
      connection.rpc
        .getTransaction(signature, {
          commitment: "confirmed",
          encoding: "json",
          maxSupportedTransactionVersion: 0,
        })
        .send(),
    );
    if (!tx) throw new Error(`the RPC node does not have transaction ${signature}`);
    for (const bytes of await transactionEventBytes(tx as unknown as RecordedTransaction)) chain.read(bytes);
    onProgress?.(++done, signatures.length);
  }
  const stateHash = Buffer.from(chain.hash).toString("hex");
  const book = state.pool.book;
  // `PoolBook`'s fields in their layout order, as the events carry them.
  const accountBook = [
    book.traderCollateral,
    book.lpCapital,
    book.insuranceFund,
    book.sponsorCapital,
    book.protocolFees,
    book.dust,
    book.pendingDeposits,
    book.impactPool,
  ];
  return {
    pool,
    transactions: signatures.length,
    events: chain.events,
    sequence: chain.sequence,
    stateHash,
    byName: chain.byName,
    findings: chain.findings,
    matches:
      chain.findings.length === 0 &&
      chain.sequence === state.pool.sequence &&
      stateHash === Buffer.from(state.pool.stateHash).toString("hex") &&
      chain.book.every((v, i) => v === BigInt(accountBook[i])),
  };
}

/**
 * Decoding bulkhead's events. Every event is an Anchor event (its 8-byte discriminator, then its
 * fields) emitted by self-CPI: the data of an inner instruction of bulkhead, `EVENT_IX_TAG ‖
 * discriminator ‖ fields`, whose first account is bulkhead's event authority PDA
 * `["__event_authority"]`. Only bulkhead can produce one, and the runtime never truncates them (it
 * does truncate log lines), so the client reads events from transactions, never from logs. The
 * decoders are the generated ones, which check the discriminator; this file finds the right one
 * for each event by its discriminator (one lookup, not a try of every decoder).
 */
import { createHash } from "node:crypto";
import { type Address, type ReadonlyUint8Array, getBase58Encoder, getProgramDerivedAddress } from "@solana/kit";
import * as g from "./generated/index.js";
import { BULKHEAD_PROGRAM_ADDRESS } from "./generated/index.js";

/** Every event's generated decoder, by event name. */
const DECODERS = {
  AuthorityAccepted: g.getAuthorityAcceptedDecoder(),
  AuthorityProposed: g.getAuthorityProposedDecoder(),
  CollateralMoved: g.getCollateralMovedDecoder(),
  GuardianSet: g.getGuardianSetDecoder(),
  InsuranceFunded: g.getInsuranceFundedDecoder(),
  Liquidated: g.getLiquidatedDecoder(),
  PnlSettled: g.getPnlSettledDecoder(),
  LiquidityMoved: g.getLiquidityMovedDecoder(),
  LiquidityRequested: g.getLiquidityRequestedDecoder(),
  LpAccountClosed: g.getLpAccountClosedDecoder(),
  LpAccountOpened: g.getLpAccountOpenedDecoder(),
  MarginAccountClosed: g.getMarginAccountClosedDecoder(),
  MarginAccountOpened: g.getMarginAccountOpenedDecoder(),
  ParamsApplied: g.getParamsAppliedDecoder(),
  ParamsCancelled: g.getParamsCancelledDecoder(),
  ParamsProposed: g.getParamsProposedDecoder(),
  Paused: g.getPausedDecoder(),
  PoolCreated: g.getPoolCreatedDecoder(),
  PoolFundsWithdrawn: g.getPoolFundsWithdrawnDecoder(),
  PriceRefreshed: g.getPriceRefreshedDecoder(),
  RequestCancelled: g.getRequestCancelledDecoder(),
  Resumed: g.getResumedDecoder(),
  ShortfallCovered: g.getShortfallCoveredDecoder(),
  SolvencyAttested: g.getSolvencyAttestedDecoder(),
  SponsorCapitalMoved: g.getSponsorCapitalMovedDecoder(),
  TradeExecuted: g.getTradeExecutedDecoder(),
  TradeRequested: g.getTradeRequestedDecoder(),
} as const;

type Decoders = typeof DECODERS;
/** A decoded event: its name and its typed fields (camelCase). */
export type BulkheadEvent = {
  [K in keyof Decoders]: { name: K; data: ReturnType<Decoders[K]["decode"]> };
}[keyof Decoders];

/** The names of all events, sorted. */
export const EVENT_NAMES = Object.keys(DECODERS).sort() as (keyof Decoders)[];

/** Event name by its Anchor discriminator, `sha256("event:<Name>")[0..8]` as hex (each decoder checks it again). */
const BY_DISCRIMINATOR = new Map(
  EVENT_NAMES.map((name) => [
    createHash("sha256").update(`event:${name}`).digest().subarray(0, 8).toString("hex"),
    name,
  ]),
);

/** Decodes one event from its bytes (discriminator first), or undefined if it is not a bulkhead event. */
export function decodeEvent(bytes: ReadonlyUint8Array): BulkheadEvent | undefined {
  const name = BY_DISCRIMINATOR.get(Buffer.from(bytes.subarray(0, 8)).toString("hex"));
  if (!name) return undefined;
  try {
    return { name, data: DECODERS[name].decode(bytes) } as BulkheadEvent;
  } catch {
    return undefined; // the right discriminator but not the event's layout (truncated, or not ours)
  }
}

/** Anchor's self-CPI event tag, `sha256("anchor:event")[0..8]` (u64 0x1d9acb512ea545e4, LE). */
export const EVENT_IX_TAG = new Uint8Array([0xe4, 0x45, 0xa5, 0x2e, 0x51, 0xcb, 0x9a, 0x1d]);

/** The seed of bulkhead's event authority PDA, the signer of every self-CPI event. */
export const EVENT_AUTHORITY_SEED = "__event_authority";

let eventAuthorityOf: Promise<Address> | undefined;
/** bulkhead's event authority PDA `["__event_authority"]` (derived once). */
export function eventAuthority(): Promise<Address> {
  eventAuthorityOf ??= getProgramDerivedAddress({
    programAddress: BULKHEAD_PROGRAM_ADDRESS,
    seeds: [EVENT_AUTHORITY_SEED],
  }).then(([address]) => address);
  return eventAuthorityOf;
}

/** The event bytes (discriminator first) of a self-CPI instruction's data, or undefined when it is not one. */
export function selfCpiEventBytes(data: ReadonlyUint8Array): Uint8Array | undefined {
  if (data.length < 16 || !EVENT_IX_TAG.every((b, i) => data[i] === b)) return undefined;
  return new Uint8Array(data.subarray(8));
}

/** Decodes the bulkhead events among self-CPI instruction datas (tag first), in order; other data is skipped. */
export function decodeEvents(datas: readonly ReadonlyUint8Array[]): BulkheadEvent[] {
  return datas.flatMap((data) => {
    const bytes = selfCpiEventBytes(data);
    const event = bytes && decodeEvent(bytes);
    return event ? [event] : [];
  });
}

/** The fields of the first event named `name` among self-CPI instruction datas, typed, or undefined. */
export function findEvent<K extends BulkheadEvent["name"]>(
  datas: readonly ReadonlyUint8Array[],
  name: K,
): Extract<BulkheadEvent, { name: K }>["data"] | undefined {
  const event = decodeEvents(datas).find((e) => e.name === name);
  return event?.data as never;
}

/** The parts of a `getTransaction` result (`encoding: "json"`) the event readers use. */
export interface RecordedTransaction {
  transaction: { message: { accountKeys: readonly string[] } };
  meta: {
    err: unknown;
    loadedAddresses?: { writable: readonly string[]; readonly: readonly string[] } | null;
    innerInstructions?:
      | readonly { instructions: readonly { programIdIndex: number; accounts: readonly number[]; data: string }[] }[]
      | null;
  } | null;
}

/**
 * The event bytes (discriminator first) of `tx`, in execution order: bulkhead's own self-CPI
 * inner instructions only (program bulkhead, first account its event authority, the event tag),
 * and none of a failed transaction. Another program's log lines or inner instructions are never
 * read. Throws when `tx` is not a transaction with its meta and inner instructions.
 */
export async function transactionEventBytes(tx: RecordedTransaction | null | undefined): Promise<Uint8Array[]> {
  if (!tx?.meta || !Array.isArray(tx.transaction?.message?.accountKeys))
    throw new Error("not a transaction with its meta");
  if (tx.meta.err !== null && tx.meta.err !== undefined) return [];
  if (!Array.isArray(tx.meta.innerInstructions)) throw new Error("the transaction's meta has no innerInstructions");
  const loaded = tx.meta.loadedAddresses;
  if (loaded && (!Array.isArray(loaded.writable) || !Array.isArray(loaded.readonly)))
    throw new Error("the transaction's loadedAddresses are malformed");
  const keys: unknown[] = [
    ...tx.transaction.message.accountKeys,
    ...(loaded?.writable ?? []),
    ...(loaded?.readonly ?? []),
  ];
  if (keys.some((k) => typeof k !== "string")) throw new Error('account keys must be strings (use encoding "json")');
  const authority = await eventAuthority();
  const base58 = getBase58Encoder();
  const key = (index: number) => {
    if (typeof keys[index] !== "string") throw new Error(`account index ${index} is not in the transaction`);
    return keys[index];
  };
  const out: Uint8Array[] = [];
  for (const group of tx.meta.innerInstructions) {
    for (const ix of group.instructions) {
      if (key(ix.programIdIndex) !== BULKHEAD_PROGRAM_ADDRESS) continue;
      if (ix.accounts.length === 0 || key(ix.accounts[0]) !== authority) continue;
      const bytes = selfCpiEventBytes(base58.encode(ix.data));
      if (bytes) out.push(bytes);
    }
  }
  return out;
}

/** The decoded bulkhead events of a `getTransaction` result (see `transactionEventBytes`). */
export async function transactionEvents(tx: RecordedTransaction | null | undefined): Promise<BulkheadEvent[]> {
  return (await transactionEventBytes(tx)).flatMap((bytes) => {
    const event = decodeEvent(bytes);
    return event ? [event] : [];
  });
}

/** The fields of the first event named `name` among decoded `events`, typed, or undefined. */
export function eventNamed<K extends BulkheadEvent["name"]>(
  events: readonly BulkheadEvent[],
  name: K,
): Extract<BulkheadEvent, { name: K }>["data"] | undefined {
  return events.find((e) => e.name === name)?.data as never;
}

/** The fields of the first event named `name` of a `getTransaction` result, typed, or undefined. */
export async function findTransactionEvent<K extends BulkheadEvent["name"]>(
  tx: RecordedTransaction | null | undefined,
  name: K,
): Promise<Extract<BulkheadEvent, { name: K }>["data"] | undefined> {
  return eventNamed(await transactionEvents(tx), name) as never;
}

/**
 * Decoding the `Program data:` event stream: every bulkhead event is an Anchor event (its 8-byte
 * discriminator, then its fields), emitted with `sol_log_data`. The decoders are the generated
 * ones, which check the discriminator; this file finds the right one for each line by its
 * discriminator (one lookup, not a try of every decoder).
 */
import { createHash } from "node:crypto";
import type { ReadonlyUint8Array } from "@solana/kit";
import * as g from "./generated/index.js";

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
const BY_DISCRIMINATOR = new Map(EVENT_NAMES.map((name) =>
  [createHash("sha256").update(`event:${name}`).digest().subarray(0, 8).toString("hex"), name]));

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

/** The bytes of a `Program data: <base64> ...` log line (several base64 parts concatenated). */
export function programDataBytes(line: string): Uint8Array | undefined {
  if (!line.startsWith("Program data: ")) return undefined;
  return new Uint8Array(line.slice("Program data: ".length).split(" ").flatMap((part) => [...Buffer.from(part, "base64")]));
}

/** Decodes every bulkhead event in a transaction's log lines, in order; other lines are skipped. */
export function decodeEvents(logs: readonly string[]): BulkheadEvent[] {
  return logs.flatMap((line) => {
    const bytes = programDataBytes(line);
    const event = bytes && decodeEvent(bytes);
    return event ? [event] : [];
  });
}

/** The fields of the first event named `name` in a transaction's logs, typed, or undefined. */
export function findEvent<K extends BulkheadEvent["name"]>(
  logs: readonly string[],
  name: K,
): Extract<BulkheadEvent, { name: K }>["data"] | undefined {
  const event = decodeEvents(logs).find((e) => e.name === name);
  return event?.data as never;
}

/**
 * Readable names for bulkhead's error codes (6000 and up, `errors.rs`), built from the generated
 * error constants and messages, and a `describeError` that finds the code inside whatever a
 * failed send or simulation threw.
 */
import { getBulkheadErrorMessage, type BulkheadError } from "./generated/index.js";
import * as g from "./generated/errors/bulkhead.js";

const PREFIX = "BULKHEAD_ERROR__";
const pascal = (snake: string) =>
  snake.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** Error name (PascalCase, as in errors.rs and the IDL) by code. */
const NAMES = new Map<number, string>(
  Object.entries(g)
    .filter(([key, value]) => key.startsWith(PREFIX) && typeof value === "number")
    .map(([key, value]) => [value as number, pascal(key.slice(PREFIX.length))]),
);

/** The name of a bulkhead error code (e.g. 6043 -> "InsufficientMargin"), or undefined. */
export function errorName(code: number): string | undefined {
  return NAMES.get(code);
}

/** The code of a bulkhead error by its name. Throws on an unknown name. */
export function errorCode(name: string): number {
  for (const [code, n] of NAMES) if (n === name) return code;
  throw new Error(`no bulkhead error named ${name}`);
}

/** `Name (code): message` for a bulkhead code, or undefined for any other code. */
export function errorText(code: number): string | undefined {
  const name = errorName(code);
  return name && `${name} (${code}): ${getBulkheadErrorMessage(code as BulkheadError)}`;
}

/** `error` and its `cause`s, outermost first, at most 8 deep (a chain is never trusted to end). */
export function causeChain(error: unknown): any[] {
  const out: any[] = [];
  for (let e: any = error; e && out.length < 8; e = e.cause) out.push(e);
  return out;
}

/**
 * The bulkhead error code in a thrown RPC or transaction error, found in its `code` (the sender's
 * `TransactionFailed`), its `context.code` (kit's custom instruction error), its `cause` chain, or
 * its logs' "custom program error: 0x..".
 */
export function findErrorCode(error: unknown): number | undefined {
  for (const e of causeChain(error)) {
    for (const code of [e?.code, e?.context?.code]) if (typeof code === "number" && NAMES.has(code)) return code;
    const logs: unknown = e?.context?.logs;
    if (Array.isArray(logs)) {
      for (const line of logs) {
        const m = /custom program error: 0x([0-9a-f]+)/i.exec(String(line));
        if (m && NAMES.has(parseInt(m[1], 16))) return parseInt(m[1], 16);
      }
    }
  }
  return undefined;
}

/** A one-line description of any error: the bulkhead error's name and message when there is one. */
export function describeError(error: unknown): string {
  const code = findErrorCode(error);
  const text = code === undefined ? undefined : errorText(code);
  const message = error instanceof Error ? error.message : String(error);
  return text ?? message;
}

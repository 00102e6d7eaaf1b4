/**
 * What every `bulkhead` command shares: the global options (`--url`, `--keypair`, `--program-id`,
 * `--json`, `--oracle`), the connection and signer they make, JSON-safe output, progress on
 * stderr, and error reporting with bulkhead's error names.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { type Address, type KeyPairSigner, address } from "@solana/kit";
import { BULKHEAD_PROGRAM_ADDRESS } from "../generated/index.js";
import { causeChain, describeError, errorName, findErrorCode } from "../errors.js";
import { type Connection, TransactionFailed, connect, readKeypair } from "../rpc.js";
import { HermesPriceSource, LocalPriceSource, type PriceSource } from "../pyth.js";

/** The global options, as commander parses them. */
export interface GlobalOptions {
  url: string;
  keypair: string;
  programId?: string;
  json?: boolean;
  oracle?: string;
}

/** A command's context: connection, signer (read on first use), price source, output mode. */
export class Context {
  readonly connection: Connection;
  readonly json: boolean;
  private signer?: KeyPairSigner;

  constructor(readonly options: GlobalOptions) {
    this.connection = connect(options.url);
    this.json = !!options.json;
    if (options.programId && options.programId !== BULKHEAD_PROGRAM_ADDRESS) {
      throw new UsageError(
        `--program-id ${options.programId}: this client is generated for ${BULKHEAD_PROGRAM_ADDRESS}; ` +
          "after `anchor keys sync` and a rebuild, run `npm run generate` (see README, Deploying to devnet)",
      );
    }
  }

  /** The wallet from `--keypair` (a Solana CLI keypair file); a missing or bad file is a `UsageError`. */
  async wallet(): Promise<KeyPairSigner> {
    const path = this.options.keypair.replace(/^~(?=\/)/, homedir());
    if (!this.signer) {
      if (!existsSync(path)) {
        throw new UsageError(
          `no keypair file at ${path}: pass -k <file>, or create one with \`bulkhead keygen ${path}\``,
        );
      }
      try {
        this.signer = await readKeypair(path);
      } catch (error) {
        throw new UsageError(`${path} is not a Solana CLI keypair file (a JSON array of 64 bytes): ${error}`);
      }
    }
    return this.signer;
  }

  /**
   * The price source of `--oracle`: `local:<dollars>` writes prints itself on the localnet at that
   * price for every feed; `hermes:<url>` fetches them from Hermes and posts them through the Pyth
   * receiver, paid by the wallet.
   */
  async prices(): Promise<PriceSource> {
    const spec = this.options.oracle ?? "";
    if (spec.startsWith("local:")) {
      const dollars = spec.slice("local:".length);
      if (!/^\d+(\.\d+)?$/.test(dollars)) throw new UsageError(`--oracle ${spec}: expected local:<dollars>`);
      return new LocalPriceSource(this.connection, () => dollars);
    }
    if (spec.startsWith("hermes:"))
      return new HermesPriceSource(spec.slice("hermes:".length), this.connection, await this.wallet());
    throw new UsageError(
      "this command needs prices: pass --oracle local:<dollars> (localnet) or --oracle hermes:<url>",
    );
  }

  /** Progress for long operations: stderr, so `--json` output stays one clean document. */
  progress(message: string): void {
    process.stderr.write(`… ${message}\n`);
  }
}

/** An address argument, with the argument's name in the error. */
export function addressArg(value: string, name = "address"): Address {
  try {
    return address(value);
  } catch {
    throw new UsageError(`${name}: ${value} is not a base58 address`);
  }
}

/**
 * The exit codes of every command (README, "CLI"): a script or a bot can tell a fill from a
 * refusal without parsing text.
 */
export const EXIT = {
  /** The action happened (the transaction landed; with a wait, the request executed). */
  OK: 0,
  /** The program refused it, a keeper's execution cancelled the request (the reason by name), or
   * `audit` found the log does not end at the pool account. */
  REFUSED: 1,
  /** Bad input (an option, an argument, a keypair file), found before any RPC call. */
  USAGE: 2,
  /** The RPC could not be reached or did not answer in time. */
  NETWORK: 3,
  /** A wait ended before a keeper executed the request: it is still pending (wait again, or cancel it). */
  TIMEOUT: 4,
} as const;

/** A bounded wait that ended first, reported with exit code `EXIT.TIMEOUT`. */
export class WaitTimeout extends Error {}

/** Bad input, reported with exit code `EXIT.USAGE` before anything is sent. */
export class UsageError extends Error {}

/** The largest u64 and i64. */
const U64_MAX = 2n ** 64n - 1n;
const I64_MAX = 2n ** 63n - 1n;

/**
 * An integer argument in `[min, max]` (amounts in the smallest unit, sizes in lots, seconds);
 * anything else is a `UsageError` naming the option and the range. Defaults to a u64.
 */
export function integerArg(value: string, name: string, min = 0n, max = U64_MAX): bigint {
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${name}: "${value}" is not an integer`);
  const n = BigInt(value.trim());
  if (n < min || n > max) throw new UsageError(`${name}: ${value} is outside [${min}, ${max}]`);
  return n;
}

/** A signed 64-bit argument other than 0 (a trade's size in lots). */
export function sizeArg(value: string, name: string): bigint {
  const n = integerArg(value, name, -I64_MAX, I64_MAX);
  if (n === 0n) throw new UsageError(`${name}: a trade of 0 lots does nothing`);
  return n;
}

/** A positive amount (collateral units, shares): a u64 of at least 1. */
export function amountArg(value: string, name: string): bigint {
  return integerArg(value, name, 1n);
}

/** The largest keeper tip a command accepts (lamports): 1 SOL. */
export const MAX_TIP = 1_000_000_000n;
/** The longest a command waits for a keeper (seconds): an hour. */
export const MAX_WAIT_SECS = 3_600;

/** A bounded count or duration, as a JS number: `[min, max]`. */
export function boundedArg(value: string, name: string, min: number, max: number): number {
  return Number(integerArg(value, name, BigInt(min), BigInt(max)));
}

/** JSON with bigints as decimal strings and byte arrays as hex. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === "bigint") return v.toString();
      if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
      return v;
    },
    2,
  );
}

/** Prints a command's result: the JSON document with `--json`, else `text(result)` or the JSON. */
export function output<T>(ctx: Context, result: T, text?: (r: T) => string): void {
  process.stdout.write((ctx.json || !text ? toJson(result) : text(result)) + "\n");
}

/** The network failure somewhere in `error`'s cause chain (undici's `fetch failed` and its cause), if any. */
function networkCause(error: unknown): string | undefined {
  const NETWORK = ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"];
  for (const e of causeChain(error)) {
    if (NETWORK.includes(e?.code)) return e.code;
    if (e instanceof TypeError && e.message === "fetch failed") {
      const cause = e.cause as { code?: string; message?: string } | undefined;
      return NETWORK.includes(cause?.code ?? "") ? cause!.code : (cause?.code ?? cause?.message ?? "fetch failed");
    }
  }
  return undefined;
}

/** An error as a command reports it, and the exit code it gets (`EXIT`). */
export function errorReport(
  error: unknown,
  url?: string,
): {
  error: { message: string; code?: number; name?: string; logs?: readonly string[] };
  exit: number;
} {
  if (error instanceof UsageError) return { error: { message: error.message }, exit: EXIT.USAGE };
  if (error instanceof WaitTimeout) return { error: { message: error.message }, exit: EXIT.TIMEOUT };
  const network = networkCause(error);
  if (network) {
    return {
      error: { message: `cannot reach the RPC at ${url ?? "the --url given"} (${network})` },
      exit: EXIT.NETWORK,
    };
  }
  const code = findErrorCode(error);
  const logs = error instanceof TransactionFailed && error.logs.length > 0 ? error.logs : undefined;
  return {
    error: {
      message: code === undefined ? (rootCause(error, logs) ?? describeError(error)) : describeError(error),
      ...(code !== undefined ? { code, name: errorName(code) } : {}),
      ...(logs ? { logs } : {}),
    },
    exit: EXIT.REFUSED,
  };
}

/**
 * The cause of a failure that is not bulkhead's own refusal, as a person can act on it: a fee
 * payer with no SOL, or the log line where another program (SPL Token, System) said why, instead
 * of "Transaction simulation failed".
 */
function rootCause(error: unknown, logs: readonly string[] | undefined): string | undefined {
  const all = causeChain(error)
    .map((e) => e?.message)
    .filter((m): m is string => typeof m === "string");
  if (all.some((m) => /no record of a prior credit/.test(m))) {
    return "the wallet paying the fee has no SOL: fund it (`bulkhead airdrop 1` on localnet or devnet)";
  }
  const lines = logs ?? [];
  const said = [...lines].reverse().find((l) => /^Program log: (Error: )?.+/.test(l) && !/Instruction:/.test(l));
  // The innermost program that failed logs first; its callers' "failed" lines follow.
  const failed = lines.find((l) => / failed: /.test(l));
  if (!said && !failed) return undefined;
  const program = failed ? failed.split(" ")[1] : undefined;
  const who = program === "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA" ? "SPL Token" : program;
  const why = said ? said.replace(/^Program log: (Error: )?/, "") : failed!.split(" failed: ")[1];
  return `${all[0] ?? "the transaction failed"}: ${who ? who + " says " : ""}${why}`;
}

/** Whether a command's result reports a request that a keeper's execution refused or cancelled. */
export function refusal(result: unknown): string | undefined {
  const r = result as { executed?: boolean; reason?: string } | undefined;
  return r && r.executed === false ? (r.reason ?? "the request was cancelled") : undefined;
}

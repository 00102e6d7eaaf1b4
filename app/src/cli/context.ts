/**
 * What every `bulkhead` command shares: the global options (`--url`, `--keypair`, `--program-id`,
 * `--json`, `--oracle`), the connection and signer they make, JSON-safe output, progress on
 * stderr, and error reporting with bulkhead's error names.
 */
import { homedir } from "node:os";
import { type Address, type KeyPairSigner, address } from "@solana/kit";
import { BULKHEAD_PROGRAM_ADDRESS } from "../generated/index.js";
import { describeError, errorName, findErrorCode } from "../errors.js";
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
      throw new Error(
        `--program-id ${options.programId}: this client is generated for ${BULKHEAD_PROGRAM_ADDRESS}; ` +
          "after `anchor keys sync` and a rebuild, run `npm run generate` (see README, Deploying to devnet)",
      );
    }
  }

  /** The wallet from `--keypair` (a Solana CLI keypair file). */
  async wallet(): Promise<KeyPairSigner> {
    this.signer ??= await readKeypair(this.options.keypair.replace(/^~(?=\/)/, homedir()));
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
      if (!/^\d+(\.\d+)?$/.test(dollars)) throw new Error(`--oracle ${spec}: expected local:<dollars>`);
      return new LocalPriceSource(this.connection, () => dollars);
    }
    if (spec.startsWith("hermes:"))
      return new HermesPriceSource(spec.slice("hermes:".length), this.connection, await this.wallet());
    throw new Error("this command needs prices: pass --oracle local:<dollars> (localnet) or --oracle hermes:<url>");
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
    throw new Error(`${name}: ${value} is not a base58 address`);
  }
}

/** A non-negative integer argument (amounts in the smallest unit, sizes in lots, seconds). */
export function integerArg(value: string, name: string): bigint {
  if (!/^-?\d+$/.test(value)) throw new Error(`${name}: ${value} is not an integer`);
  return BigInt(value);
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

/** An error as a command reports it: the bulkhead error's name and message when there is one. */
export function errorReport(error: unknown): {
  error: { message: string; code?: number; name?: string; logs?: readonly string[] };
} {
  const code = findErrorCode(error);
  const logs = error instanceof TransactionFailed && error.logs.length > 0 ? error.logs : undefined;
  return {
    error: {
      message: describeError(error),
      ...(code !== undefined ? { code, name: errorName(code) } : {}),
      ...(logs ? { logs } : {}),
    },
  };
}

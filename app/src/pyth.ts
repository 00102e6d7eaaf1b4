/**
 * Pyth prints for bulkhead: the `PriceUpdateV2` account layout and the price sources a keeper
 * asks for "the unique print for time t".
 *
 * The layout is hand-written: `@pythnetwork/pyth-solana-receiver` 0.14.0 crashes at import on
 * node 20 (its web3.js v1 / jito-ts chain). It is the receiver's Borsh layout in a 134-byte
 * account: discriminator | write_authority | verification (1 = Full) | feed_id | price | conf |
 * exponent | publish_time | prev_publish_time | ema_price | ema_conf | posted_slot. The program
 * side parses the same bytes (programs/bulkhead/src/oracle), tested there against the Pyth crate's
 * own types.
 */
import { createHash } from "node:crypto";
import { type Address, type KeyPairSigner, address, generateKeyPairSigner } from "@solana/kit";
import { HermesClient } from "@pythnetwork/hermes-client";
import { type Connection, send, withRetry } from "./rpc.js";
import { postHermesUpdates, reclaimPriceUpdate } from "./hermes.js";

/** The Pyth Solana receiver program, the owner of every `PriceUpdateV2` account. */
export const PYTH_RECEIVER = address("rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");
/** Size of a `PriceUpdateV2` account (bytes). */
export const PRICE_UPDATE_V2_SIZE = 134;

/** One print as `PriceUpdateV2` holds it: `price` and `conf` in units of `10^exponent`, times in seconds. */
export interface Print {
  feedId: Uint8Array;
  price: bigint;
  conf: bigint;
  exponent: number;
  publishTime: bigint;
  prevPublishTime: bigint;
  emaPrice: bigint;
  emaConf: bigint;
}

const DISCRIMINATOR = createHash("sha256").update("account:PriceUpdateV2").digest().subarray(0, 8);

/** Encodes a fully verified `PriceUpdateV2` account. */
export function encodePriceUpdateV2(p: Print, writeAuthority = new Uint8Array(32).fill(7)): Uint8Array {
  const data = new Uint8Array(PRICE_UPDATE_V2_SIZE);
  const view = new DataView(data.buffer);
  data.set(DISCRIMINATOR, 0);
  data.set(writeAuthority, 8);
  data[40] = 1; // VerificationLevel::Full
  data.set(p.feedId, 41);
  view.setBigInt64(73, p.price, true);
  view.setBigUint64(81, p.conf, true);
  view.setInt32(89, p.exponent, true);
  view.setBigInt64(93, p.publishTime, true);
  view.setBigInt64(101, p.prevPublishTime, true);
  view.setBigInt64(109, p.emaPrice, true);
  view.setBigUint64(117, p.emaConf, true);
  view.setBigUint64(125, 1n, true);
  return data;
}

/** Decodes a fully verified `PriceUpdateV2` account; throws on another account or a partial verification. */
export function decodePriceUpdateV2(data: Uint8Array): Print {
  if (data.length < PRICE_UPDATE_V2_SIZE || !DISCRIMINATOR.every((b, i) => data[i] === b))
    throw new Error("not a PriceUpdateV2 account");
  if (data[40] !== 1) throw new Error("PriceUpdateV2 is not fully verified");
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  return {
    feedId: data.slice(41, 73),
    price: view.getBigInt64(73, true),
    conf: view.getBigUint64(81, true),
    exponent: view.getInt32(89, true),
    publishTime: view.getBigInt64(93, true),
    prevPublishTime: view.getBigInt64(101, true),
    emaPrice: view.getBigInt64(109, true),
    emaConf: view.getBigUint64(117, true),
  };
}

/** `dollars` (a decimal string or number, up to 8 decimals) x 1e8, exactly; throws on anything else. */
export function dollarsE8(dollars: number | string): bigint {
  const [whole, frac = ""] = String(dollars).split(".");
  if (frac.length > 8 || !/^\d+$/.test(whole + frac)) throw new Error(`not a dollar amount: ${dollars}`);
  return BigInt(whole) * 100_000_000n + BigInt(frac.padEnd(8, "0"));
}

/** `dollars` (a decimal string or number) as a print at exponent -8 with zero confidence. */
export function dollarPrint(
  feedId: Uint8Array,
  dollars: number | string,
  publishTime: bigint,
  prevPublishTime = publishTime - 1n,
): Print {
  const price = dollarsE8(dollars);
  return { feedId, price, conf: 0n, exponent: -8, publishTime, prevPublishTime, emaPrice: price, emaConf: 0n };
}

/**
 * Where a keeper gets the unique print for a request: the first print of `feedId` with
 * `prevPublishTime < target <= publishTime`, placed in a `PriceUpdateV2` account whose address it
 * returns.
 */
export interface PriceSource {
  printFor(feedId: Uint8Array, target: bigint): Promise<Address>;
  /** A fresh print (publish time = the cluster's now) for one-step reads: liquidation, withdrawal, create_pool. */
  freshPrint(feedId: Uint8Array): Promise<Address>;
  /** Called once a print account has been used: a source that paid for it may reclaim its rent. */
  release?(account: Address): Promise<void>;
}

/**
 * The localnet stand-in for Hermes + the Pyth receiver: it writes the print itself with
 * `surfnet_setAccount`, owned by the receiver program, at a new address per print. `priceOf`
 * gives the price (dollars) of a feed at a time; tests move it to move the market.
 */
export class LocalPriceSource implements PriceSource {
  constructor(
    readonly connection: Connection,
    public priceOf: (feedId: Uint8Array, time: bigint) => number | string,
  ) {}

  /** Writes `print` to a new account and returns its address. */
  async post(print: Print): Promise<Address> {
    const at = (await generateKeyPairSigner()).address;
    await setAccount(this.connection, at, {
      owner: PYTH_RECEIVER,
      lamports: 2_000_000n,
      data: encodePriceUpdateV2(print),
    });
    return at;
  }

  printFor(feedId: Uint8Array, target: bigint): Promise<Address> {
    return this.post(dollarPrint(feedId, this.priceOf(feedId, target), target, target - 1n));
  }

  async freshPrint(feedId: Uint8Array): Promise<Address> {
    const now = await clusterTime(this.connection);
    return this.post(dollarPrint(feedId, this.priceOf(feedId, now), now, now - 1n));
  }
}

/**
 * Production prints: Hermes' first update at or after a time (`getPriceUpdatesAtTimestamp`),
 * which is the unique print a request pins, posted through the Wormhole core bridge and the Pyth
 * receiver as a fully verified `PriceUpdateV2` (hermes.ts); `payer` pays and signs.
 */
export class HermesPriceSource implements PriceSource {
  readonly hermes: HermesClient;
  constructor(
    endpoint: string,
    readonly connection: Connection,
    readonly payer: KeyPairSigner,
  ) {
    this.hermes = new HermesClient(endpoint);
  }

  private async post(feedId: Uint8Array, updates: string[]): Promise<Address> {
    const feed = Buffer.from(feedId).toString("hex");
    const account = (await postHermesUpdates(this.connection, this.payer, updates)).get(feed);
    if (!account) throw new Error(`Hermes returned no update for feed ${feed}`);
    return account;
  }

  async printFor(feedId: Uint8Array, target: bigint): Promise<Address> {
    const update = await this.hermes.getPriceUpdatesAtTimestamp(Number(target), [Buffer.from(feedId).toString("hex")], {
      encoding: "base64",
    });
    return this.post(feedId, update.binary.data);
  }

  /** Reclaims the rent of a print this source posted (the receiver's `reclaim_rent`). */
  async release(account: Address): Promise<void> {
    await send(this.connection, this.payer, [reclaimPriceUpdate(this.payer, account)]);
  }

  async freshPrint(feedId: Uint8Array): Promise<Address> {
    const update = await this.hermes.getLatestPriceUpdates([Buffer.from(feedId).toString("hex")], {
      encoding: "base64",
    });
    return this.post(feedId, update.binary.data);
  }
}

/** A raw JSON-RPC call (for the localnet's `surfnet_*` methods, which kit does not type). */
export async function rpcCall<T>(connection: Connection, method: string, params: unknown[]): Promise<T> {
  const body = await withRetry(async () => {
    const response = await fetch(connection.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }, (_k, v) =>
        typeof v === "bigint" ? Number(v) : v,
      ),
    });
    if (!response.ok) throw new Error(`${method}: HTTP ${response.status}`);
    return (await response.json()) as { result?: T; error?: { message: string } };
  });
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Sets an account on the localnet (`surfnet_setAccount`; data hex-encoded). */
export async function setAccount(
  connection: Connection,
  at: Address,
  account: { owner: Address; lamports: bigint; data: Uint8Array },
): Promise<void> {
  await rpcCall(connection, "surfnet_setAccount", [
    at,
    {
      lamports: account.lamports,
      owner: account.owner,
      data: Buffer.from(account.data).toString("hex"),
      executable: false,
    },
  ]);
}

/** The cluster's `Clock::unix_timestamp` (seconds), from the Clock sysvar. */
export async function clusterTime(connection: Connection): Promise<bigint> {
  const { value } = await connection.rpc
    .getAccountInfo(address("SysvarC1ock11111111111111111111111111111111"), {
      encoding: "base64",
      commitment: "confirmed",
    })
    .send();
  if (!value) throw new Error("no Clock sysvar");
  const data = Buffer.from(value.data[0], "base64");
  return data.readBigInt64LE(32);
}

/** Moves the localnet's clock forward to `unixSeconds` (`surfnet_timeTravel`, which takes milliseconds). */
export async function timeTravel(connection: Connection, unixSeconds: bigint): Promise<void> {
  await rpcCall(connection, "surfnet_timeTravel", [{ absoluteTimestamp: Number(unixSeconds) * 1000 }]);
}

// PriceUpdateV2 account bytes as the Pyth receiver lays them out (Borsh, 134-byte allocation), for
// tests: discriminator | write_authority | verification (1 = Full) | feed_id | price | conf |
// exponent | publish_time | prev_publish_time | ema_price | ema_conf | posted_slot.
import { createHash } from "node:crypto";
import { type Address, address, lamports } from "@solana/kit";
import type { LiteSVM } from "litesvm";

export const PYTH_RECEIVER = address("rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");

export function priceUpdateV2(feedId: Uint8Array, price: bigint, conf: bigint, exponent: number, publishTime: bigint,
  prevPublishTime = publishTime - 1n): Uint8Array {
  const data = new Uint8Array(134);
  const view = new DataView(data.buffer);
  data.set(createHash("sha256").update("account:PriceUpdateV2").digest().subarray(0, 8), 0);
  data.fill(7, 8, 40); // write authority
  data[40] = 1; // VerificationLevel::Full
  data.set(feedId, 41);
  view.setBigInt64(73, price, true);
  view.setBigUint64(81, conf, true);
  view.setInt32(89, exponent, true);
  view.setBigInt64(93, publishTime, true);
  view.setBigInt64(101, prevPublishTime, true);
  view.setBigInt64(109, price, true);
  view.setBigUint64(117, conf, true);
  view.setBigUint64(125, 1n, true);
  return data;
}

/**
 * Writes a fully verified price (exponent -8) for `feedId` published at `publishTime` (the SVM's
 * current time by default), the feed's previous print one second earlier.
 */
export function setPrice(svm: LiteSVM, at: Address, feedId: Uint8Array, dollars: bigint, publishTime?: bigint): void {
  const time = publishTime ?? svm.getClock().unixTimestamp;
  const data = priceUpdateV2(feedId, dollars * 100_000_000n, 0n, -8, time);
  svm.setAccount({ address: at, data, executable: false, lamports: lamports(1_000_000_000n), programAddress: PYTH_RECEIVER, space: 134n });
}

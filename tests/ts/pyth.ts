// Pyth prints for the LiteSVM suites, written with the client's own PriceUpdateV2 layout
// (app/src/pyth.ts, checked against the receiver's IDL in hermes.test.ts).
import { type Address, lamports } from "@solana/kit";
import type { LiteSVM } from "litesvm";
import { PYTH_RECEIVER, encodePriceUpdateV2 } from "../../app/src/index.js";

export { PYTH_RECEIVER };

/** A fully verified PriceUpdateV2 of `feedId` (EMA = price), its previous print at `prevPublishTime`. */
export function priceUpdateV2(
  feedId: Uint8Array,
  price: bigint,
  conf: bigint,
  exponent: number,
  publishTime: bigint,
  prevPublishTime = publishTime - 1n,
): Uint8Array {
  return encodePriceUpdateV2({
    feedId,
    price,
    conf,
    exponent,
    publishTime,
    prevPublishTime,
    emaPrice: price,
    emaConf: conf,
  });
}

/**
 * Writes a fully verified price (exponent -8) for `feedId` published at `publishTime` (the SVM's
 * current time by default), the feed's previous print one second earlier.
 */
export function setPrice(svm: LiteSVM, at: Address, feedId: Uint8Array, dollars: bigint, publishTime?: bigint): void {
  const time = publishTime ?? svm.getClock().unixTimestamp;
  const data = priceUpdateV2(feedId, dollars * 100_000_000n, 0n, -8, time);
  svm.setAccount({
    address: at,
    data,
    executable: false,
    lamports: lamports(1_000_000_000n),
    programAddress: PYTH_RECEIVER,
    space: 134n,
  });
}

// The deploy defaults: one default RiskConfig (the program's, through the JSON the Rust test writes), and per-product
// sizes stated in USD at the listing price, turned into lots with the rounding the deploy documents, and accepted by
// the real .so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { generateKeyPairSigner } from "@solana/kit";

import {
  DEFAULT_RISK_CONFIG,
  type DeployConfig,
  decodePriceUpdateV2,
  encodePriceUpdateV2,
  getRiskParamsDecoder,
  listingOf,
  riskConfigOf,
  sizesAtListing,
} from "../../app/src/index.js";
import { World } from "./world.js";

const CONFIG: DeployConfig = JSON.parse(
  readFileSync(new URL("../../migrations/pools.localnet.json", import.meta.url), "utf8"),
);
const USDC = 6;

test("the client's default config is the program's, with every u64 a bigint", () => {
  const json = JSON.parse(readFileSync(new URL("../../app/src/risk-config.default.json", import.meta.url), "utf8"));
  for (const [key, value] of Object.entries(json)) {
    assert.equal(
      BigInt(DEFAULT_RISK_CONFIG[key as keyof typeof DEFAULT_RISK_CONFIG] as bigint | number),
      BigInt(value as number),
      key,
    );
  }
  assert.equal(typeof DEFAULT_RISK_CONFIG.maxOpenInterest, "bigint");
  assert.ok(DEFAULT_RISK_CONFIG.gapBps < DEFAULT_RISK_CONFIG.maintenanceMarginBps, "maintenance covers the gap");
  assert.ok(DEFAULT_RISK_CONFIG.sponsorUnbondingSecs > BigInt(DEFAULT_RISK_CONFIG.lpWithdrawDelaySecs));
});

test("USD sizes become lots at the listing price: the minimum rounds up, caps down", () => {
  const at150 = { price: 15_000_000_000n, exponent: -8, collateralDecimals: USDC };
  const sizes = sizesAtListing(
    { minPosition: 10, maxPosition: 250_000, maxOpenInterest: 5_000_000, liquidationReserve: 1.5 },
    at150,
    6,
  );
  assert.equal(sizes.minPositionSize, 66_667n, "$10 / $150 = 0.0666...7 SOL, up: never below $10");
  assert.equal(sizes.maxPositionSize, 1_666_666_666n);
  assert.equal(sizes.maxOpenInterest, 33_333_333_333n);
  assert.equal(sizes.liquidationReserve, 1_500_000n);
  assert.throws(() => sizesAtListing({ minPosition: 10 }, { ...at150, price: 0n }, 6), /positive/);
  // The same $150 at other exponents gives the same lots: nothing is truncated.
  for (const [price, exponent] of [
    [1_500_000_000_000n, -10],
    [15n, 1],
    [150n, 0],
  ] as const) {
    assert.deepEqual(
      sizesAtListing({ minPosition: 10, maxOpenInterest: 5_000_000 }, { ...at150, price, exponent }, 6),
      { minPositionSize: 66_667n, maxOpenInterest: 33_333_333_333n },
      `exponent ${exponent}`,
    );
  }
  // A BONK-like print ($0.0000234567 at exponent -10): $10 is 426,317 units, 10^5 lots each.
  const bonk = sizesAtListing({ minPosition: 10 }, { price: 234_567n, exponent: -10, collateralDecimals: USDC }, 5);
  assert.equal(bonk.minPositionSize, 42_631_742_744n, "ceil(10 x 1e5 / 0.0000234567) = ceil(42,631,742,743.6)");
  assert.throws(() => sizesAtListing({ minPosition: 1e-9 }, at150, 6), /not a dollar amount/);
});

test("every product of pools.localnet.json is worth its USD sizes and is accepted by the program", async () => {
  const payer = await generateKeyPairSigner();
  const w = new World(payer);
  const { mint } = await w.mintAndTokenAccount(payer.address, 0n);
  for (const [i, entry] of CONFIG.pools.entries()) {
    const dollars = BigInt((entry.oracle as { localPrice: number }).localPrice);
    // The listing as the deploy reads it from a creation print (PriceUpdateV2 bytes, decoded).
    const print = decodePriceUpdateV2(
      encodePriceUpdateV2({
        feedId: new Uint8Array(32),
        price: dollars * 100_000_000n,
        conf: 0n,
        exponent: -8,
        publishTime: 0n,
        prevPublishTime: 0n,
        emaPrice: dollars * 100_000_000n,
        emaConf: 0n,
      }),
    );
    const config = riskConfigOf(entry, listingOf(print, USDC));
    const lotsPerUnit = 10n ** BigInt(entry.baseDecimals);
    const worth = (lots: bigint) => (lots * dollars * 100n) / lotsPerUnit; // cents, down
    const min = BigInt(config.minPositionSize);
    assert.ok(worth(min) >= 1_000n && worth(min - 1n) < 1_000n, `${entry.product}: the fewest lots worth $10`);
    // Maintenance covers the gap and the most impact a close can pay (`RiskConfig::max_impact_bps`).
    const maxImpactBps =
      (BigInt(config.maxOpenInterest) * 10_000n + BigInt(config.impactSkewScale) - 1n) / BigInt(config.impactSkewScale);
    assert.ok(
      BigInt(config.gapBps) + maxImpactBps <= BigInt(config.maintenanceMarginBps),
      `${entry.product}: gap + ${maxImpactBps} bps of impact`,
    );
    const created = await w.createPool(payer, mint, BigInt(100 + i), config, dollars);
    const stored = getRiskParamsDecoder().decode(w.data(created.riskParams)).config;
    assert.equal(stored.minPositionSize, BigInt(config.minPositionSize), entry.product);
    assert.equal(stored.gapBps, config.gapBps, entry.product);
  }
});

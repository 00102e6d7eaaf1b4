// The SDK's human-unit helpers (app/src/account.ts) against the program's math: exact decimal
// formatting, prices in dollars, and a liquidation price that is exactly the edge of
// `isLiquidatable` (the program's rule, mirrored in app/src/math and checked against the .so in
// math.test.ts). Seeded random inputs, so a failure names its case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatUnits, liquidationPrice, math, priceToDollars } from "../../app/src/index.js";

/** A small deterministic generator (xorshift64*), so every run draws the same cases. */
function rng(seed: bigint) {
  let x = seed;
  return (bound: bigint) => {
    x ^= x << 13n;
    x &= (1n << 64n) - 1n;
    x ^= x >> 7n;
    x ^= x << 17n;
    x &= (1n << 64n) - 1n;
    return bound > 0n ? x % bound : 0n;
  };
}

test("formatUnits is exact: its digits read back to the raw amount", () => {
  assert.equal(formatUnits(1_500_000n, 6), "1.5");
  assert.equal(formatUnits(-42n, 6), "-0.000042");
  assert.equal(formatUnits(7n, 0), "7");
  const draw = rng(15n);
  for (let i = 0; i < 2_000; i++) {
    const decimals = Number(draw(19n));
    const raw = draw(1n << 63n) - (1n << 62n);
    const [whole, fraction = ""] = formatUnits(raw, decimals).replace("-", "").split(".");
    const back = BigInt(whole + fraction.padEnd(decimals, "0")) * (raw < 0n ? -1n : 1n);
    assert.equal(back, raw, `${raw} at ${decimals} decimals`);
  }
});

test("priceToDollars reads a program price as collateral per unit of the underlying", () => {
  // $150 for a 6-decimal stablecoin and 6 base decimals: 150 units per lot x 1e9.
  assert.equal(priceToDollars(150_000_000_000n, 6, 6), "150");
  // 9 base decimals (lots of 1e-9 SOL): $150 is 0.15 units per lot x 1e9 = 150,000,000.
  assert.equal(priceToDollars(150_000_000n, 6, 9), "150");
  // More base decimals than collateral + 9: the price is multiplied, never rounded.
  assert.equal(priceToDollars(3n, 0, 12), "3000");
});

test("the liquidation price is the exact edge of the program's liquidation rule", () => {
  const draw = rng(16n);
  let longs = 0;
  let shorts = 0;
  for (let i = 0; i < 400; i++) {
    const base = (draw(2n) === 0n ? 1n : -1n) * (1n + draw(10_000_000n));
    const price = 1_000_000_000n + draw(1_000_000_000_000n);
    const entry = (((base < 0n ? -base : base) * price) / 1_000_000_000n) | 1n;
    const pos = { collateral: 1n + draw(entry), base, entry, locked: draw(entry) };
    const mm = 50 + Number(draw(1_000n));
    const mark = price;
    if (math.isLiquidatable(pos, mark, mm)) {
      assert.equal(liquidationPrice(pos, mm, mark), mark, "already liquidatable: the mark");
      continue;
    }
    const liq = liquidationPrice(pos, mm, mark);
    if (liq === undefined) continue;
    assert.ok(
      math.isLiquidatable(pos, liq, mm),
      `liquidatable at its liquidation price: ${JSON.stringify(pos, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`,
    );
    if (base > 0n) {
      longs++;
      assert.ok(liq < mark && !math.isLiquidatable(pos, liq + 1n, mm), "a long is healthy one unit above it");
    } else {
      shorts++;
      assert.ok(liq > mark && !math.isLiquidatable(pos, liq - 1n, mm), "a short is healthy one unit below it");
    }
  }
  assert.ok(longs > 50 && shorts > 50, `both sides drawn: ${longs} longs, ${shorts} shorts`);
  assert.equal(liquidationPrice({ collateral: 5n, base: 0n, entry: 0n, locked: 0n }, 500, 1n), undefined, "flat");
});

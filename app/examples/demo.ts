/**
 * The demo (scripts/setup.sh runs it): two pools on a local JSON-RPC validator, driven only
 * through @bulkhead/client exactly as against devnet. An LP funds the SOL pool, a trader goes 7.5x
 * long, the keeper executes both at their pinned prints, SOL falls 12%, the keeper liquidates the
 * trader, and the audit replays each pool's event log; the BTC pool sees only attestations.
 *
 *   scripts/localnet.sh npx tsx app/examples/demo.ts
 */
import { readFileSync } from "node:fs";
import { generateKeyPairSigner } from "@solana/kit";
import {
  type DeployConfig,
  LocalPriceSource,
  auditPool,
  buildDepositCollateral,
  buildRequestAddLiquidity,
  buildRequestTrade,
  clusterTime,
  connect,
  deployPools,
  fetchMarginAccount,
  findMarginAddress,
  getOpenLpAccountInstructionAsync,
  getOpenMarginAccountInstructionAsync,
  poolAddressesOf,
  poolSummary,
  send,
} from "@bulkhead/client";
import { Keeper } from "@bulkhead/client/keeper";
import { airdrop, advanceClock, mintTo } from "@bulkhead/client/localnet";

const connection = connect(process.env.BULKHEAD_RPC_URL ?? "http://127.0.0.1:8899");
const config = JSON.parse(
  readFileSync(new URL("../../migrations/pools.localnet.json", import.meta.url), "utf8"),
) as DeployConfig;
const usd = (units: bigint) => `$${(Number(units) / 1e6).toLocaleString("en-US", { maximumFractionDigits: 2 })}`;

const [creator, lp, trader, keeperWallet] = await Promise.all([1, 2, 3, 4].map(() => generateKeyPairSigner()));
for (const w of [creator, lp, trader, keeperWallet]) await airdrop(connection, w.address, 10n);

// 1. Two pools from the deploy config (migrations/deploy.ts does the same from the command line).
const deployed = await deployPools(connection, creator, config, (m) => console.log(`  ${m}`));
const [sol, btc] = await Promise.all(deployed.map((p) => poolAddressesOf(p.pool)));
const mint = deployed[0].mint;

// 2. The market and the keeper: the localnet stand-in for Hermes writes each print itself.
const price = { sol: 150 };
const prices = new LocalPriceSource(connection, (feed) =>
  Buffer.from(feed).toString("hex") === config.pools[0].feedId ? price.sol : 60_000,
);
const keeper = new Keeper({
  connection,
  keeper: keeperWallet,
  prices,
  attestEverySecs: 1,
  log: (a) =>
    console.log(
      `  keeper: ${a.action}${a.account ? " " + a.account.slice(0, 8) : ""} ${a.ok ? "ok" : "failed: " + a.error}`,
    ),
});

// 3. An LP deposits 1,000,000 USDC into the SOL pool: a request now, shares at the print 2 s later.
console.log("LP deposits 1,000,000 USDC into SOL-PERP");
const lpUsdc = await mintTo(connection, creator, mint, lp.address, 1_000_000_000_000n);
await mintTo(connection, creator, sol.lpMint, lp.address, 0n);
await send(connection, lp, [
  await getOpenLpAccountInstructionAsync({ owner: lp, pool: sol.pool }),
  await buildRequestAddLiquidity({
    owner: lp,
    pool: sol,
    userTokenAccount: lpUsdc,
    amount: 1_000_000_000_000n,
    minSharesOut: 1n,
  }),
]);
await advanceClock(connection, 3n);
await keeper.tick();

// 4. A trader deposits 100 USDC and buys 5 SOL ($750 of notional).
console.log("trader deposits 100 USDC and buys 5 SOL");
const traderUsdc = await mintTo(connection, creator, mint, trader.address, 100_000_000n);
await send(connection, trader, [
  await getOpenMarginAccountInstructionAsync({ owner: trader, pool: sol.pool }),
  await buildDepositCollateral({ owner: trader, pool: sol, userTokenAccount: traderUsdc, amount: 100_000_000n }),
  await buildRequestTrade({ owner: trader, pool: sol, sizeDelta: 5_000_000n, worstPrice: 200_000_000_000n }),
]);
await advanceClock(connection, 3n);
await keeper.tick();
const margin = await fetchMarginAccount(connection.rpc, await findMarginAddress(sol.pool, trader.address));
console.log(`  position ${Number(margin.data.basePosition) / 1e6} SOL, collateral ${usd(margin.data.collateral)}`);

// 5. SOL falls 12%: the keeper liquidates the trader at a fresh print.
console.log("SOL falls from $150 to $132");
price.sol = 132;
await keeper.tick();
const after = await fetchMarginAccount(connection.rpc, margin.address);
console.log(`  position ${Number(after.data.basePosition) / 1e6} SOL, collateral ${usd(after.data.collateral)}`);

// 6. Both pools as an operator sees them (`npx bulkhead pools`), and each pool's audit.
const now = await clusterTime(connection);
for (const [name, p] of [
  ["SOL-PERP", sol],
  ["BTC-PERP", btc],
] as const) {
  const s = await poolSummary(connection, p.pool, now);
  const audit = await auditPool(connection, p.pool);
  console.log(
    `${name} ${p.pool}: sequence ${s.sequence}, vault ${usd(BigInt(s.solvency.vaultBalance))} >= book ${usd(BigInt(s.solvency.bookTotal))}, ` +
      `long OI ${Number(s.openInterest.long.openInterest) / 1e6}, insurance ${usd(BigInt(s.book.insuranceFund))}; ` +
      `audit: ${audit.events} events, ${audit.matches ? "matches the account" : "MISMATCH"}`,
  );
  if (!audit.matches || !s.solvency.solvent) process.exit(1);
}

// A full lifecycle over JSON-RPC against the localnet: two pools from the deploy config (and a
// re-run that creates nothing), an LP deposit and a trade executed by the keeper at their pinned
// prints, a price move and the keeper's liquidation, an LP withdrawal after its delay, the
// keeper's attestation, and the event-log audit of both pools.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  type PoolAddresses,
  LocalPriceSource,
  type PriceSource,
  auditPool,
  buildDepositCollateral,
  buildRequestAddLiquidity,
  buildRequestRemoveLiquidity,
  buildRequestTrade,
  deployPools,
  fetchLpAccount,
  fetchMarginAccount,
  fetchPool,
  findLpAccountAddress,
  findMarginAddress,
  getFundTipInstruction,
  getOpenLpAccountInstructionAsync,
  getOpenMarginAccountInstructionAsync,
  poolAddressesOf,
  send,
  type DeployConfig,
} from "../../app/src/index.js";
import { Keeper } from "../../app/src/keeper.js";
import { advance, ataOf, connection, fundedAta, tokenBalance, wallet } from "./world.js";

const CONFIG = JSON.parse(
  readFileSync(new URL("../../migrations/pools.localnet.json", import.meta.url), "utf8"),
) as DeployConfig;
const feedHex = (feed: Uint8Array) => Buffer.from(feed).toString("hex");

test("lifecycle over RPC: deploy, LP, trade, price move, liquidation, LP exit, attest, audit", async () => {
  const { signer: creator } = await wallet("creator");
  const { signer: lp } = await wallet("lp");
  const { signer: trader } = await wallet("trader");
  const { signer: keeperWallet } = await wallet("keeper");

  // Deploy twice: the second run creates nothing and reports both pools as existing.
  const first = await deployPools(connection, creator, CONFIG);
  assert.deepEqual(
    first.map((p) => p.status),
    ["created", "created"],
  );
  const again = await deployPools(connection, creator, CONFIG);
  assert.deepEqual(
    again.map((p) => [p.status, p.pool]),
    first.map((p) => ["exists", p.pool]),
  );
  const [sol, btc] = await Promise.all(first.map((p) => poolAddressesOf(p.pool)));
  const mint = first[0].mint;
  assert.equal(first[1].mint, mint, "both pools use the one seeded test mint");

  // The market: each feed's price (dollars), moved by the test.
  const prices = new Map<string, number>([
    [CONFIG.pools[0].feedId, 150],
    [CONFIG.pools[1].feedId, 60_000],
  ]);
  const source: PriceSource = new LocalPriceSource(connection, (feed) => prices.get(feedHex(feed))!);
  // The keeper hands every print back once read (a Hermes source reclaims its rent there).
  const released: string[] = [];
  source.release = async (account: string) => void released.push(account);
  // Only this test's pools: the other suites share the validator.
  const keeper = new Keeper({
    connection,
    keeper: keeperWallet,
    prices: source,
    attestEverySecs: 1,
    pools: [sol.pool, btc.pool],
  });

  // An LP deposits 1,000,000 USDC into the SOL pool; the keeper executes it after the delay.
  const lpUsdc = await fundedAta(creator, mint, lp.address, 2_000_000_000_000n);
  const lpShares = await fundedAta(creator, sol.lpMint, lp.address, 0n);
  const lpAccount = await findLpAccountAddress(sol.pool, lp.address);
  await send(connection, lp, [
    await getOpenLpAccountInstructionAsync({ owner: lp, pool: sol.pool }),
    getFundTipInstruction({ owner: lp, account: lpAccount, tipLamports: 10_000n }),
    await buildRequestAddLiquidity({
      owner: lp,
      pool: sol,
      userTokenAccount: lpUsdc,
      amount: 1_000_000_000_000n,
      minSharesOut: 1n,
      tipLamports: 10_000n,
    }),
  ]);
  const early = await keeper.tick();
  assert.ok(
    early.every((a) => a.action === "attest_solvency" || a.action === "refresh_price"),
    `nothing but attestations and the watchdog's refresh before the target time: ${JSON.stringify(early)}`,
  );
  await advance(3n);
  const lpDone = await keeper.tick();
  assert.ok(
    lpDone.some((a) => a.action === "execute_liquidity" && a.ok && a.account === lpAccount),
    JSON.stringify(lpDone),
  );
  const shares = await tokenBalance(await ataOf(lp.address, sol.lpMint));
  assert.ok(shares > 0n, "the LP holds shares");
  assert.equal((await fetchLpAccount(connection.rpc, lpAccount)).data.request.kind, 0);

  // A trader deposits 100 USDC and buys 5 SOL at 10x leverage minus a margin; the keeper executes it.
  const traderUsdc = await fundedAta(creator, mint, trader.address, 100_000_000n);
  const margin = await findMarginAddress(sol.pool, trader.address);
  await send(connection, trader, [
    await getOpenMarginAccountInstructionAsync({ owner: trader, pool: sol.pool }),
    await buildDepositCollateral({ owner: trader, pool: sol, userTokenAccount: traderUsdc, amount: 100_000_000n }),
    getFundTipInstruction({ owner: trader, account: margin, tipLamports: 10_000n }),
    await buildRequestTrade({
      owner: trader,
      pool: sol,
      sizeDelta: 5_000_000n,
      worstPrice: 200_000_000_000n,
      tipLamports: 10_000n,
    }),
  ]);
  await advance(3n);
  const traded = await keeper.tick();
  assert.ok(
    traded.some((a) => a.action === "execute_trade" && a.ok && a.account === margin),
    JSON.stringify(traded),
  );
  const position = await fetchMarginAccount(connection.rpc, margin);
  assert.equal(position.data.basePosition, 5_000_000n);
  assert.ok(
    traded.every((a) => a.action !== "liquidate"),
    "a healthy account is not liquidated",
  );
  assert.ok(keeper.stats.healthy >= 1, "the math mirror found it healthy: no transaction was sent");

  // SOL falls 12%: the 100 USDC margin of a 750 USDC position drops to about 10, below
  // maintenance (5% of notional), so the keeper liquidates the trader.
  prices.set(CONFIG.pools[0].feedId, 132);
  const rewardAccount = await ataOf(keeperWallet.address, mint);
  const before = await tokenBalance(rewardAccount);
  const liquidated = await keeper.tick();
  assert.ok(
    liquidated.some((a) => a.action === "liquidate" && a.ok && a.account === margin),
    JSON.stringify(liquidated),
  );
  assert.ok((await tokenBalance(rewardAccount)) > before, "the keeper received the liquidation reward");
  assert.ok((await fetchMarginAccount(connection.rpc, margin)).data.basePosition < 5_000_000n);

  // The LP withdraws half its shares: the request executes only after the pool's LP delay.
  await send(connection, lp, [
    getFundTipInstruction({ owner: lp, account: lpAccount, tipLamports: 10_000n }),
    await buildRequestRemoveLiquidity({
      owner: lp,
      pool: sol,
      userLpTokenAccount: lpShares,
      shares: shares / 2n,
      minAmountOut: 1n,
      tipLamports: 10_000n,
    }),
  ]);
  const usdcBefore = await tokenBalance(lpUsdc);
  await advance(5n);
  assert.ok(
    (await keeper.tick()).every((a) => a.action !== "execute_liquidity"),
    "not before the LP delay",
  );
  await advance(3_600n);
  const exited = await keeper.tick();
  assert.ok(
    exited.some((a) => a.action === "execute_liquidity" && a.ok),
    JSON.stringify(exited),
  );
  // Before the withdrawal's print the keeper settled the losing position the liquidation left
  // (SOL is still 12% below its entry), so the LP who left was paid for its loss.
  const rest = (await fetchMarginAccount(connection.rpc, margin)).data;
  if (rest.basePosition !== 0n) {
    assert.ok(
      exited.some((a) => a.action === "settle_pnl" && a.ok && a.account === margin),
      JSON.stringify(exited),
    );
  }
  assert.ok(
    exited.filter((a) => a.action === "settle_pnl").every((a) => a.ok),
    JSON.stringify(exited),
  );
  assert.ok((await tokenBalance(lpUsdc)) > usdcBefore, "the LP received collateral");
  assert.equal(await tokenBalance(lpShares), shares - shares / 2n);

  assert.ok(released.length >= 4, `every execution's and the liquidation's print was released: ${released.length}`);

  // The keeper attested both pools (attestEverySecs = 1) and the audit of each log matches its account.
  assert.ok(exited.filter((a) => a.action === "attest_solvency" && a.ok).length >= 1);
  for (const p of [sol, btc] as PoolAddresses[]) {
    const report = await auditPool(connection, p.pool);
    const state = await fetchPool(connection.rpc, p.pool);
    assert.equal(report.findings.length, 0, JSON.stringify(report.findings));
    assert.equal(report.sequence, state.pool.sequence);
    assert.ok(report.matches, `the audit of ${p.pool} matches the account`);
    assert.ok(state.attestation.unixTime > 0n, "attested");
  }
  const solAudit = await auditPool(connection, sol.pool);
  for (const name of [
    "PoolCreated",
    "LiquidityRequested",
    "LiquidityMoved",
    "TradeRequested",
    "TradeExecuted",
    "Liquidated",
    "SolvencyAttested",
  ]) {
    assert.ok((solAudit.byName[name] ?? 0) >= 1, `the SOL pool's log holds ${name}`);
  }
});

// The keeper survives RPC failures: through a proxy that refuses every third request (HTTP 503,
// before it reaches the validator), and through one that loses every second answer after the
// validator acted, it still executes a due request, with bounded retries; against an RPC that is
// down it reports the pool it could not read and returns, in bounded time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import {
  type DeployConfig,
  LocalPriceSource,
  buildRequestAddLiquidity,
  connect,
  deployPools,
  findLpAccountAddress,
  getOpenLpAccountInstructionAsync,
  poolAddressesOf,
  send,
} from "../../app/src/index.js";
import { Keeper } from "../../app/src/keeper.js";
import { URL as RPC, advance, connection, fundedAta, wallet } from "./world.js";

const CONFIG = JSON.parse(
  readFileSync(new URL("../../migrations/pools.localnet.json", import.meta.url), "utf8"),
) as DeployConfig;

/**
 * An HTTP proxy to the localnet that answers every `every`-th request with 503: before it reaches
 * the validator, or (`lose`) after, so the request took effect and only its answer is lost.
 */
async function flakyProxy(every: number, lose = false) {
  let requests = 0;
  let refused = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const fail = ++requests % every === 0;
    if (fail && !lose) {
      refused++;
      res.writeHead(503).end("unavailable");
      return;
    }
    const upstream = await fetch(RPC, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.concat(chunks),
    });
    if (fail) {
      refused++;
      res.writeHead(503).end("answer lost");
      return;
    }
    res
      .writeHead(upstream.status, { "content-type": "application/json" })
      .end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stats: () => ({ requests, refused }), close: () => new Promise((resolve) => server.close(resolve)) };
}

test("the keeper retries through a flaky RPC and gives up in bounded time on a dead one", async () => {
  const { signer: creator } = await wallet("faults-creator");
  const { signer: keeperWallet } = await wallet("faults-keeper");
  const [deployed] = await deployPools(connection, creator, { pools: [{ ...CONFIG.pools[0], poolId: 21 }] });
  const pool = await poolAddressesOf(deployed.pool);
  const usdc = await fundedAta(creator, deployed.mint, creator.address, 1_001_000_000n);
  await fundedAta(creator, pool.lpMint, creator.address, 0n);
  await send(connection, creator, [
    await getOpenLpAccountInstructionAsync({ owner: creator, pool: pool.pool }),
    await buildRequestAddLiquidity({
      owner: creator,
      pool,
      userTokenAccount: usdc,
      amount: 1_000_000_000n,
      minSharesOut: 1n,
    }),
  ]);
  await advance(3n);

  const proxy = await flakyProxy(3);
  try {
    const flaky = connect(proxy.url);
    const keeper = new Keeper({
      connection: flaky,
      keeper: keeperWallet,
      pools: [pool.pool],
      prices: new LocalPriceSource(flaky, () => 150),
      retry: { attempts: 4, baseMs: 20, maxMs: 200 },
    });
    const actions = await keeper.tick();
    const lpAccount = await findLpAccountAddress(pool.pool, creator.address);
    assert.ok(
      actions.some((a) => a.action === "execute_liquidity" && a.ok && a.account === lpAccount),
      JSON.stringify(actions),
    );
    assert.ok(proxy.stats().refused >= 3, `the proxy refused requests: ${JSON.stringify(proxy.stats())}`);
  } finally {
    await proxy.close();
  }

  // Answers lost after the validator acted: a resent transaction is already processed, and the
  // sender confirms it rather than failing. A second LP request makes the keeper send again.
  await send(connection, creator, [
    await buildRequestAddLiquidity({
      owner: creator,
      pool,
      userTokenAccount: usdc,
      amount: 1_000_000n,
      minSharesOut: 1n,
    }),
  ]);
  await advance(3n);
  const losing = await flakyProxy(2, true);
  try {
    const flaky = connect(losing.url);
    const keeper = new Keeper({
      connection: flaky,
      keeper: keeperWallet,
      pools: [pool.pool],
      prices: new LocalPriceSource(flaky, () => 150),
      retry: { attempts: 5, baseMs: 20, maxMs: 200 },
    });
    const actions = await keeper.tick();
    assert.ok(
      actions.some((a) => a.action === "execute_liquidity" && a.ok),
      JSON.stringify(actions),
    );
    assert.ok(losing.stats().refused >= 3, `answers were lost: ${JSON.stringify(losing.stats())}`);
  } finally {
    await losing.close();
  }

  // Nothing listens here: every read fails, the pass records it and ends.
  const dead = connect("http://127.0.0.1:9");
  const keeper = new Keeper({
    connection: dead,
    keeper: keeperWallet,
    pools: [pool.pool],
    prices: new LocalPriceSource(dead, () => 150),
    retry: { attempts: 3, baseMs: 10, maxMs: 50 },
  });
  const started = Date.now();
  const actions = await keeper.tick();
  assert.deepEqual(
    actions.map((a) => [a.action, a.ok]),
    [["read_pool", false]],
  );
  assert.match(actions[0].error ?? "", /pool skipped/);
  assert.ok(Date.now() - started < 5_000, "bounded: three attempts with short backoff");
});

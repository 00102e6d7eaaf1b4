// Cross-pool isolation over JSON-RPC: two pools of one mint; a trader's whole life in pool A
// (deposit, trade, a crash, liquidation) leaves every byte of pool B's accounts as it was, and an
// instruction of pool A handed pool B's vault is refused with WrongVault, moving nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  LocalPriceSource,
  TransactionFailed,
  buildDepositCollateral,
  buildRequestAddLiquidity,
  buildRequestTrade,
  fetchMarginAccount,
  getOpenLpAccountInstructionAsync,
  buildWithdrawCollateral,
  deployPools,
  errorCode,
  findMarginAddress,
  getFundTipInstruction,
  getOpenMarginAccountInstructionAsync,
  poolAddressesOf,
  send,
  PYTH_RECEIVER,
  type DeployConfig,
} from "../../app/src/index.js";
import { Keeper } from "../../app/src/keeper.js";
import { advance, connection, fundedAta, snapshot, wallet } from "./world.js";

const CONFIG = JSON.parse(
  readFileSync(new URL("../../migrations/pools.localnet.json", import.meta.url), "utf8"),
) as DeployConfig;

test("isolation over RPC: pool A's trading, crash and liquidation never touch pool B", async () => {
  const { signer: creator } = await wallet("iso-creator");
  const { signer: trader } = await wallet("iso-trader");
  const { signer: keeperWallet } = await wallet("iso-keeper");
  // Two pools of the same product and mint, ids 7 and 8.
  const entry = CONFIG.pools[0];
  const deployed = await deployPools(connection, creator, {
    pools: [
      { ...entry, poolId: 7 },
      { ...entry, poolId: 8 },
    ],
  });
  const [a, b] = await Promise.all(deployed.map((p) => poolAddressesOf(p.pool)));
  const mint = deployed[0].mint;
  const bAccounts = [b.pool, b.riskParams, b.vault, b.attestation, b.lpMint, b.lpEscrow];

  // Pool B holds money of its own: the same trader's collateral.
  const usdc = await fundedAta(creator, mint, trader.address, 200_000_000n);
  await send(connection, trader, [
    await getOpenMarginAccountInstructionAsync({ owner: trader, pool: b.pool }),
    await buildDepositCollateral({ owner: trader, pool: b, userTokenAccount: usdc, amount: 50_000_000n }),
  ]);
  const bBefore = await snapshot([...bAccounts, await findMarginAddress(b.pool, trader.address)]);

  // Substitution: pool A's withdrawal with pool B's vault is refused and nothing moves anywhere.
  await send(connection, trader, [
    await getOpenMarginAccountInstructionAsync({ owner: trader, pool: a.pool }),
    await buildDepositCollateral({ owner: trader, pool: a, userTokenAccount: usdc, amount: 100_000_000n }),
  ]);
  const everything = [...bAccounts, a.pool, a.vault, usdc, await findMarginAddress(a.pool, trader.address)];
  const beforeAttack = await snapshot(everything);
  await assert.rejects(
    send(connection, trader, [
      await buildWithdrawCollateral({
        owner: trader,
        pool: { ...a, vault: b.vault },
        userTokenAccount: usdc,
        priceUpdate: PYTH_RECEIVER,
        amount: 1n,
      }),
    ]),
    (e) => e instanceof TransactionFailed && e.code === errorCode("WrongVault"),
  );
  assert.deepEqual(await snapshot(everything), beforeAttack, "no byte moved");

  // Pool A: LP capital, a 7.5x long, a 12% crash, a liquidation.
  const price = { now: 150 };
  const keeper = new Keeper({
    connection,
    keeper: keeperWallet,
    prices: new LocalPriceSource(connection, () => price.now),
    pools: [a.pool],
  });
  const lpUsdc = await fundedAta(creator, mint, creator.address, 1_000_000_000_000n);
  await fundedAta(creator, a.lpMint, creator.address, 0n);
  await send(connection, creator, [
    await getOpenLpAccountInstructionAsync({ owner: creator, pool: a.pool }),
    await buildRequestAddLiquidity({
      owner: creator,
      pool: a,
      userTokenAccount: lpUsdc,
      amount: 1_000_000_000_000n,
      minSharesOut: 1n,
    }),
  ]);
  await advance(3n);
  assert.ok((await keeper.tick()).some((x) => x.action === "execute_liquidity" && x.ok));
  const margin = await findMarginAddress(a.pool, trader.address);
  await send(connection, trader, [
    getFundTipInstruction({ owner: trader, account: margin, tipLamports: 10_000n }),
    await buildRequestTrade({
      owner: trader,
      pool: a,
      sizeDelta: 5_000_000n,
      worstPrice: 200_000_000_000n,
      tipLamports: 10_000n,
    }),
  ]);
  await advance(3n);
  const done = await keeper.tick();
  assert.ok(
    done.some((x) => x.action === "execute_trade" && x.ok && x.account === margin),
    JSON.stringify(done),
  );
  assert.equal((await fetchMarginAccount(connection.rpc, margin)).data.basePosition, 5_000_000n);
  price.now = 132;
  const crashed = await keeper.tick();
  assert.ok(
    crashed.some((x) => x.action === "liquidate" && x.ok && x.account === margin),
    JSON.stringify(crashed),
  );

  assert.deepEqual(
    await snapshot([...bAccounts, await findMarginAddress(b.pool, trader.address)]),
    bBefore,
    "every byte of pool B and of the trader's pool-B account is unchanged",
  );
});

// The client's math mirror (app/src/math/) against the real .so on random inputs: random trades
// at random prints and confidence bands after random time gaps (fill price, impact, fee, position,
// lock, realized PnL, funding and borrow settled, as TradeExecuted reports them; the accrued
// funding and borrow indexes as the pool stores them), the free-collateral boundary of a withdrawal at a random fresh
// print (free succeeds, free + 1 fails with InsufficientCollateral and moves nothing), and the
// liquidation decision and size at a random crash.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type Address, type Instruction, generateKeyPairSigner, lamports } from "@solana/kit";

import {
  buildDepositCollateral,
  math,
  buildExecuteLiquidity,
  buildExecuteTrade,
  buildLiquidate,
  buildOpenLpAccount,
  buildOpenMarginAccount,
  buildRequestAddLiquidity,
  buildRequestRemoveLiquidity,
  buildRequestTrade,
  buildWithdrawCollateral,
  errorCode,
  findEvent,
  findLpAccountAddress,
  findMarginAddress,
  getLpAccountDecoder,
  getMarginAccountDecoder,
  getPoolDecoder,
  targetTime,
} from "../../app/src/index.js";
import { getMintDecoder } from "@solana-program/token";
import { PYTH_RECEIVER, priceUpdateV2 } from "./pyth.js";
import type { TransactionMetadata } from "litesvm";
import { World, customCode, eventDataOf, feedOf, params } from "./world.js";

const SEEDS = 12;
const STEPS = 10;

/** xorshift64*: a seeded, reproducible stream of bigints. */
function rng(seed: number) {
  let x = (BigInt(seed) * 0x9e3779b97f4a7c15n) & ((1n << 64n) - 1n) || 1n;
  const next = () => {
    x ^= x >> 12n;
    x ^= (x << 25n) & ((1n << 64n) - 1n);
    x ^= x >> 27n;
    return (x * 0x2545f4914f6cdd1dn) & ((1n << 64n) - 1n);
  };
  /** Uniform in [lo, hi]. */
  return (lo: bigint, hi: bigint) => lo + (next() % (hi - lo + 1n));
}

/** A pool at $2,000 with 1,000,000 USDC of LP capital, a trader holding 10,000 USDC and a counterparty short. */
async function setUp(w: World) {
  const payer = w.payer;
  const [lp, trader, keeper] = [
    await generateKeyPairSigner(),
    await generateKeyPairSigner(),
    await generateKeyPairSigner(),
  ];
  for (const k of [lp, trader, keeper]) w.svm.airdrop(k.address, lamports(10_000_000_000n));
  const { mint, token: lpToken } = await w.mintAndTokenAccount(lp.address, 1_000_000_000_000n);
  const pool = await w.createPool(payer, mint, 1n);
  const lpShares = { address: await w.tokenAccount(pool.lpMint, lp.address, 0n) };
  await w.ok([
    await buildOpenLpAccount({ owner: lp, pool: pool.pool }),
    await buildRequestAddLiquidity({
      owner: lp,
      pool,
      userTokenAccount: lpToken,
      amount: 1_000_000_000_000n,
      minSharesOut: 1n,
    }),
  ]);
  w.pin(
    pool.priceUpdate,
    1n,
    getLpAccountDecoder().decode(w.data(await findLpAccountAddress(pool.pool, lp.address))).request,
    2_000n,
  );
  await w.ok([
    await buildExecuteLiquidity({
      pool,
      owner: lp.address,
      userTokenAccount: lpToken,
      userLpTokenAccount: lpShares.address,
      keeper,
      priceUpdate: pool.priceUpdate,
    }),
  ]);
  const traderToken = await w.tokenAccount(mint, trader.address, 10_000_000_000n);
  await w.ok([await buildOpenMarginAccount({ owner: trader, pool: pool.pool })]);
  await w.ok([
    await buildDepositCollateral({ owner: trader, pool, userTokenAccount: traderToken, amount: 10_000_000_000n }),
  ]);
  // A counterparty holds a 0.5 short throughout, so both sides have positions (funding flows both
  // ways, the lighter side is owed and both sides' second moments are in play).
  const counter = await generateKeyPairSigner();
  w.svm.airdrop(counter.address, lamports(10_000_000_000n));
  const counterToken = await w.tokenAccount(mint, counter.address, 1_000_000_000n);
  await w.ok([
    await buildOpenMarginAccount({ owner: counter, pool: pool.pool }),
    await buildDepositCollateral({ owner: counter, pool, userTokenAccount: counterToken, amount: 1_000_000_000n }),
    await buildRequestTrade({ owner: counter, pool, sizeDelta: -500_000n, worstPrice: 0n }),
  ]);
  w.pin(
    pool.priceUpdate,
    1n,
    getMarginAccountDecoder().decode(w.data(await findMarginAddress(pool.pool, counter.address))).request,
    2_000n,
  );
  await w.ok([await buildExecuteTrade({ keeper, pool, owner: counter.address, priceUpdate: pool.priceUpdate })]);
  return {
    pool,
    mint,
    lp,
    lpShares: lpShares.address,
    trader,
    keeper,
    traderToken,
    margin: await findMarginAddress(pool.pool, trader.address),
  };
}

/** Writes a print of `mantissa` (exponent -8) with confidence `conf`, published at `time`, EMA = price. */
function print(w: World, at: Address, mantissa: bigint, conf: bigint, time: bigint) {
  const data = priceUpdateV2(feedOf(1n), mantissa, conf, -8, time);
  w.svm.setAccount({
    address: at,
    data,
    executable: false,
    lamports: lamports(1_000_000_000n),
    programAddress: PYTH_RECEIVER,
    space: 134n,
  });
}

/** A random print around `dollars`: +-`moveBps`, confidence up to half the strict bound. */
function randomPrint(r: ReturnType<typeof rng>, dollars: bigint, moveBps: bigint) {
  const mid = dollars * 100_000_000n;
  const mantissa = mid + (mid * r(-moveBps, moveBps)) / 10_000n;
  const conf = r(0n, (mantissa * BigInt(params.oracleMaxConfBps)) / 20_000n);
  return { mantissa, conf, band: math.band(mantissa, conf, -8, 6, 6, params.oracleConfMultiplierBps) };
}

const CURVE = math.fundingTermsOf(params);
/** The mirror's NAVs of `pool` accrued to `now`, at band `b`. */
function predictNavs(pool: ReturnType<ReturnType<typeof getPoolDecoder>["decode"]>, now: bigint, b: math.Band) {
  const { indexes, state } = math.accrualInputsOf(pool);
  const after = math.accrueIndexes(indexes, now - pool.market.lastAccrualTs, state, CURVE);
  const agg = math.accrueAggregates(
    { feesReceivable: pool.market.feesReceivable, fundingPayable: pool.market.fundingPayable },
    indexes,
    after,
    state,
  );
  // An LP flow first sweeps the impact pool's surplus at the band's low into LP capital.
  const skew = pool.market.long.openInterest - pool.market.short.openInterest;
  const swept = math.impactSurplus(pool.book.impactPool, skew, b.low, BigInt(params.impactSkewScale));
  return math.lpNavs(
    {
      lpCapital: pool.book.lpCapital + swept,
      traderCollateral: pool.book.traderCollateral,
      sponsorCapital: pool.book.sponsorCapital,
      insuranceFund: pool.book.insuranceFund,
      unpaidFunding: pool.market.unpaidFunding,
      ...agg,
      long: pool.market.long,
      short: pool.market.short,
    },
    b,
  );
}

test("the math mirror equals the program: random trades, withdrawal boundaries and liquidations", async () => {
  const compared = { trades: 0, settlements: 0, withdrawals: 0, navs: 0, liquidations: 0, healthy: 0 };
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = rng(seed);
    const w = new World(await generateKeyPairSigner());
    w.setTime(1_000_000n);
    const { pool, mint, lp, lpShares, trader, keeper, traderToken, margin } = await setUp(w);
    const account = () => getMarginAccountDecoder().decode(w.data(margin));

    for (let step = 0; step < STEPS; step++) {
      // A random order that leaves the position at 0 or at least the minimum size, within caps.
      const before = account();
      let delta = r(1_000n, 3_000_000n) * (r(0n, 1n) === 0n ? 1n : -1n);
      const after = before.basePosition + delta;
      if (after !== 0n && (after < 0n ? -after : after) < BigInt(params.minPositionSize)) delta = -before.basePosition;
      if (delta === 0n) continue;
      w.setTime(w.now() + r(0n, 200_000n)); // up to ~2 days pass: borrow and funding accrue
      await w.ok([
        await buildRequestTrade({
          owner: trader,
          pool,
          sizeDelta: delta,
          worstPrice: delta > 0n ? 2n ** 64n - 1n : 0n,
        }),
      ]);
      const target = targetTime(account().request);
      w.setTime(target);
      const p = randomPrint(r, 2_000n, 150n);
      print(w, pool.priceUpdate, p.mantissa, p.conf, target);

      // The mirror's prediction from the state before the execution.
      const poolBefore = getPoolDecoder().decode(w.data(pool.pool));
      const acc = account();
      const f = math.fillPrice(p.band, delta > 0n);
      const skew = poolBefore.market.long.openInterest - poolBefore.market.short.openInterest;
      const { paid, rebate } = math.impact(skew, delta, f, BigInt(params.impactSkewScale), poolBefore.book.impactPool);
      const fl = math.fill(acc.basePosition, acc.entryNotional, delta, f);
      const held = acc.basePosition < 0n ? -acc.basePosition : acc.basePosition;
      const { lock, released } = math.nextLock(held, acc.entryNotional, acc.locked, fl, params.maxPayoffBps);
      const profit = fl.profit < released ? fl.profit : released;

      // Funding and borrow: the indexes over the time since the last accrual, at the rates of the
      // state before; then the account's settlement between its snapshots and those indexes.
      const { indexes: before0, state: state0 } = math.accrualInputsOf(poolBefore);
      const indexes = math.accrueIndexes(before0, target - poolBefore.market.lastAccrualTs, state0, CURVE);
      const settled = math.accountSettlement(indexes, acc);

      const executed = findEvent(
        (
          await w.ok([await buildExecuteTrade({ keeper, pool, owner: trader.address, priceUpdate: pool.priceUpdate })])
        ).eventData(),
        "TradeExecuted",
      );
      assert.ok(executed, `seed ${seed} step ${step}: the trade executed`);
      assert.equal(executed.fillPrice, f, "fill price at the band edge");
      assert.equal(executed.oraclePrice, p.band.mid);
      assert.equal(executed.impactPaid, paid, "impact paid");
      assert.equal(executed.impactRebate, rebate, "impact rebate");
      assert.equal(executed.fee, math.takerFee(delta, f, params.takerFeeBps), "taker fee");
      assert.equal(executed.basePosition, fl.basePosition);
      assert.equal(account().entryNotional, fl.entryNotional, "cost basis");
      assert.equal(executed.locked, lock, "payoff lock");
      assert.equal(executed.realizedPnl, profit > 0n ? profit : -fl.loss, "realized PnL after the payoff cap");
      const market = getPoolDecoder().decode(w.data(pool.pool)).market;
      assert.deepEqual(
        [
          market.long.borrowIndex,
          market.short.borrowIndex,
          market.long.fundingPaidIndex,
          market.long.fundingReceivedIndex,
          market.short.fundingPaidIndex,
          market.short.fundingReceivedIndex,
        ],
        [
          indexes.longBorrow,
          indexes.shortBorrow,
          indexes.longPaid,
          indexes.longReceived,
          indexes.shortPaid,
          indexes.shortReceived,
        ],
        "accrued indexes",
      );
      assert.deepEqual(
        [executed.fundingPaid, executed.fundingReceived],
        [settled.owed, settled.received],
        "funding and borrow settled",
      );
      if (settled.owed > 0n || settled.received > 0n) compared.settlements++;
      compared.trades++;

      // The withdrawal boundary at a fresh print of the same second: free succeeds, free + 1 fails.
      const now = account();
      if (now.basePosition === 0n) continue;
      const fresh = randomPrint(r, 2_000n, 100n);
      print(w, pool.priceUpdate, fresh.mantissa, fresh.conf, target);
      const free = math.freeCollateral(
        now.collateral,
        now.basePosition,
        now.entryNotional,
        fresh.band,
        params.initialMarginBps,
      );
      const withdraw = (amount: bigint) =>
        buildWithdrawCollateral({
          owner: trader,
          pool,
          userTokenAccount: traderToken,
          priceUpdate: pool.priceUpdate,
          amount,
        });
      if (free < now.collateral) {
        const snap = w.snapshot([traderToken, pool.vault]);
        assert.equal(
          customCode(await w.send([await withdraw(free + 1n)])),
          errorCode("InsufficientCollateral"),
          `free + 1 = ${free + 1n}`,
        );
        assert.deepEqual(w.snapshot([traderToken, pool.vault]), snap, "a refused withdrawal moves nothing");
      }
      if (free > 0n) {
        await w.ok([await withdraw(free)]);
        await w.ok([
          await buildDepositCollateral({ owner: trader, pool, userTokenAccount: traderToken, amount: free }),
        ]);
      }
      compared.withdrawals++;
    }

    // An LP deposit and then a withdrawal against the open book, each after time has passed: the
    // mirror's NAVs (accrued to the execution) give the program's NAV, shares and amount.
    const lpToken = await w.tokenAccount(mint, lp.address, 1_000_000_000_000n);
    const lpAccount = await findLpAccountAddress(pool.pool, lp.address);
    const lpFlows: [string, () => Promise<Instruction>][] = [
      [
        "deposit",
        () =>
          buildRequestAddLiquidity({
            owner: lp,
            pool,
            userTokenAccount: lpToken,
            amount: r(10_000_000n, 500_000_000_000n),
            minSharesOut: 1n,
          }),
      ],
      [
        "withdrawal",
        async () =>
          buildRequestRemoveLiquidity({
            owner: lp,
            pool,
            userLpTokenAccount: lpShares,
            shares: r(1_000_000n, w.tokenAmount(lpShares) / 4n),
            minAmountOut: 1n,
          }),
      ],
    ];
    for (const [kind, request] of lpFlows) {
      w.setTime(w.now() + r(0n, 100_000n));
      await w.ok([await request()]);
      const pending = getLpAccountDecoder().decode(w.data(lpAccount)).request;
      const at = targetTime(pending);
      w.setTime(at);
      const p = randomPrint(r, 2_000n, 150n);
      print(w, pool.priceUpdate, p.mantissa, p.conf, at);
      const before = getPoolDecoder().decode(w.data(pool.pool));
      const supply = getMintDecoder().decode(w.data(pool.lpMint)).supply + before.market.deadLpShares;
      const nav = predictNavs(before, at, p.band);
      const moved = findEvent(
        (
          await w.ok([
            await buildExecuteLiquidity({
              pool,
              owner: lp.address,
              userTokenAccount: lpToken,
              userLpTokenAccount: lpShares,
              keeper,
              priceUpdate: pool.priceUpdate,
            }),
          ])
        ).eventData(),
        "LiquidityMoved",
      );
      assert.ok(moved, `seed ${seed}: the LP ${kind} executed`);
      if (kind === "deposit") {
        assert.equal(moved.nav, nav.mint, "mint NAV");
        assert.equal(moved.shares, math.sharesToMint(pending.amount, supply, nav.mint)[0], "shares minted");
      } else {
        assert.equal(moved.nav, nav.redeem, "redeem NAV");
        assert.equal(moved.amount, math.sharesToRedeem(pending.amount, supply, nav.redeem), "collateral paid");
      }
      compared.navs++;
    }

    // The trader withdraws down to initial margin at $2,000, then a random move against it of
    // 0-10%: the mirror decides whether it is liquidatable and how much closes; the program agrees.
    if (account().basePosition === 0n) continue;
    const mid = 2_000n * 100_000_000n;
    print(w, pool.priceUpdate, mid, 0n, w.now());
    // (A 1-unit withdrawal first settles the funding and borrow accrued since the last trade.)
    await w.ok([
      await buildWithdrawCollateral({
        owner: trader,
        pool,
        userTokenAccount: traderToken,
        priceUpdate: pool.priceUpdate,
        amount: 1n,
      }),
    ]);
    const atMid = math.band(mid, 0n, -8, 6, 6, params.oracleConfMultiplierBps);
    const spare = math.freeCollateral(
      account().collateral,
      account().basePosition,
      account().entryNotional,
      atMid,
      params.initialMarginBps,
    );
    if (spare > 0n) {
      await w.ok([
        await buildWithdrawCollateral({
          owner: trader,
          pool,
          userTokenAccount: traderToken,
          priceUpdate: pool.priceUpdate,
          amount: spare,
        }),
      ]);
    }
    const pos = account();
    const direction = pos.basePosition > 0n ? -1n : 1n;
    const mantissa = mid + (direction * (mid * r(0n, 1_000n))) / 10_000n;
    const conf = r(0n, (mantissa * BigInt(params.oracleReduceMaxConfBps)) / 20_000n);
    const b = math.band(mantissa, conf, -8, 6, 6, params.oracleConfMultiplierBps);
    const now = w.now();
    print(w, pool.priceUpdate, mantissa, conf, now);
    const position = {
      collateral: pos.collateral,
      base: pos.basePosition,
      entry: pos.entryNotional,
      locked: pos.locked,
    };
    const liquidatable = math.isLiquidatable(position, b.mid, params.maintenanceMarginBps);
    const reward = await w.tokenAccount(mint, keeper.address, 0n);
    const result = await w.send([
      await buildLiquidate({
        liquidator: keeper,
        pool,
        owner: trader.address,
        rewardTokenAccount: reward,
        priceUpdate: pool.priceUpdate,
      }),
    ]);
    if (!liquidatable) {
      assert.equal(customCode(result), errorCode("NotLiquidatable"), `seed ${seed}: healthy at ${mantissa}`);
      compared.healthy++;
      continue;
    }
    assert.equal(customCode(result), undefined, `seed ${seed}: liquidatable at ${mantissa}`);
    const liquidated = findEvent(eventDataOf(result as TransactionMetadata), "Liquidated")!;
    const terms = {
      maintenanceBps: params.maintenanceMarginBps,
      bufferBps: params.liquidationBufferBps,
      penaltyBps: params.liquidationPenaltyBps + params.takerFeeBps,
      minPosition: BigInt(params.minPositionSize),
    };
    const reserve = pos.liquidationReserve;
    const lots = math.liquidationLots(
      position,
      terms,
      b.mid,
      math.fillPrice(b, pos.basePosition < 0n),
      reserve,
      params.liquidationPenaltyBps,
      params.liquidatorShareBps,
    );
    assert.equal(liquidated.sizeDelta, pos.basePosition > 0n ? -lots : lots, "lots closed");
    assert.equal(liquidated.fillPrice, math.fillPrice(b, pos.basePosition < 0n));
    const [share, insurance] = math.splitPenalty(liquidated.penalty, params.liquidatorShareBps);
    const reservePaid = liquidated.basePosition === 0n ? reserve : reserve - (share < reserve ? share : reserve);
    assert.deepEqual(
      [liquidated.liquidatorReward, liquidated.reservePaid, liquidated.insuranceShare],
      [share + reservePaid, reservePaid, insurance],
    );
    assert.ok(liquidated.liquidatorReward >= reserve, "the keeper's floor");
    compared.liquidations++;
  }
  console.log(JSON.stringify(compared));
  assert.ok(compared.trades >= SEEDS * STEPS * 0.8, JSON.stringify(compared));
  assert.ok(
    compared.withdrawals > 0 && compared.liquidations > 0 && compared.healthy > 0,
    `both outcomes are exercised: ${JSON.stringify(compared)}`,
  );
});

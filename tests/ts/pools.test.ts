// The TypeScript client against the real target/deploy/bulkhead.so in LiteSVM (npm litesvm).
import { test } from "node:test";
import assert from "node:assert/strict";
import { LiteSVM } from "litesvm";
import { generateKeyPairSigner, lamports } from "@solana/kit";

import {
  CANCELLED_BY_OWNER,
  EXPIRED,
  deadline,
  getPoolDecoder,
  getRiskParamsDecoder,
  getMarginAccountDecoder,
  getLpAccountDecoder,
  findEvent,
  decodeEvents,
  errorCode,
  findLpAccountAddress,
  findMarginAddress,
  buildAttestSolvency,
  buildCancelLiquidityRequest,
  buildCancelTradeRequest,
  buildCloseMarginAccount,
  buildDepositCollateral,
  buildExecuteLiquidity,
  buildExecuteTrade,
  buildFundInsurance,
  getFundTipInstruction,
  buildLiquidate,
  buildOpenLpAccount,
  buildOpenMarginAccount,
  buildRequestAddLiquidity,
  buildRequestRemoveLiquidity,
  buildRequestSponsorUnbond,
  buildSponsorDeposit,
  buildSponsorWithdraw,
  buildRequestTrade,
  buildWithdrawCollateral,
} from "../../app/src/index.js";
import { PYTH_RECEIVER, setPrice } from "./pyth.js";
import { World, customCode, feedOf, params } from "./world.js";

test("two pools sharing a mint: deposit, withdraw, attest, close, and nothing crosses", async () => {
  const payer = await generateKeyPairSigner();
  const w = new World(payer);
  const trader = await generateKeyPairSigner();
  w.svm.airdrop(trader.address, lamports(10_000_000_000n));
  const { mint, token } = await w.mintAndTokenAccount(trader.address, 1_000_000n);
  const a = await w.createPool(payer, mint, 1n);
  const b = await w.createPool(payer, mint, 2n);
  assert.notEqual(a.lpEscrow, b.lpEscrow);

  const pool = getPoolDecoder().decode(w.data(a.pool));
  assert.equal(pool.collateralMint, mint);
  assert.equal(pool.vault, a.vault);
  assert.equal(pool.sequence, 1n);
  const rp = getRiskParamsDecoder().decode(w.data(a.riskParams));
  assert.deepEqual(rp.config, params);
  assert.equal(rp.pool, a.pool);

  await w.ok([await buildOpenMarginAccount({ owner: trader, pool: a.pool })]);
  await w.ok([await buildOpenMarginAccount({ owner: trader, pool: b.pool })]);
  const dep = await w.ok([
    await buildDepositCollateral({ owner: trader, pool: a, userTokenAccount: token, amount: 600_000n }),
  ]);
  await w.ok([await buildDepositCollateral({ owner: trader, pool: b, userTokenAccount: token, amount: 100_000n })]);
  const [moved] = decodeEvents(dep.eventData());
  assert.ok(moved.name === "CollateralMoved");
  assert.equal(moved.data.pool, a.pool);
  assert.equal(moved.data.amount, 600_000n);
  assert.equal(moved.data.sequence, 3n);
  assert.equal(moved.data.book.traderCollateral, 600_000n);

  const wd = await w.ok([
    await buildWithdrawCollateral({
      owner: trader,
      pool: a,
      userTokenAccount: token,
      priceUpdate: PYTH_RECEIVER,
      amount: 250_000n,
    }),
  ]);
  assert.equal(findEvent(wd.eventData(), "CollateralMoved")!.accountCollateral, 350_000n);
  assert.equal(w.tokenAmount(a.vault), 350_000n);
  assert.equal(w.tokenAmount(b.vault), 100_000n);
  assert.equal(w.tokenAmount(token), 550_000n);
  const margin = getMarginAccountDecoder().decode(w.data(await findMarginAddress(a.pool, trader.address)));
  assert.equal(margin.collateral, 350_000n);
  assert.equal(margin.owner, trader.address);

  // Pool A's withdrawal pointed at pool B's vault: typed error, and no byte of any account moves.
  const before = w.snapshot([token, a.vault, b.vault]);
  assert.ok(before.size >= 3 + 6, "snapshot covers both pools, their params and margin accounts");
  const steal = await buildWithdrawCollateral({
    owner: trader,
    pool: { ...a, vault: b.vault },
    userTokenAccount: token,
    priceUpdate: PYTH_RECEIVER,
    amount: 1n,
  });
  assert.equal(customCode(await w.send([steal])), errorCode("WrongVault"));
  assert.deepEqual(w.snapshot([token, a.vault, b.vault]), before);

  // Closing a non-empty account fails; after withdrawing everything it closes.
  assert.equal(
    customCode(await w.send([await buildCloseMarginAccount({ owner: trader, pool: a.pool })])),
    errorCode("MarginAccountNotEmpty"),
  );
  await w.ok([
    await buildWithdrawCollateral({
      owner: trader,
      pool: a,
      userTokenAccount: token,
      priceUpdate: PYTH_RECEIVER,
      amount: 350_000n,
    }),
  ]);
  await w.ok([await buildCloseMarginAccount({ owner: trader, pool: a.pool })]);
  assert.equal(getPoolDecoder().decode(w.data(a.pool)).openMarginAccounts, 0n);

  const att = await w.ok([await buildAttestSolvency(b)]);
  const [attested] = decodeEvents(att.eventData());
  assert.ok(attested.name === "SolvencyAttested");
  assert.equal(attested.data.bookTotal, 100_000n);
  assert.equal(attested.data.vaultBalance, 100_000n);
});

test("an LP and a trader through requests: each executes at its pinned print, cancels and expiries pay the tip", async () => {
  const payer = await generateKeyPairSigner();
  const w = new World(payer);
  w.setTime(1_000_000n);
  const [lp, trader, keeper] = [
    await generateKeyPairSigner(),
    await generateKeyPairSigner(),
    await generateKeyPairSigner(),
  ];
  for (const k of [lp, trader, keeper]) w.svm.airdrop(k.address, lamports(10_000_000_000n));
  const { mint, token: lpToken } = await w.mintAndTokenAccount(lp.address, 2_000_000_000_000n);
  const pool = await w.createPool(payer, mint, 1n);

  // LP shares live in an SPL token account of the pool's LP mint; requests need the LP account.
  const lpShares = { address: await w.tokenAccount(pool.lpMint, lp.address, 0n) };
  await w.ok([
    await buildOpenLpAccount({ owner: lp, pool: pool.pool }),
    getFundTipInstruction({
      owner: lp,
      account: await findLpAccountAddress(pool.pool, lp.address),
      tipLamports: 5_000n,
    }),
    await buildRequestAddLiquidity({
      owner: lp,
      pool,
      userTokenAccount: lpToken,
      amount: 1_000_000_000_000n,
      minSharesOut: 1n,
      tipLamports: 5_000n,
    }),
  ]);
  const lpAccount = getLpAccountDecoder().decode(w.data(await findLpAccountAddress(pool.pool, lp.address)));
  assert.equal(lpAccount.request.amount, 1_000_000_000_000n);
  assert.equal(w.tokenAmount(pool.vault), 1_000_000_000_000n, "escrowed in the vault");
  w.pin(pool.priceUpdate, 1n, lpAccount.request, 2_000n);
  const lpAccounts = { pool, owner: lp.address, userTokenAccount: lpToken, userLpTokenAccount: lpShares.address };
  const added = await w.ok([await buildExecuteLiquidity({ ...lpAccounts, keeper, priceUpdate: pool.priceUpdate })]);
  const [moved] = decodeEvents(added.eventData());
  assert.ok(moved.name === "LiquidityMoved");
  assert.equal(moved.data.keeper, keeper.address);
  assert.equal(w.tokenAmount(lpShares.address), 1_000_000_000_000n - 1_000n);

  // The trader buys 1 unit at the print pinned after the request, then sells at the next one.
  const traderToken = { address: await w.tokenAccount(mint, trader.address, 1_000_000_000n) };
  await w.ok([await buildOpenMarginAccount({ owner: trader, pool: pool.pool })]);
  await w.ok([
    await buildDepositCollateral({
      owner: trader,
      pool,
      userTokenAccount: traderToken.address,
      amount: 1_000_000_000n,
    }),
  ]);
  const marginAddress = await findMarginAddress(pool.pool, trader.address);
  const requestTrade = async (sizeDelta: bigint, tipLamports = 0n) =>
    w.ok([
      getFundTipInstruction({ owner: trader, account: marginAddress, tipLamports }),
      await buildRequestTrade({
        owner: trader,
        pool,
        sizeDelta,
        worstPrice: sizeDelta > 0n ? 2n ** 64n - 1n : 0n,
        tipLamports,
      }),
    ]);
  const execute = async () => buildExecuteTrade({ keeper, pool, owner: trader.address, priceUpdate: pool.priceUpdate });
  const requested = await requestTrade(1_000_000n, 7_000n);
  assert.equal(decodeEvents(requested.eventData())[0].name, "TradeRequested");

  // A print published before the target time is not the pinned one: typed error, nothing moves.
  setPrice(w.svm, pool.priceUpdate, feedOf(1n), 1_990n);
  const before = w.snapshot([traderToken.address, pool.vault, keeper.address]);
  assert.equal(customCode(await w.send([await execute()])), errorCode("OracleNotPinnedPrint"));
  assert.deepEqual(w.snapshot([traderToken.address, pool.vault, keeper.address]), before);

  const keeperBefore = w.svm.getBalance(keeper.address) ?? 0n;
  w.pin(pool.priceUpdate, 1n, getMarginAccountDecoder().decode(w.data(marginAddress)).request, 2_000n);
  const open = await w.ok([await execute()]);
  const [opened] = decodeEvents(open.eventData());
  assert.ok(opened.name === "TradeExecuted");
  assert.equal(opened.data.fillPrice, 2_000_000_000_000n);
  assert.equal(opened.data.fee, 2_000_000n);
  assert.equal(opened.data.locked, 2_000_000_000n, "the payoff cap is locked");
  assert.equal(w.svm.getBalance(keeper.address), keeperBefore + 7_000n, "the keeper earned the tip");

  await requestTrade(-1_000_000n);
  w.pin(pool.priceUpdate, 1n, getMarginAccountDecoder().decode(w.data(marginAddress)).request, 2_100n);
  const close = await w.ok([await execute()]);
  assert.equal(findEvent(close.eventData(), "TradeExecuted")!.realizedPnl, 100_000_000n);

  // The owner cancels before the target time and gets the tip back.
  await requestTrade(1_000_000n, 9_000n);
  const cancelled = await w.ok([await buildCancelTradeRequest({ caller: trader, pool, owner: trader.address })]);
  const [ev] = decodeEvents(cancelled.eventData());
  assert.ok(ev.name === "RequestCancelled");
  assert.equal(ev.data.reason, CANCELLED_BY_OWNER);

  // Past its deadline anyone expires a request, and the tip goes to them.
  await requestTrade(1_000_000n, 9_000n);
  const pending = getMarginAccountDecoder().decode(w.data(marginAddress)).request;
  w.setTime(deadline(pending) + 1n);
  assert.equal(customCode(await w.send([await execute()])), errorCode("RequestExpired"));
  const expired = await w.ok([await buildCancelTradeRequest({ caller: keeper, pool, owner: trader.address })]);
  assert.equal(findEvent(expired.eventData(), "RequestCancelled")!.reason, EXPIRED);

  // The LP's withdrawal escrows its shares and waits the delay; cancelling returns them.
  await w.ok([
    await buildRequestRemoveLiquidity({
      owner: lp,
      pool,
      userLpTokenAccount: lpShares.address,
      shares: 1_000n,
      minAmountOut: 0n,
    }),
  ]);
  assert.equal(w.tokenAmount(pool.lpEscrow), 1_000n);
  await w.ok([await buildCancelLiquidityRequest({ ...lpAccounts, caller: lp })]);
  assert.equal(w.tokenAmount(pool.lpEscrow), 0n);
  assert.equal(w.tokenAmount(lpShares.address), 1_000_000_000_000n - 1_000n);

  // Liquidation: the trader opens 4 units on about $1,096 and the price falls to $1,800, below
  // maintenance; the keeper liquidates part of it, its reward to its own token account.
  await requestTrade(4_000_000n);
  w.pin(pool.priceUpdate, 1n, getMarginAccountDecoder().decode(w.data(marginAddress)).request, 2_000n);
  await w.ok([await execute()]);
  setPrice(w.svm, pool.priceUpdate, feedOf(1n), 1_800n);
  const keeperToken = await w.tokenAccount(mint, keeper.address, 0n);
  const liquidate = await buildLiquidate({
    liquidator: keeper,
    pool,
    owner: trader.address,
    rewardTokenAccount: keeperToken,
    priceUpdate: pool.priceUpdate,
  });
  const ownLiquidation = await buildLiquidate({
    liquidator: trader,
    pool,
    owner: trader.address,
    rewardTokenAccount: traderToken.address,
    priceUpdate: pool.priceUpdate,
  });
  assert.equal(customCode(await w.send([ownLiquidation])), errorCode("CannotLiquidateSelf"));
  const liquidated = findEvent((await w.ok([liquidate])).eventData(), "Liquidated")!;
  assert.ok(liquidated.sizeDelta < 0n && liquidated.sizeDelta > -4_000_000n, "a partial close");
  assert.equal(w.tokenAmount(keeperToken), liquidated.liquidatorReward);
  assert.equal(liquidated.liquidatorReward + liquidated.insuranceShare, liquidated.penalty);
  assert.equal(getPoolDecoder().decode(w.data(pool.pool)).book.insuranceFund, liquidated.insuranceShare);
  assert.equal(customCode(await w.send([liquidate])), errorCode("NotLiquidatable"));

  // The sponsor (the creator) deposits a first-loss tranche, anyone funds insurance; the tranche
  // leaves only after its unbonding delay.
  const sponsorToken = await w.tokenAccount(mint, payer.address, 500n);
  await w.ok([
    await buildSponsorDeposit({ sponsor: payer, pool, sponsorTokenAccount: sponsorToken, amount: 300n }),
    await buildFundInsurance({ funder: payer, pool, funderTokenAccount: sponsorToken, amount: 200n }),
  ]);
  const book = getPoolDecoder().decode(w.data(pool.pool)).book;
  assert.equal(book.sponsorCapital, 300n);
  assert.equal(book.insuranceFund, liquidated.insuranceShare + 200n);
  const unbonding = await w.ok([await buildRequestSponsorUnbond({ sponsor: payer, pool, amount: 300n })]);
  assert.equal(
    findEvent(unbonding.eventData(), "SponsorCapitalMoved")!.unbondingReadyAt,
    w.now() + params.sponsorUnbondingSecs,
  );
  const withdraw = await buildSponsorWithdraw({ sponsor: payer, pool, sponsorTokenAccount: sponsorToken });
  assert.equal(customCode(await w.send([withdraw])), errorCode("UnbondingNotReady"));
  w.setTime(w.now() + params.sponsorUnbondingSecs);
  await w.ok([withdraw]);
  assert.equal(w.tokenAmount(sponsorToken), 300n);
});

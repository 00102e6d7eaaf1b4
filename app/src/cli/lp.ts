/** `bulkhead lp add|remove`: liquidity requests. */
import { Command } from "commander";
import * as g from "../generated/index.js";
import { buildCancelLiquidityRequest, deadline, getFundTipInstruction } from "../builders.js";
import { REQUEST_NONE } from "../generated/constants.js";
import { fetchPool, findLpAccountAddress } from "../pool.js";
import { MAX_TIP, MAX_WAIT_SECS, UsageError, addressArg, amountArg, boundedArg, integerArg } from "./context.js";
import { type Action, ata, openLpIfMissing, sendAll, waitForRequest } from "./shared.js";

/** Registers the LP commands on `program`. */
export function register(program: Command, action: Action): void {
  const lp = program
    .command("lp")
    .description("provide or withdraw liquidity (two-step: a keeper executes at the pinned print)");
  lp.command("add")
    .description("request a deposit of collateral for LP shares")
    .argument("<pool>", "the pool's address")
    .argument("<amount>", "collateral units")
    .option("--min-shares <shares>", "the fewest LP shares accepted", "1")
    .option("--tip <lamports>", "the keeper's tip", "5000")
    .option("--wait <secs>", "wait up to this long for the execution and report it")
    .action(
      action(async (ctx, pool: string, amount: string, opts: { minShares: string; tip: string; wait?: string }) => {
        const p = addressArg(pool, "pool");
        const deposit = amountArg(amount, "amount");
        const minSharesOut = amountArg(opts.minShares, "--min-shares");
        const tipLamports = integerArg(opts.tip, "--tip", 0n, MAX_TIP);
        const wait = opts.wait === undefined ? undefined : boundedArg(opts.wait, "--wait", 1, MAX_WAIT_SECS);
        const wallet = await ctx.wallet();
        const state = await fetchPool(ctx.connection.rpc, p);
        const account = await findLpAccountAddress(p, wallet.address);
        const source = await ata(ctx, state.pool.collateralMint);
        const shares = await ata(ctx, state.addresses.lpMint);
        const request = await sendAll(ctx, [
          ...(await openLpIfMissing(ctx, p)),
          shares.create,
          ...(tipLamports > 0n ? [getFundTipInstruction({ owner: wallet, account, tipLamports })] : []),
          await g.getRequestAddLiquidityInstructionAsync({
            owner: wallet,
            pool: p,
            userTokenAccount: source.account,
            amount: deposit,
            minSharesOut,
            tipLamports,
          }),
        ]);
        return wait ? { request, ...(await waitForRequest(ctx, account, "lp", wait)) } : { request };
      }),
    );
  lp.command("remove")
    .description("request a withdrawal of LP shares for collateral, after the pool's LP delay")
    .argument("<pool>", "the pool's address")
    .argument("<shares>", "LP shares")
    .option("--min-out <amount>", "the least collateral accepted", "1")
    .option("--tip <lamports>", "the keeper's tip", "5000")
    .option("--wait <secs>", "wait up to this long for the execution and report it")
    .action(
      action(async (ctx, pool: string, shares: string, opts: { minOut: string; tip: string; wait?: string }) => {
        const p = addressArg(pool, "pool");
        const burn = amountArg(shares, "shares");
        const minAmountOut = amountArg(opts.minOut, "--min-out");
        const tipLamports = integerArg(opts.tip, "--tip", 0n, MAX_TIP);
        const wait = opts.wait === undefined ? undefined : boundedArg(opts.wait, "--wait", 1, MAX_WAIT_SECS);
        const wallet = await ctx.wallet();
        const state = await fetchPool(ctx.connection.rpc, p);
        const account = await findLpAccountAddress(p, wallet.address);
        const lpTokens = await ata(ctx, state.addresses.lpMint);
        const request = await sendAll(ctx, [
          ...(await openLpIfMissing(ctx, p)),
          ...(tipLamports > 0n ? [getFundTipInstruction({ owner: wallet, account, tipLamports })] : []),
          await g.getRequestRemoveLiquidityInstructionAsync({
            owner: wallet,
            pool: p,
            userLpTokenAccount: lpTokens.account,
            shares: burn,
            minAmountOut,
            tipLamports,
          }),
        ]);
        const lpAccount = await g.fetchLpAccount(ctx.connection.rpc, account);
        const readyAt = String(lpAccount.data.request.time + BigInt(state.riskParams.config.lpWithdrawDelaySecs));
        const until = String(deadline(lpAccount.data.request));
        return wait
          ? { request, readyAt, deadline: until, ...(await waitForRequest(ctx, account, "lp", wait)) }
          : { request, readyAt, deadline: until };
      }),
    );
  lp.command("cancel")
    .description("cancel the wallet's pending LP request (before its print): the collateral or shares come back")
    .argument("<pool>", "the pool's address")
    .action(
      action(async (ctx, pool: string) => {
        const p = addressArg(pool, "pool");
        const wallet = await ctx.wallet();
        const state = await fetchPool(ctx.connection.rpc, p);
        const account = await g.fetchMaybeLpAccount(ctx.connection.rpc, await findLpAccountAddress(p, wallet.address));
        if (!account.exists || account.data.request.kind === REQUEST_NONE) {
          throw new UsageError(`${wallet.address} has no pending LP request in ${p}`);
        }
        const [collateral, shares] = [
          await ata(ctx, state.pool.collateralMint),
          await ata(ctx, state.addresses.lpMint),
        ];
        return sendAll(ctx, [
          collateral.create,
          shares.create,
          await buildCancelLiquidityRequest({
            caller: wallet,
            pool: state.addresses,
            owner: wallet.address,
            userTokenAccount: collateral.account,
            userLpTokenAccount: shares.account,
          }),
        ]);
      }),
    );
}

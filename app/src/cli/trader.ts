/** `bulkhead deposit`, `withdraw` and `trade`: a trader's margin account. */
import { Command } from "commander";
import * as g from "../generated/index.js";
import { getFundTipInstruction } from "../builders.js";
import { fetchPool, findMarginAddress } from "../pool.js";
import { PYTH_RECEIVER } from "../pyth.js";
import { MAX_TIP, MAX_WAIT_SECS, addressArg, amountArg, boundedArg, integerArg, sizeArg } from "./context.js";
import { type Action, ata, openMarginIfMissing, sendAll, waitForRequest } from "./shared.js";

/** Registers the trader commands on `program`. */
export function register(program: Command, action: Action): void {
  program
    .command("deposit")
    .description("deposit collateral from the wallet's token account (opens the margin account if needed)")
    .argument("<pool>", "the pool's address")
    .argument("<amount>", "collateral units (the mint's smallest unit)")
    .action(
      action(async (ctx, pool: string, amount: string) => {
        const p = addressArg(pool, "pool");
        const units = amountArg(amount, "amount");
        const wallet = await ctx.wallet();
        const state = await fetchPool(ctx.connection.rpc, p);
        const source = await ata(ctx, state.pool.collateralMint);
        return sendAll(ctx, [
          ...(await openMarginIfMissing(ctx, p)),
          await g.getDepositCollateralInstructionAsync({
            owner: wallet,
            pool: p,
            userTokenAccount: source.account,
            amount: units,
          }),
        ]);
      }),
    );

  program
    .command("withdraw")
    .description("withdraw free collateral to the wallet's token account")
    .argument("<pool>", "the pool's address")
    .argument("<amount>", "collateral units")
    .option(
      "--price-update <address>",
      "a fresh PriceUpdateV2 of the pool's feed (needed when the account holds a position)",
    )
    .action(
      action(async (ctx, pool: string, amount: string, opts: { priceUpdate?: string }) => {
        const p = addressArg(pool, "pool");
        const units = amountArg(amount, "amount");
        const given = opts.priceUpdate ? addressArg(opts.priceUpdate, "--price-update") : undefined;
        const wallet = await ctx.wallet();
        const state = await fetchPool(ctx.connection.rpc, p);
        const margin = await g.fetchMarginAccount(ctx.connection.rpc, await findMarginAddress(p, wallet.address));
        const priceUpdate = given
          ? given
          : margin.data.basePosition === 0n
            ? PYTH_RECEIVER
            : await (await ctx.prices()).freshPrint(new Uint8Array(state.pool.oracleFeedId));
        const dest = await ata(ctx, state.pool.collateralMint);
        return sendAll(ctx, [
          dest.create,
          await g.getWithdrawCollateralInstructionAsync({
            owner: wallet,
            pool: p,
            userTokenAccount: dest.account,
            priceUpdate,
            amount: units,
          }),
        ]);
      }),
    );

  program
    .command("trade")
    .description("request a trade, wait for a keeper to execute it, and report the fill")
    .argument("<pool>", "the pool's address")
    .argument("<size>", "lots: > 0 buys, < 0 sells")
    .requiredOption("--worst-price <price>", "the worst all-in price accepted (collateral units per lot x 1e9)")
    .option("--reduce-only", "never grow or flip the position")
    .option("--tip <lamports>", "the keeper's tip", "5000")
    .option("--timeout <secs>", "how long to wait for the execution", "120")
    .option("--no-wait", "return once the request is recorded")
    .action(
      action(
        async (
          ctx,
          pool: string,
          size: string,
          opts: { worstPrice: string; reduceOnly?: boolean; tip: string; timeout: string; wait: boolean },
        ) => {
          const p = addressArg(pool, "pool");
          const sizeDelta = sizeArg(size, "size");
          const worstPrice = amountArg(opts.worstPrice, "--worst-price");
          const tipLamports = integerArg(opts.tip, "--tip", 0n, MAX_TIP);
          const timeout = boundedArg(opts.timeout, "--timeout", 1, MAX_WAIT_SECS);
          const wallet = await ctx.wallet();
          const margin = await findMarginAddress(p, wallet.address);
          const request = await sendAll(ctx, [
            ...(await openMarginIfMissing(ctx, p)),
            ...(tipLamports > 0n ? [getFundTipInstruction({ owner: wallet, account: margin, tipLamports })] : []),
            await g.getRequestTradeInstructionAsync({
              owner: wallet,
              pool: p,
              sizeDelta,
              worstPrice,
              reduceOnly: !!opts.reduceOnly,
              tipLamports,
            }),
          ]);
          if (!opts.wait) return { request };
          return { request, ...(await waitForRequest(ctx, margin, "trade", timeout)) };
        },
      ),
    );
}

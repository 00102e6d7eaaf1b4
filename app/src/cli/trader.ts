/** `bulkhead deposit`, `withdraw` and `trade`: a trader's margin account. */
import { Command } from "commander";
import * as g from "../generated/index.js";
import { buildCancelTradeRequest, buildCloseMarginAccount, getFundTipInstruction } from "../builders.js";
import { accountSummary } from "../account.js";
import { REQUEST_NONE } from "../generated/constants.js";
import { fetchPool, findMarginAddress, poolAddressesOf } from "../pool.js";
import { PYTH_RECEIVER } from "../pyth.js";
import {
  MAX_TIP,
  MAX_WAIT_SECS,
  UsageError,
  addressArg,
  amountArg,
  boundedArg,
  integerArg,
  sizeArg,
} from "./context.js";
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

  program
    .command("account")
    .description(
      "a margin account: collateral, position, entry, PnL, free collateral, liquidation price, pending request",
    )
    .argument("<pool>", "the pool's address")
    .argument("[owner]", "whose account (default: the wallet)")
    .action(
      action(
        async (ctx, pool: string, owner?: string) => {
          const p = addressArg(pool, "pool");
          const who = owner ? addressArg(owner, "owner") : (await ctx.wallet()).address;
          const state = await fetchPool(ctx.connection.rpc, p);
          const margin = await g.fetchMaybeMarginAccount(ctx.connection.rpc, await findMarginAddress(p, who));
          if (!margin.exists) throw new UsageError(`${who} has no margin account in ${p}: deposit to open one`);
          return accountSummary(state, margin.data);
        },
        (a) =>
          [
            `collateral        ${a.collateral.human}`,
            `position          ${a.position.units} (${a.position.lots} lots)`,
            `entry price       ${a.entryPrice ?? "-"}`,
            `mark price        ${a.markPrice ?? "- (no print yet)"}`,
            `unrealized PnL    ${a.unrealizedPnl?.human ?? "-"}`,
            `free collateral   ${a.freeCollateral?.human ?? "-"}`,
            `liquidation price ${a.liquidationPrice ?? "-"}`,
            `pending request   ${a.request ? `${a.request.kind} ${a.request.sizeLots} lots, worst ${a.request.worstPrice}, target ${a.request.targetTime}, deadline ${a.request.deadline}` : "none"}`,
          ].join("\n"),
      ),
    );

  program
    .command("cancel")
    .description("cancel the wallet's pending trade request (before its print), and get its tip back")
    .argument("<pool>", "the pool's address")
    .action(
      action(async (ctx, pool: string) => {
        const p = addressArg(pool, "pool");
        const wallet = await ctx.wallet();
        const addresses = await poolAddressesOf(p);
        const margin = await g.fetchMaybeMarginAccount(ctx.connection.rpc, await findMarginAddress(p, wallet.address));
        if (!margin.exists || margin.data.request.kind === REQUEST_NONE) {
          throw new UsageError(`${wallet.address} has no pending trade request in ${p}`);
        }
        return sendAll(ctx, [
          await buildCancelTradeRequest({ caller: wallet, pool: addresses, owner: wallet.address }),
        ]);
      }),
    );

  program
    .command("close-account")
    .description("close the wallet's empty margin account and get its rent back")
    .argument("<pool>", "the pool's address")
    .action(
      action(async (ctx, pool: string) => {
        const p = addressArg(pool, "pool");
        const wallet = await ctx.wallet();
        return sendAll(ctx, [await buildCloseMarginAccount({ owner: wallet, pool: p })]);
      }),
    );
}

/**
 * `bulkhead`: the operator CLI (`npx bulkhead --help`). Every command takes `--url`, `--keypair`,
 * `--program-id` and `--json` (one JSON document on stdout; progress goes to stderr), and reports
 * a program refusal by its error name and message, with exit code 1.
 */
import { Command, Option } from "commander";
import { findAssociatedTokenPda, getCreateAssociatedTokenIdempotentInstruction, TOKEN_PROGRAM_ADDRESS } from "@solana-program/token";
import { type Address, type Instruction } from "@solana/kit";
import * as g from "../generated/index.js";
import { auditPool } from "../audit.js";
import { deadline, getFundTipInstruction, REQUEST_NONE } from "../builders.js";
import { findEvent } from "../events.js";
import { Keeper } from "../keeper.js";
import { fetchPool, fetchPoolAddresses, findLpAccountAddress, findMarginAddress } from "../pool.js";
import { PYTH_RECEIVER, clusterTime } from "../pyth.js";
import { send, sleep } from "../rpc.js";
import { opsMask, poolSummary } from "../summary.js";
import { Context, type GlobalOptions, addressArg, errorReport, integerArg, output, toJson } from "./context.js";

const program = new Command("bulkhead")
  .description("Operate bulkhead pools: read them, trade and provide liquidity, govern, audit, and run the keeper")
  .addOption(new Option("--url <url>", "JSON-RPC URL of the cluster").env("BULKHEAD_RPC_URL").default("http://127.0.0.1:8899"))
  .addOption(new Option("--keypair <path>", "the wallet: a Solana CLI keypair file").env("BULKHEAD_KEYPAIR").default("~/.config/solana/id.json"))
  .option("--program-id <address>", "the bulkhead program id (must be the one this client is generated for)")
  .option("--oracle <spec>", "where prints come from: local:<dollars> (localnet stand-in) or hermes:<url>")
  .option("--json", "print one JSON document on stdout")
  .showHelpAfterError();

/** Wraps an action: makes the context, prints the result or the error, sets the exit code. */
function action<A extends unknown[]>(f: (ctx: Context, ...args: A) => Promise<unknown>, text?: (r: any) => string) {
  return async (...args: A) => {
    let ctx: Context | undefined;
    try {
      ctx = new Context(program.opts<GlobalOptions>());
      output(ctx, await f(ctx, ...args), text);
    } catch (error) {
      const report = errorReport(error);
      if (ctx?.json ?? program.opts<GlobalOptions>().json) process.stdout.write(toJson(report) + "\n");
      else process.stderr.write(`error: ${report.error.message}\n`);
      process.exitCode = 1;
    }
  };
}

/** The wallet's associated token account of `mint`, with an idempotent create instruction. */
async function ata(ctx: Context, mint: Address, owner?: Address) {
  const wallet = await ctx.wallet();
  const who = owner ?? wallet.address;
  const [account] = await findAssociatedTokenPda({ owner: who, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS });
  return { account, create: getCreateAssociatedTokenIdempotentInstruction({ payer: wallet, owner: who, mint, ata: account }) };
}

async function sendAll(ctx: Context, ixs: Instruction[]) {
  const sent = await send(ctx.connection, await ctx.wallet(), ixs);
  return { signature: sent.signature as string, slot: String(sent.slot), computeUnits: String(sent.computeUnits ?? "") };
}

/** Opens the wallet's margin account in `pool` if it has none: the instruction, or nothing. */
async function openMarginIfMissing(ctx: Context, pool: Address): Promise<Instruction[]> {
  const wallet = await ctx.wallet();
  const margin = await findMarginAddress(pool, wallet.address);
  const existing = await g.fetchMaybeMarginAccount(ctx.connection.rpc, margin);
  return existing.exists ? [] : [await g.getOpenMarginAccountInstructionAsync({ owner: wallet, pool })];
}

async function openLpIfMissing(ctx: Context, pool: Address): Promise<Instruction[]> {
  const wallet = await ctx.wallet();
  const lp = await findLpAccountAddress(pool, wallet.address);
  const existing = await g.fetchMaybeLpAccount(ctx.connection.rpc, lp);
  return existing.exists ? [] : [await g.getOpenLpAccountInstructionAsync({ owner: wallet, pool })];
}

/**
 * Waits (polling, at most `timeoutSecs`) until `account`'s request is gone, then finds what ended
 * it: the event of the transaction that did, among the account's recent signatures.
 */
async function waitForRequest(ctx: Context, account: Address, kind: "trade" | "lp", timeoutSecs: number) {
  const fetch = kind === "trade" ? g.fetchMarginAccount : g.fetchLpAccount;
  const started = Date.now();
  for (;;) {
    const { data } = await fetch(ctx.connection.rpc, account);
    if (data.request.kind === REQUEST_NONE) break;
    if (Date.now() - started > timeoutSecs * 1000) throw new Error(`the request was not executed within ${timeoutSecs} s`);
    ctx.progress(`waiting for a keeper to execute the request (${Math.round((Date.now() - started) / 1000)} s)`);
    await sleep(1000);
  }
  const signatures = await ctx.connection.rpc.getSignaturesForAddress(account, { limit: 10, commitment: "confirmed" }).send();
  for (const { signature } of signatures) {
    const tx = await ctx.connection.rpc.getTransaction(signature, { commitment: "confirmed", encoding: "json", maxSupportedTransactionVersion: 0 }).send();
    const logs = tx?.meta?.logMessages ?? [];
    const executed = kind === "trade" ? findEvent(logs, "TradeExecuted") : findEvent(logs, "LiquidityMoved");
    if (executed) return { executed: true, signature: signature as string, event: executed };
    const cancelled = findEvent(logs, "RequestCancelled");
    if (cancelled) {
      const reason = Number(cancelled.reason);
      return { executed: false, signature: signature as string, event: cancelled,
        reason: reason === 0 ? "cancelled by owner" : reason === 1 ? "expired" : reason === 2 ? "liquidated" : (errorReport({ context: { code: reason } }).error.message) };
    }
  }
  throw new Error("the request is gone but no transaction that ended it was found");
}

program.command("pools").description("every pool of the program: book, solvency, open interest, funding, locked capital, pauses, sequence")
  .action(action(async (ctx) => {
    const now = await clusterTime(ctx.connection);
    const pools = await fetchPoolAddresses(ctx.connection.rpc);
    return { pools: await Promise.all(pools.map((p) => poolSummary(ctx.connection, p, now))) };
  }, (r) => r.pools.map((p: any) => `${p.pool}  id ${p.poolId}  seq ${p.sequence}  vault ${p.solvency.vaultBalance} / book ${p.solvency.bookTotal}`
    + `  OI ${p.openInterest.long.openInterest}L/${p.openInterest.short.openInterest}S  locked ${p.lockedCapital}`
    + `${p.paused.length ? "  PAUSED " + p.paused.join(",") : ""}`).join("\n") || "no pools"));

program.command("pool").description("one pool's full state").argument("<address>", "the pool")
  .action(action(async (ctx, pool: string) => poolSummary(ctx.connection, addressArg(pool, "pool"), await clusterTime(ctx.connection))));

program.command("deposit").description("deposit collateral from the wallet's token account (opens the margin account if needed)")
  .argument("<pool>", "the pool's address").argument("<amount>", "collateral units (the mint's smallest unit)")
  .action(action(async (ctx, pool: string, amount: string) => {
    const p = addressArg(pool, "pool");
    const state = await fetchPool(ctx.connection.rpc, p);
    const wallet = await ctx.wallet();
    const source = await ata(ctx, state.pool.collateralMint);
    return sendAll(ctx, [...(await openMarginIfMissing(ctx, p)),
      await g.getDepositCollateralInstructionAsync({ owner: wallet, pool: p, userTokenAccount: source.account, amount: integerArg(amount, "amount") })]);
  }));

program.command("withdraw").description("withdraw free collateral to the wallet's token account")
  .argument("<pool>", "the pool's address").argument("<amount>", "collateral units")
  .option("--price-update <address>", "a fresh PriceUpdateV2 of the pool's feed (needed when the account holds a position)")
  .action(action(async (ctx, pool: string, amount: string, opts: { priceUpdate?: string }) => {
    const p = addressArg(pool, "pool");
    const state = await fetchPool(ctx.connection.rpc, p);
    const wallet = await ctx.wallet();
    const margin = await g.fetchMarginAccount(ctx.connection.rpc, await findMarginAddress(p, wallet.address));
    const priceUpdate = opts.priceUpdate ? addressArg(opts.priceUpdate, "--price-update")
      : margin.data.basePosition === 0n ? PYTH_RECEIVER : await (await ctx.prices()).freshPrint(new Uint8Array(state.pool.oracleFeedId));
    const dest = await ata(ctx, state.pool.collateralMint);
    return sendAll(ctx, [dest.create, await g.getWithdrawCollateralInstructionAsync({ owner: wallet, pool: p,
      userTokenAccount: dest.account, priceUpdate, amount: integerArg(amount, "amount") })]);
  }));

program.command("trade").description("request a trade, wait for a keeper to execute it, and report the fill")
  .argument("<pool>", "the pool's address").argument("<size>", "lots: > 0 buys, < 0 sells")
  .requiredOption("--worst-price <price>", "the worst all-in price accepted (collateral units per lot x 1e9)")
  .option("--reduce-only", "never grow or flip the position")
  .option("--tip <lamports>", "the keeper's tip", "5000")
  .option("--timeout <secs>", "how long to wait for the execution", "120")
  .option("--no-wait", "return once the request is recorded")
  .action(action(async (ctx, pool: string, size: string, opts: { worstPrice: string; reduceOnly?: boolean; tip: string; timeout: string; wait: boolean }) => {
    const p = addressArg(pool, "pool");
    const wallet = await ctx.wallet();
    const margin = await findMarginAddress(p, wallet.address);
    const tipLamports = integerArg(opts.tip, "--tip");
    const request = await sendAll(ctx, [
      ...(await openMarginIfMissing(ctx, p)),
      ...(tipLamports > 0n ? [getFundTipInstruction({ owner: wallet, account: margin, tipLamports })] : []),
      await g.getRequestTradeInstructionAsync({ owner: wallet, pool: p, sizeDelta: integerArg(size, "size"),
        worstPrice: integerArg(opts.worstPrice, "--worst-price"), reduceOnly: !!opts.reduceOnly, tipLamports }),
    ]);
    if (!opts.wait) return { request };
    return { request, ...(await waitForRequest(ctx, margin, "trade", Number(opts.timeout))) };
  }));

const lp = program.command("lp").description("provide or withdraw liquidity (two-step: a keeper executes at the pinned print)");
lp.command("add").description("request a deposit of collateral for LP shares")
  .argument("<pool>", "the pool's address").argument("<amount>", "collateral units")
  .option("--min-shares <shares>", "the fewest LP shares accepted", "1")
  .option("--tip <lamports>", "the keeper's tip", "5000")
  .option("--wait <secs>", "wait up to this long for the execution and report it")
  .action(action(async (ctx, pool: string, amount: string, opts: { minShares: string; tip: string; wait?: string }) => {
    const p = addressArg(pool, "pool");
    const state = await fetchPool(ctx.connection.rpc, p);
    const wallet = await ctx.wallet();
    const account = await findLpAccountAddress(p, wallet.address);
    const source = await ata(ctx, state.pool.collateralMint);
    const shares = await ata(ctx, state.addresses.lpMint);
    const tipLamports = integerArg(opts.tip, "--tip");
    const request = await sendAll(ctx, [...(await openLpIfMissing(ctx, p)), shares.create,
      ...(tipLamports > 0n ? [getFundTipInstruction({ owner: wallet, account, tipLamports })] : []),
      await g.getRequestAddLiquidityInstructionAsync({ owner: wallet, pool: p, userTokenAccount: source.account,
        amount: integerArg(amount, "amount"), minSharesOut: integerArg(opts.minShares, "--min-shares"), tipLamports })]);
    return opts.wait ? { request, ...(await waitForRequest(ctx, account, "lp", Number(opts.wait))) } : { request };
  }));
lp.command("remove").description("request a withdrawal of LP shares for collateral, after the pool's LP delay")
  .argument("<pool>", "the pool's address").argument("<shares>", "LP shares")
  .option("--min-out <amount>", "the least collateral accepted", "1")
  .option("--tip <lamports>", "the keeper's tip", "5000")
  .option("--wait <secs>", "wait up to this long for the execution and report it")
  .action(action(async (ctx, pool: string, shares: string, opts: { minOut: string; tip: string; wait?: string }) => {
    const p = addressArg(pool, "pool");
    const state = await fetchPool(ctx.connection.rpc, p);
    const wallet = await ctx.wallet();
    const account = await findLpAccountAddress(p, wallet.address);
    const lpTokens = await ata(ctx, state.addresses.lpMint);
    const tipLamports = integerArg(opts.tip, "--tip");
    const request = await sendAll(ctx, [...(await openLpIfMissing(ctx, p)),
      ...(tipLamports > 0n ? [getFundTipInstruction({ owner: wallet, account, tipLamports })] : []),
      await g.getRequestRemoveLiquidityInstructionAsync({ owner: wallet, pool: p, userLpTokenAccount: lpTokens.account,
        shares: integerArg(shares, "shares"), minAmountOut: integerArg(opts.minOut, "--min-out"), tipLamports })]);
    const lpAccount = await g.fetchLpAccount(ctx.connection.rpc, account);
    const readyAt = String(lpAccount.data.request.time + BigInt(state.riskParams.config.lpWithdrawDelaySecs));
    const until = String(deadline(lpAccount.data.request, state.riskParams.config));
    return opts.wait ? { request, readyAt, deadline: until, ...(await waitForRequest(ctx, account, "lp", Number(opts.wait))) }
      : { request, readyAt, deadline: until };
  }));

const params = program.command("params").description("queue, apply or cancel a change of a pool's risk parameters (the authority)");
params.command("propose").description("queue a change: the current configuration with KEY=VALUE overrides (camelCase names)")
  .argument("<pool>", "the pool's address").argument("[changes...]", "e.g. takerFeeBps=12 maxOpenInterest=5000000")
  .option("--custodian <address>", "a new custodian (default: unchanged)")
  .action(action(async (ctx, pool: string, changes: string[], opts: { custodian?: string }) => {
    const p = addressArg(pool, "pool");
    const state = await fetchPool(ctx.connection.rpc, p);
    const config: Record<string, unknown> = { ...state.riskParams.config };
    for (const change of changes) {
      const [key, value] = change.split("=");
      if (!(key in config) || value === undefined) throw new Error(`${change}: expected KEY=VALUE with KEY one of ${Object.keys(config).join(", ")}`);
      config[key] = typeof config[key] === "bigint" ? integerArg(value, key) : Number(integerArg(value, key));
    }
    const custodian = opts.custodian ? addressArg(opts.custodian, "--custodian") : state.pool.custodian;
    const sent = await sendAll(ctx, [await g.getProposeParamsInstructionAsync({ authority: await ctx.wallet(), pool: p,
      config: config as g.RiskConfigArgs, custodian })]);
    const after = await fetchPool(ctx.connection.rpc, p);
    return { ...sent, applied: after.riskParams.pending.active === 0,
      eta: after.riskParams.pending.active ? String(after.riskParams.pending.eta) : null };
  }));
params.command("apply").description("apply the queued change once its timelock has passed (anyone)").argument("<pool>", "the pool's address")
  .action(action(async (ctx, pool: string) => sendAll(ctx, [await g.getApplyParamsInstructionAsync({ pool: addressArg(pool, "pool") })])));
params.command("cancel").description("cancel the queued change (the authority or the guardian)").argument("<pool>", "the pool's address")
  .action(action(async (ctx, pool: string) => sendAll(ctx, [await g.getCancelParamsInstructionAsync({ signer: await ctx.wallet(), pool: addressArg(pool, "pool") })])));

program.command("pause").description("pause operations of a pool (the authority, or the guardian within its budget)")
  .argument("<pool>", "the pool's address").argument("<ops...>", "operations: risk_increasing lp_deposits lp_withdrawals deposits executions liquidations pool_withdrawals, or all")
  .requiredOption("--duration <secs>", "how long (at most 24 h)")
  .action(action(async (ctx, pool: string, ops: string[], opts: { duration: string }) =>
    sendAll(ctx, [g.getPauseInstruction({ signer: await ctx.wallet(), pool: addressArg(pool, "pool"), ops: opsMask(ops),
      durationSecs: Number(integerArg(opts.duration, "--duration")) })])));
program.command("resume").description("resume paused operations (the authority)")
  .argument("<pool>", "the pool's address").argument("<ops...>", "operations, or all")
  .action(action(async (ctx, pool: string, ops: string[]) =>
    sendAll(ctx, [g.getResumeInstruction({ authority: await ctx.wallet(), pool: addressArg(pool, "pool"), ops: opsMask(ops) })])));

program.command("attest").description("check the vault against the book and record it (anyone)").argument("<pool>", "the pool's address")
  .action(action(async (ctx, pool: string) => {
    const p = addressArg(pool, "pool");
    const sent = await send(ctx.connection, await ctx.wallet(), [await g.getAttestSolvencyInstructionAsync({ pool: p })]);
    const event = findEvent(sent.logs, "SolvencyAttested");
    return { signature: sent.signature as string, attested: event ?? null };
  }));

program.command("audit").description("replay the pool's event log and check it against the pool account").argument("<pool>", "the pool's address")
  .action(action(async (ctx, pool: string) => {
    const report = await auditPool(ctx.connection, addressArg(pool, "pool"), (done, total) => {
      if (done === total || done % 25 === 0) ctx.progress(`read ${done} of ${total} transactions`);
    });
    if (!report.matches) process.exitCode = 2;
    return report;
  }, (r) => `${r.pool}: ${r.events} events in ${r.transactions} transactions, sequence ${r.sequence}, `
    + `${r.matches ? "matches the pool account" : "DOES NOT MATCH: " + toJson(r.findings)}`));

program.command("keeper").description("execute pending requests, liquidate unhealthy accounts and attest, in bounded passes")
  .option("--pools <addresses>", "comma-separated pools (default: every pool)")
  .option("--ticks <n>", "passes to run (0 = until stopped)", "1")
  .option("--interval <ms>", "pause between passes", "2000")
  .option("--attest-every <secs>", "attest a pool when its attestation is older (0 = never)", "3600")
  .action(action(async (ctx, opts: { pools?: string; ticks: string; interval: string; attestEvery: string }) => {
    const keeper = new Keeper({
      connection: ctx.connection, keeper: await ctx.wallet(), prices: await ctx.prices(),
      pools: opts.pools?.split(",").map((p) => addressArg(p.trim(), "--pools")),
      attestEverySecs: Number(opts.attestEvery),
      log: (a) => process.stderr.write(toJson(a).replace(/\n\s*/g, " ") + "\n"),
    });
    const ticks = Number(opts.ticks);
    await keeper.run(ticks === 0 ? Number.MAX_SAFE_INTEGER : ticks, Number(opts.interval));
    return { actions: keeper.actions };
  }));

await program.parseAsync(process.argv);

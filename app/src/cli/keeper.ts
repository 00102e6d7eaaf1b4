/** `bulkhead attest` and `keeper`: permissionless upkeep. */
import { Command } from "commander";
import * as g from "../generated/index.js";
import { eventNamed } from "../events.js";
import { Keeper } from "../keeper.js";
import { send } from "../rpc.js";
import { addressArg, boundedArg, toJson } from "./context.js";
import { type Action } from "./shared.js";

/** Registers the keeper commands on `program`. */
export function register(program: Command, action: Action): void {
  program
    .command("attest")
    .description("check the vault against the book and record it (anyone)")
    .argument("<pool>", "the pool's address")
    .action(
      action(async (ctx, pool: string) => {
        const p = addressArg(pool, "pool");
        const sent = await send(ctx.connection, await ctx.wallet(), [
          await g.getAttestSolvencyInstructionAsync({ pool: p }),
        ]);
        const event = eventNamed(sent.events, "SolvencyAttested");
        return { signature: sent.signature as string, attested: event ?? null };
      }),
    );

  program
    .command("keeper")
    .description("execute pending requests, liquidate unhealthy accounts and attest, in bounded passes")
    .option("--pools <addresses>", "comma-separated pools (default: every pool)")
    .option("--ticks <n>", "passes to run (0 = until stopped)", "1")
    .option("--interval <ms>", "pause between passes", "2000")
    .option("--attest-every <secs>", "attest a pool when its attestation is older (0 = never)", "3600")
    .action(
      action(async (ctx, opts: { pools?: string; ticks: string; interval: string; attestEvery: string }) => {
        // Every option is checked before the first RPC call.
        const ticks = boundedArg(opts.ticks, "--ticks", 0, 1_000_000_000);
        const interval = boundedArg(opts.interval, "--interval", 0, 3_600_000);
        const attestEverySecs = boundedArg(opts.attestEvery, "--attest-every", 0, 31_536_000);
        const pools = opts.pools?.split(",").map((p) => addressArg(p.trim(), "--pools"));
        const keeper = new Keeper({
          connection: ctx.connection,
          keeper: await ctx.wallet(),
          prices: await ctx.prices(),
          pools,
          attestEverySecs,
          log: (a) => process.stderr.write(toJson(a).replace(/\n\s*/g, " ") + "\n"),
        });
        await keeper.run(ticks === 0 ? Number.MAX_SAFE_INTEGER : ticks, interval);
        return { actions: keeper.actions };
      }),
    );
}

/** `bulkhead params propose|apply|cancel`, `pause` and `resume`: a pool's authority and guardian. */
import { homedir } from "node:os";
import { Command } from "commander";
import * as g from "../generated/index.js";
import { fetchPool } from "../pool.js";
import { readKeypair } from "../rpc.js";
import { opsMask } from "../summary.js";
import { eventNamed } from "../events.js";
import { UsageError, addressArg, boundedArg, integerArg } from "./context.js";
import { type Action, sendAll } from "./shared.js";

/** Registers the governance commands on `program`. */
export function register(program: Command, action: Action): void {
  const params = program
    .command("params")
    .description("queue, apply or cancel a change of a pool's risk parameters (the authority)");
  params
    .command("propose")
    .description("queue a change: the current configuration with KEY=VALUE overrides (camelCase names)")
    .argument("<pool>", "the pool's address")
    .argument("[changes...]", "e.g. takerFeeBps=12 maxOpenInterest=5000000")
    .option("--custodian <address>", "a new custodian (default: unchanged)")
    .option("--outgoing-custodian-keypair <path>", "the custodian in office, consenting to a change of custodian")
    .option("--incoming-custodian-keypair <path>", "the custodian named, consenting to serve")
    .action(
      action(
        async (
          ctx,
          pool: string,
          changes: string[],
          opts: { custodian?: string; outgoingCustodianKeypair?: string; incomingCustodianKeypair?: string },
        ) => {
          const p = addressArg(pool, "pool");
          const state = await fetchPool(ctx.connection.rpc, p);
          const config: Record<string, unknown> = { ...state.riskParams.config };
          for (const change of changes) {
            const [key, value] = change.split("=");
            if (!(key in config) || value === undefined)
              throw new UsageError(`${change}: expected KEY=VALUE with KEY one of ${Object.keys(config).join(", ")}`);
            config[key] = typeof config[key] === "bigint" ? integerArg(value, key) : Number(integerArg(value, key));
          }
          const custodian = opts.custodian ? addressArg(opts.custodian, "--custodian") : state.pool.custodian;
          const consent = async (path?: string) =>
            path ? readKeypair(path.replace(/^~(?=\/)/, homedir())) : undefined;
          const sent = await sendAll(ctx, [
            await g.getProposeParamsInstructionAsync({
              authority: await ctx.wallet(),
              pool: p,
              outgoingCustodian: await consent(opts.outgoingCustodianKeypair),
              incomingCustodian: await consent(opts.incomingCustodianKeypair),
              config: config as g.RiskConfigArgs,
              custodian,
            }),
          ]);
          // What this transaction did, from its own events: an at-once change applies and may
          // leave an older queued change in place, so the queue alone cannot tell.
          const applied = eventNamed(sent.events, "ParamsApplied");
          const queued = eventNamed(sent.events, "ParamsProposed");
          return { ...sent, applied: applied !== undefined, eta: queued ? String(queued.eta) : null };
        },
      ),
    );
  params
    .command("apply")
    .description("apply the queued change once its timelock has passed (anyone)")
    .argument("<pool>", "the pool's address")
    .action(
      action(async (ctx, pool: string) =>
        sendAll(ctx, [await g.getApplyParamsInstructionAsync({ pool: addressArg(pool, "pool") })]),
      ),
    );
  params
    .command("cancel")
    .description("cancel the queued change (the authority or the guardian)")
    .argument("<pool>", "the pool's address")
    .action(
      action(async (ctx, pool: string) =>
        sendAll(ctx, [
          await g.getCancelParamsInstructionAsync({ signer: await ctx.wallet(), pool: addressArg(pool, "pool") }),
        ]),
      ),
    );

  program
    .command("pause")
    .description("pause operations of a pool (the authority, or the guardian within its budget)")
    .argument("<pool>", "the pool's address")
    .argument(
      "<ops...>",
      "operations: risk_increasing lp_deposits lp_withdrawals deposits executions liquidations pool_withdrawals, or all",
    )
    .requiredOption("--duration <secs>", "how long (at most 24 h)")
    .action(
      action(async (ctx, pool: string, ops: string[], opts: { duration: string }) => {
        const [p, mask] = [addressArg(pool, "pool"), opsArg(ops)];
        const durationSecs = boundedArg(opts.duration, "--duration", 1, 86_400);
        return sendAll(ctx, [
          await g.getPauseInstructionAsync({ signer: await ctx.wallet(), pool: p, ops: mask, durationSecs }),
        ]);
      }),
    );
  program
    .command("resume")
    .description("resume paused operations (the authority)")
    .argument("<pool>", "the pool's address")
    .argument("<ops...>", "operations, or all")
    .action(
      action(async (ctx, pool: string, ops: string[]) =>
        sendAll(ctx, [
          await g.getResumeInstructionAsync({
            authority: await ctx.wallet(),
            pool: addressArg(pool, "pool"),
            ops: opsArg(ops),
          }),
        ]),
      ),
    );
}

/** `opsMask` of the command's operation names; an unknown name is a usage error. */
function opsArg(names: string[]): number {
  try {
    return opsMask(names);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

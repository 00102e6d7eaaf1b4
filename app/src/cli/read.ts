/** `bulkhead pools`, `pool` and `audit`: reading pools and replaying their event logs. */
import { Command } from "commander";
import { auditPool } from "../audit.js";
import { fetchPoolAddresses } from "../pool.js";
import { clusterTime } from "../pyth.js";
import { poolSummary } from "../summary.js";
import { EXIT, addressArg, toJson } from "./context.js";
import { type Action } from "./shared.js";

/** Registers the read-only commands on `program`. */
export function register(program: Command, action: Action): void {
  program
    .command("pools")
    .description("every pool of the program: book, solvency, open interest, funding, locked capital, pauses, sequence")
    .action(
      action(
        async (ctx) => {
          const now = await clusterTime(ctx.connection);
          const pools = await fetchPoolAddresses(ctx.connection.rpc);
          return { pools: await Promise.all(pools.map((p) => poolSummary(ctx.connection, p, now))) };
        },
        (r) =>
          r.pools
            .map(
              (p: any) =>
                `${p.pool}  id ${p.poolId}  seq ${p.sequence}  vault ${p.solvency.vaultBalance} / book ${p.solvency.bookTotal}` +
                `  OI ${p.openInterest.long.openInterest}L/${p.openInterest.short.openInterest}S  locked ${p.lockedCapital}` +
                `${p.paused.length ? "  PAUSED " + p.paused.join(",") : ""}`,
            )
            .join("\n") || "no pools",
      ),
    );

  program
    .command("pool")
    .description("one pool's full state")
    .argument("<address>", "the pool")
    .action(
      action(async (ctx, pool: string) =>
        poolSummary(ctx.connection, addressArg(pool, "pool"), await clusterTime(ctx.connection)),
      ),
    );

  program
    .command("audit")
    .description("replay the pool's event log and check it against the pool account")
    .argument("<pool>", "the pool's address")
    .action(
      action(
        async (ctx, pool: string) => {
          const report = await auditPool(ctx.connection, addressArg(pool, "pool"), (done, total) => {
            if (done === total || done % 25 === 0) ctx.progress(`read ${done} of ${total} transactions`);
          });
          if (!report.matches) process.exitCode = EXIT.REFUSED;
          return report;
        },
        (r) =>
          `${r.pool}: ${r.events} events in ${r.transactions} transactions, sequence ${r.sequence}, ` +
          `${r.matches ? "matches the pool account" : "DOES NOT MATCH: " + toJson(r.findings)}`,
      ),
    );
}

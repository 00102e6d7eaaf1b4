/**
 * `bulkhead`: the operator CLI (`npx bulkhead --help`). Every command takes `--url`, `--keypair`,
 * `--program-id` and `--json` (one JSON document on stdout; progress goes to stderr), and reports
 * a program refusal by its error name and message, with exit code 1. The commands live in
 * read.ts, trader.ts, lp.ts, governance.ts and keeper.ts.
 */
import { Command, Option } from "commander";
import { Context, type GlobalOptions, errorReport, output, toJson } from "./context.js";
import type { Action } from "./shared.js";
import * as read from "./read.js";
import * as trader from "./trader.js";
import * as lp from "./lp.js";
import * as governance from "./governance.js";
import * as keeper from "./keeper.js";

const program = new Command("bulkhead")
  .description("Operate bulkhead pools: read them, trade and provide liquidity, govern, audit, and run the keeper")
  .addOption(
    new Option("--url <url>", "JSON-RPC URL of the cluster").env("BULKHEAD_RPC_URL").default("http://127.0.0.1:8899"),
  )
  .addOption(
    new Option("--keypair <path>", "the wallet: a Solana CLI keypair file")
      .env("BULKHEAD_KEYPAIR")
      .default("~/.config/solana/id.json"),
  )
  .option("--program-id <address>", "the bulkhead program id (must be the one this client is generated for)")
  .option("--oracle <spec>", "where prints come from: local:<dollars> (localnet stand-in) or hermes:<url>")
  .option("--json", "print one JSON document on stdout")
  .showHelpAfterError();

/** Wraps an action: makes the context, prints the result or the error, sets the exit code. */
const action: Action = <A extends unknown[]>(
  f: (ctx: Context, ...args: A) => Promise<unknown>,
  text?: (r: any) => string,
) => {
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
};

for (const commands of [read, trader, lp, governance, keeper]) commands.register(program, action);

await program.parseAsync(process.argv);

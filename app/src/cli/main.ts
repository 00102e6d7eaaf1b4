/**
 * `bulkhead`: the operator CLI (`npx bulkhead --help`). Every command takes the global options
 * (`-u/--url` with the Solana CLI's monikers, `-k/--keypair`, `--program-id`, `--oracle`, `--json`:
 * one JSON document on stdout, progress on stderr), which default to the Solana CLI's config file
 * as `solana` itself does. Exit codes are `EXIT` (context.ts): 0 done, 1 refused or cancelled by
 * the program (the reason by name), 2 bad input (found before any RPC call), 3 RPC unreachable.
 * The commands live in read.ts, trader.ts, lp.ts, governance.ts, keeper.ts and setup.ts.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { Context, EXIT, type GlobalOptions, errorReport, output, refusal, toJson } from "./context.js";
import { defaultKeypair, defaultUrl, resolveUrl } from "./config.js";
import type { Action } from "./shared.js";
import * as read from "./read.js";
import * as trader from "./trader.js";
import * as lp from "./lp.js";
import * as governance from "./governance.js";
import * as keeper from "./keeper.js";
import * as setup from "./setup.js";

const VERSION = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version as string;

const program = new Command("bulkhead")
  .description("Operate bulkhead pools: read them, trade and provide liquidity, govern, audit, and run the keeper")
  .version(VERSION, "-V, --version", "print the CLI's version")
  .addOption(
    new Option("-u, --url <url>", "JSON-RPC URL or moniker: localhost (l), devnet (d), testnet (t), mainnet-beta (m)")
      .env("BULKHEAD_RPC_URL")
      .default(defaultUrl().value, defaultUrl().source)
      .argParser(resolveUrl),
  )
  .addOption(
    new Option("-k, --keypair <path>", "the wallet: a Solana CLI keypair file")
      .env("BULKHEAD_KEYPAIR")
      .default(defaultKeypair().value, defaultKeypair().source),
  )
  .option("--program-id <address>", "the bulkhead program id (must be the one this client is generated for)")
  .option("--oracle <spec>", "where prints come from: local:<dollars> (localnet stand-in) or hermes:<url>")
  .option("--json", "print one JSON document on stdout")
  .configureHelp({ showGlobalOptions: true })
  .showHelpAfterError()
  .exitOverride();

/** Wraps an action: makes the context, prints the result or the error, sets the exit code. */
const action: Action = <A extends unknown[]>(
  f: (ctx: Context, ...args: A) => Promise<unknown>,
  text?: (r: any) => string,
) => {
  return async (...args: A) => {
    let ctx: Context | undefined;
    const opts = program.opts<GlobalOptions>();
    try {
      ctx = new Context(opts);
      const result = await f(ctx, ...args);
      output(ctx, result, text);
      const refused = refusal(result);
      if (refused) {
        process.stderr.write(`refused: ${refused}\n`);
        process.exitCode = EXIT.REFUSED;
      }
    } catch (error) {
      const { exit, ...report } = errorReport(error, opts.url);
      if (ctx?.json ?? opts.json) process.stdout.write(toJson({ ...report, exit }) + "\n");
      else process.stderr.write(`error: ${report.error.message}\n`);
      process.exitCode = exit;
    }
  };
};

for (const commands of [read, trader, lp, governance, keeper, setup]) commands.register(program, action);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Commander's own refusals (unknown option, missing argument) are usage errors; --help and
  // --version are not errors at all.
  if (!(error instanceof CommanderError)) throw error;
  const done = ["commander.helpDisplayed", "commander.version"].includes(error.code);
  process.exitCode = done ? EXIT.OK : EXIT.USAGE;
}

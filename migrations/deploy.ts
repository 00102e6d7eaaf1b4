/**
 * Creates the pools of a config file against an RPC URL, idempotently: a re-run creates nothing
 * twice and reports what exists (app/src/deploy.ts).
 *
 *   npx tsx migrations/deploy.ts [--url URL] [--keypair PATH] [--config migrations/pools.localnet.json] [--json]
 *   anchor run pools            # the same, through Anchor.toml's [scripts]
 *
 * Not through `anchor migrate`: Anchor v2's migrate host `require`s this file under ts-node with
 * `@anchor-lang/core` (web3.js v1) and calls `module.exports(provider)`, which a kit-based ES
 * module cannot be. URL and wallet default to $BULKHEAD_RPC_URL / $BULKHEAD_KEYPAIR, else the
 * localnet and the Solana CLI's default wallet.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type DeployConfig, deployPools } from "../app/src/deploy.js";
import { connect, readKeypair } from "../app/src/rpc.js";
import { toJson } from "../app/src/cli/context.js";

const DEFAULT_CONFIG = path.join(path.dirname(fileURLToPath(import.meta.url)), "pools.localnet.json");

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.BULKHEAD_RPC_URL ?? "http://127.0.0.1:8899" },
    keypair: {
      type: "string",
      default: process.env.BULKHEAD_KEYPAIR ?? path.join(homedir(), ".config/solana/id.json"),
    },
    config: { type: "string", default: DEFAULT_CONFIG },
    json: { type: "boolean", default: false },
  },
});
const config = JSON.parse(readFileSync(values.config!, "utf8")) as DeployConfig;
const payer = await readKeypair(values.keypair!);
const report = await deployPools(connect(values.url!), payer, config, (m) => process.stderr.write(`… ${m}\n`));
process.stdout.write(
  (values.json ? toJson({ pools: report }) : report.map((p) => `${p.product}: ${p.status} ${p.pool}`).join("\n")) +
    "\n",
);

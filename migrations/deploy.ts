/**
 * Creates the pools of a config file against an RPC URL, idempotently: a re-run creates nothing
 * twice and reports what exists (app/src/deploy.ts).
 *
 *   npx tsx migrations/deploy.ts [--url URL] [--keypair PATH] [--config migrations/pools.localnet.json] [--json]
 *
 * `anchor migrate` calls the default export with its provider: the URL and wallet come from
 * Anchor.toml's [provider], the config from BULKHEAD_POOLS_CONFIG (default: the localnet one).
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createKeyPairSignerFromBytes } from "@solana/kit";
import { type DeployConfig, deployPools } from "../app/src/deploy.js";
import { connect, readKeypair } from "../app/src/rpc.js";
import { toJson } from "../app/src/cli/context.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_CONFIG = path.join(HERE, "pools.localnet.json");

/** Anchor's migrate hook: `provider.connection.rpcEndpoint` and `provider.wallet.payer`. */
export default async function deploy(provider: { connection: { rpcEndpoint: string }; wallet: { payer: { secretKey: Uint8Array } } }) {
  const config = JSON.parse(readFileSync(process.env.BULKHEAD_POOLS_CONFIG ?? DEFAULT_CONFIG, "utf8")) as DeployConfig;
  const payer = await createKeyPairSignerFromBytes(provider.wallet.payer.secretKey);
  const report = await deployPools(connect(provider.connection.rpcEndpoint), payer, config, console.log);
  console.log(toJson(report));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: {
    url: { type: "string", default: process.env.BULKHEAD_RPC_URL ?? "http://127.0.0.1:8899" },
    keypair: { type: "string", default: process.env.BULKHEAD_KEYPAIR ?? path.join(homedir(), ".config/solana/id.json") },
    config: { type: "string", default: DEFAULT_CONFIG },
    json: { type: "boolean", default: false },
  } });
  const config = JSON.parse(readFileSync(values.config!, "utf8")) as DeployConfig;
  const payer = await readKeypair(values.keypair!);
  const report = await deployPools(connect(values.url!), payer, config, (m) => process.stderr.write(`… ${m}\n`));
  process.stdout.write((values.json ? toJson({ pools: report })
    : report.map((p) => `${p.product}: ${p.status} ${p.pool}`).join("\n")) + "\n");
}

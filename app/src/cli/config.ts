/**
 * Where the global options come from when not given, as the Solana CLI does it: the flag, then
 * bulkhead's environment variable (`BULKHEAD_RPC_URL`, `BULKHEAD_KEYPAIR`), then the Solana CLI's
 * config file (`json_rpc_url`, `keypair_path` of `~/.config/solana/cli/config.yml`, or of the
 * file `SOLANA_CONFIG` names), then localhost and `~/.config/solana/id.json`. A URL may be one of
 * the Solana CLI's monikers.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/** The Solana CLI's `-u` monikers. */
export const MONIKERS: Record<string, string> = {
  localhost: "http://127.0.0.1:8899",
  l: "http://127.0.0.1:8899",
  devnet: "https://api.devnet.solana.com",
  d: "https://api.devnet.solana.com",
  testnet: "https://api.testnet.solana.com",
  t: "https://api.testnet.solana.com",
  "mainnet-beta": "https://api.mainnet-beta.solana.com",
  m: "https://api.mainnet-beta.solana.com",
};

/** A moniker's URL, or the URL itself. */
export function resolveUrl(value: string): string {
  return MONIKERS[value] ?? value;
}

/** The Solana CLI config file's path. */
export function solanaConfigPath(): string {
  return process.env.SOLANA_CONFIG ?? path.join(homedir(), ".config/solana/cli/config.yml");
}

/**
 * The top-level `key: value` scalars of the Solana CLI config file (a flat YAML document the CLI
 * writes itself: `---`, then one key per line, values bare or quoted), or none. Hand-read: the
 * file has no nesting, so a YAML library would add a dependency for six lines.
 */
export function solanaConfig(): Record<string, string> {
  const file = solanaConfigPath();
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Za-z_]+):\s*(.*?)\s*$/.exec(line);
    if (m && m[2] !== "") out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return out;
}

/** A default and where it came from (shown in `--help` and by `bulkhead config`). */
export interface Default {
  value: string;
  source: string;
}

/** `--url`'s default: the Solana CLI config's `json_rpc_url`, else localhost. */
export function defaultUrl(): Default {
  const url = solanaConfig().json_rpc_url;
  return url
    ? { value: resolveUrl(url), source: `json_rpc_url of ${solanaConfigPath()}` }
    : { value: MONIKERS.localhost, source: "localhost" };
}

/** `--keypair`'s default: the Solana CLI config's `keypair_path`, else `~/.config/solana/id.json`. */
export function defaultKeypair(): Default {
  const keypair = solanaConfig().keypair_path;
  return keypair
    ? { value: keypair, source: `keypair_path of ${solanaConfigPath()}` }
    : { value: "~/.config/solana/id.json", source: "the Solana CLI's default" };
}

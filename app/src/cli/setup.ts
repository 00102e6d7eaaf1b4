/**
 * `bulkhead config`, `keygen` and `airdrop`: from a fresh machine to a funded wallet without the
 * Solana CLI, and where the global options came from.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { createKeyPairSignerFromBytes } from "@solana/kit";
import { airdrop } from "../localnet.js";
import { MONIKERS, solanaConfigPath } from "./config.js";
import { UsageError, addressArg, boundedArg } from "./context.js";
import { type Action } from "./shared.js";

/** A new Ed25519 keypair as the Solana CLI stores it: 64 bytes, the secret seed then the public key. */
async function newKeypairBytes(): Promise<Uint8Array> {
  const pair = (await crypto.subtle.generateKey("Ed25519", true, ["sign", "verify"])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  // An Ed25519 PKCS#8 document ends with the 32-byte seed.
  return new Uint8Array([...pkcs8.slice(-32), ...publicKey]);
}

/** Registers the setup commands on `program`. */
export function register(program: Command, action: Action): void {
  program
    .command("config")
    .description("show the URL and the keypair the commands use, and where each came from")
    .action(
      action(
        async (ctx) => ({
          url: ctx.options.url,
          urlSource: sourceOf(program, "url"),
          keypair: ctx.options.keypair,
          keypairSource: sourceOf(program, "keypair"),
          solanaConfig: solanaConfigPath(),
        }),
        (r) => `url      ${r.url}  (${r.urlSource})\nkeypair  ${r.keypair}  (${r.keypairSource})`,
      ),
    );

  program
    .command("keygen")
    .description("write a new keypair file (Solana CLI format); never overwrites one")
    .argument("[file]", "where to write it (default: the --keypair path)")
    .action(
      action(async (ctx, file?: string) => {
        const target = (file ?? ctx.options.keypair).replace(/^~(?=\/)/, homedir());
        if (existsSync(target)) throw new UsageError(`${target} exists: keygen never overwrites a keypair`);
        const bytes = await newKeypairBytes();
        const signer = await createKeyPairSignerFromBytes(bytes);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, JSON.stringify([...bytes]), { mode: 0o600 });
        return { address: signer.address, file: target };
      }),
    );

  program
    .command("airdrop")
    .description("request SOL from the cluster's faucet (localnet, devnet, testnet)")
    .argument("<sol>", "whole SOL, 1 to 100")
    .argument("[address]", "who gets it (default: the wallet)")
    .action(
      action(async (ctx, sol: string, to?: string) => {
        const amount = BigInt(boundedArg(sol, "sol", 1, 100));
        const recipient = to ? addressArg(to, "address") : (await ctx.wallet()).address;
        if (ctx.options.url === MONIKERS["mainnet-beta"]) throw new UsageError("mainnet-beta has no faucet");
        await airdrop(ctx.connection, recipient, amount);
        return { address: recipient, sol: amount };
      }),
    );
}

/** Where a global option's value came from: the flag, the environment, or its default's source. */
function sourceOf(program: Command, name: string): string {
  const source = program.getOptionValueSource(name);
  if (source === "cli") return "the flag";
  if (source === "env") return `$${name === "url" ? "BULKHEAD_RPC_URL" : "BULKHEAD_KEYPAIR"}`;
  const option = program.options.find((o) => o.attributeName() === name);
  return option?.defaultValueDescription ?? "default";
}

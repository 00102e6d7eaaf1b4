// Shared set-up for the suites that run over JSON-RPC against the localnet of scripts/localnet.sh
// (BULKHEAD_RPC_URL): funded wallets with keypair files, a test mint, token accounts, the clock.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Address, type KeyPairSigner, createKeyPairSignerFromBytes, fetchEncodedAccount } from "@solana/kit";
import { type Connection, ataOf, connect } from "../../app/src/index.js";
import { advanceClock, airdrop, mintTo, tokenBalance as balanceOf } from "../../app/src/localnet.js";

export const URL = process.env.BULKHEAD_RPC_URL ?? "";
if (!URL) throw new Error("BULKHEAD_RPC_URL is not set: run these suites through scripts/localnet.sh");
export const connection: Connection = connect(URL);
export const KEYS = mkdtempSync(path.join(tmpdir(), "bulkhead-localnet-keys-"));

/** A new wallet with `sol` SOL and its keypair written to a file (for the CLI). */
export async function wallet(name: string, sol = 10n): Promise<{ signer: KeyPairSigner; file: string }> {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
  const pub = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const bytes = new Uint8Array([...seed, ...pub]);
  const file = path.join(KEYS, `${name}-TEST-ONLY.json`);
  writeFileSync(file, JSON.stringify([...bytes]));
  const signer = await createKeyPairSignerFromBytes(bytes);
  await airdrop(connection, signer.address, sol);
  return { signer, file };
}

export const fundedAta = (payer: KeyPairSigner, mint: Address, owner: Address, amount: bigint) =>
  mintTo(connection, payer, mint, owner, amount);
export const tokenBalance = (account: Address) => balanceOf(connection, account);
export const advance = (secs: bigint) => advanceClock(connection, secs);
export { ataOf };

/** Every byte and lamport of `addresses`, for "nothing moved" comparisons. */
export async function snapshot(addresses: Address[]): Promise<string[]> {
  return Promise.all(
    addresses.map(async (a) => {
      const account = await fetchEncodedAccount(connection.rpc, a);
      return account.exists ? `${a}:${account.lamports}:${Buffer.from(account.data).toString("hex")}` : `${a}:none`;
    }),
  );
}

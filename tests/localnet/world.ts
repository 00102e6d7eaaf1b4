// Shared set-up for the suites that run over JSON-RPC against the localnet of scripts/localnet.sh
// (BULKHEAD_RPC_URL): funded wallets with keypair files, a test mint, token accounts, the clock.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Address,
  type KeyPairSigner,
  createKeyPairSignerFromBytes,
  fetchEncodedAccount,
  lamports,
} from "@solana/kit";
import {
  TOKEN_PROGRAM_ADDRESS,
  fetchToken,
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getMintToInstruction,
} from "@solana-program/token";
import { type Connection, clusterTime, connect, send, sleep, timeTravel } from "../../app/src/index.js";

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
  const sig = await connection.rpc.requestAirdrop(signer.address, lamports(sol * 1_000_000_000n)).send();
  for (let i = 0; i < 100; i++) {
    const { value } = await connection.rpc.getSignatureStatuses([sig]).send();
    if (value[0]?.confirmationStatus === "confirmed" || value[0]?.confirmationStatus === "finalized") break;
    await sleep(100);
  }
  return { signer, file };
}

/** The associated token account of `owner` for `mint`, created if missing, topped up by `amount` (payer = mint authority). */
export async function fundedAta(payer: KeyPairSigner, mint: Address, owner: Address, amount: bigint): Promise<Address> {
  const [ata] = await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS });
  await send(connection, payer, [
    getCreateAssociatedTokenIdempotentInstruction({ payer, owner, mint, ata }),
    ...(amount > 0n ? [getMintToInstruction({ mint, token: ata, mintAuthority: payer, amount })] : []),
  ]);
  return ata;
}

/** A token account's balance (0 when it does not exist). */
export async function tokenBalance(account: Address): Promise<bigint> {
  if (!(await fetchEncodedAccount(connection.rpc, account)).exists) return 0n;
  return (await fetchToken(connection.rpc, account)).data.amount;
}

/** The associated token account address of `owner` for `mint`. */
export async function ataOf(owner: Address, mint: Address): Promise<Address> {
  return (await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0];
}

/** Moves the cluster clock `secs` seconds forward and waits until a block shows it. */
export async function advance(secs: bigint): Promise<bigint> {
  const target = (await clusterTime(connection)) + secs;
  await timeTravel(connection, target);
  for (let i = 0; i < 100 && (await clusterTime(connection)) < target; i++) await sleep(100);
  return clusterTime(connection);
}

/** Every byte and lamport of `addresses`, for "nothing moved" comparisons. */
export async function snapshot(addresses: Address[]): Promise<string[]> {
  return Promise.all(addresses.map(async (a) => {
    const account = await fetchEncodedAccount(connection.rpc, a);
    return account.exists ? `${a}:${account.lamports}:${Buffer.from(account.data).toString("hex")}` : `${a}:none`;
  }));
}

/**
 * Helpers for the localnet (scripts/localnet.sh) and test clusters: airdrops, test tokens from a
 * mint the payer controls, and moving the clock (`surfnet_timeTravel`). None of it works on a
 * cluster without a faucet or cheat codes; none of it is needed on one with real users.
 */
import { type Address, type KeyPairSigner, fetchEncodedAccount, lamports } from "@solana/kit";
import {
  TOKEN_PROGRAM_ADDRESS,
  fetchToken,
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getMintToInstruction,
} from "@solana-program/token";
import { type Connection, send, sleep, withRetry } from "./rpc.js";
import { clusterTime, timeTravel } from "./pyth.js";

/** Airdrops `sol` SOL to `address` and waits (at most 10 s) until it is confirmed. */
export async function airdrop(connection: Connection, address: Address, sol: bigint): Promise<void> {
  const signature = await withRetry(() => connection.rpc.requestAirdrop(address, lamports(sol * 1_000_000_000n)).send());
  for (let i = 0; i < 100; i++) {
    const { value } = await connection.rpc.getSignatureStatuses([signature]).send();
    if (value[0]?.confirmationStatus === "confirmed" || value[0]?.confirmationStatus === "finalized") return;
    await sleep(100);
  }
  throw new Error(`the airdrop to ${address} was not confirmed within 10 s`);
}

/** `owner`'s associated token account of `mint`, created if missing and topped up by `amount` (the payer is the mint authority). */
export async function mintTo(connection: Connection, payer: KeyPairSigner, mint: Address, owner: Address, amount: bigint): Promise<Address> {
  const [ata] = await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS });
  await send(connection, payer, [
    getCreateAssociatedTokenIdempotentInstruction({ payer, owner, mint, ata }),
    ...(amount > 0n ? [getMintToInstruction({ mint, token: ata, mintAuthority: payer, amount })] : []),
  ]);
  return ata;
}

/** A token account's balance (0 when it does not exist). */
export async function tokenBalance(connection: Connection, account: Address): Promise<bigint> {
  if (!(await fetchEncodedAccount(connection.rpc, account)).exists) return 0n;
  return (await fetchToken(connection.rpc, account)).data.amount;
}

/** `owner`'s associated token account address for `mint`. */
export async function ataOf(owner: Address, mint: Address): Promise<Address> {
  return (await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0];
}

/** Moves the localnet clock `secs` seconds forward and waits (at most 10 s) until the Clock shows it. */
export async function advanceClock(connection: Connection, secs: bigint): Promise<bigint> {
  const target = (await clusterTime(connection)) + secs;
  await timeTravel(connection, target);
  for (let i = 0; i < 100 && (await clusterTime(connection)) < target; i++) await sleep(100);
  return clusterTime(connection);
}

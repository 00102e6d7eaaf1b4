/**
 * Helpers for the localnet (scripts/localnet.sh) and test clusters: airdrops, test tokens from a
 * mint the payer controls, and moving the clock (`surfnet_timeTravel`). None of it works on a
 * cluster without a faucet or cheat codes; none of it is needed on one with real users.
 */
import { type Address, type KeyPairSigner, fetchEncodedAccount, lamports } from "@solana/kit";
import { fetchToken, getMintToInstruction } from "@solana-program/token";
import { associatedTokenAccount } from "./token.js";
import { type Connection, confirmed, send, sleep, withRetry } from "./rpc.js";
import { clusterTime, timeTravel } from "./pyth.js";

/** Airdrops `sol` SOL to `address` and waits (at most 10 s) until it is confirmed. */
export async function airdrop(connection: Connection, address: Address, sol: bigint): Promise<void> {
  const signature = await withRetry(() =>
    connection.rpc.requestAirdrop(address, lamports(sol * 1_000_000_000n)).send(),
  );
  await confirmed(connection, signature, 50);
}

/** `owner`'s associated token account of `mint`, created if missing and topped up by `amount` (the payer is the mint authority). */
export async function mintTo(
  connection: Connection,
  payer: KeyPairSigner,
  mint: Address,
  owner: Address,
  amount: bigint,
): Promise<Address> {
  const { account, create } = await associatedTokenAccount(payer, owner, mint);
  await send(connection, payer, [
    create,
    ...(amount > 0n ? [getMintToInstruction({ mint, token: account, mintAuthority: payer, amount })] : []),
  ]);
  return account;
}

/** A token account's balance (0 when it does not exist). */
export async function tokenBalance(connection: Connection, account: Address): Promise<bigint> {
  if (!(await fetchEncodedAccount(connection.rpc, account)).exists) return 0n;
  return (await fetchToken(connection.rpc, account)).data.amount;
}

/** Moves the localnet clock `secs` seconds forward and waits (at most 10 s) until the Clock shows it. */
export async function advanceClock(connection: Connection, secs: bigint): Promise<bigint> {
  const target = (await clusterTime(connection)) + secs;
  await timeTravel(connection, target);
  for (let i = 0; i < 100 && (await clusterTime(connection)) < target; i++) await sleep(100);
  return clusterTime(connection);
}

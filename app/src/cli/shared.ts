/** Helpers the `bulkhead` commands share: token accounts, sending, opening accounts, waiting for a keeper. */

import { associatedTokenAccount } from "../token.js";
import { type Address, type Instruction } from "@solana/kit";
import * as g from "../generated/index.js";
import { REQUEST_NONE } from "../builders.js";
import { type RecordedTransaction, eventNamed, transactionEvents } from "../events.js";
import { findLpAccountAddress, findMarginAddress } from "../pool.js";
import { send, sleep } from "../rpc.js";
import { Context, WaitTimeout, errorReport } from "./context.js";
import { errorName } from "../errors.js";

/** A command's action wrapper (main.ts): context, output, error reporting, exit code. */
export type Action = <A extends unknown[]>(
  f: (ctx: Context, ...args: A) => Promise<unknown>,
  text?: (r: any) => string,
) => (...args: A) => Promise<void>;

/** The wallet's associated token account of `mint`, with an idempotent create instruction. */
export async function ata(ctx: Context, mint: Address, owner?: Address) {
  const wallet = await ctx.wallet();
  const who = owner ?? wallet.address;
  return associatedTokenAccount(wallet, who, mint);
}

/** Sends `ixs` signed by the wallet: the signature, slot, compute units and the names of its events. */
export async function sendAll(ctx: Context, ixs: Instruction[]) {
  const sent = await send(ctx.connection, await ctx.wallet(), ixs);
  return {
    signature: sent.signature as string,
    slot: String(sent.slot),
    computeUnits: String(sent.computeUnits ?? ""),
    events: sent.events,
  };
}

/** Opens the wallet's margin account in `pool` if it has none: the instruction, or nothing. */
export async function openMarginIfMissing(ctx: Context, pool: Address): Promise<Instruction[]> {
  const wallet = await ctx.wallet();
  const margin = await findMarginAddress(pool, wallet.address);
  const existing = await g.fetchMaybeMarginAccount(ctx.connection.rpc, margin);
  return existing.exists ? [] : [await g.getOpenMarginAccountInstructionAsync({ owner: wallet, pool })];
}

/** Opens the wallet's LP account in `pool` if it has none: the instruction, or nothing. */
export async function openLpIfMissing(ctx: Context, pool: Address): Promise<Instruction[]> {
  const wallet = await ctx.wallet();
  const lp = await findLpAccountAddress(pool, wallet.address);
  const existing = await g.fetchMaybeLpAccount(ctx.connection.rpc, lp);
  return existing.exists ? [] : [await g.getOpenLpAccountInstructionAsync({ owner: wallet, pool })];
}

/**
 * Waits (polling, at most `timeoutSecs`) until `account`'s request is gone, then finds what ended
 * it: the event of the transaction that did, among the account's recent signatures.
 */
export async function waitForRequest(ctx: Context, account: Address, kind: "trade" | "lp", timeoutSecs: number) {
  const fetch = kind === "trade" ? g.fetchMarginAccount : g.fetchLpAccount;
  const started = Date.now();
  let owner: Address, pool: Address;
  for (;;) {
    const { data } = await fetch(ctx.connection.rpc, account);
    [owner, pool] = [data.owner, data.pool];
    if (data.request.kind === REQUEST_NONE) break;
    if (Date.now() - started > timeoutSecs * 1000)
      throw new WaitTimeout(
        `the request was not executed within ${timeoutSecs} s; it is still pending ` +
          `(before its print, \`bulkhead ${kind === "trade" ? "cancel" : "lp cancel"} ${pool}\` cancels it)`,
      );
    ctx.progress(`waiting for a keeper to execute the request (${Math.round((Date.now() - started) / 1000)} s)`);
    await sleep(1000);
  }
  const signatures = await ctx.connection.rpc
    .getSignaturesForAddress(account, { limit: 10, commitment: "confirmed" })
    .send();
  for (const { signature } of signatures) {
    const tx = await ctx.connection.rpc
      .getTransaction(signature, { commitment: "confirmed", encoding: "json", maxSupportedTransactionVersion: 0 })
      .send();
    // Only this account's events: another's execution may list this account too.
    const events = (tx ? await transactionEvents(tx as unknown as RecordedTransaction) : []).filter((e) => {
      if (e.name === "TradeExecuted") return e.data.marginAccount === account;
      if (e.name === "LiquidityMoved") return e.data.pool === pool && e.data.owner === owner;
      if (e.name === "RequestCancelled") return e.data.account === account;
      return false;
    });
    const executed = kind === "trade" ? eventNamed(events, "TradeExecuted") : eventNamed(events, "LiquidityMoved");
    if (executed) return { executed: true, signature: signature as string, event: executed };
    const cancelled = eventNamed(events, "RequestCancelled");
    if (cancelled) {
      const reason = Number(cancelled.reason);
      return {
        executed: false,
        signature: signature as string,
        event: cancelled,
        reason:
          reason === 0
            ? "cancelled by owner"
            : reason === 1
              ? "expired"
              : reason === 2
                ? "liquidated"
                : `${errorName(reason) ?? `error ${reason}`}: ${errorReport({ context: { code: reason } }).error.message}`,
      };
    }
  }
  throw new Error("the request is gone but no transaction that ended it was found");
}

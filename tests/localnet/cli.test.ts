// The operator CLI (`npx bulkhead`) and the deploy script as a user runs them, against the
// localnet: every command's `--json` output is parsed and asserted, refusals come back as the
// program's error names, and every command answers `--help`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { address } from "@solana/kit";
import { clusterTime, errorCode, fetchPool } from "../../app/src/index.js";
import { URL, advance, ataOf, connection, fundedAta, tokenBalance, wallet } from "./world.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "app/bin/bulkhead.mjs");
const run = promisify(execFile);

/** Runs the CLI with `--json` as `keypair`; returns its parsed stdout and exit code. */
async function cli(keypair: string, ...args: string[]): Promise<{ code: number; out: any }> {
  try {
    const { stdout } = await run("node", [BIN, "--json", "--url", URL, "--keypair", keypair, ...args], { cwd: ROOT });
    return { code: 0, out: JSON.parse(stdout) };
  } catch (error: any) {
    if (typeof error.code !== "number") throw error;
    return { code: error.code, out: JSON.parse(error.stdout) };
  }
}

/** Starts the CLI without waiting; the promise settles when it exits. */
function cliInBackground(keypair: string, ...args: string[]): Promise<{ code: number; out: any }> {
  return new Promise((resolve, reject) => {
    const child = spawn("node", [BIN, "--json", "--url", URL, "--keypair", keypair, ...args], { cwd: ROOT });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, out: JSON.parse(stdout) }));
  });
}

const ORACLE = ["--oracle", "local:150"];

test("the CLI and the deploy script: every command's --json output", async () => {
  const creator = await wallet("cli-creator");
  const trader = await wallet("cli-trader");
  const keeper = await wallet("cli-keeper");

  // Deploy from the config file, twice: created, then reported as existing.
  const deploy = async () =>
    JSON.parse(
      (
        await run("npx", ["tsx", "migrations/deploy.ts", "--json", "--url", URL, "--keypair", creator.file], {
          cwd: ROOT,
        })
      ).stdout,
    );
  const first = await deploy();
  assert.deepEqual(
    first.pools.map((p: any) => [p.product, p.status]),
    [
      ["SOL-PERP", "created"],
      ["BTC-PERP", "created"],
    ],
  );
  const second = await deploy();
  assert.deepEqual(
    second.pools.map((p: any) => [p.status, p.pool]),
    first.pools.map((p: any) => ["exists", p.pool]),
  );
  const [sol, btc] = first.pools.map((p: any) => p.pool as string);
  const mint = first.pools[0].mint;

  // pools / pool
  const pools = (await cli(creator.file, "pools")).out.pools.filter((p: any) => p.creator === creator.signer.address);
  assert.deepEqual(pools.map((p: any) => p.pool).sort(), [sol, btc].sort());
  const one = (await cli(creator.file, "pool", sol)).out;
  assert.equal(one.poolId, "1");
  assert.equal(one.sequence, "1");
  assert.equal(one.solvency.solvent, true);
  assert.deepEqual(one.paused, []);
  assert.equal(one.openInterest.long.openInterest, "0");
  assert.equal(one.funding.payingSide, null);
  assert.equal(one.funding.fundingBpsPerYear, "0", "a balanced (empty) book pays no funding");
  assert.equal(one.funding.borrowBpsPerYear, "0", "nothing locked owes no borrow");

  // deposit
  const traderUsdc = await fundedAta(creator.signer, mint, trader.signer.address, 100_000_000n);
  const deposited = await cli(trader.file, "deposit", sol, "60000000");
  assert.equal(deposited.code, 0, JSON.stringify(deposited.out));
  assert.match(deposited.out.signature, /^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
  assert.equal(await tokenBalance(traderUsdc), 40_000_000n);

  // lp add (the creator provides liquidity), executed by the keeper command
  await fundedAta(creator.signer, mint, creator.signer.address, 10_000_000_000n);
  const added = await cli(creator.file, "lp", "add", sol, "5000000000");
  assert.equal(added.code, 0, JSON.stringify(added.out));
  assert.ok(added.out.request.signature);
  await advance(3n);
  const kept = await cli(keeper.file, ...ORACLE, "keeper", "--ticks", "1", "--attest-every", "0", "--pools", sol);
  assert.ok(
    kept.out.actions.some((a: any) => a.action === "execute_liquidity" && a.ok),
    JSON.stringify(kept.out),
  );
  const shares = await tokenBalance(await ataOf(creator.signer.address, one.lpMint));
  assert.ok(shares > 0n);

  // trade: the command waits for a keeper and reports the fill.
  const trading = cliInBackground(
    trader.file,
    "trade",
    sol,
    "1000000",
    "--worst-price",
    "200000000000",
    "--timeout",
    "60",
  );
  let traded: { code: number; out: any } | undefined;
  void trading.then((r) => (traded = r));
  for (let i = 0; i < 20 && !traded; i++) {
    await advance(3n);
    await cli(keeper.file, ...ORACLE, "keeper", "--ticks", "1", "--attest-every", "0", "--pools", sol);
  }
  const fill = await trading;
  assert.equal(fill.code, 0, JSON.stringify(fill.out));
  assert.equal(fill.out.executed, true);
  assert.equal(fill.out.event.sizeDelta, "1000000");
  assert.equal(fill.out.event.basePosition, "1000000");
  assert.ok(BigInt(fill.out.event.fillPrice) >= 150_000_000_000n, "a buy fills at or above the print");

  // A trade the keeper's execution refuses (a buy at no more than a nano-dollar a lot) is exit 1,
  // with the reason by name: a bot can tell it from a fill.
  const refusing = cliInBackground(trader.file, "trade", sol, "1000", "--worst-price", "1", "--timeout", "60");
  let slipped: { code: number; out: any } | undefined;
  void refusing.then((r) => (slipped = r));
  for (let i = 0; i < 20 && !slipped; i++) {
    await advance(3n);
    await cli(keeper.file, ...ORACLE, "keeper", "--ticks", "1", "--attest-every", "0", "--pools", sol);
  }
  const slip = await refusing;
  assert.equal(slip.code, 1, JSON.stringify(slip.out));
  assert.equal(slip.out.executed, false);
  assert.match(slip.out.reason, /^SlippageExceeded: /);

  // Causes, not symptoms: a wallet with no SOL, a token account holding too little.
  const broke = path.join(mkdtempSync(path.join(tmpdir(), "bulkhead-cli-")), "broke.json");
  assert.equal((await cli(broke, "keygen", broke)).code, 0);
  const noSol = await cli(broke, "deposit", sol, "1");
  assert.equal(noSol.code, 1, JSON.stringify(noSol.out));
  assert.match(noSol.out.error.message, /has no SOL: fund it/);
  const tooLittle = await cli(trader.file, "deposit", sol, "999999999999999");
  assert.equal(tooLittle.code, 1, JSON.stringify(tooLittle.out));
  assert.match(tooLittle.out.error.message, /SPL Token says insufficient funds/);

  // account: the position as a person reads it, valued at the pool's newest print.
  const mine = await cli(trader.file, "account", sol);
  assert.equal(mine.code, 0, JSON.stringify(mine.out));
  assert.equal(mine.out.position.lots, "1000000");
  assert.equal(mine.out.request, null);
  assert.ok(Number(mine.out.liquidationPrice) > 0 && Number(mine.out.liquidationPrice) < Number(mine.out.entryPrice));
  assert.ok(BigInt(mine.out.freeCollateral.raw) > 0n);
  // A request left pending (--no-wait), then cancelled by its owner once it can no longer execute.
  const pending = await cli(trader.file, "trade", sol, "1000", "--worst-price", "200000000000", "--no-wait");
  assert.equal(pending.code, 0, JSON.stringify(pending.out));
  const waiting = (await cli(trader.file, "account", sol)).out.request;
  assert.equal(waiting.sizeLots, "1000");
  await advance(BigInt(waiting.deadline) - (await clusterTime(connection)) + 1n);
  const expired = await cli(trader.file, "cancel", sol);
  assert.equal(expired.code, 0, JSON.stringify(expired.out));
  assert.equal((await cli(trader.file, "account", sol)).out.request, null);
  const nothing = await cli(trader.file, "cancel", sol);
  assert.equal(nothing.code, 2);
  assert.match(nothing.out.error.message, /no pending trade request/);
  const open = (await cli(creator.file, "pool", sol)).out;
  assert.equal(open.openInterest.long.openInterest, "1000000");
  assert.equal(open.funding.payingSide, "long");
  assert.ok(
    Number(open.funding.fundingBpsPerYear) >= 4_990 && Number(open.funding.fundingBpsPerYear) <= 5_000,
    `one side empty: the maximum funding rate (5,000 bps), less rounding: ${open.funding.fundingBpsPerYear}`,
  );
  assert.ok(Number(open.funding.borrowBpsPerYear) >= 100, "at least the curve's base rate");

  // withdraw: the account holds a position, so the CLI writes a fresh print (--oracle local).
  const withdrawn = await cli(trader.file, ...ORACLE, "withdraw", sol, "1000000");
  assert.equal(withdrawn.code, 0, JSON.stringify(withdrawn.out));
  assert.equal(await tokenBalance(traderUsdc), 41_000_000n);
  const tooMuch = await cli(trader.file, ...ORACLE, "withdraw", sol, "59000000");
  assert.equal(tooMuch.code, 1);
  assert.equal(tooMuch.out.error.name, "InsufficientCollateral", JSON.stringify(tooMuch.out));

  // lp remove: reports when it becomes executable.
  const removed = await cli(creator.file, "lp", "remove", sol, String(shares / 2n));
  assert.equal(removed.code, 0, JSON.stringify(removed.out));
  assert.ok(BigInt(removed.out.readyAt) < BigInt(removed.out.deadline));

  // params propose / apply (refused before the timelock) / cancel
  const proposed = await cli(creator.file, "params", "propose", sol, "takerFeeBps=12");
  assert.equal(proposed.code, 0, JSON.stringify(proposed.out));
  assert.equal(proposed.out.applied, false);
  assert.ok(BigInt(proposed.out.eta) > 0n);
  // An at-once change (a lower position cap) applies, though the fee change stays queued: the
  // command says so from the transaction's own events, not from the queue.
  const cap = (await fetchPool(connection.rpc, address(sol))).riskParams.config.maxPositionSize;
  const atOnce = await cli(creator.file, "params", "propose", sol, `maxPositionSize=${cap - 1n}`);
  assert.equal(atOnce.code, 0, JSON.stringify(atOnce.out));
  assert.deepEqual([atOnce.out.applied, atOnce.out.eta], [true, null]);
  assert.equal((await fetchPool(connection.rpc, address(sol))).riskParams.pending.active, 1, "the fee change waits");
  const early = await cli(creator.file, "params", "apply", sol);
  assert.equal(early.code, 1);
  assert.equal(early.out.error.name, "TimelockNotElapsed");
  assert.equal(early.out.error.code, errorCode("TimelockNotElapsed"));
  assert.match(early.out.error.message, /^TimelockNotElapsed \(\d+\): /);
  const cancelled = await cli(creator.file, "params", "cancel", sol);
  assert.equal(cancelled.code, 0, JSON.stringify(cancelled.out));
  assert.equal((await cli(creator.file, "pool", sol)).out.pendingChange, null);
  const stranger = await cli(trader.file, "params", "propose", sol, "takerFeeBps=12");
  assert.equal(stranger.code, 1);
  assert.ok(stranger.out.error.name, "a stranger's proposal is refused by name");

  // pause / resume
  const paused = await cli(creator.file, "pause", sol, "lp_deposits", "deposits", "--duration", "600");
  assert.equal(paused.code, 0, JSON.stringify(paused.out));
  assert.deepEqual((await cli(creator.file, "pool", sol)).out.paused, ["lp_deposits", "deposits"]);
  // (The trader: the creator's LP account still holds its pending withdrawal.)
  const refused = await cli(trader.file, "lp", "add", sol, "1000");
  assert.equal(refused.out.error.name, "OperationPaused");
  // A top-up of an account with a position never pauses (issue 15).
  const topUp = await cli(trader.file, "deposit", sol, "1000");
  assert.equal(topUp.code, 0, JSON.stringify(topUp.out));
  const resumed = await cli(creator.file, "resume", sol, "all");
  assert.equal(resumed.code, 0, JSON.stringify(resumed.out));
  assert.deepEqual((await cli(creator.file, "pool", sol)).out.paused, []);

  // attest and audit
  const attested = await cli(keeper.file, "attest", sol);
  assert.equal(attested.code, 0, JSON.stringify(attested.out));
  assert.equal(attested.out.attested.vaultBalance >= attested.out.attested.bookTotal, true);
  const audited = await cli(keeper.file, "audit", sol);
  assert.equal(audited.code, 0, JSON.stringify(audited.out));
  assert.equal(audited.out.matches, true);
  assert.deepEqual(audited.out.findings, []);
  assert.equal(audited.out.sequence, (await cli(creator.file, "pool", sol)).out.sequence);
  assert.ok(audited.out.byName.TradeExecuted >= 1 && audited.out.byName.Paused === 1);

  // --program-id must be the client's own; bad input is a clear error.
  const wrongProgram = await cli(creator.file, "--program-id", btc, "pools");
  assert.equal(wrongProgram.code, 2, "a usage error");
  assert.match(wrongProgram.out.error.message, /npm run generate/);
  const badAddress = await cli(creator.file, "pool", "not-an-address");
  assert.match(badAddress.out.error.message, /not a base58 address/);
});

test("every command answers --help", async () => {
  const commands = [
    "pools",
    "pool",
    "deposit",
    "withdraw",
    "trade",
    "lp add",
    "lp remove",
    "params propose",
    "params apply",
    "params cancel",
    "pause",
    "resume",
    "attest",
    "audit",
    "keeper",
    "config",
    "keygen",
    "airdrop",
    "account",
    "cancel",
    "close-account",
    "lp cancel",
  ];
  for (const command of ["", ...commands]) {
    const { stdout } = await run("node", [BIN, ...command.split(" ").filter(Boolean), "--help"], { cwd: ROOT });
    assert.match(stdout, new RegExp(`^Usage: bulkhead${command ? " " + command : ""}`), command);
  }
});

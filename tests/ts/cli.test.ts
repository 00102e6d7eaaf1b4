// The CLI as a process, with no cluster: every input is checked before any RPC call (the URL is
// a closed port, so a command that reached for it would exit 3, not 2), every exit code is the
// documented one, and the Solana CLI's conventions hold (monikers, -k/-u, its config file,
// --version, global options in every subcommand's help). tests/localnet/cli.test.ts runs the
// commands against a cluster, refusals and cancellations included.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createKeyPairSignerFromBytes } from "@solana/kit";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "app/bin/bulkhead.mjs");
/** A closed port (not one of fetch's blocked ones): any RPC call fails at once with ECONNREFUSED. */
const DEAD = "http://127.0.0.1:59999";
const POOL = "11111111111111111111111111111112";
const VERSION = JSON.parse(readFileSync(path.join(ROOT, "app/package.json"), "utf8")).version;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (at most 30 s: no command may hang) with `env` added; never throws. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "node",
      [BIN, ...args],
      { cwd: ROOT, timeout: 30_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number) : 0;
        assert.equal(typeof code, "number", `the CLI ended by itself: ${stderr}`);
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The same with `--json` on a dead cluster; returns the exit code and the parsed document. */
async function json(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: any }> {
  const run = await cli(["--json", "-u", DEAD, ...args], env);
  return { code: run.code, out: run.stdout.trim() ? JSON.parse(run.stdout) : undefined };
}

test("bad input is refused with exit 2 before any RPC call, naming the option and its range", async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "bulkhead-cli-"));
  const cases: [string[], RegExp][] = [
    [["deposit", POOL, "-5"], /amount: -5 is outside \[1, 18446744073709551615\]/],
    [["deposit", POOL, "18446744073709551616"], /amount: 18446744073709551616 is outside/],
    [["deposit", POOL, "12.5"], /amount: "12.5" is not an integer/],
    [["trade", POOL, "1", "--worst-price", "1", "--timeout", "abc"], /--timeout: "abc" is not an integer/],
    [["trade", POOL, "1", "--worst-price", "1", "--timeout", "0"], /--timeout: 0 is outside \[1, 3600\]/],
    [["trade", POOL, "0", "--worst-price", "1"], /size: a trade of 0 lots does nothing/],
    [["keeper", "--ticks", "abc"], /--ticks: "abc" is not an integer/],
    [["lp", "add", POOL, "100", "--wait", "-1"], /--wait: -1 is outside/],
    [["pause", POOL, "deposits", "--duration", "90000"], /--duration: 90000 is outside \[1, 86400\]/],
    [["deposit", "not-an-address", "5"], /pool: not-an-address is not a base58 address/],
    [
      ["trade", POOL, "1", "--worst-price", "1", "-k", path.join(tmp, "none.json")],
      /no keypair file at .*none\.json: .*bulkhead keygen/,
    ],
  ];
  for (const [args, message] of cases) {
    const { code, out } = await json(args);
    assert.equal(code, 2, `${args.join(" ")}: ${JSON.stringify(out)}`);
    assert.match(out.error.message, message, args.join(" "));
    assert.equal(out.exit, 2);
  }
  // Commander's own refusals are usage errors too.
  const unknown = await cli(["--bogus"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--bogus'/);
});

test("an unreachable RPC is exit 3 and names the URL", async () => {
  const { code, out } = await json(["pool", POOL]);
  assert.equal(code, 3);
  assert.equal(out.error.message, `cannot reach the RPC at ${DEAD} (ECONNREFUSED)`);
  const text = await cli(["-u", DEAD, "pool", POOL]);
  assert.equal(text.code, 3);
  assert.match(text.stderr, /^error: cannot reach the RPC at http:\/\/127\.0\.0\.1:59999 \(ECONNREFUSED\)/);
});

test("Solana CLI conventions: monikers, its config file, -k, --version, global options in help", async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "bulkhead-cli-"));
  assert.deepEqual(await cli(["--version"]), { code: 0, stdout: `${VERSION}\n`, stderr: "" });
  const devnet = (await cli(["--json", "-u", "devnet", "config"])).stdout;
  assert.deepEqual(
    { url: JSON.parse(devnet).url, source: JSON.parse(devnet).urlSource },
    { url: "https://api.devnet.solana.com", source: "the flag" },
  );
  // The Solana CLI's config file is the default; a flag or bulkhead's variable overrides it.
  const config = path.join(tmp, "config.yml");
  writeFileSync(
    config,
    `---\njson_rpc_url: "https://api.testnet.solana.com"\nkeypair_path: ${tmp}/id.json\ncommitment: confirmed\n`,
  );
  const fromFile = JSON.parse((await cli(["--json", "config"], { SOLANA_CONFIG: config })).stdout);
  assert.equal(fromFile.url, "https://api.testnet.solana.com");
  assert.equal(fromFile.keypair, `${tmp}/id.json`);
  assert.match(fromFile.urlSource, /json_rpc_url of .*config\.yml/);
  const flag = JSON.parse((await cli(["--json", "-u", "l", "config"], { SOLANA_CONFIG: config })).stdout);
  assert.deepEqual([flag.url, flag.urlSource], ["http://127.0.0.1:8899", "the flag"]);
  // Every subcommand's help lists the global options.
  const help = await cli(["deposit", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /-u, --url <url>/);
  assert.match(help.stdout, /-k, --keypair <path>/);
});

test("keygen writes a Solana CLI keypair and never overwrites one", async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "bulkhead-cli-")), "wallet.json");
  const made = await json(["keygen", file]);
  assert.equal(made.code, 0, JSON.stringify(made.out));
  const bytes = new Uint8Array(JSON.parse(readFileSync(file, "utf8")));
  assert.equal(bytes.length, 64);
  assert.equal((await createKeyPairSignerFromBytes(bytes)).address, made.out.address, "the file signs for the address");
  const again = await json(["keygen", file]);
  assert.equal(again.code, 2);
  assert.match(again.out.error.message, /exists: keygen never overwrites a keypair/);
  assert.deepEqual(new Uint8Array(JSON.parse(readFileSync(file, "utf8"))), bytes, "the file is untouched");
});

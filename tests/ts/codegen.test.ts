// The committed clients are what Codama renders today: app/src/generated from the committed IDL,
// app/src/generated-pyth from Pyth's published IDLs. Each is regenerated into a scratch folder and
// compared file by file. Fix a failure with `npm run generate`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "../../app/codama.js";
import { generatePyth } from "../../app/codama-pyth.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Renders with `render` into a scratch folder and compares every file with `committed`. */
async function assertCurrent(committed: string, render: (out: string) => Promise<void>) {
  const scratch = mkdtempSync(path.join(tmpdir(), "bulkhead-codegen-"));
  try {
    const out = path.join(scratch, "generated");
    await render(out);
    assert.deepEqual(files(committed), files(out), "the same files (run `npm run generate`)");
    for (const f of files(out)) {
      assert.equal(
        readFileSync(path.join(committed, f), "utf8"),
        readFileSync(path.join(out, f), "utf8"),
        `${f} differs from a fresh render (run \`npm run generate\`)`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

test("app/src/generated is exactly what `npm run generate` renders from idl/bulkhead.json", async () => {
  await assertCurrent(path.join(ROOT, "app/src/generated"), (out) =>
    generate(path.join(ROOT, "idl/bulkhead.json"), out),
  );
});

test("app/src/generated-pyth is exactly what `npm run generate` renders from Pyth's published IDLs", async () => {
  await assertCurrent(path.join(ROOT, "app/src/generated-pyth"), generatePyth);
});

test("every event decoder refuses another event's bytes, and every PDA account of a pool has a default", async () => {
  const g = await import("../../app/src/index.js");
  // An event's bytes start with its discriminator; a decoder for another event refuses them.
  const idl = JSON.parse(readFileSync(path.join(ROOT, "idl/bulkhead.json"), "utf8"));
  const guardianSet = idl.events.find((e: { name: string }) => e.name === "GuardianSet");
  const size = g.getGuardianSetEncoder().fixedSize;
  const bytes = new Uint8Array(size);
  bytes.set(guardianSet.discriminator);
  assert.equal(g.decodeEvent(bytes)?.name, "GuardianSet");
  assert.throws(() => g.getPausedDecoder().decode(bytes));
  bytes[0] ^= 1;
  assert.equal(g.decodeEvent(bytes), undefined, "a wrong discriminator is no event");
  // Every event of the IDL is found by its discriminator, and only every one of them.
  for (const event of idl.events as { name: string; discriminator: number[] }[]) {
    const encoder = (g as unknown as Record<string, () => { fixedSize: number }>)[`get${event.name}Encoder`]();
    const zeros = new Uint8Array(encoder.fixedSize);
    zeros.set(event.discriminator);
    assert.equal(g.decodeEvent(zeros)?.name, event.name, event.name);
  }
  assert.deepEqual([...g.EVENT_NAMES], idl.events.map((e: { name: string }) => e.name).sort());
  // The async builders derive every pool-scoped PDA from `pool` alone, and fill the self-CPI
  // event accounts (the event authority PDA and bulkhead itself) with no input.
  const pool = g.NONE;
  const ix = await g.getAttestSolvencyInstructionAsync({ pool });
  const want = await g.poolAddressesOf(pool);
  assert.deepEqual(
    ix.accounts.map((a) => a.address),
    [pool, want.vault, want.attestation, await g.eventAuthority(), g.BULKHEAD_PROGRAM_ADDRESS],
  );
});

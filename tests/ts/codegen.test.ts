// The committed client (app/src/generated) is what Codama renders from the committed IDL today:
// regenerate it into a scratch folder and compare every file. Fix a failure with `npm run generate`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "../../app/codama.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

test("app/src/generated is exactly what `npm run generate` renders from idl/bulkhead.json", async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "bulkhead-codegen-"));
  try {
    const out = path.join(scratch, "generated");
    await generate(path.join(ROOT, "idl/bulkhead.json"), out);
    const committed = path.join(ROOT, "app/src/generated");
    assert.deepEqual(files(committed), files(out), "the same files (run `npm run generate`)");
    for (const f of files(out)) {
      assert.equal(readFileSync(path.join(committed, f), "utf8"), readFileSync(path.join(out, f), "utf8"),
        `${f} differs from a fresh render (run \`npm run generate\`)`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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
  // The async builders derive every pool-scoped PDA from `pool` alone.
  const pool = g.NONE;
  const ix = await g.getAttestSolvencyInstructionAsync({ pool });
  const want = await g.poolAddressesOf(pool);
  assert.deepEqual(ix.accounts.map((a) => a.address), [pool, want.vault, want.attestation]);
});

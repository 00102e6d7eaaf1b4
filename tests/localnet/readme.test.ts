// The README's TypeScript quickstart is a complete, working program: this runs its code block
// against the localnet and checks what it prints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

test("the README quickstart runs and its trade executes", async () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## TypeScript quickstart"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code, "the quickstart has a ts block");
  const file = path.join(ROOT, "app/examples/.readme-quickstart.ts");
  writeFileSync(file, code);
  try {
    const { stdout } = await promisify(execFile)("npx", ["tsx", file], { cwd: ROOT, env: process.env });
    assert.deepEqual(stdout.trim().split("\n"), [
      "1000000n",
      "[ 'execute_liquidity true', 'execute_trade true' ]",
      "1000000n",
    ]);
  } finally {
    rmSync(file, { force: true });
  }
});

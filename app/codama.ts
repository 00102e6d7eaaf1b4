/**
 * Generates the low-level client in app/src/generated/ from the committed IDL (idl/bulkhead.json)
 * with Codama, onto @solana/kit. Run it with `npm run generate`; tests/ts/codegen.test.ts runs it
 * into a scratch folder and fails when the committed output differs.
 *
 * Three things are added to what `rootNodeFromAnchor` gives:
 * - every instruction account that is one of bulkhead's PDAs gets the PDA as its default value wherever its seeds are accounts of that instruction, so the
 *   `get*InstructionAsync` builders derive it (e.g. `riskParams` from `pool`, `marginAccount` from
 *   `pool` + `owner`); where a seed is not in the instruction (the liquidated `marginAccount`, whose
 *   owner does not sign) the account stays required;
 * - every event becomes a defined type whose codec starts with the event's 8-byte discriminator as
 *   a checked constant, so `get<Event>Decoder().decode(bytes)` refuses another event's bytes
 *   (renderers-js 1.7.1 renders no event nodes);
 * - type aliases (`PodU128`) are inlined, which nodes-from-anchor does not read;
 * - the IDL's constants (the kind codes events and accounts carry: request kinds and reasons,
 *   directions, sponsor actions, pause bits) are rendered into `constants.ts`, which
 *   renderers-js 1.7.1 does not do, so the client uses the program's values instead of copies.
 * Names, docs, layouts and errors come from the IDL unchanged.
 *
 * Versions are pinned exactly in package.json (see the comment in README.md's client section).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { rootNodeFromAnchor, type AnchorIdl } from "@codama/nodes-from-anchor";
import { renderVisitor } from "@codama/renderers-js";
import {
  bottomUpTransformerVisitor,
  createFromRoot,
  definedTypeNode,
  pdaValueNode,
  programNode,
  setInstructionAccountDefaultValuesVisitor,
  assertIsNode,
} from "codama";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The PDAs of bulkhead. `rootNodeFromAnchor` already declares each one from the seeds of the
 * instruction that creates it (`create_pool`, `open_margin_account`, `open_lp_account`); these
 * rules make it the default of every other instruction's account of the same name.
 */
const POOL_SCOPED = ["risk_params", "vault", "vault_authority", "lp_mint", "lp_escrow", "attestation"];
const OWNER_SCOPED: Record<string, string> = { margin_account: "margin", lp_account: "lp" };

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Replaces every type alias (`{"kind": "type", "alias": "u128"}`, the IDL's spelling of `PodU128`)
 * by the type it names: nodes-from-anchor 1.5.6 does not read aliases. The bytes are the same.
 */
function inlineAliases(idl: AnchorIdl): AnchorIdl {
  const types = (idl as { types?: { name: string; type: { kind: string; alias?: unknown } }[] }).types ?? [];
  const aliases = new Map(types.filter((t) => t.type.kind === "type").map((t) => [t.name, t.type.alias]));
  const json = JSON.stringify(idl, (_key, value) =>
    value && typeof value === "object" && "defined" in value && aliases.has(value.defined?.name)
      ? aliases.get(value.defined.name)
      : value,
  );
  const out = JSON.parse(json);
  out.types = out.types.filter((t: { name: string }) => !aliases.has(t.name));
  return out;
}

/** Builds the Codama tree from an IDL: the one function the generator and its test share. */
export function codamaFromIdl(idl: AnchorIdl) {
  const idlTypes = (idl as { types?: { name: string; docs?: string[] }[] }).types ?? [];
  const eventDocs = (name: string) =>
    idlTypes.find((t) => camel(t.name[0].toLowerCase() + t.name.slice(1)) === name)?.docs ?? [];
  const codama = createFromRoot(rootNodeFromAnchor(inlineAliases(idl)));
  codama.update(
    setInstructionAccountDefaultValuesVisitor(
      [...POOL_SCOPED, ...Object.keys(OWNER_SCOPED)].map((account) => ({
        account: camel(account),
        defaultValue: pdaValueNode(camel(account)),
      })),
    ),
  );
  // Events: each becomes a defined type of the same name whose data keeps its discriminator prefix.
  codama.update(
    bottomUpTransformerVisitor([
      {
        select: "[programNode]",
        transform: (node) => {
          assertIsNode(node, "programNode");
          return programNode({
            ...node,
            definedTypes: [
              ...(node.definedTypes ?? []),
              ...(node.events ?? []).map((event) =>
                definedTypeNode({
                  name: event.name,
                  docs: [
                    ...eventDocs(event.name),
                    "Encoded as its self-CPI event carries it after the 8-byte event tag: the event's 8-byte discriminator (checked on decode), then its fields.",
                  ],
                  type: event.data,
                }),
              ),
            ],
            events: [],
          });
        },
      },
    ]),
  );
  return codama;
}

/** The IDL's constants as TypeScript: integers up to 32 bits as numbers, wider ones as bigints. */
export function renderConstants(idl: AnchorIdl): string {
  const constants = (idl as { constants?: { name: string; type: string; value: string }[] }).constants ?? [];
  const lines = constants.map(({ name, type, value }) => {
    if (!/^-?\d+$/.test(value)) throw new Error(`constant ${name}: ${value} is not an integer`);
    const wide = ["u64", "i64", "u128", "i128"].includes(type);
    return `/** \`${name}\` (${type}) of the program, from the IDL. */\nexport const ${name} = ${value}${wide ? "n" : ""};`;
  });
  return [
    "/**",
    " * The program's published constants (idl/bulkhead.json `constants`), rendered by app/codama.ts.",
    " * Generated: do not edit.",
    " */",
    "",
    ...lines,
    "",
  ].join("\n");
}

/** Renders the client for `idlPath` into `outDir` (replacing it). */
export async function generate(idlPath: string, outDir: string): Promise<void> {
  const idl = JSON.parse(readFileSync(idlPath, "utf8")) as AnchorIdl;
  await codamaFromIdl(idl).accept(renderVisitor(outDir, { deleteFolderBeforeRendering: true, formatCode: true }));
  writeFileSync(path.join(outDir, "constants.ts"), renderConstants(idl));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? path.join(ROOT, "app/src/generated");
  await generate(path.join(ROOT, "idl/bulkhead.json"), out);
  console.log(`generated ${path.relative(process.cwd(), out) || out}`);
}

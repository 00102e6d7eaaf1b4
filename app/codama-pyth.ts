/**
 * Generates the clients the keeper uses to post Hermes updates on chain, from the IDLs Pyth
 * publishes in `@pythnetwork/pyth-solana-receiver` (a pinned dev dependency, read at generation
 * time only): the Pyth Solana receiver (`post_update`, `reclaim_rent`) into
 * app/src/generated-pyth/receiver, and the Wormhole core bridge (`init_encoded_vaa`,
 * `write_encoded_vaa`, `verify_encoded_vaa_v1`, `close_encoded_vaa`) into
 * app/src/generated-pyth/wormhole. `npm run generate` runs it with app/codama.ts; the codegen test
 * checks both outputs.
 *
 * Their IDLs are Anchor's legacy (v00) format without addresses, so each program's id is set
 * here: the receiver's and the Wormhole core bridge's, the same on devnet and mainnet.
 */
import { fileURLToPath } from "node:url";
import path from "node:path";
import { rootNodeFromAnchor, type AnchorIdl } from "@codama/nodes-from-anchor";
import { renderVisitor } from "@codama/renderers-js";
import { assertIsNode, bottomUpTransformerVisitor, createFromRoot, programNode, updateProgramsVisitor } from "codama";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The Pyth Solana receiver program. */
export const PYTH_RECEIVER_PROGRAM = "rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ";
/** The Wormhole core bridge program the receiver verifies VAAs with. */
export const WORMHOLE_PROGRAM = "HDwcJBJXjL9FpJ7UBsYBtaDjsBUhuLCUYoz3zr8SWWaQ";

/** Renders one program's client with only the instructions named in `keep` (camelCase). */
async function render(idl: AnchorIdl, name: string, publicKey: string, keep: string[], outDir: string) {
  const codama = createFromRoot(rootNodeFromAnchor(idl));
  codama.update(updateProgramsVisitor({ [name]: { publicKey } }));
  codama.update(
    bottomUpTransformerVisitor([
      {
        select: "[programNode]",
        transform: (node) => {
          assertIsNode(node, "programNode");
          return programNode({ ...node, instructions: (node.instructions ?? []).filter((i) => keep.includes(i.name)) });
        },
      },
    ]),
  );
  await codama.accept(renderVisitor(outDir, { deleteFolderBeforeRendering: true, formatCode: true }));
}

/** Renders both clients under `outDir` (replacing them). */
export async function generatePyth(outDir: string): Promise<void> {
  const receiver = (await import("@pythnetwork/pyth-solana-receiver/idl/pyth_solana_receiver"))
    .IDL as unknown as AnchorIdl;
  const wormhole = (await import("@pythnetwork/pyth-solana-receiver/idl/wormhole_core_bridge_solana"))
    .IDL as unknown as AnchorIdl;
  await render(
    receiver,
    "pythSolanaReceiver",
    PYTH_RECEIVER_PROGRAM,
    ["postUpdate", "reclaimRent"],
    path.join(outDir, "receiver"),
  );
  await render(
    wormhole,
    "wormholeCoreBridgeSolana",
    WORMHOLE_PROGRAM,
    ["initEncodedVaa", "writeEncodedVaa", "verifyEncodedVaaV1", "closeEncodedVaa"],
    path.join(outDir, "wormhole"),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? path.join(ROOT, "app/src/generated-pyth");
  await generatePyth(out);
  console.log(`generated ${path.relative(process.cwd(), out) || out}`);
}

// Posting a Hermes update (app/src/hermes.ts), checked offline: a Hermes-format accumulator update
// with a 13-signature VAA and realistic Merkle proofs is planned into transactions that each fit
// Solana's 1,232-byte limit, write the whole VAA, verify it against its guardian set, and post
// each price update with the bytes Pyth's own IDL coder reads back. (The Wormhole and Pyth
// programs are not on the localnet, so landing them is for devnet.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  type Instruction,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase64EncodedWireTransaction,
  getProgramDerivedAddress,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Blockhash,
} from "@solana/kit";
import { BorshInstructionCoder } from "@coral-xyz/anchor";
import { IDL as RECEIVER_IDL } from "@pythnetwork/pyth-solana-receiver/idl/pyth_solana_receiver";
import {
  ENCODED_VAA_HEADER,
  VAA_SPLIT,
  getLiquidateInstructionAsync,
  getRefreshPriceInstructionAsync,
  planHermesPost,
} from "../../app/src/index.js";
import {
  getWriteEncodedVaaInstructionDataDecoder,
  WORMHOLE_CORE_BRIDGE_SOLANA_PROGRAM_ADDRESS,
} from "../../app/src/generated-pyth/wormhole/index.js";

const bytes = (n: number, seed: string) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 32)
    out.set(
      createHash("sha256")
        .update(seed + i)
        .digest()
        .subarray(0, Math.min(32, n - i)),
      i,
    );
  return out;
};
const be = (n: number, width: number) => {
  const out = new Uint8Array(width);
  for (let i = width - 1, x = BigInt(n); i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
};

/** A Pyth price feed message (variant 0): feed id, price, conf, exponent, times, EMA, big-endian. */
function priceMessage(feedId: Uint8Array): Uint8Array {
  return new Uint8Array([
    0,
    ...feedId,
    ...be(15_000_000_000, 8),
    ...be(1_000_000, 8),
    ...be(2 ** 32 - 8, 4),
    ...be(1_796_000_000, 8),
    ...be(1_795_999_999, 8),
    ...be(15_000_000_000, 8),
    ...be(1_000_000, 8),
  ]);
}

/** A Wormhole VAA of guardian set `index` with `signatures` signatures and an accumulator payload. */
function vaa(index: number, signatures: number): Uint8Array {
  const sigs = Array.from({ length: signatures }, (_, i) => [i, ...bytes(65, `sig${i}`)]).flat();
  const body = [
    ...be(1_796_000_000, 4),
    ...be(0, 4),
    ...be(26, 2),
    ...bytes(32, "emitter"),
    ...be(42, 8),
    1,
    ...new TextEncoder().encode("AUWV"),
    0,
    ...be(123_456, 8),
    ...be(10_000, 4),
    ...bytes(20, "root"),
  ];
  return new Uint8Array([1, ...be(index, 4), signatures, ...sigs, ...body]);
}

/** Hermes' binary format: "PNAU", v1.0, no trailing header, Wormhole-Merkle proofs. */
function accumulatorUpdate(v: Uint8Array, messages: Uint8Array[], depth: number): Uint8Array {
  const updates = messages.flatMap((m, i) => [
    ...be(m.length, 2),
    ...m,
    depth,
    ...Array.from({ length: depth }, (_, j) => [...bytes(20, `proof${i}-${j}`)]).flat(),
  ]);
  return new Uint8Array([
    ...new TextEncoder().encode("PNAU"),
    1,
    0,
    0,
    0,
    ...be(v.length, 2),
    ...v,
    messages.length,
    ...updates,
  ]);
}

async function wireSize(instructions: Instruction[], payer: Awaited<ReturnType<typeof generateKeyPairSigner>>) {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        { blockhash: "11111111111111111111111111111111" as Blockhash, lastValidBlockHeight: 0n },
        m,
      ),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  return Buffer.from(getBase64EncodedWireTransaction(await signTransactionMessageWithSigners(message)), "base64")
    .length;
}

test("a Hermes update becomes transactions that fit, write the whole VAA, verify it and post each print", async () => {
  const payer = await generateKeyPairSigner();
  const feeds = [bytes(32, "SOL"), bytes(32, "BTC")];
  const v = vaa(4, 13);
  const update = accumulatorUpdate(v, feeds.map(priceMessage), 11);
  const plan = await planHermesPost(payer, update, async (size) => BigInt(size) * 6_960n, 7);

  assert.equal(plan.transactions.length, 2 + feeds.length, "encode + verify, then one post per feed");
  const sizes: number[] = [];
  for (const [i, tx] of plan.transactions.entries()) {
    const size = await wireSize(tx, payer);
    assert.ok(size <= 1232, `transaction ${i} is ${size} bytes`);
    sizes.push(size);
  }

  console.log(`transaction sizes: ${sizes.join(", ")} bytes`);

  // The encoded VAA account holds the VAA behind its header, written in two pieces that are the VAA.
  const [create, , firstWrite] = plan.transactions[0];
  assert.equal(
    new DataView(create.data!.buffer, create.data!.byteOffset).getBigUint64(12, true),
    BigInt(v.length + ENCODED_VAA_HEADER),
  );
  const writes = plan.transactions
    .flat()
    .filter(
      (ix) =>
        ix.programAddress === WORMHOLE_CORE_BRIDGE_SOLANA_PROGRAM_ADDRESS &&
        ix.data &&
        ix.data.length > 12 &&
        Buffer.from(ix.data.subarray(0, 8)).equals(Buffer.from(firstWrite.data!.subarray(0, 8))),
    );
  const pieces = writes.map((ix) => getWriteEncodedVaaInstructionDataDecoder().decode(ix.data!));
  assert.deepEqual(
    pieces.map((p) => p.index),
    [0, VAA_SPLIT],
  );
  assert.deepEqual(Buffer.concat(pieces.map((p) => Buffer.from(p.data))), Buffer.from(v));

  // Verification uses the VAA's own guardian set, ["GuardianSet", 4 as u32 BE].
  const verify = plan.transactions[1].at(-1)!;
  const [guardianSet] = await getProgramDerivedAddress({
    programAddress: WORMHOLE_CORE_BRIDGE_SOLANA_PROGRAM_ADDRESS,
    seeds: ["GuardianSet", be(4, 4)],
  });
  assert.ok(verify.accounts!.some((a) => a.address === guardianSet));

  // Each post_update decodes with Pyth's own IDL coder to the message and proof Hermes sent.
  const coder = new BorshInstructionCoder(RECEIVER_IDL as never);
  for (const [i, feed] of feeds.entries()) {
    const post = plan.transactions[2 + i].find((ix) => ix.accounts?.length === 7)!;
    const decoded = coder.decode(Buffer.from(post.data!)) as { name: string; data: { params: any } };
    assert.equal(decoded.name, "postUpdate");
    assert.deepEqual(Buffer.from(decoded.data.params.merklePriceUpdate.message), Buffer.from(priceMessage(feed)));
    assert.equal(decoded.data.params.merklePriceUpdate.proof.length, 11);
    assert.equal(decoded.data.params.treasuryId, 7);
    assert.equal(
      plan.priceUpdates.get(Buffer.from(feed).toString("hex")),
      post.accounts![4].address,
      "the feed's print account",
    );
  }
  assert.ok(
    plan.transactions.at(-1)!.at(-1)!.programAddress === WORMHOLE_CORE_BRIDGE_SOLANA_PROGRAM_ADDRESS,
    "the encoded VAA is closed last",
  );
});

// A keeper that posts its own fully verified print to liquidate: the liquidation rides in the same
// transaction as the print's post_update (the third of three), so the print is as young as the
// posting path allows: two transactions after Hermes served it, not three (docs/design.md, one-step
// reads). The same holds for refresh_price.
test("a keeper's own print and its liquidation (or refresh) fit in one transaction", async () => {
  const payer = await generateKeyPairSigner();
  const feed = bytes(32, "SOL");
  const plan = await planHermesPost(
    payer,
    accumulatorUpdate(vaa(4, 13), [priceMessage(feed)], 11),
    async (size) => BigInt(size) * 6_960n,
    7,
  );
  assert.equal(plan.transactions.length, 3, "encode, verify, post");
  const priceUpdate = plan.priceUpdates.get(Buffer.from(feed).toString("hex"))!;
  const [pool, owner, reward] = await Promise.all([1, 2, 3].map(async () => (await generateKeyPairSigner()).address));
  const liquidate = await getLiquidateInstructionAsync({
    liquidator: payer,
    pool,
    marginAccount: owner,
    rewardTokenAccount: reward,
    priceUpdate,
  });
  const refresh = await getRefreshPriceInstructionAsync({ keeper: payer, pool, priceUpdate });
  const post = plan.transactions[2];
  const withLiquidation = await wireSize([...post.slice(0, -1), liquidate, post.at(-1)!], payer);
  const withRefresh = await wireSize([...post.slice(0, -1), refresh, post.at(-1)!], payer);
  console.log(`post_update + liquidate: ${withLiquidation} bytes; post_update + refresh_price: ${withRefresh} bytes`);
  assert.ok(withLiquidation <= 1232 && withRefresh <= 1232);
});

test("the hand-written PriceUpdateV2 layout is the receiver's own, both ways", async () => {
  const { getPriceUpdateV2Decoder, getPriceUpdateV2Encoder } =
    await import("../../app/src/generated-pyth/receiver/index.js");
  const { decodePriceUpdateV2, encodePriceUpdateV2 } = await import("../../app/src/index.js");
  const print = {
    feedId: bytes(32, "feed"),
    price: -123_456_789n,
    conf: 42n,
    exponent: -8,
    publishTime: 1_796_000_000n,
    prevPublishTime: 1_795_999_998n,
    emaPrice: 123_000_000n,
    emaConf: 7n,
  };
  // Ours, read by the decoder generated from Pyth's IDL.
  const ours = encodePriceUpdateV2(print);
  const theirs = getPriceUpdateV2Decoder().decode(ours);
  assert.equal(theirs.verificationLevel.__kind, "Full");
  assert.deepEqual(
    { ...theirs.priceMessage, feedId: Buffer.from(theirs.priceMessage.feedId) },
    { ...print, feedId: Buffer.from(print.feedId) },
  );
  assert.equal(theirs.postedSlot, 1n);
  // Theirs (a partially verified print), read by ours: refused, as the program refuses it.
  const partial = new Uint8Array(
    getPriceUpdateV2Encoder().encode({ ...theirs, verificationLevel: { __kind: "Partial", numSignatures: 5 } }),
  );
  assert.throws(() => decodePriceUpdateV2(partial), /not fully verified/);
  const full = new Uint8Array(getPriceUpdateV2Encoder().encode(theirs));
  assert.deepEqual(
    decodePriceUpdateV2(new Uint8Array([...full, ...new Uint8Array(134 - full.length)])).price,
    print.price,
  );
});

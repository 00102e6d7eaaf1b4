/**
 * Posting a Hermes update on chain as fully verified `PriceUpdateV2` accounts, the production
 * half of `HermesPriceSource`: bulkhead accepts only `Full` verification, so the update's VAA is
 * verified with every signature through the Wormhole core bridge (an encoded VAA account), not
 * with the 5-signature `post_update_atomic` (which gives `Partial`).
 *
 * The plan, the same as Pyth's own `PythSolanaReceiver.buildPostPriceUpdateInstructions`:
 * 1. create the encoded VAA account, `init_encoded_vaa`, write the first 721 bytes;
 * 2. write the rest, `verify_encoded_vaa_v1` against the VAA's guardian set (350k CU);
 * 3. per price update, `post_update` into a new `PriceUpdateV2` account; then close the encoded VAA.
 * Each transaction stays within Solana's 1,232 bytes without a lookup table
 * (tests/ts/hermes.test.ts measures them). The instructions come from clients Codama generates
 * from Pyth's published IDLs (app/codama-pyth.ts); the update's format is parsed by Pyth's
 * `@pythnetwork/price-service-sdk`. After bulkhead has read a print, `reclaimPriceUpdate` returns
 * the account's rent.
 */
import {
  type Address,
  type Instruction,
  type KeyPairSigner,
  type TransactionSigner,
  generateKeyPairSigner,
  getProgramDerivedAddress,
} from "@solana/kit";
import { getCreateAccountInstruction } from "@solana-program/system";
import { getSetComputeUnitLimitInstruction } from "@solana-program/compute-budget";
import { parseAccumulatorUpdateData, parsePriceFeedMessage } from "@pythnetwork/price-service-sdk";
import {
  PYTH_SOLANA_RECEIVER_PROGRAM_ADDRESS,
  getPostUpdateInstruction,
  getReclaimRentInstruction,
} from "./generated-pyth/receiver/index.js";
import {
  WORMHOLE_CORE_BRIDGE_SOLANA_PROGRAM_ADDRESS,
  getCloseEncodedVaaInstruction,
  getInitEncodedVaaInstruction,
  getVerifyEncodedVaaV1Instruction,
  getWriteEncodedVaaInstruction,
} from "./generated-pyth/wormhole/index.js";
import { type Connection, send } from "./rpc.js";

/** Bytes before the VAA in an encoded VAA account (its header). */
export const ENCODED_VAA_HEADER = 46;
/** VAA bytes written by the first transaction; the rest goes with the verification. */
export const VAA_SPLIT = 721;

/** `["GuardianSet", index u32 BE]` of the Wormhole core bridge: the guardian set that signed a VAA. */
export async function guardianSetAddress(vaa: Uint8Array): Promise<Address> {
  const index = vaa.slice(1, 5); // a VAA starts: version u8, guardian set index u32 BE
  return (
    await getProgramDerivedAddress({
      programAddress: WORMHOLE_CORE_BRIDGE_SOLANA_PROGRAM_ADDRESS,
      seeds: ["GuardianSet", index],
    })
  )[0];
}

const receiverPda = async (seeds: (string | Uint8Array)[]) =>
  (await getProgramDerivedAddress({ programAddress: PYTH_SOLANA_RECEIVER_PROGRAM_ADDRESS, seeds }))[0];

/** What posting one Hermes update takes: three transactions, and the account of each feed's print. */
export interface HermesPost {
  /** In order; each is one transaction, with the signers its instructions carry. */
  transactions: Instruction[][];
  /** The encoded VAA account (closed by the last transaction). */
  encodedVaa: Address;
  /** The `PriceUpdateV2` account each feed's print lands in, by feed id (hex, no 0x). */
  priceUpdates: Map<string, Address>;
}

/**
 * Plans the transactions that post `updateData` (one Hermes binary update: an accumulator update
 * with a VAA and its price updates). `rentLamports(size)` gives the encoded VAA account's rent;
 * `treasuryId` picks one of the receiver's 256 fee treasuries (spread load; any works).
 */
export async function planHermesPost(
  payer: TransactionSigner,
  updateData: Uint8Array,
  rentLamports: (size: number) => Promise<bigint>,
  treasuryId = 0,
): Promise<HermesPost> {
  const { vaa, updates } = parseAccumulatorUpdateData(Buffer.from(updateData));
  const encodedVaa = await generateKeyPairSigner();
  const space = vaa.length + ENCODED_VAA_HEADER;
  const first: Instruction[] = [
    getCreateAccountInstruction({
      payer,
      newAccount: encodedVaa,
      lamports: await rentLamports(space),
      space,
      programAddress: WORMHOLE_CORE_BRIDGE_SOLANA_PROGRAM_ADDRESS,
    }),
    getInitEncodedVaaInstruction({ writeAuthority: payer, encodedVaa: encodedVaa.address }),
    getWriteEncodedVaaInstruction({
      writeAuthority: payer,
      draftVaa: encodedVaa.address,
      index: 0,
      data: vaa.subarray(0, VAA_SPLIT),
    }),
  ];
  const second: Instruction[] = [
    getSetComputeUnitLimitInstruction({ units: 400_000 }),
    ...(vaa.length > VAA_SPLIT
      ? [
          getWriteEncodedVaaInstruction({
            writeAuthority: payer,
            draftVaa: encodedVaa.address,
            index: VAA_SPLIT,
            data: vaa.subarray(VAA_SPLIT),
          }),
        ]
      : []),
    getVerifyEncodedVaaV1Instruction({
      writeAuthority: payer,
      draftVaa: encodedVaa.address,
      guardianSet: await guardianSetAddress(vaa),
    }),
  ];
  const config = await receiverPda(["config"]);
  const treasury = await receiverPda(["treasury", new Uint8Array([treasuryId])]);
  const priceUpdates = new Map<string, Address>();
  const posts: Instruction[][] = [];
  for (const update of updates) {
    const account = await generateKeyPairSigner();
    priceUpdates.set(Buffer.from(parsePriceFeedMessage(update.message).feedId).toString("hex"), account.address);
    posts.push([
      getSetComputeUnitLimitInstruction({ units: 60_000 }),
      getPostUpdateInstruction({
        payer,
        encodedVaa: encodedVaa.address,
        config,
        treasury,
        priceUpdateAccount: account,
        writeAuthority: payer,
        merklePriceUpdate: { message: update.message, proof: update.proof.map((p) => Uint8Array.from(p)) },
        treasuryId,
      }),
    ]);
  }
  const close = getCloseEncodedVaaInstruction({ writeAuthority: payer, encodedVaa: encodedVaa.address });
  if (posts.length === 0) posts.push([]);
  posts[posts.length - 1].push(close);
  return { transactions: [first, second, ...posts], encodedVaa: encodedVaa.address, priceUpdates };
}

/** Posts each of Hermes' binary updates (base64) and returns the print account of every feed. */
export async function postHermesUpdates(
  connection: Connection,
  payer: KeyPairSigner,
  updates: string[],
): Promise<Map<string, Address>> {
  const out = new Map<string, Address>();
  for (const data of updates) {
    const plan = await planHermesPost(payer, Buffer.from(data, "base64"), (size) =>
      connection.rpc.getMinimumBalanceForRentExemption(BigInt(size)).send(),
    );
    for (const instructions of plan.transactions) await send(connection, payer, instructions);
    for (const [feed, account] of plan.priceUpdates) out.set(feed, account);
  }
  return out;
}

/** Returns a posted print account's rent to its payer (the write authority), after bulkhead read it. */
export function reclaimPriceUpdate(payer: TransactionSigner, priceUpdateAccount: Address): Instruction {
  return getReclaimRentInstruction({ payer, priceUpdateAccount });
}

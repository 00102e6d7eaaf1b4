// The TypeScript verifier's event reader (`transactionEventBytes`, `Chain`): only bulkhead's own
// self-CPI events of successful transactions count, whatever another program puts in the same
// transaction, and input that is not a transaction is refused. The events are real ones, from the
// real .so in LiteSVM; the transactions around them are the shapes `getTransaction` returns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type Address, generateKeyPairSigner, getBase58Decoder } from "@solana/kit";
import {
  BULKHEAD_PROGRAM_ADDRESS,
  Chain,
  EVENT_IX_TAG,
  type RecordedTransaction,
  buildAttestSolvency,
  eventAuthority,
  getPoolDecoder,
  transactionEventBytes,
  transactionEvents,
} from "../../app/src/index.js";
import { World } from "./world.js";

const base58 = getBase58Decoder();
const FORGER = "HDXwMGmSvaHNUj2oghHWq6E5b7VJeFmo6vxUzDknJxQf" as Address;

/** A transaction whose inner instructions are `inner` (program, first account, data). */
function recorded(inner: [Address, Address, Uint8Array][], err: unknown = null): RecordedTransaction {
  const keys: string[] = [];
  const index = (key: string) => {
    if (!keys.includes(key)) keys.push(key);
    return keys.indexOf(key);
  };
  const instructions = inner.map(([program, first, data]) => ({
    programIdIndex: index(program),
    accounts: [index(first)],
    data: base58.decode(data),
  }));
  return { transaction: { message: { accountKeys: keys } }, meta: { err, innerInstructions: [{ instructions }] } };
}

test("only bulkhead's own self-CPI events of successful transactions are history", async () => {
  const payer = await generateKeyPairSigner();
  const w = new World(payer);
  const { mint } = await w.mintAndTokenAccount(payer.address, 0n);
  const a = await w.createPool(payer, mint, 1n);
  const before = w.history.length;
  for (let i = 0; i < 3; i++) await w.ok([await buildAttestSolvency(a)]);
  const authority = await eventAuthority();
  const [first, second, third] = w.history.slice(before).map((datas) => {
    assert.equal(datas.length, 1, "one self-CPI event per attestation");
    return datas[0];
  });

  // The second attestation's event, replayed by another program (its own inner instruction), and
  // sent to bulkhead with another first account: neither is bulkhead's.
  const forged = recorded([
    [FORGER, FORGER, second],
    [BULKHEAD_PROGRAM_ADDRESS, payer.address, second],
  ]);
  assert.deepEqual(await transactionEventBytes(forged), []);
  // A failed transaction's events were undone.
  assert.deepEqual(
    await transactionEventBytes(
      recorded([[BULKHEAD_PROGRAM_ADDRESS, authority, second]], { InstructionError: [1, "x"] }),
    ),
    [],
  );
  // Garbage and missing pieces are errors, never an empty history.
  await assert.rejects(transactionEventBytes(null));
  await assert.rejects(transactionEventBytes({ transaction: { message: { accountKeys: [] } }, meta: null }));
  await assert.rejects(transactionEventBytes({ transaction: { message: { accountKeys: [] } }, meta: { err: null } }));

  // The genuine history, with the forgeries and the failure interleaved, rebuilds the pool exactly.
  const chain = new Chain(a.pool);
  const history = [
    ...w.history.slice(0, before).map((datas) => recorded(datas.map((d) => [BULKHEAD_PROGRAM_ADDRESS, authority, d]))),
    recorded([[BULKHEAD_PROGRAM_ADDRESS, authority, first]]),
    forged,
    recorded([
      [FORGER, FORGER, EVENT_IX_TAG],
      [BULKHEAD_PROGRAM_ADDRESS, authority, second],
    ]),
    recorded([[BULKHEAD_PROGRAM_ADDRESS, authority, third]], { InstructionError: [0, "x"] }),
    recorded([[BULKHEAD_PROGRAM_ADDRESS, authority, third]]),
  ];
  for (const tx of history) for (const bytes of await transactionEventBytes(tx)) chain.read(bytes);
  const pool = getPoolDecoder().decode(w.data(a.pool));
  assert.deepEqual(chain.findings, []);
  assert.equal(chain.sequence, pool.sequence);
  assert.equal(BigInt(chain.events), pool.sequence, "every event once, none forged, none undone");
  assert.deepEqual(chain.hash, new Uint8Array(pool.stateHash));
  const b = pool.book;
  assert.deepEqual(
    chain.book,
    [
      b.traderCollateral,
      b.lpCapital,
      b.insuranceFund,
      b.sponsorCapital,
      b.protocolFees,
      b.dust,
      b.pendingDeposits,
      b.impactPool,
    ],
    "the book the last event carries is the account's",
  );
  assert.equal((await transactionEvents(history[before]))[0].name, "SolvencyAttested");

  // An event past the account read (it landed while the history was fetched) is not counted.
  const early = new Chain(a.pool, pool.sequence - 1n);
  for (const tx of history) for (const bytes of await transactionEventBytes(tx)) early.read(bytes);
  assert.deepEqual([early.sequence, early.findings], [pool.sequence - 1n, []]);

  // A key index outside the transaction, or keys that are not strings (`jsonParsed`), are errors.
  const outside = recorded([[BULKHEAD_PROGRAM_ADDRESS, authority, first]]);
  (outside.meta!.innerInstructions![0].instructions[0].accounts as number[])[0] = 9;
  await assert.rejects(transactionEventBytes(outside), /not in the transaction/);
  const parsed = recorded([[BULKHEAD_PROGRAM_ADDRESS, authority, first]]);
  (parsed.transaction.message as { accountKeys: unknown[] }).accountKeys = [{ pubkey: authority }];
  await assert.rejects(transactionEventBytes(parsed), /must be strings/);
});

// The Squads v4 path of docs/dao.md, built with the Squads SDK (app/examples/squads.ts): the vault
// transaction a member creates wraps exactly the bulkhead instruction the vault must sign, with the
// vault as its only signer and bulkhead's event accounts kept. Squads itself is not on crates.io or
// npm as a program, so this checks the instructions, not their execution (the dao-signer stand-in
// runs that path on the real .so in tests/tests/governance.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { PublicKey } from "@solana/web3.js";
import * as multisig from "@sqds/multisig";
import { type Address, generateKeyPairSigner } from "@solana/kit";
import { BULKHEAD_PROGRAM_ADDRESS, DEFAULT_RISK_CONFIG, eventAuthority } from "../../app/src/index.js";
import { squadsProposeParams } from "../../app/examples/squads.js";

test("a Squads vault transaction wraps the bulkhead change its vault signs", async () => {
  const [member, pool, createKey] = await Promise.all([1, 2, 3].map(() => generateKeyPairSigner()));
  const [multisigKey] = multisig.getMultisigPda({ createKey: new PublicKey(createKey.address) });
  const config = { ...DEFAULT_RISK_CONFIG, maxOpenInterest: DEFAULT_RISK_CONFIG.maxOpenInterest / 2n };
  const proposal = await squadsProposeParams({
    multisigPda: multisigKey.toBase58() as Address,
    member: member.address,
    pool: pool.address,
    config,
    custodian: "11111111111111111111111111111111" as Address,
    transactionIndex: 7n,
  });
  const [vault] = multisig.getVaultPda({ multisigPda: multisigKey, index: 0 });
  assert.equal(proposal.vault, vault.toBase58());
  assert.deepEqual(
    proposal.instructions.map((ix) => ix.programId.toBase58()),
    [multisig.PROGRAM_ADDRESS, multisig.PROGRAM_ADDRESS, multisig.PROGRAM_ADDRESS],
  );
  const [transaction] = multisig.getTransactionPda({ multisigPda: multisigKey, index: 7n });
  const [proposalPda] = multisig.getProposalPda({ multisigPda: multisigKey, transactionIndex: 7n });
  const [create, propose, approve] = proposal.instructions;
  assert.ok(
    create.keys.some((k) => k.pubkey.equals(transaction)),
    "it creates the multisig's transaction 7",
  );
  assert.ok(
    propose.keys.some((k) => k.pubkey.equals(proposalPda)) && approve.keys.some((k) => k.pubkey.equals(proposalPda)),
  );

  // The stored message: one instruction, bulkhead's, signed by the vault alone, byte for byte.
  const [args] = multisig.generated.vaultTransactionCreateStruct.deserialize(create.data);
  const [message] = multisig.types.transactionMessageBeet.deserialize(Buffer.from(args.args.transactionMessage));
  assert.equal(message.numSigners, 1);
  assert.ok(message.accountKeys[0].equals(vault), "the vault is the message's only signer");
  assert.equal(message.instructions.length, 1);
  const [inner] = message.instructions;
  assert.equal(message.accountKeys[inner.programIdIndex].toBase58(), BULKHEAD_PROGRAM_ADDRESS);
  assert.deepEqual(Uint8Array.from(inner.data), Uint8Array.from(proposal.inner.data ?? []));
  const keys = inner.accountIndexes.map((i) => message.accountKeys[i].toBase58());
  assert.deepEqual(
    keys,
    (proposal.inner.accounts ?? []).map((a) => a.address),
  );
  assert.equal(keys[0], vault.toBase58(), "the authority slot is the vault");
  assert.deepEqual(keys.slice(-2), [await eventAuthority(), BULKHEAD_PROGRAM_ADDRESS], "the event accounts stay");
});

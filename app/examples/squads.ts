/**
 * A pool governed by a Squads v4 multisig (docs/dao.md): the instructions a member sends to
 * propose a bulkhead parameter change as a vault transaction, and to approve it. Once the
 * multisig's threshold has approved, any member sends `vaultTransactionExecute` (the Squads SDK
 * fetches the stored transaction for it), and Squads invokes bulkhead signed by the vault, the
 * pool's authority. bulkhead's own timelock then runs as for any authority.
 *
 * The bulkhead instruction is built with the generated client (@solana/kit); the Squads SDK
 * (@sqds/multisig) speaks @solana/web3.js v1, so `toWeb3` converts it. Nothing here sends a
 * transaction: on devnet, where Squads is deployed, sign and send the instructions it returns.
 *
 *   npx tsx app/examples/squads.ts <multisig> <pool> <member>   # prints the three instructions
 */
import { fileURLToPath } from "node:url";
import { PublicKey, TransactionInstruction, TransactionMessage } from "@solana/web3.js";
import * as multisig from "@sqds/multisig";
import { type Address, type Instruction, AccountRole, address, createNoopSigner } from "@solana/kit";
import { type RiskConfigArgs, DEFAULT_RISK_CONFIG, getProposeParamsInstructionAsync } from "../src/index.js";

/** A kit instruction as a web3.js v1 one (what the Squads SDK takes). */
export function toWeb3(ix: Instruction): TransactionInstruction {
  return new TransactionInstruction({
    programId: new PublicKey(ix.programAddress),
    keys: (ix.accounts ?? []).map((a) => ({
      pubkey: new PublicKey(a.address),
      isSigner: a.role === AccountRole.READONLY_SIGNER || a.role === AccountRole.WRITABLE_SIGNER,
      isWritable: a.role === AccountRole.WRITABLE || a.role === AccountRole.WRITABLE_SIGNER,
    })),
    data: Buffer.from(ix.data ?? new Uint8Array()),
  });
}

/** What a member needs to put a `propose_params` of `pool` to its multisig. */
export interface SquadsProposal {
  /** The vault (index `vaultIndex` of the multisig): the pool's authority. */
  vault: Address;
  /** The bulkhead instruction the vault will sign. */
  inner: Instruction;
  /** `vaultTransactionCreate`, `proposalCreate` and `proposalApprove` (the member's own vote). */
  instructions: TransactionInstruction[];
}

/**
 * Wraps `propose_params(config, custodian)` of `pool`, signed by the multisig's vault, as the
 * multisig's next transaction (`transactionIndex` = its `transactionIndex` + 1). `blockhash` is
 * only recorded in the wrapped message (Squads ignores it when it executes).
 */
export async function squadsProposeParams(input: {
  multisigPda: Address;
  member: Address;
  pool: Address;
  config: RiskConfigArgs;
  custodian: Address;
  transactionIndex: bigint;
  vaultIndex?: number;
  blockhash?: string;
}): Promise<SquadsProposal> {
  const multisigPda = new PublicKey(input.multisigPda);
  const member = new PublicKey(input.member);
  const vaultIndex = input.vaultIndex ?? 0;
  const [vaultKey] = multisig.getVaultPda({ multisigPda, index: vaultIndex });
  const vault = address(vaultKey.toBase58());
  const inner = await getProposeParamsInstructionAsync({
    authority: createNoopSigner(vault),
    pool: input.pool,
    config: input.config,
    custodian: input.custodian,
  });
  const transactionMessage = new TransactionMessage({
    payerKey: vaultKey,
    recentBlockhash: input.blockhash ?? PublicKey.default.toBase58(),
    instructions: [toWeb3(inner)],
  });
  const { transactionIndex } = input;
  return {
    vault,
    inner,
    instructions: [
      multisig.instructions.vaultTransactionCreate({
        multisigPda,
        transactionIndex,
        creator: member,
        vaultIndex,
        ephemeralSigners: 0,
        transactionMessage,
      }),
      multisig.instructions.proposalCreate({ multisigPda, transactionIndex, creator: member }),
      multisig.instructions.proposalApprove({ multisigPda, transactionIndex, member }),
    ],
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [multisigPda, pool, member] = process.argv.slice(2).map((a) => address(a));
  if (!multisigPda || !pool || !member) throw new Error("usage: squads.ts <multisig> <pool> <member>");
  const proposal = await squadsProposeParams({
    multisigPda,
    member,
    pool,
    config: { ...DEFAULT_RISK_CONFIG, maxOpenInterest: DEFAULT_RISK_CONFIG.maxOpenInterest / 2n },
    custodian: address("11111111111111111111111111111111"),
    transactionIndex: 1n,
  });
  console.log(`vault (the pool's authority): ${proposal.vault}`);
  for (const ix of proposal.instructions) {
    console.log(`${ix.programId.toBase58()} ${ix.keys.length} accounts, ${ix.data.length} bytes`);
  }
}

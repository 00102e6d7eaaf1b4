/** Associated token accounts (SPL Token): an owner's account of a mint, and its idempotent create. */
import type { Address, Instruction, TransactionSigner } from "@solana/kit";
import {
  TOKEN_PROGRAM_ADDRESS,
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
} from "@solana-program/token";

/** `owner`'s associated token account address for `mint`. */
export async function ataOf(owner: Address, mint: Address): Promise<Address> {
  return (await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0];
}

/** `owner`'s associated token account of `mint`, and the instruction that creates it if missing (`payer` pays). */
export async function associatedTokenAccount(
  payer: TransactionSigner,
  owner: Address,
  mint: Address,
): Promise<{ account: Address; create: Instruction }> {
  const account = await ataOf(owner, mint);
  return { account, create: getCreateAssociatedTokenIdempotentInstruction({ payer, owner, mint, ata: account }) };
}

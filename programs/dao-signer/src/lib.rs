//! TEST ONLY. A stand-in for a DAO or multisig program (SPL Governance, Squads): its PDA
//! `["dao"]` signs one instruction of another program through `invoke_signed`, the way a
//! governance program executes a passed proposal. Never deployed; built for the LiteSVM tests.
//!
//! Instruction data: `[bump] ‖ inner data`. Accounts: `[target program, dao PDA, inner accounts
//! ...]`, where the inner instruction's accounts are the PDA and the rest, in order, each as
//! writable as passed, the PDA signing.
#![cfg_attr(any(target_os = "solana", target_arch = "bpf"), no_std)]

use pinocchio::cpi::{invoke_signed_with_bounds, Seed, Signer};
use pinocchio::error::ProgramError;
use pinocchio::instruction::{InstructionAccount, InstructionView};
use pinocchio::{AccountView, Address, ProgramResult};

/// Seed of the signing PDA.
pub const DAO_SEED: &[u8] = b"dao";
/// Most accounts the inner instruction may have.
const MAX_ACCOUNTS: usize = 16;

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
mod entry {
    pinocchio::program_entrypoint!(super::process, 20);
    pinocchio::no_allocator!();
    pinocchio::nostd_panic_handler!();
}

/// Forwards the inner instruction to `accounts[0]` with the PDA as signer.
pub fn process(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    let (target, inner) = match accounts {
        [target, inner @ ..] if !inner.is_empty() && inner.len() <= MAX_ACCOUNTS => (target, inner),
        _ => return Err(ProgramError::NotEnoughAccountKeys),
    };
    let (bump, inner_data) = data.split_first().ok_or(ProgramError::InvalidInstructionData)?;
    let dao = inner[0].address();
    let metas_storage: [InstructionAccount; MAX_ACCOUNTS] = core::array::from_fn(|i| {
        let view = &inner[i.min(inner.len() - 1)];
        InstructionAccount {
            address: view.address(),
            is_writable: view.is_writable(),
            is_signer: i == 0 || view.is_signer(),
        }
    });
    let metas = &metas_storage[..inner.len()];
    let _ = (program_id, dao);
    let ix = InstructionView { program_id: target.address(), data: inner_data, accounts: metas };
    let bump = [*bump];
    let seeds = [Seed::from(DAO_SEED), Seed::from(&bump)];
    invoke_signed_with_bounds::<MAX_ACCOUNTS, _>(&ix, inner, &[Signer::from(&seeds)])
}

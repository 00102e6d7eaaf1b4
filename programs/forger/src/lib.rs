//! TEST ONLY. A hostile program sharing transactions with bulkhead, for the audit tests
//! (`tests/tests/audit.rs`): it tries every way another program has to put a fake bulkhead event
//! where a verifier might read one, or to push a real one out of sight. Never deployed.
//!
//! Instruction data: `[mode] ‖ payload`.
//! - `MODE_LOG`: logs `payload` as `Program data:` (what the log-reading verifier believed).
//! - `MODE_SELF_CPI`: invokes itself with `payload` (an inner instruction of this program, shaped
//!   like a bulkhead event). Accounts: `[this program]`.
//! - `MODE_INVOKE`: invokes `accounts[0]` (bulkhead) with `payload` and the remaining accounts,
//!   none signing: what bulkhead's dispatcher must refuse for an event tag.
//! - `MODE_FILL`: logs `payload[0..4]` (u32 LE) lines of 100 bytes, to push later log lines past
//!   the runtime's 10,000-byte log limit.
//!
//! Invoked with data that starts with anything else (its own self-CPI), it does nothing.
#![cfg_attr(any(target_os = "solana", target_arch = "bpf"), no_std)]

use pinocchio::cpi::invoke_with_bounds;
use pinocchio::error::ProgramError;
use pinocchio::instruction::{InstructionAccount, InstructionView};
use pinocchio::{AccountView, Address, ProgramResult};

/// Logs the payload as `Program data:`.
pub const MODE_LOG: u8 = 0;
/// Invokes this program with the payload.
pub const MODE_SELF_CPI: u8 = 1;
/// Invokes `accounts[0]` with the payload, no account signing.
pub const MODE_INVOKE: u8 = 2;
/// Logs filler lines.
pub const MODE_FILL: u8 = 3;
/// Most accounts an invoked instruction may have.
const MAX_ACCOUNTS: usize = 8;

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
mod entry {
    pinocchio::program_entrypoint!(super::process, 10);
    pinocchio::no_allocator!();
    pinocchio::nostd_panic_handler!();
}

/// Carries out one mode (see the crate docs).
pub fn process(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    let Some((mode, payload)) = data.split_first() else { return Ok(()) };
    match *mode {
        MODE_LOG => log_data(payload),
        MODE_SELF_CPI => {
            let ix = InstructionView { program_id, data: payload, accounts: &[] };
            invoke_with_bounds::<MAX_ACCOUNTS, AccountView>(&ix, &[])
        }
        MODE_INVOKE => {
            let (target, rest) = accounts.split_first().ok_or(ProgramError::NotEnoughAccountKeys)?;
            if rest.len() > MAX_ACCOUNTS {
                return Err(ProgramError::NotEnoughAccountKeys);
            }
            let metas: [InstructionAccount; MAX_ACCOUNTS] = core::array::from_fn(|i| {
                let view = &rest[i.min(rest.len().saturating_sub(1))];
                InstructionAccount { address: view.address(), is_writable: false, is_signer: false }
            });
            let ix = InstructionView {
                program_id: target.address(),
                data: payload,
                accounts: &metas[..rest.len()],
            };
            invoke_with_bounds::<MAX_ACCOUNTS, _>(&ix, rest)
        }
        MODE_FILL => {
            let count = payload.get(..4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            for _ in 0..count {
                log(&[b'x'; 100]);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn log_data(payload: &[u8]) -> ProgramResult {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    // SAFETY: one valid slice; the syscall only reads it.
    unsafe {
        let slices = [payload];
        pinocchio::syscalls::sol_log_data(slices.as_ptr() as *const u8, 1)
    };
    let _ = payload;
    Ok(())
}

fn log(line: &[u8]) {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    // SAFETY: a valid byte slice; the syscall only reads it.
    unsafe {
        pinocchio::syscalls::sol_log_(line.as_ptr(), line.len() as u64)
    };
    let _ = line;
}

//! The pool's last solvency attestation, kept in an account so that custodians and auditors read
//! it without parsing logs.

use anchor_lang::prelude::*;

/// What the last `attest_solvency` found. PDA `["attestation", pool]`, created with the pool and
/// rewritten by every attestation.
#[account]
pub struct Attestation {
    /// Layout version ([`super::CURRENT_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// 1 when the vault was short and the pool turned (or stayed) reduce-only, else 0.
    pub reduce_only: u8,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding0: [u8; 5],
    /// The pool attested.
    pub pool: Address,
    /// Slot of the attestation (0 before the first).
    pub slot: u64,
    /// Unix time (seconds) of the attestation.
    pub unix_time: i64,
    /// The vault's SPL balance then (collateral units).
    pub vault_balance: u64,
    /// The book's total then (collateral units).
    pub book_total: u64,
    /// The pool's sequence after the attestation's own event.
    pub sequence: u64,
    /// The pool's running event hash after the attestation's own event.
    pub state_hash: [u8; 32],
    /// Reserved for later fields without a migration; always zero.
    pub _reserved: [u8; 32],
}

/// Serialized size including the 8-byte discriminator (bytes).
pub const ATTESTATION_SIZE: usize = super::account_size::<Attestation>();
const _: () = assert!(ATTESTATION_SIZE == 152);

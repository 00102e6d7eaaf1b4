//! The account checks instructions repeat, named once. Each is used as an Anchor `constraint`
//! with its own error, so a substituted account is refused before any handler runs:
//!
//! | check | error |
//! |---|---|
//! | [`of_pool`]: a margin, LP or attestation account's `pool` field is the pool passed | `WrongPool` |
//! | [`owned_by`]: its `owner` field is the signer | `WrongOwner` |
//!
//! The pool's own accounts are checked by address against the pool's fields
//! (`address = pool.risk_params @ WrongRiskParams`, `pool.vault @ WrongVault`,
//! `pool.vault_authority @ WrongVaultAuthority`, `pool.lp_mint @ WrongLpMint`,
//! `pool.lp_escrow @ WrongLpEscrow`), each with its own error.

use anchor_lang::prelude::*;

/// Whether an account whose `pool` field is `account_pool` belongs to the pool at `pool`.
#[inline(always)]
pub fn of_pool(account_pool: &Address, pool: &Address) -> bool {
    account_pool == pool
}

/// Whether an account whose `owner` field is `account_owner` is the signer `signer`'s.
#[inline(always)]
pub fn owned_by(account_owner: &Address, signer: &Address) -> bool {
    account_owner == signer
}

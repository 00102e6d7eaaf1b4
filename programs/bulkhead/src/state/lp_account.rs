//! An LP's account in one pool: where its pending deposit or withdrawal is recorded.

use super::Request;
use anchor_lang::prelude::*;

/// One LP's request record in one pool. PDA `["lp", pool, owner]`, created by the LP's first
/// request. LP shares themselves are SPL tokens in the LP's wallet; a withdrawal request moves them
/// into the pool's LP escrow, so the withdrawal delay binds the shares, not the wallet.
#[account]
pub struct LpAccount {
    /// Layout version ([`super::CURRENT_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding0: [u8; 6],
    /// The pool.
    pub pool: Address,
    /// The LP's wallet, which signs its requests and receives what they pay out.
    pub owner: Address,
    /// The pending deposit or withdrawal, if any.
    pub request: Request,
    /// Reserved for later fields without a migration; always zero.
    pub _reserved: [u8; 32],
}

/// Serialized size including the 8-byte discriminator (bytes).
pub const LP_ACCOUNT_SIZE: usize = super::account_size::<LpAccount>();
const _: () = assert!(LP_ACCOUNT_SIZE == 176);

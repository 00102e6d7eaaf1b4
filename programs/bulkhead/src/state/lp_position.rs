//! An LP's cooldown record in one pool.

use anchor_lang::prelude::*;

/// When an LP last added liquidity to a pool. PDA `["lp", pool, owner]`, created by the first
/// `add_liquidity`. `remove_liquidity` needs it and waits `lp_cooldown_secs` after `last_add_ts`, so
/// liquidity cannot be added just before a known loss or gain and pulled right after.
#[account]
pub struct LpPosition {
    /// Layout version ([`super::CURRENT_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding0: [u8; 6],
    /// Unix timestamp (seconds) of the owner's last `add_liquidity` in this pool.
    pub last_add_ts: i64,
    /// The pool.
    pub pool: Address,
    /// The LP's wallet.
    pub owner: Address,
    /// Reserved for later fields without a migration; always zero.
    pub _reserved: [u8; 32],
}

/// Serialized size including the 8-byte discriminator (bytes).
pub const LP_POSITION_SIZE: usize = super::account_size::<LpPosition>();
const _: () = assert!(LP_POSITION_SIZE == 120);

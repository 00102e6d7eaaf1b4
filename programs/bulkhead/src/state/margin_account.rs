//! A trader's margin account in one pool.

use anchor_lang::prelude::*;

/// One owner's collateral (and, later, position) in one pool. PDA `["margin", pool, owner]`.
#[account]
pub struct MarginAccount {
    /// Layout version ([`super::CURRENT_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding0: [u8; 6],
    /// Collateral credited to this account (collateral units, the mint's smallest unit).
    pub collateral: u64,
    /// Unix timestamp (seconds) the account was opened.
    pub opened_at: i64,
    /// The pool this account belongs to.
    pub pool: Address,
    /// The wallet that owns the account and signs for it.
    pub owner: Address,
    /// Position in the pool's product (base lots; > 0 long, < 0 short).
    pub base_position: i64,
    /// Cost basis of the position (collateral units): what opening it paid (long) or received
    /// (short) at execution prices. Zero when flat.
    pub entry_notional: u64,
    /// The pool's cumulative borrow index when this account last settled funding (collateral units
    /// per base lot, scaled by `PRICE_PRECISION`).
    pub borrow_index_snapshot: u64,
    /// Sum of this account's realized PnL, fees and funding (collateral units; statistics only).
    pub realized_pnl: i64,
    /// Reserved for later fields without a migration; always zero.
    pub _reserved: [u8; 64],
}

/// Serialized size including the 8-byte discriminator (bytes).
pub const MARGIN_ACCOUNT_SIZE: usize = super::account_size::<MarginAccount>();
const _: () = assert!(MARGIN_ACCOUNT_SIZE == 192 && MARGIN_ACCOUNT_SIZE <= 256);

//! Events of a pool's accounts: the pool itself, margin accounts and LP accounts.

use crate::state::{PoolBook, PoolRoles, RiskConfig};
use anchor_lang::prelude::*;

/// A pool was created.
#[event(bytemuck)]
pub struct PoolCreated {
    /// The new pool.
    pub pool: Address,
    /// Pool sequence number after this change (1 for creation).
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// Creator-chosen id (PDA seed).
    pub pool_id: u64,
    /// The authority, guardian, custodian and sponsor (fixed at creation; the first three change
    /// through governance).
    pub roles: PoolRoles,
    /// Collateral mint, fixed for the pool's life.
    pub collateral_mint: Address,
    /// Pyth feed id, fixed for the pool's life.
    pub oracle_feed_id: [u8; 32],
    /// The pool's vault.
    pub vault: Address,
    /// The pool's LP-share mint.
    pub lp_mint: Address,
    /// The pool's LP escrow (shares of pending withdrawals).
    pub lp_escrow: Address,
    /// Lots per unit of the underlying, as a power of ten.
    pub base_decimals: i64,
    /// The feed's price at creation (collateral units per lot x 1e9).
    pub price: u64,
    /// The pool's risk parameters.
    pub params: RiskConfig,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// A margin account was opened.
#[event(bytemuck)]
pub struct MarginAccountOpened {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The new margin account.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// An empty margin account was closed and its rent returned to its owner.
#[event(bytemuck)]
pub struct MarginAccountClosed {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The closed margin account.
    pub margin_account: Address,
    /// Its owner, who received the rent.
    pub owner: Address,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// An LP account was opened.
#[event(bytemuck)]
pub struct LpAccountOpened {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The new LP account.
    pub lp_account: Address,
    /// Its owner.
    pub owner: Address,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// An LP account with no pending request was closed and its rent returned to its owner.
#[event(bytemuck)]
pub struct LpAccountClosed {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The closed LP account.
    pub lp_account: Address,
    /// Its owner, who received the rent.
    pub owner: Address,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

//! Events. Every state change emits one, carrying the pool, the pool's new sequence number and the
//! post-change book, so an auditor can rebuild each pool's history from logs alone and spot gaps.
//!
//! Events are `bytemuck` (fixed `repr(C)` layout, no padding), which is byte-identical to their
//! Borsh encoding: any Anchor or Codama client decodes them as usual.

use crate::state::{MarketState, PoolBook};
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
    /// Initial authority.
    pub authority: Address,
    /// Collateral mint, fixed for the pool's life.
    pub collateral_mint: Address,
    /// Pyth feed id, fixed for the pool's life.
    pub oracle_feed_id: [u8; 32],
    /// The pool's vault.
    pub vault: Address,
    /// The pool's LP-share mint.
    pub lp_mint: Address,
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
}

/// Collateral moved between a user's token account and the pool's vault.
#[event(bytemuck)]
pub struct CollateralMoved {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The margin account credited or debited.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// The user's token account on the other side of the transfer.
    pub user_token_account: Address,
    /// Amount moved (collateral units).
    pub amount: u64,
    /// The margin account's collateral after this change (collateral units).
    pub account_collateral: u64,
    /// 0 = deposit into the pool, 1 = withdrawal out of it.
    pub direction: u64,
}

/// `CollateralMoved::direction` of a deposit; `LiquidityMoved::direction` of an add.
pub const DIRECTION_DEPOSIT: u64 = 0;
/// `CollateralMoved::direction` of a withdrawal; `LiquidityMoved::direction` of a removal.
pub const DIRECTION_WITHDRAW: u64 = 1;

/// The vault's real SPL balance was compared with the book. Not a state change: `sequence` is the
/// pool's current one, unchanged.
#[event(bytemuck)]
pub struct SolvencyAttested {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number (unchanged by an attestation).
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// Sum of the book (collateral units).
    pub book_total: u64,
    /// The vault's SPL token balance (collateral units).
    pub vault_balance: u64,
    /// vault_balance - book_total: donations and not-yet-booked tokens (collateral units).
    pub surplus: u64,
}

/// A trade filled against the pool at the oracle price (plus any skew spread).
#[event(bytemuck)]
pub struct TradeExecuted {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The pool's market after this change (open interest, cost bases, funding).
    pub market: MarketState,
    /// The trader's margin account.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// Lots traded (> 0 bought, < 0 sold).
    pub size_delta: i64,
    /// Position after the trade (base lots, signed).
    pub base_position: i64,
    /// Oracle price used (collateral units per lot x 1e9).
    pub oracle_price: u64,
    /// Execution price, spread included (collateral units per lot x 1e9).
    pub execution_price: u64,
    /// PnL realized by the closed part (collateral units, signed).
    pub realized_pnl: i64,
    /// Taker fee collected into LP capital (collateral units).
    pub fee: u64,
    /// Borrow funding settled before the trade (collateral units).
    pub funding: u64,
    /// The account's collateral after the trade (collateral units).
    pub account_collateral: u64,
}

/// Liquidity entered or left the pool's LP capital.
#[event(bytemuck)]
pub struct LiquidityMoved {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The LP's wallet.
    pub owner: Address,
    /// Collateral added or paid out (collateral units).
    pub amount: u64,
    /// LP shares minted or burned.
    pub shares: u64,
    /// NAV used for the conversion (collateral units).
    pub nav: u64,
    /// LP shares outstanding after the change, dead shares included.
    pub share_supply: u64,
    /// 0 = added, 1 = removed (see `DIRECTION_*`).
    pub direction: u64,
}

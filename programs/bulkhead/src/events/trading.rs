//! Events of traders' collateral, requests, executions and settlements.

use crate::state::PoolBook;
use anchor_lang::prelude::*;

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
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// `CollateralMoved::direction` of a deposit; `LiquidityMoved::direction` of an add.
#[constant]
pub const DIRECTION_DEPOSIT: u64 = 0;
/// `CollateralMoved::direction` of a withdrawal; `LiquidityMoved::direction` of a removal.
#[constant]
pub const DIRECTION_WITHDRAW: u64 = 1;

/// A trade was requested; it executes at the first print at or after `target_time`.
#[event(bytemuck)]
pub struct TradeRequested {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The trader's margin account, which holds the request and its tip.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// Lots to trade (> 0 buy, < 0 sell).
    pub size_delta: i64,
    /// Worst all-in fill price (collateral units per lot x 1e9).
    pub worst_price: u64,
    /// 1 when the order may only reduce the position.
    pub reduce_only: u64,
    /// Cluster time of the request (seconds).
    pub request_time: i64,
    /// Time of the pinned print: the request executes at the first print at or after it (seconds).
    pub target_time: i64,
    /// Last second it can execute; after it anyone may expire it (seconds).
    pub deadline: i64,
    /// Execution tip held in the margin account (lamports).
    pub tip_lamports: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// A trade request executed at its pinned print.
#[event(bytemuck)]
pub struct TradeExecuted {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The trader's margin account.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// Who executed it and received the tip.
    pub keeper: Address,
    /// Lots traded (> 0 bought, < 0 sold), after reduce-only clamping.
    pub size_delta: i64,
    /// Position after the trade (lots, signed).
    pub base_position: i64,
    /// publish_time of the pinned print (seconds).
    pub publish_time: i64,
    /// publish_time of a late execution's second print, at the worse of which and the pinned one
    /// it filled (seconds); 0 when it executed within the grace.
    pub late_publish_time: i64,
    /// The price of the newest print it used (collateral units per lot x 1e9).
    pub oracle_price: u64,
    /// Fill price at the adverse band edge, before impact (collateral units per lot x 1e9).
    pub fill_price: u64,
    /// PnL realized by the closed part, after the payoff cap (collateral units, signed).
    pub realized_pnl: i64,
    /// Taker fee collected into LP capital (collateral units).
    pub fee: u64,
    /// Price impact paid into the impact pool (collateral units).
    pub impact_paid: u64,
    /// Price impact rebated from the impact pool (collateral units).
    pub impact_rebate: u64,
    /// Funding and borrow the account owed, settled before the trade (collateral units).
    pub funding_paid: u64,
    /// Funding the account was owed, settled before the trade (collateral units).
    pub funding_received: u64,
    /// LP capital locked for the position's payoff after the trade (collateral units).
    pub locked: u64,
    /// The account's collateral after the trade (collateral units).
    pub account_collateral: u64,
    /// The liquidation reserve moved into the collateral by a close (> 0) or posted from it by an
    /// open (< 0) (collateral units).
    pub reserve_moved: i64,
    /// The tip paid to the keeper (lamports).
    pub tip_lamports: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// `RequestCancelled::kind` and `LiquidityRequested::kind`, as in `state::request`.
pub use crate::state::request::{REQUEST_ADD_LIQUIDITY, REQUEST_REMOVE_LIQUIDITY, REQUEST_TRADE};

/// A request ended without executing: cancelled by its owner before its print, expired after its
/// window, or cancelled by an order check that failed at execution.
#[event(bytemuck)]
pub struct RequestCancelled {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The margin or LP account that held the request.
    pub account: Address,
    /// Its owner, who got back any escrowed collateral or shares.
    pub owner: Address,
    /// Who ended it; the tip went to them (to the pool account when the owner expired its own
    /// request).
    pub caller: Address,
    /// `REQUEST_TRADE`, `REQUEST_ADD_LIQUIDITY` or `REQUEST_REMOVE_LIQUIDITY`.
    pub kind: u64,
    /// 0 = cancelled by the owner, 1 = expired, else the error code of the failed order check.
    pub reason: u64,
    /// The request's tip (lamports).
    pub tip_lamports: u64,
    /// What the expiry cost the owner (`engine::request::expiry_fee`): collateral units for a
    /// trade or an LP deposit, LP shares burned for an LP withdrawal; 0 unless it expired.
    pub expiry_fee: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// An open account's PnL was settled at a fresh print (`settle_pnl`): its funding and borrow,
/// and its unrealized loss up to its collateral into LP capital.
#[event(bytemuck)]
pub struct PnlSettled {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The settled margin account.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// Who settled it.
    pub keeper: Address,
    /// publish_time of the print used (seconds).
    pub publish_time: i64,
    /// The print's mid (collateral units per lot x 1e9), at which the loss was valued.
    pub oracle_price: u64,
    /// Loss realized into LP capital (collateral units; 0 for a winner).
    pub realized_loss: u64,
    /// Funding and borrow the account paid (collateral units, rounded up).
    pub funding_paid: u64,
    /// Funding the account received (collateral units, rounded down).
    pub funding_received: u64,
    /// What the account's funding owed beyond its collateral, through the waterfall (collateral
    /// units).
    pub shortfall: u64,
    /// The account's entry notional after (collateral units).
    pub entry_notional: u64,
    /// Its lock after (collateral units).
    pub locked: u64,
    /// Its collateral after (collateral units).
    pub account_collateral: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// Someone showed the pool a newer print (`refresh_price`): one-step reads now take nothing older,
/// new requests target a time after it, and an owner whose target it reaches can no longer cancel.
#[event(bytemuck)]
pub struct PriceRefreshed {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// Who showed it.
    pub caller: Address,
    /// The print's publish_time, now the pool's newest (seconds).
    pub publish_time: i64,
    /// Its band edge `price - k x conf` (collateral units per lot x 1e9, rounded down).
    pub price_low: u64,
    /// Its band edge `price + k x conf` (collateral units per lot x 1e9, rounded up).
    pub price_high: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

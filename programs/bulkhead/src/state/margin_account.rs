//! A trader's margin account in one pool.

use super::Request;
use anchor_lang::pod::PodU128;
use anchor_lang::prelude::*;

/// One owner's collateral, position and pending trade in one pool. PDA `["margin", pool, owner]`.
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
    /// Position in the pool's product (lots; > 0 long, < 0 short).
    pub base_position: i64,
    /// Cost basis of the position (collateral units): what opening it paid (long) or received
    /// (short) at fill prices. Zero when flat.
    pub entry_notional: u64,
    /// LP capital locked for this position's payoff: its profit cap (collateral units), set when
    /// risk is added (`floor(max_payoff_bps x added entry notional / 10_000)` more) and only ever
    /// released by a reduce (`engine::trade::next_lock`): a cap set at open never grows. Zero when
    /// flat.
    pub locked: u64,
    /// Its side's borrow index when this account last settled (index units: 2^60 = 100%).
    pub borrow_index_snapshot: PodU128,
    /// Its side's funding-paid index when this account last settled (index units: 2^60 = 100%).
    pub funding_paid_snapshot: PodU128,
    /// Its side's funding-received index when this account last settled (index units: 2^60 = 100%).
    pub funding_received_snapshot: PodU128,
    /// Sum of this account's realized PnL, fees, impact and funding (collateral units; statistics
    /// only, saturating).
    pub realized_pnl: i64,
    /// The pending trade, if any.
    pub request: Request,
    /// This position's term of its side's entry second moment, `ceil(entry_notional^2 / |lots|)`
    /// as it joined the side (collateral units squared per lot; `math::nav::square_term`): kept so
    /// that leaving the side subtracts exactly what joining added, without a division. Zero when
    /// flat.
    pub entry_square: PodU128,
    /// What this position set aside from its collateral when it opened, for its own liquidation
    /// (collateral units; `RiskConfig::liquidation_reserve` then): not collateral, so it backs no
    /// margin and no loss; a close returns it, a liquidation pays it to the liquidator. Zero when
    /// flat.
    pub liquidation_reserve: u64,
    /// Funding this account was owed that free LP capital could not pay when it settled
    /// (collateral units): a claim, paid first at its next settlements from capital no one else
    /// may take (`engine::funding::settle`), never forfeited; the account cannot close while it is
    /// owed. Counted in the pool's `MarketState::unpaid_funding`.
    pub funding_claim: u64,
}

/// Serialized size including the 8-byte discriminator (bytes).
pub const MARGIN_ACCOUNT_SIZE: usize = super::account_size::<MarginAccount>();
const _: () = assert!(MARGIN_ACCOUNT_SIZE == 272 && MARGIN_ACCOUNT_SIZE <= 272);

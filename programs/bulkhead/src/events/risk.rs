//! Events of the pool's loss-bearing capital: liquidations, the waterfall, insurance, the
//! sponsor's tranche, and solvency attestations.

use crate::state::{LossBook, PoolBook};
use anchor_lang::prelude::*;

/// An account below maintenance margin was liquidated (part or all of its position closed).
#[event(bytemuck)]
pub struct Liquidated {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The liquidated margin account.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// Who liquidated it.
    pub liquidator: Address,
    /// The token account that received the liquidator's reward.
    pub reward_token_account: Address,
    /// Lots traded to close (> 0 bought back a short, < 0 sold a long).
    pub size_delta: i64,
    /// The position after (lots).
    pub base_position: i64,
    /// publish_time of the print used (seconds).
    pub publish_time: i64,
    /// The print's mid (collateral units per lot x 1e9), at which health was valued.
    pub oracle_price: u64,
    /// The closing fill price, the band edge (same units).
    pub fill_price: u64,
    /// Equity before, at the mid (collateral units; 0 when negative).
    pub equity_before: u64,
    /// PnL realized by the close, after the payoff cap (collateral units).
    pub realized_pnl: i64,
    /// Taker fee collected into LP capital (collateral units).
    pub fee: u64,
    /// Impact paid into the impact pool (collateral units).
    pub impact_paid: u64,
    /// Impact rebated from the impact pool (collateral units).
    pub impact_rebate: u64,
    /// Penalty taken from the account (collateral units).
    pub penalty: u64,
    /// What the liquidator was paid, transferred out of the vault (collateral units): its share
    /// of the penalty plus `reserve_paid`.
    pub liquidator_reward: u64,
    /// Of the reward, what came from the position's liquidation reserve (collateral units): all of
    /// it when the position was closed, else only what the share fell short of it.
    pub reserve_paid: u64,
    /// The insurance fund's share of it (collateral units), first paying back unrecovered LP
    /// losses.
    pub insurance_share: u64,
    /// Loss beyond the account's collateral, covered by the waterfall (collateral units).
    pub shortfall: u64,
    /// Funding and borrow settled before the liquidation, owed and received (collateral units).
    pub funding_paid: u64,
    /// See `funding_paid`.
    pub funding_received: u64,
    /// The account's collateral after (collateral units).
    pub account_collateral: u64,
    /// Tip of the pending request this liquidation cancelled, paid to the liquidator (lamports).
    pub cancelled_tip_lamports: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// A shortfall (a loss beyond an account's collateral) was covered by the waterfall.
#[event(bytemuck)]
pub struct ShortfallCovered {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The pool's loss totals after this change (collateral units).
    pub losses: LossBook,
    /// The margin account whose loss it was.
    pub margin_account: Address,
    /// The shortfall (collateral units).
    pub shortfall: u64,
    /// Paid by the sponsor's first-loss tranche (collateral units).
    pub sponsor: u64,
    /// Paid by the insurance fund (collateral units).
    pub insurance: u64,
    /// Written off LP capital (collateral units).
    pub lp: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// Someone added to the pool's insurance fund.
#[event(bytemuck)]
pub struct InsuranceFunded {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The pool's loss totals after this change (collateral units).
    pub losses: LossBook,
    /// Who paid.
    pub funder: Address,
    /// Amount paid in (collateral units).
    pub amount: u64,
    /// Of it, what paid LPs back an unrecovered shortfall (collateral units).
    pub recovered: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// The sponsor's first-loss tranche changed: a deposit, an unbonding request, or a withdrawal.
#[event(bytemuck)]
pub struct SponsorCapitalMoved {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The sponsor.
    pub sponsor: Address,
    /// `SPONSOR_DEPOSIT`, `SPONSOR_UNBOND` or `SPONSOR_WITHDRAW`.
    pub action: u64,
    /// Amount deposited, asked to unbond, or withdrawn (collateral units).
    pub amount: u64,
    /// Capital asked to unbond after this change (collateral units).
    pub unbonding: u64,
    /// When the unbonding capital becomes withdrawable (unix seconds; 0 when none).
    pub unbonding_ready_at: i64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// `SponsorCapitalMoved::action` of a deposit.
#[constant]
pub const SPONSOR_DEPOSIT: u64 = 0;
/// `SponsorCapitalMoved::action` of an unbonding request.
#[constant]
pub const SPONSOR_UNBOND: u64 = 1;
/// `SponsorCapitalMoved::action` of a withdrawal.
#[constant]
pub const SPONSOR_WITHDRAW: u64 = 2;

/// The vault's real SPL balance was compared with the book. Like every event it advances the
/// pool's sequence and hash chain, whether or not it changed the reduce-only flag.
#[event(bytemuck)]
pub struct SolvencyAttested {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this attestation.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// Sum of the book (collateral units).
    pub book_total: u64,
    /// The vault's SPL token balance (collateral units).
    pub vault_balance: u64,
    /// vault_balance - book_total when the vault covers the book: donations and not-yet-booked
    /// tokens (collateral units); 0 otherwise.
    pub surplus: u64,
    /// book_total - vault_balance when the vault is short (collateral units); 0 otherwise.
    pub deficit: u64,
    /// 1 when the pool is reduce-only after this attestation (the vault is short), else 0.
    pub reduce_only: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

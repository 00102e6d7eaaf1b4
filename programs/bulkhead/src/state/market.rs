//! The pool's perpetual market, against which every position trades. Aggregates are kept so the LP
//! NAV (which includes traders' unrealized PnL and unsettled funding) costs O(1), whatever the
//! number of accounts.

use anchor_lang::prelude::*;

/// Open interest, cost bases and funding of one pool's product.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct MarketState {
    /// Sum of all long positions (base lots).
    pub open_interest_long: u64,
    /// Sum of all short positions, as a positive number (base lots).
    pub open_interest_short: u64,
    /// Sum of the longs' cost bases (collateral units).
    pub entry_notional_long: u64,
    /// Sum of the shorts' cost bases (collateral units).
    pub entry_notional_short: u64,
    /// Cumulative borrow owed per base lot since creation (collateral units per lot, scaled by
    /// `PRICE_PRECISION`); grows with price * rate * time on every touch.
    pub borrow_index: u64,
    /// Borrow accrued by open positions and not yet settled into the book (collateral units); part
    /// of the LP NAV. Rounded down at accrual, while each account's share is rounded up.
    pub funding_receivable: u64,
    /// Unix timestamp (seconds) the borrow index was last accrued.
    pub last_funding_ts: i64,
    /// Newest oracle publish_time this pool has used (seconds); prices may never go backwards.
    pub last_oracle_publish_time: i64,
    /// Losses traders could not pay (collateral units), recorded for the default waterfall.
    pub bad_debt: u64,
    /// LP shares counted as outstanding but never minted (first-deposit guard).
    pub dead_lp_shares: u64,
}

const _: () = assert!(core::mem::size_of::<MarketState>() == 80);

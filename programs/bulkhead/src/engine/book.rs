//! Moves between an account's collateral and the pool's other book entries. Each keeps
//! `book.trader_collateral == Σ (margin.collateral + margin.liquidation_reserve)`; the caller
//! credits or debits the other side.

use crate::math::{checked, BPS_DENOMINATOR};
use crate::state::{MarginAccount, PoolBook};

/// Takes up to `amount` from the account's collateral (and the book's trader collateral); returns
/// what was taken, which the caller credits to another book entry.
pub fn take(book: &mut PoolBook, margin: &mut MarginAccount, amount: u64) -> u64 {
    let taken = amount.min(margin.collateral);
    margin.collateral -= taken;
    book.trader_collateral -= taken; // trader_collateral >= this account's collateral
    taken
}

/// Credits `amount` to the account's collateral (and the book's trader collateral); the caller
/// has debited another book entry by as much.
pub fn credit(book: &mut PoolBook, margin: &mut MarginAccount, amount: u64) {
    margin.collateral = margin.collateral.saturating_add(amount);
    book.trader_collateral = book.trader_collateral.saturating_add(amount);
}

/// Takes up to `amount` from the account into LP capital; what it cannot pay is added to
/// `shortfall`. Returns what was taken.
pub fn collect(book: &mut PoolBook, margin: &mut MarginAccount, amount: u64, shortfall: &mut u64) -> u64 {
    let taken = take(book, margin, amount);
    book.lp_capital = book.lp_capital.saturating_add(taken);
    *shortfall = shortfall.saturating_add(amount - taken);
    taken
}

/// Charges a trade request's expiry fee (`engine::request::expiry_fee`) to the account, as a taker
/// fee: up to its collateral into LP capital, less the protocol's `share_bps`. Returns what it took.
#[inline(never)]
pub fn charge_fee(book: &mut PoolBook, margin: &mut MarginAccount, fee: u64, share_bps: u32) -> u64 {
    let taken = collect(book, margin, fee, &mut 0);
    protocol_cut(book, taken, share_bps);
    record_pnl(margin, taken, false);
    taken
}

/// Adds `amount` (collateral units; a gain or a cost) to the account's statistics, saturating.
pub fn record_pnl(margin: &mut MarginAccount, amount: u64, gain: bool) {
    let amount = i64::try_from(amount).unwrap_or(i64::MAX);
    margin.realized_pnl = if gain {
        margin.realized_pnl.saturating_add(amount)
    } else {
        margin.realized_pnl.saturating_sub(amount)
    };
}

/// Moves the protocol's share of a fee that was just credited to LP capital: `floor(fee x
/// share_bps / 1e4)` (rounded toward the LPs) from `lp_capital` to `protocol_fees`. Returns it.
/// The caller credited at least `fee` to LP capital in the same step, so LP capital never falls
/// below what it was before the fee.
pub fn protocol_cut(book: &mut PoolBook, fee: u64, share_bps: u32) -> u64 {
    let cut = checked::mul_div_saturating(fee, u64::from(share_bps), BPS_DENOMINATOR, false).min(fee);
    let cut = cut.min(book.lp_capital);
    book.lp_capital -= cut;
    book.protocol_fees = book.protocol_fees.saturating_add(cut);
    cut
}

//! The liquidation reserve: what a position sets aside from its collateral when it opens, so that
//! its own liquidation always pays the liquidator a floor, bankrupt and small accounts included.
//!
//! Who pays: the position itself, in advance. The reserve is not collateral: it backs no margin
//! and no loss reaches it while the position is open, so it is there whatever the account's
//! equity when it is liquidated. A close returns it to the collateral (before the close's loss is
//! collected, so there it pays its owner's loss); a liquidation pays it to the liquidator
//! (`engine::liquidation`).
//! A liquidator who is the owner's second wallet gets back only the owner's own reserve.
//! Book: the reserve stays in `PoolBook::trader_collateral`, which is `Σ (collateral +
//! liquidation_reserve)` over the margin accounts: posting and returning it move nothing on the
//! pool's book, and no event's book grows for it.

use crate::errors::BulkheadError;
use crate::state::{MarginAccount, PoolBook};
use anchor_lang::prelude::*;

/// Posts `amount` (collateral units, `RiskConfig::liquidation_reserve`) from the account's
/// collateral to its reserve, all or nothing (`InitialMarginViolated`: an open needs it on top of
/// its margin). Returns it.
pub fn post(margin: &mut MarginAccount, amount: u64) -> Result<u64> {
    require!(margin.collateral >= amount, BulkheadError::InitialMarginViolated);
    margin.collateral -= amount;
    margin.liquidation_reserve = margin.liquidation_reserve.saturating_add(amount);
    Ok(amount)
}

/// Removes the account's whole reserve from it and from the book's trader collateral and returns
/// it (collateral units); the caller credits it to the collateral (`book::credit`, a close), pays
/// it out (a liquidation) or posts what is left again ([`repost`]).
pub fn release(book: &mut PoolBook, margin: &mut MarginAccount) -> u64 {
    let amount = margin.liquidation_reserve;
    book.trader_collateral -= amount; // trader collateral counts every account's reserve
    margin.liquidation_reserve = 0;
    amount
}

/// Gives back to the account, as its reserve, `amount` that [`release`] removed.
pub fn repost(book: &mut PoolBook, margin: &mut MarginAccount, amount: u64) {
    book.trader_collateral = book.trader_collateral.saturating_add(amount);
    margin.liquidation_reserve = margin.liquidation_reserve.saturating_add(amount);
}

//! Settling an open account's unrealized loss into LP capital at a fresh print (`settle_pnl`,
//! Drift's model), so that the redeem NAV, which counts no loser's loss, is not paid for by LPs
//! who leave.
//!
//! ## The rule (one account, after its funding and borrow are settled; `p` the print's mid)
//! The loss at `p` is `EN - floor(|b| p / 1e9)` for a long and `ceil(|b| p / 1e9) - EN` for a
//! short (rounded for the pool, like a close's); `R = min(loss, collateral)` of it is realized:
//! - collateral `-R`, LP capital `+R` (`engine::book::collect`, no shortfall: `R <= collateral`;
//!   for a short also `R <= MAX_BOOK_TOTAL - EN_short`, so its side's notional stays in range);
//! - the entry notional moves to the mark by `R`: `EN - R` for a long, `EN + R` for a short;
//! - the lock grows by `R`: `L + R`.
//!
//! So nothing the account can ever be paid changes: its equity `C + min(x, L)` is the same before
//! and after (`C - R + min(x + R, L + R)`), its payoff relative to the old entry is capped at the
//! same `L`, and its future PnL is measured from the new entry. Free LP capital is unchanged
//! (`C + R` against `K + R`), so settling creates no withdrawal or utilisation room. Exact: no
//! amount is rounded, whatever the print, so whoever chooses the print among the fresh ones moves
//! no value by it, only how much of the loss is realized now. A winner (no loss at `p`) realizes
//! nothing; its funding and borrow still settle.
//!
//! What it changes, and who can use it: the entry notional is the base of funding (whose rate and
//! direction come from the lots, which it does not move), so a loser's funding base moves to its
//! current notional, as a close and reopen at `p` would make it, without their fees; the lock is
//! the base of borrow, so it pays borrow on `R` more while its side pays borrow (the lighter side
//! pays none). Utilisation goes from `K / C` to
//! `(K + R) / (C + R)`: the pool's borrow rate rises with it and an LP withdrawal's room under the
//! utilisation ceiling shrinks by `R (1 / u_max - 1)` (`docs/design.md` gives the sizes; keeping
//! the settled amount out of both needs a field `MarginAccount` has no room for yet).

use super::{book, trade};
use crate::errors::BulkheadError;
use crate::math::price::Price;
use crate::math::{checked, position};
use crate::state::book::MAX_BOOK_TOTAL;
use crate::state::{MarginAccount, Pool};
use anchor_lang::prelude::*;

/// Realizes the account's loss at `price.mid` up to its collateral (see the module docs); returns
/// what it realized (collateral units, 0 for a winner). `NothingToSettle` for a flat account. The
/// caller accrued the pool and settled the account's funding (`engine::run::with_account`).
pub fn settle_pnl(pool: &mut Pool, margin: &mut MarginAccount, price: &Price) -> Result<u64> {
    let base = margin.base_position;
    require!(base != 0, BulkheadError::NothingToSettle);
    let (long, lots) = (base > 0, base.unsigned_abs());
    let (entry, lock) = (margin.entry_notional, margin.locked);
    let value = position::notional(lots, price.mid, !long).unwrap_or(u64::MAX); // saturates: no loss for a long
    let loss = if long { entry.saturating_sub(value) } else { value.saturating_sub(entry) };
    // A short's entry notional grows by what it realizes: its side stays below MAX_BOOK_TOTAL,
    // like any risk-increasing fill leaves it.
    let room = if long { u64::MAX } else { MAX_BOOK_TOTAL.saturating_sub(pool.market.short.entry_notional) };
    let realized = loss.min(margin.collateral).min(room);
    if realized == 0 {
        return Ok(0);
    }
    let moved = if long { entry - realized } else { checked::add(entry, realized)? }; // realized <= loss <= entry (long)
    let locked = checked::add(lock, realized)?;
    let side = pool.market.side_mut(long);
    trade::leave(side, margin);
    (margin.entry_notional, margin.locked) = (moved, locked);
    trade::join(side, margin)?;
    book::collect(&mut pool.book, margin, realized, &mut 0); // realized <= collateral: no shortfall
    book::record_pnl(margin, realized, false);
    Ok(realized)
}

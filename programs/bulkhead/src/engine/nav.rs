//! The LP NAVs: the value of the pool to its LPs, bounded from both sides from O(1) aggregates so
//! that neither an exiting nor an entering LP can take value from the others (`math::nav` has the
//! per-side bounds and their proofs).
//!
//! ## Redeem NAV (what an exiting LP is paid against): never above the true value
//! `NAV_redeem = C - ceil(P / 2^60) - min(L_long, G_long(ask)) - min(L_short, G_short(bid))`
//! - `C`: LP capital (collateral units); `P`: funding payable to the lighter side (index units).
//! - Winners' unrealized profit counts in full up to their locks, valued at the band edge that
//!   is worse for the LPs; losers' unrealized losses and unsettled fees count zero: they are not
//!   collected yet, and may never be.
//!
//! ## Mint NAV (what an entering LP pays against): never below the true value
//! `NAV_mint = min(C + T, C + ceil(R / 2^60) + n - Σ_side owed_at_least(side, p_fav))`
//! - `R`: fees receivable (index units), `n` open positions (each account's fee rounds up by < 1);
//!   `T`: all trader collateral (the most the LPs could ever collect).
//! - Each side counts the least it can owe the LPs: its aggregate PnL at the band edge better for
//!   the LPs, less its profit beyond the payoff caps the positions actually hold (the side's lock
//!   floor, never the configuration in force: a cap change applies to risk added after it).
//!   Funding payable is not counted.
//!
//! Both round against the LP who acts. The true value (every account settled and closed at one
//! price in the band) lies between them (property-tested in `engine/tests.rs`, with parameter
//! changes). Neither can fail: every bound is computed in 128 bits and saturates only in the
//! direction that keeps it a bound (upwards, for gains and excesses that are then capped by the
//! locks), and the mint NAV is summed in 128 bits before its cap `C + T`.

use crate::math::price::Price;
use crate::math::wide::U128;
use crate::state::Pool;

/// The two NAVs of a pool (collateral units, zero when liabilities exceed assets).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Navs {
    /// Never above the true value: for redemptions.
    pub redeem: u64,
    /// Never below the true value: for mints.
    pub mint: u64,
}

/// The pool's NAVs at the print's band (see the module docs).
#[inline(never)]
pub fn lp_navs(pool: &Pool, price: &Price) -> Navs {
    let (market, book) = (&pool.market, &pool.book);
    let (long, short) = (market.long.book(), market.short.book());
    let payable = U128::from_pod(&market.funding_payable).scale_down(true);
    let redeem = book
        .lp_capital
        .saturating_sub(payable)
        .saturating_sub(long.owed_at_most(true, price.high))
        .saturating_sub(short.owed_at_most(false, price.low));

    let receivable = U128::from_pod(&market.fees_receivable).scale_down(true);
    let positions = long.positions.saturating_add(short.positions);
    let long_owes = long.owed_at_least(true, price.low);
    let short_owes = short.owed_at_least(false, price.high);
    // In 128 bits: a side's credit (a short's loss far above its entries) may exceed u64, and
    // saturating it would cut an asset; the result is capped at C + T, which fits.
    let assets = U128::from_u64(book.lp_capital)
        .saturating_add(U128::from_u64(receivable))
        .saturating_add(U128::from_u64(positions))
        .saturating_add(long_owes.credit)
        .saturating_add(short_owes.credit);
    let owed = U128::from_u64(long_owes.owed).saturating_add(U128::from_u64(short_owes.owed));
    let ceiling = U128::from_u64(book.lp_capital.saturating_add(book.trader_collateral));
    let mint = assets.saturating_sub(owed).min(ceiling).lo;
    Navs { redeem, mint }
}

/// The NAVs of an LP flow at its prints: the pinned band's, or for a late execution the worse of
/// the two bands' for the LP who acts (the higher mint NAV, the lower redeem NAV).
pub fn lp_navs_at(pool: &Pool, pinned: &Price, late: Option<&Price>) -> Navs {
    let at_pin = lp_navs(pool, pinned);
    match late {
        None => at_pin,
        Some(band) => {
            let at_late = lp_navs(pool, band);
            Navs { redeem: at_pin.redeem.min(at_late.redeem), mint: at_pin.mint.max(at_late.mint) }
        }
    }
}

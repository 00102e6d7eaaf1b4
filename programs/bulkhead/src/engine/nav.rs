//! The LP NAVs: the value of the pool to its LPs, bounded from both sides from O(1) aggregates so
//! that neither an exiting nor an entering LP can take value from the others (`math::nav` has the
//! per-side bounds and their proofs).
//!
//! ## Redeem NAV (what an exiting LP is paid against): never above the true value
//! `NAV_redeem = C - ceil(P / 2^60) - U - min(L_long, G_long(ask)) - min(L_short, G_short(bid))`
//! - `C`: LP capital (collateral units); `P`: funding payable to the lighter side (index units);
//!   `U`: funding claims accounts are owed and free capital could not pay yet (`unpaid_funding`).
//! - Winners' unrealized profit counts in full up to their locks, valued at the band edge that
//!   is worse for the LPs; losers' unrealized losses and unsettled fees count zero: they are not
//!   collected yet, and may never be.
//!
//! ## Mint NAV (what an entering LP pays against): never below the true value
//! `NAV_mint = min(C + T + S + I, C + ceil(R / 2^60) + n - U - Σ_side owed_at_least(side, p_fav))`
//! - `R`: fees receivable (index units), `n` open positions (each account's fee rounds up by < 1);
//!   `T`: all trader collateral, `S` the sponsor's tranche and `I` the insurance fund: the most
//!   the LPs could ever collect, since a loss beyond an account's collateral is paid to LP capital
//!   by the sponsor, then the insurance fund (`engine::waterfall`), before any of it is lost.
//! - Neither NAV counts the impact pool: it is owed to the traders who narrow today's skew, and
//!   its surplus over that is swept into `C` by every trade and, at the pinned band's low, by every
//!   LP flow before its NAV (`engine::trade::sweep_impact`). Counting it would let an insider
//!   widen the skew to raise the mint NAV with impact he is rebated when he narrows it back.
//! - Each side counts the least it can owe the LPs: its aggregate PnL at the band edge better for
//!   the LPs, less its profit beyond the payoff caps the positions actually hold (the side's lock
//!   floor, never the configuration in force: a cap change applies to risk added after it).
//!   Funding payable is not counted.
//!
//! Both round against the LP who acts. The true value (every account settled and closed at one
//! price in the band) lies between them (property-tested in `engine/tests.rs`, with parameter
//! changes). Neither can fail: every bound is computed in 128 bits and saturates only in the
//! direction that keeps it a bound (upwards, for gains and excesses that are then capped by the
//! locks), and the mint NAV is summed in 128 bits before its cap `C + T + S + I`.

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

/// The redeem NAV at the print's band (collateral units; see the module docs): what an exiting LP
/// is paid against. A withdrawal needs only this one, a deposit only [`mint_nav`], so each is its
/// own function (the mint NAV's 128-bit sums cost about 300 CU a withdrawal would waste).
#[inline(never)]
pub fn redeem_nav(pool: &Pool, price: &Price) -> u64 {
    let (market, book) = (&pool.market, &pool.book);
    let payable = U128::from_pod(&market.funding_payable).scale_down(true);
    book.lp_capital
        .saturating_sub(payable)
        .saturating_sub(market.unpaid_funding)
        .saturating_sub(market.long.book().owed_at_most(true, price.high))
        .saturating_sub(market.short.book().owed_at_most(false, price.low))
}

/// The mint NAV at the print's band (collateral units; see the module docs): what an entering LP
/// pays against.
#[inline(never)]
pub fn mint_nav(pool: &Pool, price: &Price) -> u64 {
    let (market, book) = (&pool.market, &pool.book);
    let (long, short) = (market.long.book(), market.short.book());
    let receivable = U128::from_pod(&market.fees_receivable).scale_down(true);
    let positions = long.positions.saturating_add(short.positions);
    let long_owes = long.owed_at_least(true, price.low);
    let short_owes = short.owed_at_least(false, price.high);
    // In 128 bits: a side's credit (a short's loss far above its entries) may exceed u64, and
    // saturating it would cut an asset; the result is capped at C + T + S + I, which fits (the book
    // total is below 2^62).
    // In u64 where it cannot matter: C < 2^62, and a receivable beyond u64 saturates to a sum the
    // ceiling caps anyway.
    let assets = U128::from_u64(book.lp_capital.saturating_add(receivable).saturating_add(positions))
        .saturating_add(long_owes.credit)
        .saturating_add(short_owes.credit);
    // Each side's owed is at most its locks, and U is a book amount: the sum fits in u64.
    let owed =
        U128::from_u64(long_owes.owed.saturating_add(short_owes.owed).saturating_add(market.unpaid_funding));
    // Book amounts, whose total is below 2^62.
    let ceiling = U128::from_u64(
        book.lp_capital
            .saturating_add(book.trader_collateral)
            .saturating_add(book.sponsor_capital)
            .saturating_add(book.insurance_fund),
    );
    assets.saturating_sub(owed).min(ceiling).lo
}

/// Both NAVs at the print's band.
pub fn lp_navs(pool: &Pool, price: &Price) -> Navs {
    Navs { redeem: redeem_nav(pool, price), mint: mint_nav(pool, price) }
}

/// The redeem NAV of a withdrawal at its prints: the pinned band's, or for a late execution the
/// lower of the two bands' (the worse for the LP who leaves).
pub fn redeem_nav_at(pool: &Pool, pinned: &Price, late: Option<&Price>) -> u64 {
    let at_pin = redeem_nav(pool, pinned);
    late.map_or(at_pin, |band| at_pin.min(redeem_nav(pool, band)))
}

/// The mint NAV of a deposit at its prints: the pinned band's, or for a late execution the higher
/// of the two bands' (the worse for the LP who enters).
pub fn mint_nav_at(pool: &Pool, pinned: &Price, late: Option<&Price>) -> u64 {
    let at_pin = mint_nav(pool, pinned);
    late.map_or(at_pin, |band| at_pin.max(mint_nav(pool, band)))
}

/// Both NAVs of an LP flow at its prints ([`redeem_nav_at`], [`mint_nav_at`]).
pub fn lp_navs_at(pool: &Pool, pinned: &Price, late: Option<&Price>) -> Navs {
    Navs { redeem: redeem_nav_at(pool, pinned, late), mint: mint_nav_at(pool, pinned, late) }
}

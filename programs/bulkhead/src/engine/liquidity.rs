//! Executing LP requests at their pinned print.
//!
//! Both NAVs are taken at the request's pinned print, or for a late execution at the worse of its
//! two prints for the LP (`engine::nav::lp_navs_at`).
//!
//! - **Deposit**: the collateral already sits in the vault as `pending_deposits`. Shares
//!   `= amount * supply / NAV_mint`, rounded down (`math::shares::to_mint`; the first deposit is
//!   guarded), at least the request's minimum. Book: pending deposits -> LP capital.
//! - **Withdrawal**: the shares already sit in the pool's LP escrow, since the request, which was
//!   at least `lp_withdraw_delay_secs` ago. Amount `= shares * NAV_redeem / supply`, rounded down,
//!   at least the request's minimum, and it must leave `locked <= max_utilisation_bps` of the
//!   remaining LP capital: locked capital never leaves, and some free capital always stays.
//!
//! Both are refused (`PoolReduceOnly`) while the pool is reduce-only.
//!
//! `supply` counts every share outstanding: minted (the escrow's included) plus dead shares. Any
//! error cancels the request, and its collateral or shares go back to the LP.

use super::nav::{lp_navs, lp_navs_at};
use crate::errors::BulkheadError;
use crate::math::price::Price;
use crate::math::{checked, shares, BPS_DENOMINATOR};
use crate::state::{Pool, Request, RiskConfig};
use anchor_lang::prelude::*;

/// The bands an LP flow is valued at: its pinned print's, and a late execution's second one
/// (`oracle::Prints::bands`); the NAV is the worse of the two for the LP who acts.
pub type Bands = (Price, Option<Price>);

/// `outcome` of an LP flow at the worse of its two NAVs, except that a failure a timely
/// execution (`at_pinned`, the pinned NAV alone) would not have met is `RecentPriceUnusable`,
/// which fails the transaction: nobody turns lateness into a free cancellation.
fn in_time_or<T>(outcome: Result<T>, bands: &Bands, at_pinned: impl FnOnce() -> Result<T>) -> Result<T> {
    match outcome {
        Err(_) if bands.1.is_some() && at_pinned().is_ok() => Err(BulkheadError::RecentPriceUnusable.into()),
        other => other,
    }
}

/// What an LP execution did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiquidityOutcome {
    /// Collateral in (deposit) or out (withdrawal) (collateral units).
    pub amount: u64,
    /// Shares minted (deposit) or burned (withdrawal).
    pub shares: u64,
    /// Shares withheld from the first deposit and counted as outstanding forever.
    pub dead_shares: u64,
    /// The NAV used (collateral units).
    pub nav: u64,
}

/// Executes a deposit request of `request.amount` collateral units (see the module docs).
pub fn deposit(pool: &mut Pool, request: &Request, bands: &Bands, supply: u64) -> Result<LiquidityOutcome> {
    require!(pool.reduce_only == 0, BulkheadError::PoolReduceOnly);
    let nav = lp_navs_at(pool, &bands.0, bands.1.as_ref()).mint;
    let amount = request.amount;
    let mint_at = |nav: u64| -> Result<(u64, u64)> {
        let (minted, dead) = shares::to_mint(amount, supply, nav)?;
        require!(minted >= request.limit, BulkheadError::SlippageExceeded);
        Ok((minted, dead))
    };
    let (minted, dead_shares) = in_time_or(mint_at(nav), bands, || mint_at(lp_navs(pool, &bands.0).mint))?;
    let book = &mut pool.book;
    book.pending_deposits = checked::sub(book.pending_deposits, amount)?;
    book.lp_capital = checked::add(book.lp_capital, amount)?;
    pool.market.dead_lp_shares = checked::add(pool.market.dead_lp_shares, dead_shares)?;
    Ok(LiquidityOutcome { amount, shares: minted, dead_shares, nav })
}

/// Executes a withdrawal request of `request.amount` escrowed shares (see the module docs).
pub fn withdraw(
    pool: &mut Pool,
    config: &RiskConfig,
    request: &Request,
    bands: &Bands,
    supply: u64,
) -> Result<LiquidityOutcome> {
    require!(pool.reduce_only == 0, BulkheadError::PoolReduceOnly);
    let nav = lp_navs_at(pool, &bands.0, bands.1.as_ref()).redeem;
    let burned = request.amount;
    let redeem_at = |nav: u64| -> Result<u64> {
        let amount = shares::to_redeem(burned, supply, nav)?;
        require!(amount >= request.limit, BulkheadError::SlippageExceeded);
        Ok(amount)
    };
    let amount = in_time_or(redeem_at(nav), bands, || redeem_at(lp_navs(pool, &bands.0).redeem))?;
    let remaining = pool.book.lp_capital.checked_sub(amount).ok_or(BulkheadError::InsufficientLiquidity)?;
    let ceiling = checked::mul_div_floor(remaining, u64::from(config.max_utilisation_bps), BPS_DENOMINATOR)?;
    require!(pool.market.locked() <= ceiling, BulkheadError::InsufficientLiquidity);
    pool.book.lp_capital = remaining;
    Ok(LiquidityOutcome { amount, shares: burned, dead_shares: 0, nav })
}

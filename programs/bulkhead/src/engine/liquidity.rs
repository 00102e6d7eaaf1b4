//! Executing LP requests at their pinned print.
//!
//! Both NAVs are taken at the request's pinned print, or for a late execution at the worse of its
//! two prints for the LP (`engine::nav::{mint_nav_at, redeem_nav_at}`).
//!
//! - **Deposit**: the collateral already sits in the vault as `pending_deposits`. Shares
//!   `= amount * supply / NAV_mint`, rounded down (`math::shares::to_mint`; the first deposit is
//!   guarded), at least the request's minimum. Book: pending deposits -> LP capital.
//! - **Withdrawal**: the shares already sit in the pool's LP escrow, since the request, which was
//!   at least `lp_withdraw_delay_secs` ago. Amount `= shares * NAV_redeem / supply`, rounded down,
//!   at least the request's minimum, and it must leave `locked <= max_utilisation_bps` of the
//!   remaining LP capital: locked capital never leaves, and some free capital always stays; and
//!   it must leave at least the accounts' funding claims free (`unpaid_funding`), so they are paid
//!   before any LP leaves with that capital.
//!
//! Both are refused (`PoolReduceOnly`) while the pool is reduce-only.
//!
//! `supply` counts every share outstanding: minted (the escrow's included) plus dead shares. Any
//! error cancels the request, and its collateral or shares go back to the LP (less the expiry fee
//! when the cause is one `engine::request::pays_expiry_fee` charges), except one that only a late
//! print causes, which fails the transaction (`RecentPriceUnusable`).

use super::nav::{mint_nav_at, redeem_nav_at};
use crate::errors::BulkheadError;
use crate::math::price::Price;
use crate::math::{checked, shares, BPS_DENOMINATOR};
use crate::state::{Pool, Request, RiskConfig};
use anchor_lang::prelude::*;

/// The bands an LP flow is valued at: its pinned print's, and a late execution's second one
/// (`oracle::Prints::bands`); the NAV is the worse of the two for the LP who acts.
pub type Bands = (Price, Option<Price>);

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
#[inline(never)]
pub fn deposit(pool: &mut Pool, request: &Request, bands: &Bands, supply: u64) -> Result<LiquidityOutcome> {
    require!(pool.reduce_only == 0, BulkheadError::PoolReduceOnly);
    let nav = mint_nav_at(pool, &bands.0, bands.1.as_ref());
    let amount = request.amount;
    let (minted, dead_shares) = shares::to_mint(amount, supply, nav)?;
    require!(minted >= request.limit, BulkheadError::SlippageExceeded);
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
    let nav = redeem_nav_at(pool, &bands.0, bands.1.as_ref());
    let burned = request.amount;
    let amount = shares::to_redeem(burned, supply, nav)?;
    require!(amount >= request.limit, BulkheadError::SlippageExceeded);
    let remaining = pool.book.lp_capital.checked_sub(amount).ok_or(BulkheadError::InsufficientLiquidity)?;
    let ceiling = checked::mul_div_floor(remaining, u64::from(config.max_utilisation_bps), BPS_DENOMINATOR)?;
    require!(pool.market.locked() <= ceiling, BulkheadError::InsufficientLiquidity);
    // Funding claims are paid first: a withdrawal leaves them free capital.
    let free = remaining - pool.market.locked(); // locked <= ceiling <= remaining
    require!(free >= pool.market.unpaid_funding, BulkheadError::InsufficientLiquidity);
    pool.book.lp_capital = remaining;
    Ok(LiquidityOutcome { amount, shares: burned, dead_shares: 0, nav })
}

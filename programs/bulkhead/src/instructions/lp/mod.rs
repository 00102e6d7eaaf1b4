//! Instructions of liquidity providers, the counterparty of every position in a pool.

use crate::engine;
use crate::math::{self, price::Price};
use crate::oracle::{self, OraclePolicy};
use crate::state::{Pool, RiskConfig};
use crate::token;
use anchor_lang::prelude::*;

pub mod add_liquidity;
pub mod remove_liquidity;

#[allow(ambiguous_glob_reexports)]
pub use add_liquidity::*;
#[allow(ambiguous_glob_reexports)]
pub use remove_liquidity::*;

/// The accounts both LP flows read before moving anything.
pub(crate) struct LpViews<'a> {
    /// The Pyth `PriceUpdateV2` account.
    pub price_update: &'a AccountView,
    /// The pool's LP mint (address already checked).
    pub lp_mint: &'a AccountView,
    /// The LP's collateral token account.
    pub user_token: &'a AccountView,
    /// The LP's token account of the pool's LP mint.
    pub user_lp_token: &'a AccountView,
}

/// What both LP flows know before moving anything.
pub(crate) struct LpQuote {
    /// The oracle price (strict policy).
    pub price: Price,
    /// NAV at the end of the confidence interval less favourable to the pool (collateral units).
    pub nav_low: i64,
    /// NAV at the other end (collateral units).
    pub nav_high: i64,
    /// LP shares outstanding, dead shares included.
    pub supply: u64,
}

/// Checks that both token accounts are the LP's own (collateral and LP mint), reads the price with
/// the strict policy, accrues funding to now, and returns the pool's NAVs and share supply.
pub(crate) fn quote(
    pool: &mut Pool,
    config: &RiskConfig,
    views: LpViews,
    owner: &Address,
    now: i64,
) -> Result<LpQuote> {
    token::check_user_token_account(views.user_token, &pool.collateral_mint, owner)?;
    token::check_user_token_account(views.user_lp_token, &pool.lp_mint, owner)?;
    let price = oracle::read_price(views.price_update, pool, config, now, OraclePolicy::Strict)?;
    engine::accrue_funding(pool, config, price.mid, now)?;
    let (nav_low, nav_high) = engine::lp_nav(pool, &price)?;
    let supply = math::add(token::mint_supply(views.lp_mint)?, pool.market.dead_lp_shares)?;
    Ok(LpQuote { price, nav_low, nav_high, supply })
}

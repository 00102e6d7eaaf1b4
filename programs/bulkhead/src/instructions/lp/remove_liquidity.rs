//! `remove_liquidity`: burn LP shares for collateral out of the pool's LP capital.

use super::{quote, LpQuote, LpViews};
use crate::engine;
use crate::errors::BulkheadError;
use crate::events::{LiquidityMoved, DIRECTION_WITHDRAW};
use crate::math::{self, shares};
use crate::state::{LpPosition, Pool, RiskParams};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `remove_liquidity`.
#[derive(Accounts)]
pub struct RemoveLiquidity {
    /// The LP, authority of the LP token account.
    pub owner: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongPool)]
    pub risk_params: Account<RiskParams>,
    /// The LP's cooldown record in this pool.
    #[account(
        constraint = lp_position.pool == *pool.address() @ BulkheadError::WrongPool,
        constraint = lp_position.owner == *owner.address() @ BulkheadError::WrongOwner,
    )]
    pub lp_position: Account<LpPosition>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority, which signs the payout.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// The pool's LP mint.
    #[account(mut, address = pool.lp_mint @ BulkheadError::WrongPool)]
    pub lp_mint: UncheckedAccount,
    /// The LP's collateral token account, which receives the payout.
    #[account(mut)]
    pub user_token_account: UncheckedAccount,
    /// The LP's token account of the pool's LP mint, whose shares are burned.
    #[account(mut)]
    pub user_lp_token_account: UncheckedAccount,
    /// A Pyth `PriceUpdateV2` for the pool's feed.
    pub price_update: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Burns `shares` for at least `min_amount_out` collateral units, redeemed at the lower of the two
/// conservative NAVs (favours the LPs who stay). Refused during the LP's cooldown, and when the
/// payout would take LP capital below what open interest reserves.
pub fn handler(ctx: &mut Context<RemoveLiquidity>, shares_in: u64, min_amount_out: u64) -> Result<()> {
    require!(shares_in > 0, BulkheadError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let owner = *accounts.owner.account().address();
    let pool_key = *accounts.pool.account().address();
    let config = accounts.risk_params.config;
    let cooldown_end = accounts.lp_position.last_add_ts.saturating_add(i64::from(config.lp_cooldown_secs));
    require!(now >= cooldown_end, BulkheadError::LpCooldownActive);

    let views = LpViews {
        price_update: accounts.price_update.account(),
        lp_mint: accounts.lp_mint.account(),
        user_token: accounts.user_token_account.account(),
        user_lp_token: accounts.user_lp_token_account.account(),
    };
    let pool: &mut Pool = &mut accounts.pool;
    let LpQuote { price, nav_low, supply, .. } = quote(pool, &config, views, &owner, now)?;
    let nav = u64::try_from(nav_low).map_err(|_| BulkheadError::PoolInsolvent)?;
    let amount = shares::to_redeem(shares_in, supply, nav)?;
    require!(amount >= min_amount_out, BulkheadError::SlippageExceeded);
    let remaining = pool.book.lp_capital.checked_sub(amount).ok_or(BulkheadError::InsufficientLiquidity)?;
    let reserved = engine::reserved_capital(&pool.market, &config, price.mid)?;
    require!(remaining >= reserved, BulkheadError::InsufficientLiquidity);
    pool.book.lp_capital = remaining;
    pool.sequence = math::add(pool.sequence, 1)?;

    token::burn_shares(
        accounts.user_lp_token_account.account(),
        accounts.lp_mint.account(),
        accounts.owner.account(),
        shares_in,
    )?;
    token::transfer_out(
        &pool_key,
        &accounts.pool,
        accounts.vault.account(),
        accounts.user_token_account.account(),
        accounts.vault_authority.account(),
        amount,
    )?;

    emit!(LiquidityMoved {
        pool: pool_key,
        sequence: accounts.pool.sequence,
        book: accounts.pool.book,
        owner,
        amount,
        shares: shares_in,
        nav,
        share_supply: math::sub(supply, shares_in)?,
        direction: DIRECTION_WITHDRAW,
    });
    Ok(())
}

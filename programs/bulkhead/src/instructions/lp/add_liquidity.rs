//! `add_liquidity`: collateral into the pool's LP capital for LP shares.

use super::{quote, LpQuote, LpViews};
use crate::errors::BulkheadError;
use crate::events::{LiquidityMoved, DIRECTION_DEPOSIT};
use crate::math::{self, shares};
use crate::state::{seeds, LpPosition, Pool, RiskParams, CURRENT_VERSION};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `add_liquidity`.
#[derive(Accounts)]
pub struct AddLiquidity {
    /// The LP; pays for its `LpPosition` on the first add.
    #[account(mut)]
    pub owner: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongPool)]
    pub risk_params: Account<RiskParams>,
    /// The LP's cooldown record, `["lp", pool, owner]`.
    #[account(init_if_needed, payer = owner, seeds = [seeds::LP_POSITION, pool.address().as_ref(), owner.address().as_ref()], bump)]
    pub lp_position: Account<LpPosition>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority, which mints LP shares.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// The pool's LP mint.
    #[account(mut, address = pool.lp_mint @ BulkheadError::WrongPool)]
    pub lp_mint: UncheckedAccount,
    /// The LP's collateral token account.
    #[account(mut)]
    pub user_token_account: UncheckedAccount,
    /// The LP's token account of the pool's LP mint, which receives the shares.
    #[account(mut)]
    pub user_lp_token_account: UncheckedAccount,
    /// A Pyth `PriceUpdateV2` for the pool's feed (the NAV includes traders' unrealized PnL).
    pub price_update: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
    /// System program.
    pub system_program: Program<System>,
}

/// Adds `amount` collateral units for at least `min_shares_out` shares, minted at the higher of
/// the two conservative NAVs (favours the LPs already in). The first deposit must be at least
/// `MIN_FIRST_LP_DEPOSIT` and leaves `DEAD_LP_SHARES` unminted. Restarts the LP's cooldown.
pub fn handler(ctx: &mut Context<AddLiquidity>, amount: u64, min_shares_out: u64) -> Result<()> {
    require!(amount > 0, BulkheadError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let owner = *accounts.owner.account().address();
    let pool_key = *accounts.pool.account().address();
    let config = accounts.risk_params.config;
    let views = LpViews {
        price_update: accounts.price_update.account(),
        lp_mint: accounts.lp_mint.account(),
        user_token: accounts.user_token_account.account(),
        user_lp_token: accounts.user_lp_token_account.account(),
    };
    let pool: &mut Pool = &mut accounts.pool;
    let LpQuote { nav_high, supply, .. } = quote(pool, &config, views, &owner, now)?;
    let nav = u64::try_from(nav_high).map_err(|_| BulkheadError::PoolInsolvent)?;
    let (minted, dead) = shares::to_mint(amount, supply, nav)?;
    require!(minted >= min_shares_out, BulkheadError::SlippageExceeded);

    pool.book.lp_capital = math::add(pool.book.lp_capital, amount)?;
    pool.market.dead_lp_shares = math::add(pool.market.dead_lp_shares, dead)?;
    pool.sequence = math::add(pool.sequence, 1)?;
    token::transfer_in(
        accounts.user_token_account.account(),
        accounts.vault.account(),
        accounts.owner.account(),
        amount,
    )?;
    token::mint_shares(
        &pool_key,
        &accounts.pool,
        accounts.lp_mint.account(),
        accounts.user_lp_token_account.account(),
        accounts.vault_authority.account(),
        minted,
    )?;

    let lp = &mut accounts.lp_position;
    if lp.version == 0 {
        lp.version = CURRENT_VERSION;
        lp.bump = ctx.bumps.lp_position;
        lp.pool = pool_key;
        lp.owner = owner;
    }
    lp.last_add_ts = now;

    emit!(LiquidityMoved {
        pool: pool_key,
        sequence: accounts.pool.sequence,
        book: accounts.pool.book,
        owner,
        amount,
        shares: minted,
        nav,
        share_supply: math::add(math::add(supply, minted)?, dead)?,
        direction: DIRECTION_DEPOSIT,
    });
    Ok(())
}

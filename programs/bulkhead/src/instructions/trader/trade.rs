//! `trade`: open, increase, reduce, flip or close the account's position in the pool's product,
//! against the pool's LP capital at the Pyth price.

use crate::engine;
use crate::errors::BulkheadError;
use crate::events::TradeExecuted;
use crate::math::{self, checked, margin, position, BPS_DENOMINATOR};
use crate::oracle::{self, OraclePolicy};
use crate::state::{MarginAccount, Pool, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `trade`. No tokens move: PnL, fees and funding are book entries of the one pool.
#[derive(Accounts)]
pub struct Trade {
    /// The margin account's owner.
    pub owner: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongPool)]
    pub risk_params: Account<RiskParams>,
    /// The owner's margin account in this pool.
    #[account(
        mut,
        constraint = margin_account.pool == *pool.address() @ BulkheadError::WrongPool,
        constraint = margin_account.owner == *owner.address() @ BulkheadError::WrongOwner,
    )]
    pub margin_account: Account<MarginAccount>,
    /// A Pyth `PriceUpdateV2` for the pool's feed (checked by `oracle::read_price`).
    pub price_update: UncheckedAccount,
}

/// Trades `size_delta` base lots (> 0 buys, < 0 sells) if the execution price is no worse than
/// `worst_price` (collateral units per lot x 1e9: a ceiling for buys, a floor for sells).
///
/// Order: oracle (strict if the trade adds risk, lenient if it only reduces it), funding accrual and
/// settlement, execution price, fill, realized PnL and fee into the book, then, for risk-increasing
/// trades, the open-interest and position caps, the LP reserve and initial margin at the adverse
/// price. Risk-reducing trades are always allowed; no trade may leave a position below the minimum.
pub fn handler(ctx: &mut Context<Trade>, size_delta: i64, worst_price: u64) -> Result<()> {
    require!(size_delta != 0, BulkheadError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let config = accounts.risk_params.config;
    let pool_key = *accounts.pool.account().address();
    let pool: &mut Pool = &mut accounts.pool;
    let margin_acc: &mut MarginAccount = &mut accounts.margin_account;

    let before = (margin_acc.base_position, margin_acc.entry_notional);
    let after_base = math::add_signed(before.0, size_delta)?;
    let increasing = position::increases_risk(before.0, after_base);
    let policy = if increasing { OraclePolicy::Strict } else { OraclePolicy::Lenient };
    let price = oracle::read_price(accounts.price_update.account(), pool, &config, now, policy)?;

    engine::accrue_funding(pool, &config, price.mid, now)?;
    let funding = engine::settle_funding(pool, margin_acc)?;

    let execution_price = engine::execution_price(&pool.market, &config, price.mid, size_delta)?;
    if size_delta > 0 {
        require!(execution_price <= worst_price, BulkheadError::SlippageExceeded);
    } else {
        require!(execution_price >= worst_price, BulkheadError::SlippageExceeded);
    }

    let fill = position::fill(before.0, before.1, size_delta, execution_price)?;
    engine::update_open_interest(&mut pool.market, before, (fill.base_position, fill.entry_notional))?;
    margin_acc.base_position = fill.base_position;
    margin_acc.entry_notional = fill.entry_notional;
    engine::realize(pool, margin_acc, fill.realized_pnl)?;
    let traded = position::notional(size_delta.unsigned_abs(), execution_price, true)?;
    let fee_due = checked::mul_div_ceil(traded, u64::from(config.taker_fee_bps), BPS_DENOMINATOR)?;
    let fee = engine::collect(pool, margin_acc, fee_due)?;
    margin_acc.realized_pnl = math::add_signed(margin_acc.realized_pnl, -math::signed(fee)?)?;

    let size = fill.base_position.unsigned_abs();
    require!(size == 0 || size >= config.min_position_size, BulkheadError::PositionTooSmall);
    if increasing {
        let side_open_interest = if fill.base_position > 0 {
            pool.market.open_interest_long
        } else {
            pool.market.open_interest_short
        };
        require!(side_open_interest <= config.max_open_interest, BulkheadError::OpenInterestCapExceeded);
        require!(size <= config.max_position_size, BulkheadError::PositionTooLarge);
        let reserved = engine::reserved_capital(&pool.market, &config, price.mid)?;
        require!(pool.book.lp_capital >= reserved, BulkheadError::InsufficientLiquidity);
        require!(
            margin::meets(
                margin_acc.collateral,
                fill.base_position,
                fill.entry_notional,
                &price,
                config.initial_margin_bps
            )?,
            BulkheadError::InitialMarginViolated
        );
    }

    pool.sequence = math::add(pool.sequence, 1)?;
    emit!(TradeExecuted {
        pool: pool_key,
        sequence: pool.sequence,
        book: pool.book,
        market: pool.market,
        margin_account: *accounts.margin_account.account().address(),
        owner: *accounts.owner.account().address(),
        size_delta,
        base_position: fill.base_position,
        oracle_price: price.mid,
        execution_price,
        realized_pnl: fill.realized_pnl,
        fee,
        funding,
        account_collateral: accounts.margin_account.collateral,
    });
    Ok(())
}

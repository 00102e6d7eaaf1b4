//! `withdraw_collateral`: free collateral out of the pool's vault to the owner's token account.

use crate::engine::{run, waterfall};
use crate::errors::BulkheadError;
use crate::events::{CollateralMoved, DIRECTION_WITHDRAW};
use crate::instructions::shared::checks;
use crate::math::{self, margin};
use crate::oracle::{self, FreshRead, OraclePolicy::Increase};
use crate::state::{MarginAccount, Pool, RiskParams};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `withdraw_collateral`.
#[event_cpi]
#[derive(Accounts)]
pub struct WithdrawCollateral {
    /// The margin account's owner, also the owner of the destination token account.
    pub owner: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// The owner's margin account in this pool.
    #[account(
        mut,
        constraint = checks::of_pool(&margin_account.pool, pool.address()) @ BulkheadError::WrongPool,
        constraint = checks::owned_by(&margin_account.owner, owner.address()) @ BulkheadError::WrongOwner,
        constraint = !margin_account.request.is_pending() @ BulkheadError::RequestPending,
    )]
    pub margin_account: Account<MarginAccount>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority PDA, which signs the transfer with this pool's seeds.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// The owner's token account of the collateral mint (checked in the handler).
    #[account(mut)]
    pub user_token_account: UncheckedAccount,
    /// A fresh Pyth `PriceUpdateV2` for the pool's feed (a one-step read); read only when the
    /// account holds a position.
    pub price_update: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Debits `amount` (collateral units, > 0, at most the account's free collateral) from the margin
/// account and the pool's book, moves the tokens out of the vault, and emits `CollateralMoved`.
/// Refused (`RequestPending`) while a trade request is pending: the collateral that backs it, and
/// its expiry fee, stays until it executes or ends.
///
/// A flat account's collateral is all free and needs no oracle. With a position this is a one-step
/// read, so it takes only a fresh print (`oracle::read_fresh`: at most `fresh_price_max_age_secs`
/// old, no older than the pool's newest, near its EMA); funding is settled first and the account
/// must still meet initial margin at the adverse band edge. Unrealized profit does not count, so it
/// is withdrawable only once realized by a trade.
pub fn handler(ctx: &mut Context<WithdrawCollateral>, amount: u64) -> Result<()> {
    let events = crate::emitter!(ctx);
    require!(amount > 0, BulkheadError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    let owner = *accounts.owner.account().address();
    token::check_user_token_account(
        accounts.user_token_account.account(),
        &accounts.pool.collateral_mint,
        &owner,
    )?;

    let (pool_key, account_key) =
        (*accounts.pool.account().address(), *accounts.margin_account.account().address());
    let pool: &mut Pool = &mut accounts.pool;
    let margin_acc: &mut MarginAccount = &mut accounts.margin_account;
    let mut shortfall = 0;
    let free = if margin_acc.base_position == 0 {
        margin_acc.collateral
    } else {
        let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
        let now = Clock::get()?.unix_timestamp;
        let rule = FreshRead { now, max_age_secs: config.fresh_price_max_age_secs, policy: Increase };
        let (price, _) = oracle::read_fresh(accounts.price_update.account(), pool, config, &rule)?;
        let ran = run::with_account(pool, margin_acc, config, now, |_, m| {
            margin::free_collateral(
                m.collateral,
                m.base_position,
                m.entry_notional,
                &price,
                config.initial_margin_bps,
            )
        })?;
        shortfall = ran.settled.shortfall;
        ran.outcome?
    };
    require!(amount <= free, BulkheadError::InsufficientCollateral);
    waterfall::cover(&events, pool, &account_key, shortfall)?; // no-op: an account short has no free collateral
    margin_acc.collateral = math::sub(margin_acc.collateral, amount)?;
    let account_collateral = margin_acc.collateral;
    let pool = &mut accounts.pool;
    pool.book.trader_collateral = math::sub(pool.book.trader_collateral, amount)?;

    token::transfer_out(
        &pool_key,
        &accounts.pool,
        accounts.vault.account(),
        accounts.user_token_account.account(),
        accounts.vault_authority.account(),
        amount,
    )?;

    crate::emit!(
        events,
        accounts.pool,
        CollateralMoved {
            margin_account: *accounts.margin_account.account().address(),
            owner,
            user_token_account: *accounts.user_token_account.account().address(),
            amount,
            account_collateral,
            direction: DIRECTION_WITHDRAW
        }
    )?;
    Ok(())
}

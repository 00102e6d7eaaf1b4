//! `liquidate`: permissionless and one-step. Closes part or all of an account below maintenance
//! margin at a fresh print, takes a penalty that never exceeds its equity, pays the liquidator's
//! share by SPL transfer and the rest to the pool's insurance fund, and sends any loss beyond the
//! account's collateral down the pool's waterfall.

use crate::engine::{liquidation, request, run, waterfall};
use crate::errors::BulkheadError;
use crate::events::{Liquidated, RequestCancelled, REQUEST_TRADE};
use crate::instructions::shared::checks;
use crate::oracle::{self, FreshRead, OraclePolicy};
use crate::state::pause;
use crate::state::{MarginAccount, Pool, Request, RiskParams};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `liquidate`.
#[event_cpi]
#[derive(Accounts)]
pub struct Liquidate {
    /// Anyone but the account's owner; receives the tip of a pending request it cancels.
    #[account(mut)]
    pub liquidator: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// The margin account to liquidate.
    #[account(mut, constraint = checks::of_pool(&margin_account.pool, pool.address()) @ BulkheadError::WrongPool)]
    pub margin_account: Account<MarginAccount>,
    /// The pool's vault, source of the liquidator's reward.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority PDA, which signs the reward transfer with this pool's seeds.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// Where the reward goes: a token account of the pool's collateral mint owned by the
    /// liquidator or any wallet (`token::check_payout_token_account`).
    #[account(mut)]
    pub reward_token_account: UncheckedAccount,
    /// A fresh Pyth `PriceUpdateV2` for the pool's feed: at most `liquidation_max_age_secs` old and
    /// no older than the pool's newest print.
    pub price_update: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
}

/// Refuses (changing nothing) a liquidator who owns the account (`CannotLiquidateSelf`), a reward
/// account that is not a wallet's token account of the mint, a stale, regressed or too-uncertain
/// print, and an account that is not below maintenance margin (`NotLiquidatable`). Otherwise
/// accrues the pool, settles the account's funding, liquidates it (`engine::liquidation`), cancels
/// its pending request if any within its window (the tip goes to the liquidator: a request never
/// blocks a liquidation; one past its deadline stays for its expiry), covers any shortfall
/// (`ShortfallCovered`), transfers the reward and emits `Liquidated`. Works while the pool is
/// reduce-only.
pub fn handler(ctx: &mut Context<Liquidate>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    accounts.pool.check_running(pause::LIQUIDATIONS, now)?;
    let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
    let liquidator = *accounts.liquidator.account().address();
    let (pool_key, account_key) =
        (*accounts.pool.account().address(), *accounts.margin_account.account().address());
    require!(accounts.margin_account.owner != liquidator, BulkheadError::CannotLiquidateSelf);
    token::check_payout_token_account(
        accounts.reward_token_account.account(),
        &accounts.pool.collateral_mint,
        &liquidator,
    )?;
    let pool: &mut Pool = &mut accounts.pool;
    let rule =
        FreshRead { now, max_age_secs: config.liquidation_max_age_secs, policy: OraclePolicy::Liquidate };
    let (price, publish_time) = oracle::read_fresh(accounts.price_update.account(), pool, config, &rule)?;

    let margin_acc: &mut MarginAccount = &mut accounts.margin_account;
    let ran = run::with_account(pool, margin_acc, config, now, |pool, m| {
        liquidation::liquidate(pool, m, config, &price)
    })?;
    let shortfall = ran.shortfall(|o| o.shortfall);
    let (settled, outcome) = (ran.settled, ran.outcome?);
    // A request within its window is cancelled (it would execute on a position it was not made
    // for). One past its deadline has lapsed and can no longer execute: it stays for its expiry,
    // which charges the fee or, in a feed gap or a pause, waives it (a liquidation is neither a
    // cheaper nor a dearer way out).
    let lapsed = margin_acc.request.is_pending() && now > margin_acc.request.deadline;
    let pending = if lapsed { Request::default() } else { margin_acc.request };
    if !lapsed {
        margin_acc.request = Request::default();
    }
    waterfall::cover(&events, pool, &account_key, shortfall)?;

    if pending.is_pending() {
        crate::emit!(
            events,
            pool,
            RequestCancelled {
                account: account_key,
                owner: margin_acc.owner,
                caller: liquidator,
                kind: u64::from(REQUEST_TRADE),
                reason: request::LIQUIDATED,
                tip_lamports: pending.tip_lamports,
                expiry_fee: 0
            }
        )?;
    }
    if outcome.liquidator_reward > 0 {
        token::transfer_out(
            &pool_key,
            pool,
            accounts.vault.account(),
            accounts.reward_token_account.account(),
            accounts.vault_authority.account(),
            outcome.liquidator_reward,
        )?;
    }
    request::pay_tip(accounts.margin_account.account(), accounts.liquidator.account(), pending.tip_lamports)?;

    let margin_acc = &accounts.margin_account;
    crate::emit!(
        events,
        accounts.pool,
        Liquidated {
            margin_account: account_key,
            owner: margin_acc.owner,
            liquidator,
            reward_token_account: *accounts.reward_token_account.account().address(),
            size_delta: outcome.size_delta,
            base_position: margin_acc.base_position,
            publish_time,
            oracle_price: outcome.oracle_price,
            fill_price: outcome.fill_price,
            equity_before: outcome.equity_before,
            realized_pnl: outcome.realized_pnl,
            fee: outcome.fee,
            impact_paid: outcome.impact_paid,
            impact_rebate: outcome.impact_rebate,
            penalty: outcome.penalty,
            liquidator_reward: outcome.liquidator_reward,
            reserve_paid: outcome.reserve_paid,
            insurance_share: outcome.insurance_share,
            shortfall,
            funding_paid: settled.owed,
            funding_received: settled.received,
            account_collateral: margin_acc.collateral,
            cancelled_tip_lamports: pending.tip_lamports
        }
    )?;
    Ok(())
}

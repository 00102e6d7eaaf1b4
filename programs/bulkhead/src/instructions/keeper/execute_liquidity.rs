//! `execute_liquidity`: permissionless. Executes an LP deposit or withdrawal request at its pinned
//! print (the first at or after its stored target: for a withdrawal, `lp_withdraw_delay_secs` after
//! the later of the request and the pool's newest print); an execution more than
//! `EXECUTION_GRACE_SECS` after that print also reads a recent print and uses the worse of the two
//! NAVs for the LP. When a check fails (slippage, NAV, utilisation, confidence, EMA) the request is
//! cancelled instead and its collateral or shares go back to the LP, less the expiry fee when the
//! check is one anyone can steer; a check that fails only because the execution is late fails the
//! transaction (`RecentPriceUnusable`), and a pause holds it back (`OperationPaused`; its expiry
//! after the pause is free). The keeper earns the tip either way.

use crate::engine::{liquidity, request, run, trade};
use crate::errors::BulkheadError;
use crate::events::{LiquidityMoved, RequestCancelled, DIRECTION_DEPOSIT, DIRECTION_WITHDRAW};
use crate::instructions::shared::checks;
use crate::instructions::shared::lp_escrow::{check_lp_token_accounts, refund, Kept, RefundViews};
use crate::math;
use crate::oracle::{self, OraclePolicy};
use crate::state::pause;
use crate::state::request::REQUEST_ADD_LIQUIDITY;
use crate::state::{LpAccount, Pool, Request, RiskParams};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `execute_liquidity`.
#[event_cpi]
#[derive(Accounts)]
pub struct ExecuteLiquidity {
    /// Anyone; receives the tip.
    #[account(mut)]
    pub keeper: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// The LP account holding the request.
    #[account(mut, constraint = checks::of_pool(&lp_account.pool, pool.address()) @ BulkheadError::WrongPool)]
    pub lp_account: Account<LpAccount>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority: mints, burns and pays out.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// The pool's LP mint.
    #[account(mut, address = pool.lp_mint @ BulkheadError::WrongLpMint)]
    pub lp_mint: UncheckedAccount,
    /// The pool's LP escrow.
    #[account(mut, address = pool.lp_escrow @ BulkheadError::WrongLpEscrow)]
    pub lp_escrow: UncheckedAccount,
    /// The LP's collateral token account: a withdrawal's payout, a deposit's refund.
    #[account(mut)]
    pub user_token_account: UncheckedAccount,
    /// The LP's LP-share token account: a deposit's shares, a withdrawal's refund.
    #[account(mut)]
    pub user_lp_token_account: UncheckedAccount,
    /// The request's pinned `PriceUpdateV2`.
    pub price_update: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
    /// A recent `PriceUpdateV2`, read only when the execution is late and then required (see
    /// `execute_trade`); the program id for none.
    pub recent_price_update: Option<UncheckedAccount>,
}

/// Fails (changing nothing) without a pending LP request, after its deadline, with any print but
/// the pinned one, when late without a recent print, or with token accounts that are not the LP's.
/// Otherwise accrues the pool and executes the request (`engine::run::with_pool` around
/// `engine::liquidity`), or refunds it when a check fails.
pub fn handler(ctx: &mut Context<ExecuteLiquidity>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
    let pending = accounts.lp_account.request;
    request::check_executable(&pending, now)?;
    let (owner, pool_key) = (accounts.lp_account.owner, *accounts.pool.account().address());
    let views = RefundViews {
        vault: accounts.vault.account(),
        lp_escrow: accounts.lp_escrow.account(),
        vault_authority: accounts.vault_authority.account(),
        user_token: accounts.user_token_account.account(),
        user_lp_token: accounts.user_lp_token_account.account(),
        lp_mint: accounts.lp_mint.account(),
    };
    let (pinned, recent) =
        (accounts.price_update.account(), accounts.recent_price_update.as_ref().map(|a| a.account()));
    let pool: &mut Pool = &mut accounts.pool;
    check_lp_token_accounts(pool, &views, &owner)?;
    let prints = oracle::read_prints(
        pool,
        config,
        &oracle::Execution { target: pending.target_time, now, pinned, recent },
    )?;

    let adding = pending.kind == REQUEST_ADD_LIQUIDITY;
    let supply = math::add(token::mint_supply(accounts.lp_mint.account())?, pool.market.dead_lp_shares)?;
    let op = if adding { pause::LP_DEPOSITS } else { pause::LP_WITHDRAWALS };
    let execute = |pool: &mut Pool, prints: &oracle::Prints| {
        pool.check_running(op | pause::EXECUTIONS, now)?;
        let bands = prints.bands(pool, config, OraclePolicy::Increase)?;
        // The impact pool's surplus is the LPs': swept in before either NAV (`engine::trade::sweep_impact`).
        trade::sweep_impact(pool, bands.0.low, config.impact_skew_scale);
        if adding {
            liquidity::deposit(pool, &pending, &bands, supply)
        } else {
            liquidity::withdraw(pool, config, &pending, &bands, supply)
        }
    };
    let mut outcome = run::with_pool(pool, config, now, |pool| execute(pool, &prints))?;
    request::fail_if_held_back(&outcome)?;
    // As for trades: a late failure is judged by what a timely execution would have done.
    if outcome.is_err() && prints.late.is_some() {
        let timely = oracle::Prints { late: None, ..prints };
        let at_pin = run::dry_run_pool(pool, |pool| execute(pool, &timely));
        outcome = run::as_if_timely(outcome, at_pin)?;
        request::fail_if_held_back(&outcome)?;
    }
    let mut expiry_fee = 0;
    if let Err(e) = &outcome {
        if request::pays_expiry_fee(request::reason_of(e.clone())) {
            expiry_fee = request::expiry_fee(&pending, pool, config, 0);
        }
        let kept =
            Kept { fee: expiry_fee, protocol_share_bps: config.protocol_fee_share_bps, lp_supply: supply };
        refund(&pool_key, pool, &pending, &views, kept)?;
    }
    if let Ok(o) = outcome {
        if adding {
            token::mint_shares(
                &pool_key,
                pool,
                accounts.lp_mint.account(),
                views.user_lp_token,
                views.vault_authority,
                o.shares,
            )?;
        } else {
            token::burn_escrowed(
                &pool_key,
                pool,
                views.lp_escrow,
                views.lp_mint,
                views.vault_authority,
                o.shares,
            )?;
            token::transfer_out(
                &pool_key,
                pool,
                views.vault,
                views.user_token,
                views.vault_authority,
                o.amount,
            )?;
        }
    }
    accounts.lp_account.request = Request::default();
    let pool = &mut accounts.pool;
    request::pay_tip(accounts.lp_account.account(), accounts.keeper.account(), pending.tip_lamports)?;

    let keeper = *accounts.keeper.account().address();
    match outcome {
        Ok(o) => crate::emit!(
            events,
            pool,
            LiquidityMoved {
                owner,
                keeper,
                amount: o.amount,
                shares: o.shares,
                nav: o.nav,
                share_supply: if adding { supply + o.shares + o.dead_shares } else { supply - o.shares },
                direction: if adding { DIRECTION_DEPOSIT } else { DIRECTION_WITHDRAW },
                publish_time: prints.pinned.publish_time,
                late_publish_time: prints.late.map_or(0, |u| u.publish_time),
                tip_lamports: pending.tip_lamports
            }
        )?,
        Err(e) => crate::emit!(
            events,
            pool,
            RequestCancelled {
                account: *accounts.lp_account.account().address(),
                owner,
                caller: keeper,
                kind: u64::from(pending.kind),
                reason: request::reason_of(e),
                tip_lamports: pending.tip_lamports,
                expiry_fee
            }
        )?,
    }
    Ok(())
}

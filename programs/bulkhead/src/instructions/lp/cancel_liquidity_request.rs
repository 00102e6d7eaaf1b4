//! `cancel_liquidity_request`: the LP withdraws its request before its print exists, or anyone
//! clears one whose window has passed; the collateral or shares go back to the LP, less the
//! expiry fee when it expired.

use crate::engine::request;
use crate::errors::BulkheadError;
use crate::events::RequestCancelled;
use crate::instructions::shared::checks;
use crate::instructions::shared::lp_escrow::{check_lp_token_accounts, refund, Kept, RefundViews};
use crate::math;
use crate::oracle;
use crate::state::{LpAccount, Pool, Request, RiskParams};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `cancel_liquidity_request`.
#[event_cpi]
#[derive(Accounts)]
pub struct CancelLiquidityRequest {
    /// The LP (before the target time, while no print at or after it has been shown) or anyone (after the deadline); receives the tip, unless the
    /// LP expires its own request (then the pool account does).
    #[account(mut)]
    pub caller: Signer,
    /// The pool (receives a forfeited tip, and a deposit's expiry fee in its book).
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters (the expiry fee's rate and the protocol's share of it).
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// The LP account holding the request.
    #[account(mut, constraint = checks::of_pool(&lp_account.pool, pool.address()) @ BulkheadError::WrongPool)]
    pub lp_account: Account<LpAccount>,
    /// The pool's vault (a pending deposit's collateral).
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority, which signs the refund.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// The pool's LP escrow (a pending withdrawal's shares).
    #[account(mut, address = pool.lp_escrow @ BulkheadError::WrongLpEscrow)]
    pub lp_escrow: UncheckedAccount,
    /// The pool's LP mint (an expired withdrawal's fee is burned from the escrow).
    #[account(mut, address = pool.lp_mint @ BulkheadError::WrongLpMint)]
    pub lp_mint: UncheckedAccount,
    /// The LP's collateral token account.
    #[account(mut)]
    pub user_token_account: UncheckedAccount,
    /// The LP's token account of the pool's LP mint.
    #[account(mut)]
    pub user_lp_token_account: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
    /// The request's pinned `PriceUpdateV2` (the first print at or after its target), optional:
    /// when it was published after the deadline, no print existed while the request could
    /// execute, and expiring it costs the LP nothing. The program id for none.
    pub pinned_price_update: Option<UncheckedAccount>,
}

/// Ends the pending LP request without executing it, returns its collateral or shares to the LP's
/// own token accounts, pays its tip to the caller, and emits `RequestCancelled` (reason 0 = by the
/// owner, 1 = expired). An expired deposit keeps the expiry fee in LP capital (less the protocol's
/// share); an expired withdrawal burns the fee's shares, for the LPs who stay; no fee when the
/// caller shows that the request's pinned print came after its deadline, or when a pause of its
/// execution held it back after its target (`engine::request::held_back_by_pause`).
pub fn handler(ctx: &mut Context<CancelLiquidityRequest>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let caller = *accounts.caller.account().address();
    let pool_key = *accounts.pool.account().address();
    let owner = accounts.lp_account.owner;
    let pending = accounts.lp_account.request;
    let newest = accounts.pool.market.last_oracle_publish_time;
    let reason = request::cancellation(&pending, caller == owner, now, newest)?;
    let views = RefundViews {
        vault: accounts.vault.account(),
        lp_escrow: accounts.lp_escrow.account(),
        vault_authority: accounts.vault_authority.account(),
        user_token: accounts.user_token_account.account(),
        user_lp_token: accounts.user_lp_token_account.account(),
        lp_mint: accounts.lp_mint.account(),
    };
    let pool: &mut Pool = &mut accounts.pool;
    check_lp_token_accounts(pool, &views, &owner)?;
    let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
    let gap = match &accounts.pinned_price_update {
        Some(view) => {
            request::no_print_in_window(&pending, &oracle::load(view.account(), pool)?, now, newest)
        }
        None => false,
    };
    let free = gap || request::held_back_by_pause(&pending, pool, 0);
    let expiry_fee =
        if reason == request::EXPIRED && !free { request::expiry_fee(&pending, pool, config, 0) } else { 0 };
    let lp_supply = math::add(token::mint_supply(views.lp_mint)?, pool.market.dead_lp_shares)?;
    let kept = Kept { fee: expiry_fee, protocol_share_bps: config.protocol_fee_share_bps, lp_supply };
    refund(&pool_key, pool, &pending, &views, kept)?;
    accounts.lp_account.request = Request::default();
    let to =
        request::tip_recipient(reason, caller == owner, accounts.caller.account(), accounts.pool.account());
    request::pay_tip(accounts.lp_account.account(), to, pending.tip_lamports)?;
    let pool = &mut accounts.pool;
    crate::emit!(
        events,
        pool,
        RequestCancelled {
            account: *accounts.lp_account.account().address(),
            owner,
            caller,
            kind: u64::from(pending.kind),
            reason,
            tip_lamports: pending.tip_lamports,
            expiry_fee
        }
    )?;
    Ok(())
}

//! bulkhead: segregated collateral pools for derivatives.
//!
//! One pool per derivative product, each with its own PDA-owned vault, risk-parameter account and
//! book. Every instruction takes exactly one pool and can sign only with that pool's seeds, so a loss
//! in one pool can never reach another. This file is the thin dispatch; the logic lives in
//! `instructions/`, the layouts in `state/`, the arithmetic in `math/`.
#![cfg_attr(target_arch = "bpf", no_std)]

use anchor_lang::prelude::*;

pub mod engine;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod math;
pub mod oracle;
pub mod state;
pub mod token;

pub use instructions::*;
pub use state::{PoolRoles, RiskConfig};

declare_id!("HqyeMXhKJ19ukyLNaGK8VvoVF7T7HqM7HKbQ37eweHWo");

// Who to tell about a vulnerability, read by explorers from the `.security.txt` section of the
// deployed program (SECURITY.md has the policy). The `.invalid` addresses are placeholders a
// deployer replaces with its own before mainnet. Not in CPI builds.
#[cfg(not(feature = "no-entrypoint"))]
solana_security_txt::security_txt! {
    name: "bulkhead",
    project_url: "https://bulkhead.invalid",
    contacts: "email:security@bulkhead.invalid",
    policy: "SECURITY.md in the source repository",
    preferred_languages: "en",
    source_code: "https://bulkhead.invalid/source",
    auditors: "None"
}

// Upstream-LLVM BPF route: without std there is no panic handler; pinocchio's no_std one aborts.
#[cfg(all(not(feature = "no-entrypoint"), target_arch = "bpf"))]
anchor_lang::pinocchio::nostd_panic_handler!();

/// The program's instructions; each forwards to its handler in `instructions/`.
#[program]
pub mod bulkhead {
    use super::*;

    /// Creates a pool for one derivative product (see `instructions/admin/create_pool.rs`), with
    /// 10^`base_decimals` lots per unit of the underlying and its `roles`: the authority governing
    /// it, an optional guardian and custodian, and the sponsor providing its first-loss tranche.
    pub fn create_pool(
        ctx: &mut Context<CreatePool>,
        pool_id: u64,
        roles: PoolRoles,
        oracle_feed_id: [u8; 32],
        base_decimals: i8,
        params: RiskConfig,
    ) -> Result<()> {
        instructions::admin::create_pool::handler(ctx, pool_id, roles, oracle_feed_id, base_decimals, params)
    }

    /// Opens the signer's margin account in a pool.
    pub fn open_margin_account(ctx: &mut Context<OpenMarginAccount>) -> Result<()> {
        instructions::trader::open_margin_account::handler(ctx)
    }

    /// Closes the signer's empty margin account; rent back to the owner.
    pub fn close_margin_account(ctx: &mut Context<CloseMarginAccount>) -> Result<()> {
        instructions::trader::close_margin_account::handler(ctx)
    }

    /// Deposits collateral (collateral units) into the signer's margin account.
    pub fn deposit_collateral(ctx: &mut Context<DepositCollateral>, amount: u64) -> Result<()> {
        instructions::trader::deposit_collateral::handler(ctx, amount)
    }

    /// Withdraws free collateral (collateral units) from the signer's margin account.
    pub fn withdraw_collateral(ctx: &mut Context<WithdrawCollateral>, amount: u64) -> Result<()> {
        instructions::trader::withdraw_collateral::handler(ctx, amount)
    }

    /// Requests a trade of `size_delta` lots (> 0 buy, < 0 sell), no worse than `worst_price`
    /// all-in (collateral units per lot x 1e9), with a tip (lamports) for the keeper.
    pub fn request_trade(
        ctx: &mut Context<RequestTrade>,
        size_delta: i64,
        worst_price: u64,
        reduce_only: bool,
        tip_lamports: u64,
    ) -> Result<()> {
        instructions::trader::request_trade::handler(ctx, size_delta, worst_price, reduce_only, tip_lamports)
    }

    /// Cancels a trade request: its owner before its print, anyone after its window.
    pub fn cancel_trade_request(ctx: &mut Context<CancelTradeRequest>) -> Result<()> {
        instructions::trader::cancel_trade_request::handler(ctx)
    }

    /// Permissionless: executes a trade request at its pinned print (or cancels it when a check
    /// fails).
    pub fn execute_trade(ctx: &mut Context<ExecuteTrade>) -> Result<()> {
        instructions::keeper::execute_trade::handler(ctx)
    }

    /// Opens the signer's LP account in a pool (where its LP requests are recorded).
    pub fn open_lp_account(ctx: &mut Context<OpenLpAccount>) -> Result<()> {
        instructions::lp::open_lp_account::handler(ctx)
    }

    /// Closes the signer's LP account when no request is pending; rent back to the owner.
    pub fn close_lp_account(ctx: &mut Context<CloseLpAccount>) -> Result<()> {
        instructions::lp::close_lp_account::handler(ctx)
    }

    /// Requests a deposit of `amount` collateral units for at least `min_shares_out` LP shares.
    pub fn request_add_liquidity(
        ctx: &mut Context<RequestAddLiquidity>,
        amount: u64,
        min_shares_out: u64,
        tip_lamports: u64,
    ) -> Result<()> {
        instructions::lp::request_add_liquidity::handler(ctx, amount, min_shares_out, tip_lamports)
    }

    /// Requests the withdrawal of `shares` for at least `min_amount_out` collateral units; the
    /// shares move to the pool's escrow now.
    pub fn request_remove_liquidity(
        ctx: &mut Context<RequestRemoveLiquidity>,
        shares: u64,
        min_amount_out: u64,
        tip_lamports: u64,
    ) -> Result<()> {
        instructions::lp::request_remove_liquidity::handler(ctx, shares, min_amount_out, tip_lamports)
    }

    /// Cancels an LP request (its owner before its print, anyone after its window) and returns
    /// its collateral or shares.
    pub fn cancel_liquidity_request(ctx: &mut Context<CancelLiquidityRequest>) -> Result<()> {
        instructions::lp::cancel_liquidity_request::handler(ctx)
    }

    /// Permissionless: executes an LP request at its pinned print (or refunds it when a check
    /// fails).
    pub fn execute_liquidity(ctx: &mut Context<ExecuteLiquidity>) -> Result<()> {
        instructions::keeper::execute_liquidity::handler(ctx)
    }

    /// Permissionless: compares the vault's SPL balance with the pool's book, emits the figures,
    /// records them in the pool's attestation account, and turns the pool reduce-only while the
    /// vault is short (back when it is covered).
    pub fn attest_solvency(ctx: &mut Context<AttestSolvency>) -> Result<()> {
        instructions::keeper::attest_solvency::handler(ctx)
    }

    /// Permissionless: shows the pool a newer print (at most `fresh_price_max_age_secs` old), which
    /// becomes its newest: one-step reads never use an older one.
    pub fn refresh_price(ctx: &mut Context<RefreshPrice>) -> Result<()> {
        instructions::keeper::refresh_price::handler(ctx)
    }

    /// Permissionless: liquidates an account below maintenance margin at a fresh print, partly to
    /// maintenance + buffer or in full.
    pub fn liquidate(ctx: &mut Context<Liquidate>) -> Result<()> {
        instructions::keeper::liquidate::handler(ctx)
    }

    /// Permissionless: at a fresh print, settles an open account's funding and borrow and realizes
    /// its unrealized loss up to its collateral into LP capital (the entry moves to the mark, the
    /// lock grows by as much: nothing the account can be paid changes).
    pub fn settle_pnl(ctx: &mut Context<SettlePnl>) -> Result<()> {
        instructions::keeper::settle_pnl::handler(ctx)
    }

    /// Anyone: adds `amount` collateral units to the pool's insurance fund (first paying LPs back
    /// an unrecovered shortfall).
    pub fn fund_insurance(ctx: &mut Context<FundInsurance>, amount: u64) -> Result<()> {
        instructions::keeper::fund_insurance::handler(ctx, amount)
    }

    /// The sponsor: adds `amount` collateral units to the pool's first-loss tranche.
    pub fn sponsor_deposit(ctx: &mut Context<SponsorDeposit>, amount: u64) -> Result<()> {
        instructions::sponsor::sponsor_deposit::handler(ctx, amount)
    }

    /// The sponsor: asks to unbond `amount` collateral units of its tranche, withdrawable after
    /// `sponsor_unbonding_secs`.
    pub fn request_sponsor_unbond(ctx: &mut Context<RequestSponsorUnbond>, amount: u64) -> Result<()> {
        instructions::sponsor::request_sponsor_unbond::handler(ctx, amount)
    }

    /// The sponsor: withdraws unbonded capital, once no shortfall is left unrecovered.
    pub fn sponsor_withdraw(ctx: &mut Context<SponsorWithdraw>) -> Result<()> {
        instructions::sponsor::sponsor_withdraw::handler(ctx)
    }

    /// The authority: names its successor, who must accept (`accept_authority`).
    pub fn propose_authority(ctx: &mut Context<ProposeAuthority>, new_authority: Address) -> Result<()> {
        instructions::admin::propose_authority::handler(ctx, new_authority)
    }

    /// The proposed authority takes over; the queued change is cancelled, the guardian stays.
    pub fn accept_authority(ctx: &mut Context<AcceptAuthority>) -> Result<()> {
        instructions::admin::accept_authority::handler(ctx)
    }

    /// The authority: appoints a guardian at once where there is none; replacing or removing one
    /// (the default address) is queued behind the timelock and the guardian cannot veto it.
    pub fn set_guardian(ctx: &mut Context<SetGuardian>, guardian: Address) -> Result<()> {
        instructions::admin::set_guardian::handler(ctx, guardian)
    }

    /// The authority: proposes a configuration and custodian, applied at once when it only
    /// reduces risk, else queued behind the pool's timelock as the fields it changes (a diff).
    pub fn propose_params(
        ctx: &mut Context<ProposeParams>,
        config: RiskConfig,
        custodian: Address,
    ) -> Result<()> {
        instructions::admin::propose_params::handler(ctx, config, custodian)
    }

    /// The authority or the guardian: cancels the queued change (a change of guardian only the
    /// authority).
    pub fn cancel_params(ctx: &mut Context<CancelParams>) -> Result<()> {
        instructions::admin::cancel_params::handler(ctx)
    }

    /// Permissionless: installs the queued parameter change once its timelock has passed.
    pub fn apply_params(ctx: &mut Context<ApplyParams>) -> Result<()> {
        instructions::keeper::apply_params::handler(ctx)
    }

    /// The authority or the guardian: pauses the operations of `ops` for `duration_secs`
    /// (at most 24 h; the guardian at most 3 times in 7 days).
    pub fn pause(ctx: &mut Context<Pause>, ops: u8, duration_secs: u32) -> Result<()> {
        instructions::admin::pause::handler(ctx, ops, duration_secs)
    }

    /// The authority: ends the pauses of `ops` early.
    pub fn resume(ctx: &mut Context<Resume>, ops: u8) -> Result<()> {
        instructions::admin::resume::handler(ctx, ops)
    }

    /// The authority (and the custodian, if any): moves `amount` of the protocol's fees out.
    pub fn collect_fees(ctx: &mut Context<WithdrawPoolFunds>, amount: u64) -> Result<()> {
        instructions::admin::collect_fees::handler(ctx, amount)
    }

    /// The authority: announces taking `amount` out of the insurance fund, behind the timelock.
    pub fn announce_insurance_withdrawal(
        ctx: &mut Context<AnnounceInsuranceWithdrawal>,
        amount: u64,
    ) -> Result<()> {
        instructions::admin::announce_insurance_withdrawal::handler(ctx, amount)
    }

    /// The authority (and the custodian, if any): moves `amount` out of the insurance fund, at
    /// most what a matured announcement names.
    pub fn withdraw_insurance(ctx: &mut Context<WithdrawPoolFunds>, amount: u64) -> Result<()> {
        instructions::admin::withdraw_insurance::handler(ctx, amount)
    }
}

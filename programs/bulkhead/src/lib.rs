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
pub use state::RiskConfig;

declare_id!("HqyeMXhKJ19ukyLNaGK8VvoVF7T7HqM7HKbQ37eweHWo");

// Upstream-LLVM BPF route: without std there is no panic handler; pinocchio's no_std one aborts.
#[cfg(all(not(feature = "no-entrypoint"), target_arch = "bpf"))]
anchor_lang::pinocchio::nostd_panic_handler!();

/// The program's instructions; each forwards to its handler in `instructions/`.
#[program]
pub mod bulkhead {
    use super::*;

    /// Creates a pool for one derivative product (see `instructions/admin/create_pool.rs`).
    pub fn create_pool(
        ctx: &mut Context<CreatePool>,
        pool_id: u64,
        authority: Address,
        oracle_feed_id: [u8; 32],
        params: RiskConfig,
    ) -> Result<()> {
        instructions::admin::create_pool::handler(ctx, pool_id, authority, oracle_feed_id, params)
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

    /// Trades `size_delta` base lots (> 0 buy, < 0 sell) at the oracle price, no worse than
    /// `worst_price` (collateral units per lot x 1e9).
    pub fn trade(ctx: &mut Context<Trade>, size_delta: i64, worst_price: u64) -> Result<()> {
        instructions::trader::trade::handler(ctx, size_delta, worst_price)
    }

    /// Adds `amount` collateral to the pool's LP capital for at least `min_shares_out` LP shares.
    pub fn add_liquidity(ctx: &mut Context<AddLiquidity>, amount: u64, min_shares_out: u64) -> Result<()> {
        instructions::lp::add_liquidity::handler(ctx, amount, min_shares_out)
    }

    /// Burns `shares` for at least `min_amount_out` collateral out of the pool's LP capital.
    pub fn remove_liquidity(
        ctx: &mut Context<RemoveLiquidity>,
        shares: u64,
        min_amount_out: u64,
    ) -> Result<()> {
        instructions::lp::remove_liquidity::handler(ctx, shares, min_amount_out)
    }

    /// Permissionless: compares the vault's SPL balance with the pool's book and emits the figures.
    pub fn attest_solvency(ctx: &mut Context<AttestSolvency>) -> Result<()> {
        instructions::keeper::attest_solvency::handler(ctx)
    }
}

//! `apply_params`: anyone installs a queued parameter change once its timelock has passed.

use crate::engine::params;
use crate::errors::BulkheadError;
use crate::events::ParamsApplied;
use crate::math;
use crate::state::{Pool, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `apply_params`. Permissionless: the change was announced a timelock ago.
#[derive(Accounts)]
pub struct ApplyParams {
    /// The pool (its funding accrues at the old rates first).
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(mut, address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Installs the queued change inside `[eta, expires_at]` (`TimelockNotElapsed`, `ChangeExpired`,
/// `NoPendingChange`), checked again against the configuration in force. Emits `ParamsApplied`
/// with `at_once = 0`.
pub fn handler(ctx: &mut Context<ApplyParams>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let change = params::apply(&mut accounts.pool, &mut accounts.risk_params, now)?;
    let pool: &mut Pool = &mut accounts.pool;
    pool.sequence = math::add(pool.sequence, 1)?;
    crate::log!(
        accounts.pool,
        ParamsApplied {
            pool: *accounts.pool.account().address(),
            sequence: accounts.pool.sequence,
            book: accounts.pool.book,
            config: change.config,
            custodian: change.custodian,
            at_once: 0,
        }
    );
    Ok(())
}

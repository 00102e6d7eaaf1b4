//! `apply_params`: anyone installs a queued parameter change once its timelock has passed.

use crate::engine::params;
use crate::errors::BulkheadError;
use crate::events::{GuardianSet, ParamsApplied};
use crate::state::governance::SETS_GUARDIAN;
use crate::state::{Pool, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `apply_params`. Permissionless: the change was announced a timelock ago.
#[event_cpi]
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
/// `NoPendingChange`): its fields over the configuration in force, checked again against it, and
/// the custodian or guardian it names. Emits `ParamsApplied` with `at_once = 0`, or
/// `GuardianSet` for a change of guardian.
pub fn handler(ctx: &mut Context<ApplyParams>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let change = params::apply(&mut accounts.pool, &mut accounts.risk_params, now)?;
    if change.sets & SETS_GUARDIAN != 0 {
        crate::emit!(events, accounts.pool, GuardianSet { guardian: change.guardian })?;
    } else {
        crate::emit!(
            events,
            accounts.pool,
            ParamsApplied {
                config: change.config,
                custodian: accounts.pool.custodian,
                guardian: accounts.pool.guardian,
                changed: u64::from(change.changed),
                at_once: 0
            }
        )?;
    }
    Ok(())
}

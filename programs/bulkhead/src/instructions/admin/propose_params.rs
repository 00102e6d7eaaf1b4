//! `propose_params`: the authority changes the pool's risk parameters, at once when the change
//! only reduces risk, else behind the timelock (rules: `state::governance`).

use crate::engine::params::{self, Change, Proposal};
use crate::errors::BulkheadError;
use crate::events::{ParamsApplied, ParamsProposed};
use crate::math;
use crate::state::{Pool, RiskConfig, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `propose_params`.
#[derive(Accounts)]
pub struct ProposeParams {
    /// The pool's authority.
    pub authority: Signer,
    /// The pool (its funding accrues when a change applies at once).
    #[account(mut, constraint = pool.authority == *authority.address() @ BulkheadError::NotAuthority)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters: the configuration in force and the queue.
    #[account(mut, address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Proposes `config` and `custodian` (default: none) as the pool's whole configuration: refused
/// with the exact validation error (as at `create_pool`) or `ParamStepTooLarge`. A change that
/// only reduces risk and keeps the custodian applies now (`ParamsApplied`, `at_once = 1`); any
/// other is queued, replacing a queued one, appliable by anyone from `now + timelock_secs` for
/// `PARAMS_CHANGE_LIFETIME_SECS` (`ParamsProposed`).
pub fn handler(ctx: &mut Context<ProposeParams>, config: RiskConfig, custodian: Address) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let change = Change { config, custodian };
    let outcome = params::propose(&mut accounts.pool, &mut accounts.risk_params, &change, now)?;
    let pool: &mut Pool = &mut accounts.pool;
    pool.sequence = math::add(pool.sequence, 1)?;
    let (key, sequence, book) =
        (*accounts.pool.account().address(), accounts.pool.sequence, accounts.pool.book);
    match outcome {
        Proposal::Applied => {
            crate::log!(
                accounts.pool,
                ParamsApplied { pool: key, sequence, book, config, custodian, at_once: 1 }
            )
        }
        Proposal::Queued { eta, expires_at } => {
            crate::log!(
                accounts.pool,
                ParamsProposed { pool: key, sequence, book, config, custodian, eta, expires_at }
            )
        }
    }
    Ok(())
}

//! `propose_params`: the authority changes the pool's risk parameters (and custodian), at once
//! when the change only reduces risk, else behind the timelock (rules: `state::governance`).

use crate::engine::params::{self, Change, Proposal};
use crate::errors::BulkheadError;
use crate::events::{ParamsApplied, ParamsProposed};
use crate::state::governance::changed_fields;
use crate::state::{Pool, RiskConfig, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `propose_params`.
#[event_cpi]
#[derive(Accounts)]
pub struct ProposeParams {
    /// The pool's authority.
    pub authority: Signer,
    /// The custodian in office, signing its consent to a change of custodian; the program id for
    /// none (only a change of custodian reads it).
    pub outgoing_custodian: Option<Signer>,
    /// The custodian the change names, signing its consent; the program id for none.
    pub incoming_custodian: Option<Signer>,
    /// The pool (its funding accrues when a change applies at once).
    #[account(mut, constraint = pool.authority == *authority.address() @ BulkheadError::NotAuthority)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters: the configuration in force and the queue.
    #[account(mut, address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Proposes `config` and `custodian` (default: none) as the pool's whole configuration: refused
/// with the exact validation error (as at `create_pool`) or `ParamStepTooLarge`. A change that
/// only reduces risk and keeps the custodian applies now (`ParamsApplied`, `at_once = 1`) and
/// drops the fields it moved from the queued change; any other queues the fields it changes
/// (and the custodian, with both custodians' consent: `CustodianConsentRequired`), replacing a
/// queued change, appliable by anyone from `now + timelock_secs` for
/// `PARAMS_CHANGE_LIFETIME_SECS` (`ParamsProposed`).
pub fn handler(ctx: &mut Context<ProposeParams>, config: RiskConfig, custodian: Address) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let consent = (
        accounts.outgoing_custodian.as_ref().map(|s| s.address()),
        accounts.incoming_custodian.as_ref().map(|s| s.address()),
    );
    let before = accounts.risk_params.config;
    let change = Change { config, custodian };
    let outcome = params::propose(&mut accounts.pool, &mut accounts.risk_params, &change, consent, now)?;
    match outcome {
        Proposal::Applied => crate::emit!(
            events,
            accounts.pool,
            ParamsApplied {
                config,
                custodian,
                guardian: accounts.pool.guardian,
                changed: u64::from(changed_fields(&before, &config)),
                at_once: 1
            }
        )?,
        Proposal::Queued => {
            let p = accounts.risk_params.pending;
            events.emit(&mut accounts.pool, ParamsProposed::of(&p))?;
        }
    }
    Ok(())
}

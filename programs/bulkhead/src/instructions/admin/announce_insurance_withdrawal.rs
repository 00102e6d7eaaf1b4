//! `announce_insurance_withdrawal`: the authority gives notice that it will take insurance out.

use crate::engine::params;
use crate::errors::BulkheadError;
use crate::events::ParamsProposed;
use crate::state::{Pool, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `announce_insurance_withdrawal`.
#[event_cpi]
#[derive(Accounts)]
pub struct AnnounceInsuranceWithdrawal {
    /// The pool's authority.
    pub authority: Signer,
    /// The pool.
    #[account(mut, constraint = pool.authority == *authority.address() @ BulkheadError::NotAuthority)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters, whose queue holds the announcement.
    #[account(mut, address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Announces taking `amount` (collateral units, > 0: `ZeroAmount`) out of the insurance fund:
/// queued behind the timelock like a harmful change (replacing any queued change, ending exit
/// pauses, vetoable by the guardian), after which `withdraw_insurance` may move up to `amount`
/// until the announcement expires (issue 15: on the landed program the authority pulled the
/// insurance just before a visible bankruptcy and the LPs absorbed it). Emits `ParamsProposed`
/// with `sets = SETS_INSURANCE_WITHDRAWAL` and the amount.
pub fn handler(ctx: &mut Context<AnnounceInsuranceWithdrawal>, amount: u64) -> Result<()> {
    let events = crate::emitter!(ctx);
    require!(amount > 0, BulkheadError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    params::announce_insurance_withdrawal(&mut accounts.pool, &mut accounts.risk_params, amount, now);
    let p = accounts.risk_params.pending;
    events.emit(&mut accounts.pool, ParamsProposed::of(&p))?;
    Ok(())
}

//! `set_guardian`: the authority appoints the pool's guardian, or queues its replacement.

use crate::engine::params;
use crate::errors::BulkheadError;
use crate::events::{GuardianSet, ParamsProposed};
use crate::state::{Pool, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `set_guardian`.
#[event_cpi]
#[derive(Accounts)]
pub struct SetGuardian {
    /// The pool's authority.
    pub authority: Signer,
    /// The pool.
    #[account(mut, constraint = pool.authority == *authority.address() @ BulkheadError::NotAuthority)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters, whose queue holds a replacement of the guardian.
    #[account(mut, address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Sets the guardian to `guardian` (the default address: none). Where there is none, appointing
/// one applies at once: a guardian can only hold things back (`GuardianSet`). Replacing or
/// removing one is a change of its own behind the timelock, replacing any queued change, which
/// the guardian cannot veto (`ParamsProposed` with `sets = SETS_GUARDIAN`); until it applies the
/// guardian keeps its veto, and the queue holds nothing else.
pub fn handler(ctx: &mut Context<SetGuardian>, guardian: Address) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    // Naming the guardian in office would queue a change nobody can veto that does nothing but
    // keep exits unpausable (helper review): refused.
    require!(guardian != accounts.pool.guardian, BulkheadError::GuardianUnchanged);
    let appoint = accounts.pool.guardian == Address::default();
    if appoint {
        accounts.pool.guardian = guardian;
    } else {
        params::propose_guardian(&mut accounts.pool, &mut accounts.risk_params, guardian, now);
    }
    if appoint {
        crate::emit!(events, accounts.pool, GuardianSet { guardian })?;
    } else {
        let p = accounts.risk_params.pending;
        events.emit(&mut accounts.pool, ParamsProposed::of(&p))?;
    }
    Ok(())
}

//! `cancel_params`: the authority withdraws its queued change, or the guardian vetoes it.

use crate::errors::BulkheadError;
use crate::events::ParamsCancelled;
use crate::state::governance::SETS_GUARDIAN;
use crate::state::{PendingChange, Pool, RiskParams};
use anchor_lang::prelude::*;
use bytemuck::Zeroable;

/// Accounts of `cancel_params`. Never pausable.
#[event_cpi]
#[derive(Accounts)]
pub struct CancelParams {
    /// The pool's authority or its guardian.
    pub signer: Signer,
    /// The pool.
    #[account(
        mut,
        constraint = pool.is_authority_or_guardian(signer.address()) @ BulkheadError::NotAuthorityOrGuardian
    )]
    pub pool: Account<Pool>,
    /// The pool's risk parameters, whose queue is cleared.
    #[account(mut, address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Clears the queued change (`NoPendingChange` when there is none). The guardian cannot cancel a
/// change of the guardian (`GuardianChangeNotVetoable`): only the authority withdraws it. Emits
/// `ParamsCancelled`.
pub fn handler(ctx: &mut Context<CancelParams>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let accounts = &mut ctx.accounts;
    let pending = accounts.risk_params.pending;
    require!(pending.active == 1, BulkheadError::NoPendingChange);
    let by_authority = accounts.pool.authority == *accounts.signer.address();
    require!(by_authority || pending.sets & SETS_GUARDIAN == 0, BulkheadError::GuardianChangeNotVetoable);
    accounts.risk_params.pending = PendingChange::zeroed();
    crate::emit!(events, accounts.pool, ParamsCancelled { by: *accounts.signer.address() })?;
    Ok(())
}

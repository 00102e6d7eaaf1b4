//! `accept_authority`: the proposed authority takes the pool over.

use crate::errors::BulkheadError;
use crate::events::AuthorityAccepted;
use crate::state::{PendingChange, Pool, RiskParams};
use anchor_lang::prelude::*;
use bytemuck::Zeroable;

/// Accounts of `accept_authority`. Never pausable.
#[event_cpi]
#[derive(Accounts)]
pub struct AcceptAuthority {
    /// The authority `propose_authority` named.
    pub new_authority: Signer,
    /// The pool.
    #[account(
        mut,
        constraint = pool.pending_authority == *new_authority.address() @ BulkheadError::NotPendingAuthority
    )]
    pub pool: Account<Pool>,
    /// The pool's risk parameters, whose queued change the handover cancels.
    #[account(mut, address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Makes the signer the pool's authority. The queued change the old authority set in motion is
/// cancelled. The guardian stays (issue 15: clearing it let an authority hand the pool to its own
/// second key to be rid of a guardian at once); the new authority replaces it through the
/// timelock like any other. `pending_authority` is never the default address while set (`propose_authority`
/// refuses it), so an unset one matches no signer. Emits `AuthorityAccepted`.
pub fn handler(ctx: &mut Context<AcceptAuthority>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let accounts = &mut ctx.accounts;
    let cancelled_change = u64::from(accounts.risk_params.pending.active);
    accounts.risk_params.pending = PendingChange::zeroed();
    let pool: &mut Pool = &mut accounts.pool;
    let previous = pool.authority;
    pool.authority = pool.pending_authority;
    pool.pending_authority = Address::default();
    crate::emit!(
        events,
        accounts.pool,
        AuthorityAccepted { previous, authority: accounts.pool.authority, cancelled_change }
    )?;
    Ok(())
}

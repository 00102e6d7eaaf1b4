//! `propose_authority`: the first of the two steps that hand a pool to a new authority.

use crate::errors::BulkheadError;
use crate::events::AuthorityProposed;
use crate::state::Pool;
use anchor_lang::prelude::*;

/// Accounts of `propose_authority`.
#[event_cpi]
#[derive(Accounts)]
pub struct ProposeAuthority {
    /// The pool's authority (a wallet, or a multisig or DAO PDA signing through CPI).
    pub authority: Signer,
    /// The pool.
    #[account(mut, constraint = pool.authority == *authority.address() @ BulkheadError::NotAuthority)]
    pub pool: Account<Pool>,
}

/// Names `new_authority` (not the default address: `InvalidAuthority`) as the pool's next
/// authority. Nothing else changes until it signs `accept_authority`; a later proposal replaces
/// this one. Emits `AuthorityProposed`.
pub fn handler(ctx: &mut Context<ProposeAuthority>, new_authority: Address) -> Result<()> {
    let events = crate::emitter!(ctx);
    require!(new_authority != Address::default(), BulkheadError::InvalidAuthority);
    let pool: &mut Pool = &mut ctx.accounts.pool;
    pool.pending_authority = new_authority;
    crate::emit!(
        events,
        ctx.accounts.pool,
        AuthorityProposed { authority: ctx.accounts.pool.authority, pending_authority: new_authority }
    )?;
    Ok(())
}

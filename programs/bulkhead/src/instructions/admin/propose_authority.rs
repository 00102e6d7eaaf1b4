//! `propose_authority`: the first of the two steps that hand a pool to a new authority.

use crate::errors::BulkheadError;
use crate::events::AuthorityProposed;
use crate::math;
use crate::state::Pool;
use anchor_lang::prelude::*;

/// Accounts of `propose_authority`.
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
    require!(new_authority != Address::default(), BulkheadError::InvalidAuthority);
    let pool: &mut Pool = &mut ctx.accounts.pool;
    pool.pending_authority = new_authority;
    pool.sequence = math::add(pool.sequence, 1)?;
    crate::log!(
        ctx.accounts.pool,
        AuthorityProposed {
            pool: *ctx.accounts.pool.account().address(),
            sequence: ctx.accounts.pool.sequence,
            book: ctx.accounts.pool.book,
            authority: ctx.accounts.pool.authority,
            pending_authority: new_authority,
        }
    );
    Ok(())
}

//! `set_guardian`: the authority appoints (or removes) the pool's guardian.

use crate::errors::BulkheadError;
use crate::events::GuardianSet;
use crate::math;
use crate::state::Pool;
use anchor_lang::prelude::*;

/// Accounts of `set_guardian`.
#[derive(Accounts)]
pub struct SetGuardian {
    /// The pool's authority.
    pub authority: Signer,
    /// The pool.
    #[account(mut, constraint = pool.authority == *authority.address() @ BulkheadError::NotAuthority)]
    pub pool: Account<Pool>,
}

/// Sets the guardian to `guardian` (the default address: none). A guardian can only hold things
/// back (veto queued changes; pause within its limits), so it is set at once. Emits `GuardianSet`.
pub fn handler(ctx: &mut Context<SetGuardian>, guardian: Address) -> Result<()> {
    let pool: &mut Pool = &mut ctx.accounts.pool;
    pool.guardian = guardian;
    pool.sequence = math::add(pool.sequence, 1)?;
    crate::log!(
        ctx.accounts.pool,
        GuardianSet {
            pool: *ctx.accounts.pool.account().address(),
            sequence: ctx.accounts.pool.sequence,
            book: ctx.accounts.pool.book,
            guardian,
        }
    );
    Ok(())
}

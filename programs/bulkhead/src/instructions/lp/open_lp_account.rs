//! `open_lp_account`: an LP's request record in one pool (its shares stay SPL tokens in its wallet).

use crate::events::LpAccountOpened;
use crate::state::{seeds, LpAccount, Pool, CURRENT_VERSION};
use anchor_lang::prelude::*;

/// Accounts of `open_lp_account`.
#[event_cpi]
#[derive(Accounts)]
pub struct OpenLpAccount {
    /// The LP; pays the rent and gets it back on close.
    #[account(mut)]
    pub owner: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The new LP account, `["lp", pool, owner]`.
    #[account(init, payer = owner, seeds = [seeds::LP_ACCOUNT, pool.address().as_ref(), owner.address().as_ref()], bump)]
    pub lp_account: Account<LpAccount>,
    /// System program.
    pub system_program: Program<System>,
}

/// Opens an empty LP account and emits `LpAccountOpened`.
pub fn handler(ctx: &mut Context<OpenLpAccount>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let pool_key = *ctx.accounts.pool.account().address();
    let owner = *ctx.accounts.owner.account().address();
    let lp_key = *ctx.accounts.lp_account.account().address();
    let lp = &mut ctx.accounts.lp_account;
    lp.version = CURRENT_VERSION;
    lp.bump = ctx.bumps.lp_account;
    lp.pool = pool_key;
    lp.owner = owner;
    let pool = &mut ctx.accounts.pool;
    crate::emit!(events, pool, LpAccountOpened { lp_account: lp_key, owner })?;
    Ok(())
}

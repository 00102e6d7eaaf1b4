//! `open_margin_account`: a trader's account in one pool.

use crate::events::MarginAccountOpened;
use crate::math;
use crate::state::{seeds, MarginAccount, Pool, CURRENT_VERSION};
use anchor_lang::prelude::*;

/// Accounts of `open_margin_account`.
#[event_cpi]
#[derive(Accounts)]
pub struct OpenMarginAccount {
    /// The account's owner; pays its rent and gets it back on close.
    #[account(mut)]
    pub owner: Signer,
    /// The pool the account belongs to.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The new margin account, `["margin", pool, owner]`.
    #[account(init, payer = owner, seeds = [seeds::MARGIN, pool.address().as_ref(), owner.address().as_ref()], bump)]
    pub margin_account: Account<MarginAccount>,
    /// System program.
    pub system_program: Program<System>,
}

/// Opens an empty margin account and emits `MarginAccountOpened`.
pub fn handler(ctx: &mut Context<OpenMarginAccount>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let pool_key = *ctx.accounts.pool.account().address();
    let owner = *ctx.accounts.owner.account().address();
    let margin_key = *ctx.accounts.margin_account.account().address();

    let margin = &mut ctx.accounts.margin_account;
    margin.version = CURRENT_VERSION;
    margin.bump = ctx.bumps.margin_account;
    margin.opened_at = Clock::get()?.unix_timestamp;
    margin.pool = pool_key;
    margin.owner = owner;

    let pool = &mut ctx.accounts.pool;
    pool.open_margin_accounts = math::add(pool.open_margin_accounts, 1)?;
    crate::emit!(events, pool, MarginAccountOpened { margin_account: margin_key, owner })?;
    Ok(())
}

//! `attest_solvency`: anyone may check a pool's vault against its book, and so switch the pool to
//! reduce-only when the vault is short, or back when it is covered again.

use crate::errors::BulkheadError;
use crate::events::SolvencyAttested;
use crate::instructions::shared::checks;
use crate::state::{Attestation, Pool};
use crate::token;
use anchor_lang::prelude::*;

/// Accounts of `attest_solvency`. The pool is writable because an attestation can switch it to
/// reduce-only; the vault is only read.
#[event_cpi]
#[derive(Accounts)]
pub struct AttestSolvency {
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's vault.
    #[account(address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's attestation account (`["attestation", pool]`), rewritten with what this
    /// attestation found.
    #[account(mut, constraint = checks::of_pool(&attestation.pool, pool.account().address()) @ BulkheadError::WrongPool)]
    pub attestation: Account<Attestation>,
}

/// Compares the vault's real SPL balance with the book total. A vault short of its book (tokens
/// that left it without the program: a hostile mint's permanent delegate or a freeze-and-burn)
/// turns the pool reduce-only: risk-increasing orders and LP flows fail with `PoolReduceOnly`
/// while closes, liquidations and free-collateral withdrawals keep working. A vault that covers
/// the book again (a top-up) turns it back. Emits `SolvencyAttested`, which like every event
/// advances the pool's sequence and hash chain, and rewrites the pool's `Attestation` account with
/// the slot, the two totals, and the sequence and hash after that event. Never fails on a short
/// vault: the attestation is the evidence.
pub fn handler(ctx: &mut Context<AttestSolvency>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let clock = Clock::get()?;
    let vault_balance = token::vault_balance(ctx.accounts.vault.account())?;
    let pool = &mut ctx.accounts.pool;
    let book_total = pool.book.total()?;
    let short = u8::from(vault_balance < book_total);
    pool.reduce_only = short;
    crate::emit!(
        events,
        pool,
        SolvencyAttested {
            book_total,
            vault_balance,
            surplus: vault_balance.saturating_sub(book_total),
            deficit: book_total.saturating_sub(vault_balance),
            reduce_only: u64::from(short)
        }
    )?;
    let (sequence, state_hash) = (pool.sequence, pool.state_hash);
    let at: &mut Attestation = &mut ctx.accounts.attestation;
    (at.slot, at.unix_time, at.vault_balance, at.book_total) =
        (clock.slot, clock.unix_timestamp, vault_balance, book_total);
    (at.sequence, at.state_hash, at.reduce_only) = (sequence, state_hash, short);
    Ok(())
}

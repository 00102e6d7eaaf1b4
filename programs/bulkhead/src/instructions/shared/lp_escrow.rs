//! An LP request's escrow when it ends without executing: what the keeper's `execute_liquidity`
//! (a refund on a failed check or an expiry) and the LP's `cancel_liquidity_request` both pay
//! back, less the expiry fee the pool keeps.

use crate::engine::book;
use crate::errors::BulkheadError;
use crate::math;
use crate::state::request::{REQUEST_ADD_LIQUIDITY, REQUEST_REMOVE_LIQUIDITY};
use crate::state::{Pool, Request};
use crate::token;
use anchor_lang::prelude::*;

/// The token accounts an LP request pays back into when it does not execute.
pub(crate) struct RefundViews<'a> {
    /// The pool's vault (pending deposits).
    pub vault: &'a AccountView,
    /// The pool's LP escrow (pending withdrawals).
    pub lp_escrow: &'a AccountView,
    /// The pool's vault authority, which signs.
    pub vault_authority: &'a AccountView,
    /// The LP's collateral token account.
    pub user_token: &'a AccountView,
    /// The LP's LP-share token account.
    pub user_lp_token: &'a AccountView,
    /// The pool's LP mint (an expiry fee in shares is burned).
    pub lp_mint: &'a AccountView,
}

/// What an LP request that ends without executing keeps for the pool: its expiry fee
/// (`engine::request::expiry_fee`) and what decides where a deposit's goes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Kept {
    /// The fee, at most the request's amount: collateral units for a deposit, LP shares for a
    /// withdrawal.
    pub fee: u64,
    /// `protocol_fee_share_bps`: the protocol's share of a deposit's fee (bps of the fee).
    pub protocol_share_bps: u32,
    /// LP shares outstanding (dead shares included). With none, a deposit's fee goes to the
    /// protocol's fees: in LP capital it would belong to whoever deposits first.
    pub lp_supply: u64,
}

/// Checks that both token accounts are the LP's own, of the pool's collateral and LP mints.
pub(crate) fn check_lp_token_accounts(pool: &Pool, views: &RefundViews, owner: &Address) -> Result<()> {
    token::check_user_token_account(views.user_token, &pool.collateral_mint, owner)?;
    token::check_user_token_account(views.user_lp_token, &pool.lp_mint, owner)
}

/// Returns an unexecuted request's escrow to its owner, less what the pool keeps (`kept`): a
/// deposit's collateral out of the vault (all of it out of `pending_deposits`, the fee into LP
/// capital less the protocol's share, or to the protocol's fees in a pool with no shares yet), a
/// withdrawal's shares out of the LP escrow (the fee's shares burned, for the LPs who stay).
pub(crate) fn refund(
    pool_key: &Address,
    pool: &mut Pool,
    order: &Request,
    views: &RefundViews,
    kept: Kept,
) -> Result<()> {
    let fee = kept.fee.min(order.amount);
    let back = order.amount - fee;
    match order.kind {
        REQUEST_ADD_LIQUIDITY => {
            pool.book.pending_deposits = math::sub(pool.book.pending_deposits, order.amount)?;
            if kept.lp_supply == 0 {
                pool.book.protocol_fees = math::add(pool.book.protocol_fees, fee)?;
            } else {
                pool.book.lp_capital = math::add(pool.book.lp_capital, fee)?;
                book::protocol_cut(&mut pool.book, fee, kept.protocol_share_bps);
            }
            token::transfer_out(pool_key, pool, views.vault, views.user_token, views.vault_authority, back)
        }
        REQUEST_REMOVE_LIQUIDITY => {
            if fee > 0 {
                token::burn_escrowed(
                    pool_key,
                    pool,
                    views.lp_escrow,
                    views.lp_mint,
                    views.vault_authority,
                    fee,
                )?;
            }
            token::transfer_out(
                pool_key,
                pool,
                views.lp_escrow,
                views.user_lp_token,
                views.vault_authority,
                back,
            )
        }
        _ => Err(BulkheadError::NoPendingRequest.into()),
    }
}

//! Instructions of liquidity providers, the counterparty of every position in a pool. LP flows are
//! requests: the collateral (deposit) or the shares (withdrawal) move to the pool when the request
//! is made, and a keeper executes it at its pinned print (`keeper::execute_liquidity`).

use crate::engine::{book, request};
use crate::errors::BulkheadError;
use crate::events::LiquidityRequested;
use crate::math;
use crate::state::request::{REQUEST_ADD_LIQUIDITY, REQUEST_REMOVE_LIQUIDITY};
use crate::state::{LpAccount, Pool, Request, RiskConfig};
use crate::token;
use anchor_lang::prelude::*;

pub mod cancel_liquidity_request;
pub mod close_lp_account;
pub mod open_lp_account;
pub mod request_add_liquidity;
pub mod request_remove_liquidity;

#[allow(ambiguous_glob_reexports)]
pub use cancel_liquidity_request::*;
#[allow(ambiguous_glob_reexports)]
pub use close_lp_account::*;
#[allow(ambiguous_glob_reexports)]
pub use open_lp_account::*;
#[allow(ambiguous_glob_reexports)]
pub use request_add_liquidity::*;
#[allow(ambiguous_glob_reexports)]
pub use request_remove_liquidity::*;

/// The accounts recording an LP request touches.
pub(crate) struct RequestAccounts<'a> {
    /// The pool's address.
    pub pool_key: Address,
    /// The LP's account (checked: this pool's, this owner's, nothing pending), which holds the
    /// request and its tip.
    pub lp_account: &'a mut LpAccount,
    /// Its address.
    pub lp_account_view: &'a AccountView,
}

/// Records an LP request whose collateral or shares the caller has already moved to the pool:
/// schedules it (`engine::request::scheduled`: its target from the later of its time and the
/// pool's newest print, and its deadline, both stored), checks its tip is funded, counts the
/// change in the pool's sequence and emits `LiquidityRequested`.
pub(crate) fn record(
    pool: &mut Pool,
    config: &RiskConfig,
    accounts: RequestAccounts,
    order: Request,
) -> Result<()> {
    let order = request::scheduled(order, order.time, pool.market.last_oracle_publish_time, config);
    let lp = accounts.lp_account;
    request::check_tip_funded(accounts.lp_account_view, order.tip_lamports)?;
    lp.request = order;
    pool.sequence = math::add(pool.sequence, 1)?;
    crate::log!(
        pool,
        LiquidityRequested {
            pool: accounts.pool_key,
            sequence: pool.sequence,
            book: pool.book,
            lp_account: *accounts.lp_account_view.address(),
            owner: lp.owner,
            kind: u64::from(order.kind),
            amount: order.amount,
            min_out: order.limit,
            request_time: order.time,
            target_time: order.target_time,
            deadline: order.deadline,
            tip_lamports: order.tip_lamports,
        }
    );
    Ok(())
}

/// A new LP request of `kind` for `amount` (collateral units or shares, > 0) at cluster time `now`.
pub(crate) fn new_request(
    kind: u8,
    amount: u64,
    min_out: u64,
    tip_lamports: u64,
    now: i64,
) -> Result<Request> {
    require!(amount > 0, BulkheadError::ZeroAmount);
    Ok(Request { kind, time: now, tip_lamports, amount, limit: min_out, ..Request::default() })
}

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

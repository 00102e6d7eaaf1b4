//! Instructions of liquidity providers, the counterparty of every position in a pool. LP flows are
//! requests: the collateral (deposit) or the shares (withdrawal) move to the pool when the request
//! is made, and a keeper executes it at its pinned print (`keeper::execute_liquidity`).

use crate::engine::request;
use crate::errors::BulkheadError;
use crate::events::{Emitter, LiquidityRequested};
use crate::state::{LpAccount, Pool, Request, RiskConfig};
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
    /// The instruction's event emitter.
    pub events: Emitter,
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
    crate::emit!(
        accounts.events,
        pool,
        LiquidityRequested {
            lp_account: *accounts.lp_account_view.address(),
            owner: lp.owner,
            kind: u64::from(order.kind),
            amount: order.amount,
            min_out: order.limit,
            request_time: order.time,
            target_time: order.target_time,
            deadline: order.deadline,
            tip_lamports: order.tip_lamports
        }
    )?;
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

//! `request_trade`: record an order in the trader's margin account. It takes no price: a keeper
//! executes it at the first print at or after its target `T = max(now, the pool's newest print) +
//! execution_delay_secs`, stored with its deadline (`engine::request`, `execute_trade`).

use crate::engine::{request, trade};
use crate::errors::BulkheadError;
use crate::events::TradeRequested;
use crate::instructions::shared::checks;
use crate::math::position;
use crate::state::pause;
use crate::state::request::REQUEST_TRADE;
use crate::state::{MarginAccount, Pool, Request, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `request_trade`. Nothing moves: the tip is already in the margin account (see
/// `engine::request`).
#[event_cpi]
#[derive(Accounts)]
pub struct RequestTrade {
    /// The margin account's owner.
    pub owner: Signer,
    /// The pool (its sequence number counts the request).
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters.
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// The owner's margin account in this pool, with no request pending.
    #[account(
        mut,
        constraint = checks::of_pool(&margin_account.pool, pool.address()) @ BulkheadError::WrongPool,
        constraint = checks::owned_by(&margin_account.owner, owner.address()) @ BulkheadError::WrongOwner,
        constraint = !margin_account.request.is_pending() @ BulkheadError::RequestPending,
    )]
    pub margin_account: Account<MarginAccount>,
}

/// Records a trade of `size_delta` lots (> 0 buy, < 0 sell; not zero) no worse than `worst_price`
/// all-in (collateral units per lot x 1e9; a ceiling for buys, a floor for sells), reduce-only when
/// `reduce_only`, with `tip_lamports` for the keeper, which the margin account must already hold
/// above its rent (`TipNotFunded`), and when the order may add risk its collateral must cover the
/// order's expiry fee (`InsufficientCollateral`; `engine::request::expiry_fee`). Every order check runs at execution;
/// the one made now too is that a reduce-only pool refuses an order that could add risk
/// (`PoolReduceOnly`).
pub fn handler(
    ctx: &mut Context<RequestTrade>,
    size_delta: i64,
    worst_price: u64,
    reduce_only: bool,
    tip_lamports: u64,
) -> Result<()> {
    let events = crate::emitter!(ctx);
    require!(size_delta != 0, BulkheadError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
    let base = accounts.margin_account.base_position;
    let adds_risk = !reduce_only && position::increases_risk(base, base.saturating_add(size_delta));
    require!(!adds_risk || accounts.pool.reduce_only == 0, BulkheadError::PoolReduceOnly);
    if adds_risk {
        // Not while executions are paused either (as `request_add_liquidity`).
        accounts.pool.check_running(pause::RISK_INCREASING | pause::EXECUTIONS, now)?;
    }
    let fields = Request {
        kind: REQUEST_TRADE,
        reduce_only: u8::from(reduce_only),
        tip_lamports,
        size_delta,
        limit: worst_price,
        ..Request::default()
    };
    // An order whose size can never execute is refused now, for free (at execution it would be
    // cancelled, and a check failed there costs the expiry fee).
    trade::sized(base, &fields, config)?;
    let order = request::scheduled(fields, now, accounts.pool.market.last_oracle_publish_time, config);
    // An order that may add risk needs collateral covering what letting it lapse would cost (it
    // cannot be withdrawn while the order is pending), so walking away from it is never free. A
    // reduce is never refused: an account with nothing left must still be able to close.
    if adds_risk {
        let fee = request::expiry_fee(&order, &accounts.pool, config, base);
        require!(accounts.margin_account.collateral >= fee, BulkheadError::InsufficientCollateral);
    }
    request::check_tip_funded(accounts.margin_account.account(), tip_lamports)?;
    accounts.margin_account.request = order;

    let pool = &mut accounts.pool;
    crate::emit!(
        events,
        pool,
        TradeRequested {
            margin_account: *accounts.margin_account.account().address(),
            owner: *accounts.owner.account().address(),
            size_delta,
            worst_price,
            reduce_only: u64::from(reduce_only),
            request_time: now,
            target_time: order.target_time,
            deadline: order.deadline,
            tip_lamports
        }
    )?;
    Ok(())
}

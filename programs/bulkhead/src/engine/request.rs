//! Request timing, cancellation rights and execution tips.
//!
//! A request made at cluster time `t` targets `T = t + execution_delay_secs` (LP withdrawals:
//! `T = t + lp_withdraw_delay_secs`) and executes with the first print at or after `T`
//! (`oracle::read_pinned`), at the latest at the deadline `T + execution_window_secs`.
//!
//! | who | when | what |
//! | --- | --- | --- |
//! | anyone (a keeper) | `now <= deadline`, with the pinned print | executes it, or, when an order check fails, cancels it; the tip goes to the keeper |
//! | the owner | `now < T` (before its print exists) | cancels it; the tip comes back |
//! | anyone | `now > deadline` | expires it; the tip goes to whoever clears it, except the owner: an owner who expires its own request forfeits the tip to the pool account |
//!
//! So the owner cannot wait for the print and then withdraw, and holding back an execution costs
//! the requester its tip. (A second wallet of the owner could still clear it and keep the tip; the
//! real protection is that any keeper may execute the request during its window, at a print the
//! keeper cannot choose, and the window is bounded.)
//!
//! The tip is held in the requester's account (a PDA of this program) on top of its rent. The
//! client funds it with a System transfer to that account in the same transaction as the request
//! (the request checks the lamports are there), so a request makes no CPI; every move after that is
//! direct lamport arithmetic. Lamports above rent that no request holds go back with the account's
//! rent when it closes.

use crate::errors::BulkheadError;
use crate::state::request::REQUEST_REMOVE_LIQUIDITY;
use crate::state::{Request, RiskConfig};
use anchor_lang::prelude::*;

/// Why a request ended without executing (`RequestCancelled::reason`); other values are the
/// error code of the order check that failed at execution.
pub const CANCELLED_BY_OWNER: u64 = 0;
/// See [`CANCELLED_BY_OWNER`]: the window passed.
pub const EXPIRED: u64 = 1;
/// See [`CANCELLED_BY_OWNER`]: the account was liquidated; the tip went to the liquidator.
pub const LIQUIDATED: u64 = 2;

/// `T`: the time of the request's pinned print (cluster seconds).
pub fn target_time(request: &Request, config: &RiskConfig) -> i64 {
    let delay = if request.kind == REQUEST_REMOVE_LIQUIDITY {
        config.lp_withdraw_delay_secs
    } else {
        config.execution_delay_secs
    };
    request.time.saturating_add(i64::from(delay))
}

/// The last second the request can execute (cluster seconds).
pub fn deadline(request: &Request, config: &RiskConfig) -> i64 {
    target_time(request, config).saturating_add(i64::from(config.execution_window_secs))
}

/// Checks that `request` can execute now: pending (`NoPendingRequest`), not past its deadline
/// (`RequestExpired`).
pub fn check_executable(request: &Request, config: &RiskConfig, now: i64) -> Result<()> {
    require!(request.is_pending(), BulkheadError::NoPendingRequest);
    require!(now <= deadline(request, config), BulkheadError::RequestExpired);
    Ok(())
}

/// Who may end `request` without executing it, and why (see the module docs): returns
/// [`CANCELLED_BY_OWNER`] or [`EXPIRED`], else `RequestNotCancellable`.
pub fn cancellation(request: &Request, config: &RiskConfig, caller_is_owner: bool, now: i64) -> Result<u64> {
    require!(request.is_pending(), BulkheadError::NoPendingRequest);
    if now > deadline(request, config) {
        return Ok(EXPIRED);
    }
    require!(caller_is_owner && now < target_time(request, config), BulkheadError::RequestNotCancellable);
    Ok(CANCELLED_BY_OWNER)
}

/// Who receives the tip of a request ended without executing: the caller, or the pool account when
/// the owner expires its own request (see the module docs).
pub fn tip_recipient<'a>(
    reason: u64,
    caller_is_owner: bool,
    caller: &'a AccountView,
    pool: &'a AccountView,
) -> &'a AccountView {
    if reason == EXPIRED && caller_is_owner {
        pool
    } else {
        caller
    }
}

/// The code recorded when an execution check cancels a request: the program error's code.
pub fn reason_of(error: ProgramError) -> u64 {
    u64::from(error)
}

/// Checks that `account` (the requester's margin or LP account) holds `tip_lamports` above its
/// rent-exempt minimum, or `TipNotFunded`.
pub fn check_tip_funded(account: &AccountView, tip_lamports: u64) -> Result<()> {
    if tip_lamports == 0 {
        return Ok(());
    }
    use pinocchio::sysvars::{rent::Rent, Sysvar};
    let rent = Rent::get()?.try_minimum_balance(account.data_len())?;
    let spare = account.lamports().saturating_sub(rent);
    require!(spare >= tip_lamports, BulkheadError::TipNotFunded);
    Ok(())
}

/// Moves a request's tip out of the program-owned account holding it to `to` (any writable
/// account), by direct lamport arithmetic.
pub fn pay_tip(from: &AccountView, to: &AccountView, lamports: u64) -> Result<()> {
    if lamports == 0 || anchor_lang::address_eq(from.address(), to.address()) {
        return Ok(());
    }
    let (mut from, mut to) = (*from, *to);
    let left = from.lamports().checked_sub(lamports).ok_or(BulkheadError::MathOverflow)?;
    let credited = to.lamports().checked_add(lamports).ok_or(BulkheadError::MathOverflow)?;
    from.set_lamports(left);
    to.set_lamports(credited);
    Ok(())
}

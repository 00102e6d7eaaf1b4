//! Circuit breakers of one pool: which operations can be paused, for how long, and how often the
//! guardian may do it. Pausing pool A writes only pool A's `Pool` account.
//!
//! ## What can be paused
//! Each operation is one bit of a mask ([`RISK_INCREASING`] ... [`POOL_WITHDRAWALS`]); each has its
//! own expiry in [`PauseState::paused_until`]. An operation is paused while
//! `now < paused_until[bit]`; after that it works again by itself. The exact table of which
//! instruction checks which bit, and of the instructions that are never paused, is in
//! `docs/design.md` ("Pauses") and is checked against the IDL by `tests/tests/pauses.rs`.
//!
//! Never pausable, whatever the mask: reducing or closing a position (request and execution),
//! withdrawing free collateral, closing an account, cancelling one's own request, `attest_solvency`,
//! `cancel_params`, `accept_authority`, and every other governance instruction.
//!
//! ## Who pauses
//! - The authority may pause any operations for up to [`MAX_PAUSE_SECS`], and may resume them early.
//! - The guardian may only pause, for up to [`MAX_PAUSE_SECS`], and at most [`GUARDIAN_PAUSE_BUDGET`]
//!   times in any [`GUARDIAN_BUDGET_WINDOW_SECS`]: [`PauseState::guardian_pauses`] keeps the times of
//!   its last pauses, and a new one needs the oldest of them to be at least a window old.
//! - A pause never shortens one in force: each bit's expiry becomes the later of the two.

use crate::errors::BulkheadError;
use anchor_lang::prelude::*;

/// Risk-increasing trade requests, and executions of risk-increasing trades.
pub const RISK_INCREASING: u8 = 1 << 0;
/// LP deposit requests and their executions.
pub const LP_DEPOSITS: u8 = 1 << 1;
/// LP withdrawal requests and their executions.
pub const LP_WITHDRAWALS: u8 = 1 << 2;
/// Deposits into the pool: collateral, insurance funding, sponsor capital.
pub const DEPOSITS: u8 = 1 << 3;
/// Executions of requests, except those that only reduce a position, and the requests that would
/// need one (a request made during a pause could wait it out and expire for free).
pub const EXECUTIONS: u8 = 1 << 4;
/// Liquidations.
pub const LIQUIDATIONS: u8 = 1 << 5;
/// Pool-owned money leaving the vault: sponsor withdrawals, insurance withdrawals, protocol fees.
pub const POOL_WITHDRAWALS: u8 = 1 << 6;
/// Every pausable operation.
pub const ALL_OPERATIONS: u8 = (1 << OPERATIONS) - 1;
/// Number of pausable operations (bits of the mask).
pub const OPERATIONS: usize = 7;

/// Longest single pause (seconds): 24 hours.
pub const MAX_PAUSE_SECS: u32 = 86_400;
/// Pauses the guardian may start in any [`GUARDIAN_BUDGET_WINDOW_SECS`].
pub const GUARDIAN_PAUSE_BUDGET: usize = 3;
/// The window of the guardian's budget (seconds): 7 days.
pub const GUARDIAN_BUDGET_WINDOW_SECS: i64 = 604_800;

/// A pool's pauses, inside its `Pool` account.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct PauseState {
    /// Per operation bit, the unix time (seconds) until which it is paused, or at which an early
    /// resume ended it; 0 when never paused. Past when not paused: an expiry reads it to know
    /// whether a pause held a request back (`engine::request::held_back_by_pause`).
    pub paused_until: [i64; OPERATIONS],
    /// Unix times (seconds) of the guardian's last pauses, oldest first; 0 for none.
    pub guardian_pauses: [i64; GUARDIAN_PAUSE_BUDGET],
}

const _: () = assert!(core::mem::size_of::<PauseState>() == 80);

impl PauseState {
    /// The mask of operations paused at `now`.
    pub fn paused(&self, now: i64) -> u8 {
        let mut mask = 0;
        for (bit, until) in self.paused_until.iter().enumerate() {
            if now < *until {
                mask |= 1 << bit;
            }
        }
        mask
    }

    /// `OperationPaused` when any operation of `ops` is paused at `now`.
    pub fn check(&self, ops: u8, now: i64) -> Result<()> {
        require!(self.paused(now) & ops == 0, BulkheadError::OperationPaused);
        Ok(())
    }

    /// Pauses `ops` (non-empty, within [`ALL_OPERATIONS`]: `InvalidPauseMask`) for `secs` (in
    /// [1, MAX_PAUSE_SECS]: `PauseTooLong`) from `now`, extending and never shortening a pause in
    /// force. A guardian pause also spends one of its budget (`PauseBudgetExhausted`). Returns the
    /// new expiry.
    pub fn pause(&mut self, ops: u8, secs: u32, now: i64, by_guardian: bool) -> Result<i64> {
        require!(ops != 0 && ops & !ALL_OPERATIONS == 0, BulkheadError::InvalidPauseMask);
        require!(secs > 0 && secs <= MAX_PAUSE_SECS, BulkheadError::PauseTooLong);
        if by_guardian {
            let oldest = self.guardian_pauses[0];
            require!(
                oldest == 0 || now.saturating_sub(oldest) >= GUARDIAN_BUDGET_WINDOW_SECS,
                BulkheadError::PauseBudgetExhausted
            );
            self.guardian_pauses.rotate_left(1);
            self.guardian_pauses[GUARDIAN_PAUSE_BUDGET - 1] = now;
        }
        let until = now.saturating_add(i64::from(secs));
        for (bit, expiry) in self.paused_until.iter_mut().enumerate() {
            if ops & (1 << bit) != 0 {
                *expiry = (*expiry).max(until);
            }
        }
        Ok(until)
    }

    /// Ends the pauses of `ops` at `now` (`InvalidPauseMask` for an empty or unknown mask): each
    /// expiry in force becomes `now`, so the record of when the pause ended stays.
    pub fn resume(&mut self, ops: u8, now: i64) -> Result<()> {
        require!(ops != 0 && ops & !ALL_OPERATIONS == 0, BulkheadError::InvalidPauseMask);
        for (bit, expiry) in self.paused_until.iter_mut().enumerate() {
            if ops & (1 << bit) != 0 {
                *expiry = (*expiry).min(now);
            }
        }
        Ok(())
    }

    /// Guardian pauses still available at `now` within the budget window.
    pub fn guardian_budget_left(&self, now: i64) -> u64 {
        let recent = self
            .guardian_pauses
            .iter()
            .filter(|t| **t != 0 && now.saturating_sub(**t) < GUARDIAN_BUDGET_WINDOW_SECS)
            .count();
        (GUARDIAN_PAUSE_BUDGET - recent) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytemuck::Zeroable;

    const T: i64 = 1_000_000;

    fn code(r: Result<impl core::fmt::Debug>) -> u32 {
        match r {
            Err(ProgramError::Custom(c)) => c - 6000,
            other => panic!("expected a custom error, got {other:?}"),
        }
    }

    #[test]
    fn a_pause_expires_by_itself_and_never_shortens() {
        let mut p = PauseState::zeroed();
        assert_eq!(p.pause(DEPOSITS | LIQUIDATIONS, 3_600, T, false).unwrap(), T + 3_600);
        assert_eq!(p.paused(T), DEPOSITS | LIQUIDATIONS);
        assert_eq!(code(p.check(DEPOSITS, T + 3_599)), BulkheadError::OperationPaused as u32);
        assert!(p.check(EXECUTIONS, T).is_ok(), "other operations run");
        assert!(p.check(DEPOSITS, T + 3_600).is_ok(), "expired at its expiry");
        // A shorter pause of a paused bit keeps the longer expiry.
        p.pause(DEPOSITS, 60, T + 10, false).unwrap();
        assert_eq!(p.paused_until[3], T + 3_600);
        p.resume(DEPOSITS, T + 10).unwrap();
        assert_eq!(p.paused(T + 10), LIQUIDATIONS);
        assert_eq!(p.paused_until[3], T + 10, "the time it ended stays on record");
        // Resuming what is not paused keeps its past expiry.
        p.resume(DEPOSITS, T + 20).unwrap();
        assert_eq!(p.paused_until[3], T + 10);
    }

    #[test]
    fn bad_masks_and_durations_are_refused() {
        let mut p = PauseState::zeroed();
        let mask = BulkheadError::InvalidPauseMask as u32;
        assert_eq!(code(p.pause(0, 60, T, false)), mask);
        assert_eq!(code(p.pause(1 << OPERATIONS, 60, T, false)), mask);
        assert_eq!(code(p.resume(0, T)), mask);
        let long = BulkheadError::PauseTooLong as u32;
        assert_eq!(code(p.pause(DEPOSITS, 0, T, false)), long);
        assert_eq!(code(p.pause(DEPOSITS, MAX_PAUSE_SECS + 1, T, false)), long);
        assert!(p.pause(ALL_OPERATIONS, MAX_PAUSE_SECS, T, false).is_ok());
        assert_eq!(p.paused(T), ALL_OPERATIONS);
    }

    #[test]
    fn the_guardian_pauses_three_times_in_any_seven_days() {
        let mut p = PauseState::zeroed();
        for i in 0..GUARDIAN_PAUSE_BUDGET as i64 {
            assert_eq!(p.guardian_budget_left(T + i), (GUARDIAN_PAUSE_BUDGET as i64 - i) as u64);
            p.pause(EXECUTIONS, 60, T + i * 86_400, true).unwrap();
        }
        let exhausted = BulkheadError::PauseBudgetExhausted as u32;
        let before = p;
        assert_eq!(code(p.pause(EXECUTIONS, 60, T + GUARDIAN_BUDGET_WINDOW_SECS - 1, true)), exhausted);
        assert_eq!(p, before, "a refused pause changes nothing");
        // The authority is not budgeted.
        p.pause(EXECUTIONS, 60, T + 3 * 86_400, false).unwrap();
        // A window after the oldest, one more.
        assert_eq!(p.guardian_budget_left(T + GUARDIAN_BUDGET_WINDOW_SECS), 1);
        p.pause(EXECUTIONS, 60, T + GUARDIAN_BUDGET_WINDOW_SECS, true).unwrap();
        assert_eq!(code(p.pause(EXECUTIONS, 60, T + GUARDIAN_BUDGET_WINDOW_SECS, true)), exhausted);
    }
}

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
//!
//! ## Exits cannot be held shut (issue 15)
//! The operations by which users leave or the pool's risk is closed ([`EXIT_OPERATIONS`]: LP
//! withdrawals, executions, liquidations) share one budget, whoever pauses them: an *exit pause*
//! opens an episode at its first second, every exit pause of that episode ends by
//! [`EXIT_PAUSE_BUDGET_SECS`] after it began (a longer one is cut to that), and no new episode may
//! begin until [`EXIT_PAUSE_WINDOW_SECS`] after the last one began (`ExitPauseBudgetExhausted`).
//! Episodes begin at least a window apart and each lasts at most the budget, so in any rolling
//! window of that length exits are paused at most the budget in total (24 h of any 7 days), by the
//! authority and the guardian together. An early resume does not give the budget back.
//!
//! While a queued parameter change can still apply, exits cannot be paused at all
//! (`ExitsOpenForQueuedChange`), and queuing one ends the exit pauses in force
//! ([`PauseState::open_exits`]): an LP who disagrees always has the whole notice to leave.
//! Nothing else stops exits for longer: bulkhead has no such change.

use crate::errors::BulkheadError;
use anchor_lang::prelude::*;

/// Risk-increasing trade requests, and executions of risk-increasing trades.
#[constant]
pub const RISK_INCREASING: u8 = 1 << 0;
/// LP deposit requests and their executions.
#[constant]
pub const LP_DEPOSITS: u8 = 1 << 1;
/// LP withdrawal requests and their executions.
#[constant]
pub const LP_WITHDRAWALS: u8 = 1 << 2;
/// Deposits into the pool: collateral, insurance funding, sponsor capital.
#[constant]
pub const DEPOSITS: u8 = 1 << 3;
/// Executions of requests, except those that only reduce a position, and the requests that would
/// need one (a request made during a pause could wait it out and expire for free).
#[constant]
pub const EXECUTIONS: u8 = 1 << 4;
/// Liquidations.
#[constant]
pub const LIQUIDATIONS: u8 = 1 << 5;
/// Pool-owned money leaving the vault: sponsor withdrawals, insurance withdrawals, protocol fees.
#[constant]
pub const POOL_WITHDRAWALS: u8 = 1 << 6;
/// The operations whose pauses share the exit budget: how LPs leave (requests and executions of
/// withdrawals) and how losing positions are closed (liquidations).
#[constant]
pub const EXIT_OPERATIONS: u8 = LP_WITHDRAWALS | EXECUTIONS | LIQUIDATIONS;
/// Every pausable operation.
#[constant]
pub const ALL_OPERATIONS: u8 = (1 << OPERATIONS) - 1;
/// Number of pausable operations (bits of the mask).
pub const OPERATIONS: usize = 7;

/// Longest single pause (seconds): 24 hours.
pub const MAX_PAUSE_SECS: u32 = 86_400;
/// Pauses the guardian may start in any [`GUARDIAN_BUDGET_WINDOW_SECS`].
pub const GUARDIAN_PAUSE_BUDGET: usize = 3;
/// The window of the guardian's budget (seconds): 7 days.
pub const GUARDIAN_BUDGET_WINDOW_SECS: i64 = 604_800;
/// Longest an exit-pause episode lasts (seconds): 24 hours from its first pause.
pub const EXIT_PAUSE_BUDGET_SECS: i64 = 86_400;
/// Shortest time between the beginnings of two exit-pause episodes (seconds): 7 days.
pub const EXIT_PAUSE_WINDOW_SECS: i64 = 604_800;

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
    /// Unix time (seconds) at which the latest exit-pause episode began; 0 for none. Its exit
    /// pauses end by this plus [`EXIT_PAUSE_BUDGET_SECS`]; the next begins a window after it.
    pub exit_pause_started: i64,
}

const _: () = assert!(core::mem::size_of::<PauseState>() == 88);

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
    /// force. A guardian pause also spends one of its budget (`PauseBudgetExhausted`). Exit
    /// operations in `ops` are refused while `exits_locked` (a queued change can still apply:
    /// `ExitsOpenForQueuedChange`) and otherwise join the current exit-pause episode, or begin one
    /// (`ExitPauseBudgetExhausted` within a window of the last), and end by the episode's end.
    /// Every check precedes every write. Returns the new expiries: of the other operations, and
    /// of the exit operations (0 when `ops` has none).
    pub fn pause(
        &mut self,
        ops: u8,
        secs: u32,
        now: i64,
        by_guardian: bool,
        exits_locked: bool,
    ) -> Result<(i64, i64)> {
        require!(ops != 0 && ops & !ALL_OPERATIONS == 0, BulkheadError::InvalidPauseMask);
        require!(secs > 0 && secs <= MAX_PAUSE_SECS, BulkheadError::PauseTooLong);
        if by_guardian {
            let oldest = self.guardian_pauses[0];
            require!(
                oldest == 0 || now.saturating_sub(oldest) >= GUARDIAN_BUDGET_WINDOW_SECS,
                BulkheadError::PauseBudgetExhausted
            );
        }
        let until = now.saturating_add(i64::from(secs));
        let mut exits_until = 0;
        if ops & EXIT_OPERATIONS != 0 {
            require!(!exits_locked, BulkheadError::ExitsOpenForQueuedChange);
            let started = self.exit_pause_started;
            let in_episode = started != 0 && now < started.saturating_add(EXIT_PAUSE_BUDGET_SECS);
            if !in_episode {
                require!(
                    started == 0 || now.saturating_sub(started) >= EXIT_PAUSE_WINDOW_SECS,
                    BulkheadError::ExitPauseBudgetExhausted
                );
                self.exit_pause_started = now;
            }
            exits_until = until.min(self.exit_pause_started.saturating_add(EXIT_PAUSE_BUDGET_SECS));
        }
        if by_guardian {
            self.guardian_pauses.rotate_left(1);
            self.guardian_pauses[GUARDIAN_PAUSE_BUDGET - 1] = now;
        }
        for (bit, expiry) in self.paused_until.iter_mut().enumerate() {
            let mask = 1 << bit;
            if ops & mask != 0 {
                let to = if EXIT_OPERATIONS & mask != 0 { exits_until } else { until };
                *expiry = (*expiry).max(to);
            }
        }
        let others = if ops & !EXIT_OPERATIONS != 0 { until } else { 0 };
        Ok((others, exits_until))
    }

    /// Ends every exit pause in force at `now` (a change was queued: its whole notice is open to
    /// LPs). The episode stays spent.
    pub fn open_exits(&mut self, now: i64) {
        for (bit, expiry) in self.paused_until.iter_mut().enumerate() {
            if EXIT_OPERATIONS & (1 << bit) != 0 {
                *expiry = (*expiry).min(now);
            }
        }
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
        assert_eq!(p.pause(DEPOSITS | LIQUIDATIONS, 3_600, T, false, false).unwrap(), (T + 3_600, T + 3_600));
        assert_eq!(p.paused(T), DEPOSITS | LIQUIDATIONS);
        assert_eq!(code(p.check(DEPOSITS, T + 3_599)), BulkheadError::OperationPaused as u32);
        assert!(p.check(EXECUTIONS, T).is_ok(), "other operations run");
        assert!(p.check(DEPOSITS, T + 3_600).is_ok(), "expired at its expiry");
        // A shorter pause of a paused bit keeps the longer expiry.
        p.pause(DEPOSITS, 60, T + 10, false, false).unwrap();
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
        assert_eq!(code(p.pause(0, 60, T, false, false)), mask);
        assert_eq!(code(p.pause(1 << OPERATIONS, 60, T, false, false)), mask);
        assert_eq!(code(p.resume(0, T)), mask);
        let long = BulkheadError::PauseTooLong as u32;
        assert_eq!(code(p.pause(DEPOSITS, 0, T, false, false)), long);
        assert_eq!(code(p.pause(DEPOSITS, MAX_PAUSE_SECS + 1, T, false, false)), long);
        assert!(p.pause(ALL_OPERATIONS, MAX_PAUSE_SECS, T, false, false).is_ok());
        assert_eq!(p.paused(T), ALL_OPERATIONS);
    }

    #[test]
    fn the_guardian_pauses_three_times_in_any_seven_days() {
        let mut p = PauseState::zeroed();
        for i in 0..GUARDIAN_PAUSE_BUDGET as i64 {
            assert_eq!(p.guardian_budget_left(T + i), (GUARDIAN_PAUSE_BUDGET as i64 - i) as u64);
            p.pause(DEPOSITS, 60, T + i * 86_400, true, false).unwrap();
        }
        let exhausted = BulkheadError::PauseBudgetExhausted as u32;
        let before = p;
        assert_eq!(code(p.pause(DEPOSITS, 60, T + GUARDIAN_BUDGET_WINDOW_SECS - 1, true, false)), exhausted);
        assert_eq!(p, before, "a refused pause changes nothing");
        // The authority is not budgeted.
        p.pause(DEPOSITS, 60, T + 3 * 86_400, false, false).unwrap();
        // A window after the oldest, one more.
        assert_eq!(p.guardian_budget_left(T + GUARDIAN_BUDGET_WINDOW_SECS), 1);
        p.pause(DEPOSITS, 60, T + GUARDIAN_BUDGET_WINDOW_SECS, true, false).unwrap();
        assert_eq!(code(p.pause(DEPOSITS, 60, T + GUARDIAN_BUDGET_WINDOW_SECS, true, false)), exhausted);
    }

    #[test]
    fn exits_pause_one_day_in_seven_whoever_pauses() {
        let mut p = PauseState::zeroed();
        let exhausted = BulkheadError::ExitPauseBudgetExhausted as u32;
        // The first exit pause opens the episode; a longer one inside it is cut to its end.
        assert_eq!(p.pause(LIQUIDATIONS, 3_600, T, false, false).unwrap(), (0, T + 3_600));
        let day = EXIT_PAUSE_BUDGET_SECS;
        let cut = p.pause(LIQUIDATIONS | DEPOSITS, MAX_PAUSE_SECS, T + 23 * 3_600, true, false);
        assert_eq!(cut.unwrap(), (T + 47 * 3_600, T + day), "deposits run their day, exits end with it");
        assert_eq!(p.paused(T + day - 1), LIQUIDATIONS | DEPOSITS);
        assert_eq!(p.paused(T + day), DEPOSITS);
        // After the episode, no signer opens another until a window after it began.
        for (at, by_guardian) in [(T + day, false), (T + EXIT_PAUSE_WINDOW_SECS - 1, true)] {
            let before = p;
            assert_eq!(code(p.pause(LP_WITHDRAWALS, 60, at, by_guardian, false)), exhausted);
            assert_eq!(p, before, "a refused pause changes nothing, the guardian's budget included");
        }
        // Other operations are not budgeted by it.
        p.pause(RISK_INCREASING, 60, T + day, false, false).unwrap();
        let next = T + EXIT_PAUSE_WINDOW_SECS;
        assert_eq!(p.pause(EXECUTIONS, 60, next, false, false).unwrap(), (0, next + 60));
        assert_eq!(p.exit_pause_started, next);
        // An early resume does not give the budget back.
        p.resume(EXECUTIONS, next + 1).unwrap();
        assert_eq!(p.pause(EXECUTIONS, MAX_PAUSE_SECS, next + 2, false, false).unwrap().1, next + day);
    }

    /// Any rolling window of EXIT_PAUSE_WINDOW_SECS holds at most EXIT_PAUSE_BUDGET_SECS of exit
    /// pause, whatever the signers try: a pause attempted every hour for 30 days, each as long as
    /// allowed, then the paused seconds counted in every window start on an hourly grid.
    #[test]
    fn no_rolling_week_has_more_than_a_day_of_exit_pause() {
        let mut p = PauseState::zeroed();
        let hour = 3_600;
        let mut paused = vec![false; 30 * 24];
        for h in 0..paused.len() as i64 {
            let now = T + h * hour;
            let _ = p.pause(LP_WITHDRAWALS, MAX_PAUSE_SECS, now, h % 2 == 0, false);
            paused[h as usize] = p.paused(now) & LP_WITHDRAWALS != 0;
        }
        let week = (EXIT_PAUSE_WINDOW_SECS / hour) as usize;
        let most = paused.windows(week).map(|w| w.iter().filter(|x| **x).count()).max().unwrap();
        assert_eq!(most as i64, EXIT_PAUSE_BUDGET_SECS / hour, "a day, never more");
        assert_eq!(paused.iter().filter(|x| **x).count(), 5 * 24, "30 days: five episodes, one a week");
    }

    #[test]
    fn a_queued_change_keeps_exits_open() {
        let mut p = PauseState::zeroed();
        let open = BulkheadError::ExitsOpenForQueuedChange as u32;
        for ops in [LP_WITHDRAWALS, EXECUTIONS, LIQUIDATIONS, ALL_OPERATIONS] {
            assert_eq!(code(p.pause(ops, 60, T, false, true)), open);
        }
        assert_eq!(p, PauseState::zeroed(), "no episode began");
        p.pause(DEPOSITS | RISK_INCREASING, 60, T, false, true).unwrap();
        p.pause(LP_WITHDRAWALS | DEPOSITS, 600, T, false, false).unwrap();
        p.open_exits(T + 10);
        assert_eq!(p.paused(T + 10), DEPOSITS | RISK_INCREASING, "only the exits opened");
        assert_eq!(p.paused_until[2], T + 10);
    }
}

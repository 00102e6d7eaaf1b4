//! How one pool's parameters change: the queued change, what applies at once, what waits for the
//! timelock, and how far one change may move a parameter.
//!
//! A change names a whole [`RiskConfig`] (marginfi's validated patch, `configure_bank.rs`): it is
//! checked by the same [`RiskConfig::validate`] as `create_pool`, at proposal and again at apply,
//! and by [`check_steps`] against the configuration in force at each of those times.
//!
//! ## What applies at once
//! A change applies at `propose_params` when every field that differs moves in the direction the
//! table gives ([`applies_at_once`]); it can then only make new risk scarcer or cost traders less,
//! and it never tightens what an open position, a withdrawal or an LP exit must meet:
//!
//! | field | at once when |
//! |---|---|
//! | `max_open_interest`, `max_position_size` | lowered (they gate risk-increasing orders only) |
//! | `taker_fee_bps`, the three borrow rates, `protocol_fee_share_bps` | lowered |
//! | `timelock_secs` | raised |
//!
//! Everything else waits for the timelock, in both directions. That includes lowering
//! `liquidation_penalty_bps` (issue 14): a lower penalty raises the smallest partial liquidation
//! (`math::liquidation::lots_for_reward`, the chunk whose share pays the keeper's floor), so it
//! tightens the terms open positions face, and it lowers what keepers earn. That includes the oracle bounds
//! (confidence, EMA deviation, print age): in bulkhead they also gate LP exits, withdrawals with a
//! position and liquidations, so tightening them at once could trap users as a pause would. It
//! includes margins (raising maintenance margin at once would liquidate accounts that were healthy
//! a slot before), the gap assumption `gap_bps` in either direction (maintenance must cover it, so
//! lowering it is how a pool would announce more leverage) and the timelock itself when shortened
//! (a shorter timelock waits for the longer).
//!
//! ## Step bounds
//! Every change, at once or not, moves each bounded field at most its step ([`FIELDS`]) away from
//! the configuration in force, except in the direction that applies at once. So a pool's rules
//! move under open positions only in announced, bounded steps, one timelock apart.
//!
//! ## Lifetime
//! A queued change may be applied (by anyone) from `eta = proposed_at + timelock_secs` until
//! `eta + PARAMS_CHANGE_LIFETIME_SECS`; after that it is dead and must be proposed again. A new
//! proposal replaces the queued one; `accept_authority` clears it.
//!
//! A change also names the pool's custodian; changing it (or removing it) always waits for the
//! timelock. The collateral mint and the oracle feed are in neither: no change can reach them.

use super::RiskConfig;
use crate::errors::BulkheadError;
use anchor_lang::prelude::*;

/// How long a queued change stays appliable after its timelock (seconds): 7 days.
pub const PARAMS_CHANGE_LIFETIME_SECS: i64 = 604_800;
/// Largest move of `initial_margin_bps` or `maintenance_margin_bps` in one change (bps).
pub const MAX_MARGIN_STEP_BPS: u32 = 250;
/// Largest rise of `liquidation_penalty_bps` in one change (bps).
pub const MAX_PENALTY_STEP_BPS: u32 = 100;
/// Largest rise of `taker_fee_bps` in one change (bps).
pub const MAX_TAKER_FEE_STEP_BPS: u32 = 25;
/// Largest rise of `protocol_fee_share_bps` in one change (bps of the fee).
pub const MAX_PROTOCOL_SHARE_STEP_BPS: u32 = 1_000;
/// Largest move of `max_payoff_bps` in one change (bps of entry notional).
pub const MAX_PAYOFF_STEP_BPS: u32 = 2_500;

/// A parameter change queued by `propose_params`, stored in the pool's `RiskParams` account.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct PendingChange {
    /// The whole configuration the change installs.
    pub config: RiskConfig,
    /// The custodian the change installs (default: none).
    pub custodian: Address,
    /// Unix time (seconds) of the proposal.
    pub proposed_at: i64,
    /// Unix time (seconds) from which `apply_params` may install it.
    pub eta: i64,
    /// Last unix time (seconds) at which it may be installed.
    pub expires_at: i64,
    /// 1 while a change is queued, else 0 (and every other field is zero).
    pub active: u8,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding: [u8; 7],
}

const _: () = assert!(core::mem::size_of::<PendingChange>() == 216);

impl PendingChange {
    /// Whether this change can still apply at or after `now` (unix seconds), so LP exits must
    /// stay open (`state::pause`): queued and not past `expires_at`.
    pub fn keeps_exits_open(&self, now: i64) -> bool {
        self.active == 1 && now <= self.expires_at
    }
}

/// Which way a field may move at once (see the module table).
#[derive(Clone, Copy, PartialEq, Eq)]
enum AtOnce {
    Lowered,
    Raised,
    Never,
}

impl AtOnce {
    /// Whether moving a field from `was` to `is` is this direction (not moving always is).
    fn allows(self, was: u64, is: u64) -> bool {
        match self {
            AtOnce::Lowered => is <= was,
            AtOnce::Raised => is >= was,
            AtOnce::Never => is == was,
        }
    }
}

/// One governed field: how to read and write it, which way it may move at once, and its largest
/// step in the other directions (`u64::MAX`: unbounded).
struct Field {
    read: fn(&RiskConfig) -> u64,
    write: fn(&mut RiskConfig, u64),
    at_once: AtOnce,
    step: u64,
}

/// A [`Field`] row: `field!(name, at_once, step)` for a `u64` field, `field!(u32 name, ...)` for a
/// `u32` one (written back from the `u64` it was read as, so it fits).
macro_rules! field {
    ($name:ident, $way:ident, $step:expr) => {
        Field { read: |c| c.$name, write: |c, v| c.$name = v, at_once: AtOnce::$way, step: $step }
    };
    (u32 $name:ident, $way:ident, $step:expr) => {
        Field {
            read: |c| u64::from(c.$name),
            write: |c, v| c.$name = u32::try_from(v).unwrap_or(u32::MAX),
            at_once: AtOnce::$way,
            step: $step as u64,
        }
    };
}

/// The fields that may move at once or have a step bound; every other field is timelocked and
/// unbounded (beyond `RiskConfig::validate`).
const FIELDS: [Field; 12] = [
    field!(max_open_interest, Lowered, u64::MAX),
    field!(max_position_size, Lowered, u64::MAX),
    field!(u32 taker_fee_bps, Lowered, MAX_TAKER_FEE_STEP_BPS),
    field!(u32 liquidation_penalty_bps, Never, MAX_PENALTY_STEP_BPS),
    field!(u32 borrow_rate_base_bps_per_year, Lowered, u64::MAX),
    field!(u32 borrow_rate_optimal_bps_per_year, Lowered, u64::MAX),
    field!(u32 borrow_rate_max_bps_per_year, Lowered, u64::MAX),
    field!(u32 protocol_fee_share_bps, Lowered, MAX_PROTOCOL_SHARE_STEP_BPS),
    field!(u32 timelock_secs, Raised, u64::MAX),
    field!(u32 initial_margin_bps, Never, MAX_MARGIN_STEP_BPS),
    field!(u32 maintenance_margin_bps, Never, MAX_MARGIN_STEP_BPS),
    field!(u32 max_payoff_bps, Never, MAX_PAYOFF_STEP_BPS),
];

/// Whether `new` may replace `old` at once (see the module table): every field equal, or moved
/// the way its row allows. A field added to [`RiskConfig`] later is timelocked unless listed,
/// because everything not in [`FIELDS`] must be equal.
pub fn applies_at_once(old: &RiskConfig, new: &RiskConfig) -> bool {
    let mut rest = *new;
    for field in &FIELDS {
        let (was, is) = ((field.read)(old), (field.read)(new));
        if !field.at_once.allows(was, is) {
            return false;
        }
        (field.write)(&mut rest, was);
    }
    rest == *old
}

/// Checks every step bound of replacing `old` with `new` (`ParamStepTooLarge`): a bounded field
/// moves at most its step, except in its at-once direction, which is free.
pub fn check_steps(old: &RiskConfig, new: &RiskConfig) -> Result<()> {
    for field in &FIELDS {
        let (was, is) = ((field.read)(old), (field.read)(new));
        let free = field.at_once != AtOnce::Never && field.at_once.allows(was, is);
        require!(free || was.abs_diff(is) <= field.step, BulkheadError::ParamStepTooLarge);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::risk_params::{test_config, MAX_TIMELOCK_SECS};

    fn code(r: Result<()>) -> u32 {
        match r {
            Err(ProgramError::Custom(c)) => c,
            other => panic!("expected a custom error, got {other:?}"),
        }
    }

    #[test]
    fn the_at_once_table() {
        // A protocol share to lower (the default takes none).
        let old = RiskConfig { protocol_fee_share_bps: 1_000, ..test_config() };
        let at_once: Vec<fn(&mut RiskConfig)> = vec![
            |c| c.max_open_interest -= 1,
            |c| c.max_position_size -= 1,
            |c| c.taker_fee_bps -= 1,
            |c| c.borrow_rate_base_bps_per_year -= 1,
            |c| c.borrow_rate_optimal_bps_per_year -= 1,
            |c| c.borrow_rate_max_bps_per_year -= 1,
            |c| c.protocol_fee_share_bps -= 1,
            |c| c.timelock_secs += 1,
            |c| (c.taker_fee_bps, c.max_open_interest, c.timelock_secs) = (0, 1, MAX_TIMELOCK_SECS),
        ];
        for change in at_once {
            let mut new = old;
            change(&mut new);
            assert!(applies_at_once(&old, &new), "{new:?}");
        }
        assert!(applies_at_once(&old, &old), "no change is trivially at once");
        let timelocked: Vec<fn(&mut RiskConfig)> = vec![
            |c| c.max_open_interest += 1,
            |c| c.taker_fee_bps += 1,
            |c| c.timelock_secs -= 1,
            |c| c.maintenance_margin_bps += 1,
            |c| c.maintenance_margin_bps -= 1,
            |c| c.initial_margin_bps += 1,
            |c| c.oracle_max_conf_bps -= 1,
            |c| c.max_ema_deviation_bps -= 1,
            |c| c.fresh_price_max_age_secs -= 1,
            |c| c.lp_withdraw_delay_secs += 1,
            |c| c.max_payoff_bps -= 1,
            |c| c.sponsor_unbonding_secs += 1,
            |c| c.min_position_size += 1,
            // A lower penalty raises the keeper's floor chunk under open positions (issue 14).
            |c| c.liquidation_penalty_bps -= 1,
            |c| c.liquidation_reserve -= 1,
            // The gap assumption either way: lowering it is what lets maintenance follow it down.
            |c| c.gap_bps += 1,
            |c| c.gap_bps -= 1,
            // One risk-reducing field does not carry a timelocked one.
            |c| (c.taker_fee_bps, c.liquidation_buffer_bps) = (0, c.liquidation_buffer_bps + 1),
        ];
        for change in timelocked {
            let mut new = old;
            change(&mut new);
            assert!(!applies_at_once(&old, &new), "{new:?}");
        }
    }

    #[test]
    fn step_bounds_hold_both_ways_except_the_free_direction() {
        let old = test_config();
        let err = 6000 + BulkheadError::ParamStepTooLarge as u32;
        let within: Vec<fn(&mut RiskConfig)> = vec![
            |c| c.maintenance_margin_bps += MAX_MARGIN_STEP_BPS,
            |c| c.maintenance_margin_bps -= MAX_MARGIN_STEP_BPS,
            |c| c.initial_margin_bps += MAX_MARGIN_STEP_BPS,
            |c| c.taker_fee_bps += MAX_TAKER_FEE_STEP_BPS,
            |c| c.taker_fee_bps = 0,
            |c| c.liquidation_penalty_bps += MAX_PENALTY_STEP_BPS,
            |c| c.protocol_fee_share_bps += MAX_PROTOCOL_SHARE_STEP_BPS,
            |c| c.protocol_fee_share_bps = 0,
            |c| c.max_payoff_bps -= MAX_PAYOFF_STEP_BPS,
            |c| c.max_open_interest = 1,
        ];
        for change in within {
            let mut new = old;
            change(&mut new);
            assert!(check_steps(&old, &new).is_ok(), "{new:?}");
        }
        let beyond: Vec<fn(&mut RiskConfig)> = vec![
            |c| c.maintenance_margin_bps += MAX_MARGIN_STEP_BPS + 1,
            |c| c.maintenance_margin_bps -= MAX_MARGIN_STEP_BPS + 1,
            |c| c.initial_margin_bps += MAX_MARGIN_STEP_BPS + 1,
            |c| c.initial_margin_bps -= MAX_MARGIN_STEP_BPS + 1,
            |c| c.taker_fee_bps += MAX_TAKER_FEE_STEP_BPS + 1,
            |c| c.liquidation_penalty_bps += MAX_PENALTY_STEP_BPS + 1,
            |c| c.protocol_fee_share_bps += MAX_PROTOCOL_SHARE_STEP_BPS + 1,
            |c| c.max_payoff_bps += MAX_PAYOFF_STEP_BPS + 1,
            |c| c.max_payoff_bps -= MAX_PAYOFF_STEP_BPS + 1,
        ];
        for change in beyond {
            let mut new = old;
            change(&mut new);
            assert_eq!(code(check_steps(&old, &new)), err, "{new:?}");
        }
    }
}

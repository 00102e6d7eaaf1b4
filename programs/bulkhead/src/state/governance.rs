//! How one pool's parameters change: the queued change, what applies at once, what waits for the
//! timelock, and how far one change may move a parameter.
//!
//! A proposal names a whole [`RiskConfig`] (marginfi's validated patch, `configure_bank.rs`), but a
//! queued change is a *diff* (issue 15): it records which fields the proposal changed
//! ([`PendingChange::changed`], one bit per field of [`config_field`]) and `apply_params`
//! installs only those on the configuration in force then. So a change queued before an at-once
//! cut cannot undo it, and an at-once change to a field drops that field from the queued change.
//! The result is checked by the same [`RiskConfig::validate`] as `create_pool`, at proposal and
//! again at apply, and by [`check_steps`] against the configuration in force at each of those
//! times. A change applies no sooner than the longer of the timelock at proposal and at apply: an
//! at-once timelock raise pushes a queued change's `eta` (and its expiry) out to match.
//!
//! ## What applies at once
//! A change applies at `propose_params` when every field that differs moves in the direction the
//! table gives ([`applies_at_once`]); it can then only make new risk scarcer or cost traders less,
//! and it never tightens what an open position, a withdrawal or an LP exit must meet:
//!
//! | field | at once when |
//! |---|---|
//! | `max_open_interest`, `max_position_size` | lowered (they gate risk-increasing orders only) |
//! | `protocol_fee_share_bps` | lowered (more of every fee stays with the LPs) |
//! | `timelock_secs` | raised |
//!
//! Everything else waits for the timelock, in both directions. That includes lowering
//! `taker_fee_bps` and the three borrow rates (issue 15, found by an insider-review helper): they
//! are the LPs' income and the price of holding utilisation, so an authority that cut them at once
//! could park a hedged pair of its own at the utilisation ceiling for almost nothing and shut LP
//! exits (`InsufficientLiquidity`) through a harmful change's notice. A fee cut waits but is not
//! step-bounded. That includes lowering
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
//! Every change, at once or not, moves each bounded field at most its step (`FIELDS`) away from
//! the configuration in force, except in the direction that applies at once. So a pool's rules
//! move under open positions only in announced, bounded steps, one timelock apart.
//!
//! ## Lifetime
//! A queued change may be applied (by anyone) from `eta = proposed_at + timelock_secs` until
//! `eta + PARAMS_CHANGE_LIFETIME_SECS`; after that it is dead and must be proposed again. A new
//! proposal replaces the queued one; `accept_authority` clears it.
//!
//! A change also names the pool's custodian; changing it (or removing it) always waits for the
//! timelock and needs the consent of the custodian who stops serving and of the one who starts.
//! Replacing or removing the guardian is a change of its own (`set_guardian`): it waits for the
//! timelock, the guardian cannot veto it, and while it is queued nothing else is (one queue), so
//! the guardian's veto stands until it applies. The collateral mint and the oracle feed are in
//! none: no change can reach them.

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

/// `PendingChange::sets` bit: the change installs `custodian`.
pub const SETS_CUSTODIAN: u8 = 1 << 0;
/// `PendingChange::sets` bit: the change installs `guardian` (and nothing else).
pub const SETS_GUARDIAN: u8 = 1 << 1;
/// `PendingChange::sets` bit: an announced insurance withdrawal of `amount` (and nothing else):
/// `withdraw_insurance` spends it inside `[eta, expires_at]`; `apply_params` has nothing to apply.
pub const SETS_INSURANCE_WITHDRAWAL: u8 = 1 << 2;

/// A change queued by `propose_params` or `set_guardian`, stored in the pool's `RiskParams`
/// account: a diff against the configuration in force when it applies.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct PendingChange {
    /// The configuration as proposed; only the fields of `changed` are installed.
    pub config: RiskConfig,
    /// The custodian the change installs when `sets` has `SETS_CUSTODIAN` (default: none).
    pub custodian: Address,
    /// The guardian the change installs when `sets` has `SETS_GUARDIAN` (default: none).
    pub guardian: Address,
    /// Unix time (seconds) of the proposal.
    pub proposed_at: i64,
    /// Unix time (seconds) from which `apply_params` may install it: the proposal plus the longer
    /// of the timelock then and any raised at once since.
    pub eta: i64,
    /// Last unix time (seconds) at which it may be installed: `eta + PARAMS_CHANGE_LIFETIME_SECS`.
    pub expires_at: i64,
    /// The fields of `config` the change installs, one bit per [`config_field`] index.
    pub changed: u32,
    /// 1 while a change is queued, else 0 (and every other field is zero).
    pub active: u8,
    /// What else it installs: [`SETS_CUSTODIAN`], [`SETS_GUARDIAN`], [`SETS_INSURANCE_WITHDRAWAL`].
    pub sets: u8,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding: [u8; 2],
    /// Collateral units of insurance an announcement still allows out (with
    /// [`SETS_INSURANCE_WITHDRAWAL`]); 0 otherwise.
    pub amount: u64,
}

const _: () = assert!(core::mem::size_of::<PendingChange>() == 256);

impl PendingChange {
    /// Whether this change can still apply at or after `now` (unix seconds), so LP exits must
    /// stay open (`state::pause`): queued and not past `expires_at`.
    pub fn keeps_exits_open(&self, now: i64) -> bool {
        self.active == 1 && now <= self.expires_at
    }

    /// Refuses acting on this change at `now` outside `[eta, expires_at]` (`TimelockNotElapsed`,
    /// `ChangeExpired`): applying it, or spending an insurance announcement.
    pub fn check_window(&self, now: i64) -> Result<()> {
        require!(now >= self.eta, BulkheadError::TimelockNotElapsed);
        require!(now <= self.expires_at, BulkheadError::ChangeExpired);
        Ok(())
    }

    /// A change proposed at `now` under `timelock_secs`, installing `changed` fields of `config`
    /// and the roles of `sets`.
    pub fn queued(
        config: RiskConfig,
        changed: u32,
        sets: u8,
        roles: (Address, Address),
        now: i64,
        timelock_secs: u32,
    ) -> Self {
        // Cluster time plus at most 14 + 7 days: far from i64::MAX.
        let eta = now.saturating_add(i64::from(timelock_secs));
        PendingChange {
            config,
            custodian: roles.0,
            guardian: roles.1,
            proposed_at: now,
            eta,
            expires_at: eta.saturating_add(PARAMS_CHANGE_LIFETIME_SECS),
            changed,
            active: 1,
            sets,
            _padding: [0; 2],
            amount: 0,
        }
    }

    /// After an at-once change at `now` of the `fields` it lists under the configuration
    /// `now_in_force`: a change already dead (past `expires_at`) is cleared, never revived; else
    /// those fields leave it (it is cleared when nothing is left), and its `eta` and expiry move
    /// out to the proposal plus the timelock in force when that is longer.
    pub fn after_at_once(&mut self, fields: u32, now_in_force: &RiskConfig, now: i64) {
        if self.active != 1 {
            return;
        }
        if now > self.expires_at {
            *self = bytemuck::Zeroable::zeroed();
            return;
        }
        self.changed &= !fields;
        if self.changed == 0 && self.sets == 0 {
            *self = bytemuck::Zeroable::zeroed();
            return;
        }
        let eta = self.proposed_at.saturating_add(i64::from(now_in_force.timelock_secs));
        if eta > self.eta {
            self.eta = eta;
            self.expires_at = eta.saturating_add(PARAMS_CHANGE_LIFETIME_SECS);
        }
    }
}

/// Number of fields of [`RiskConfig`] a change can name (the padding is none of them).
pub const CONFIG_FIELDS: usize = 31;

// `config_field` relies on this layout: 25 `u32` fields from byte 0, 4 bytes of padding, then 6
// `u64` fields from byte 104.
const _: () = {
    assert!(core::mem::offset_of!(RiskConfig, initial_margin_bps) == 0);
    assert!(core::mem::offset_of!(RiskConfig, gap_bps) == 96);
    assert!(core::mem::offset_of!(RiskConfig, _padding) == 100);
    assert!(core::mem::offset_of!(RiskConfig, max_open_interest) == 104);
    assert!(core::mem::offset_of!(RiskConfig, liquidation_reserve) == 144);
    assert!(core::mem::size_of::<RiskConfig>() == 152);
};

/// The bytes of field `index` (< [`CONFIG_FIELDS`], in declaration order) inside a `RiskConfig`.
pub const fn config_field(index: usize) -> core::ops::Range<usize> {
    if index < 25 {
        index * 4..index * 4 + 4
    } else {
        104 + (index - 25) * 8..112 + (index - 25) * 8
    }
}

/// The fields (bits of [`config_field`] indices) in which `a` and `b` differ. Compared word by
/// word, element by element (a slice comparison would call `sol_memcmp` per field), which keeps
/// `propose_params` inside its compute budget.
pub fn changed_fields(a: &RiskConfig, b: &RiskConfig) -> u32 {
    // A `RiskConfig` is `Pod` and 8-aligned: its bytes are 38 aligned little-endian words.
    let a: &[u32] = bytemuck::cast_slice(bytemuck::bytes_of(a));
    let b: &[u32] = bytemuck::cast_slice(bytemuck::bytes_of(b));
    let mut mask = 0;
    for index in 0..U32_FIELDS {
        if a[index] != b[index] {
            mask |= 1 << index;
        }
    }
    for j in 0..CONFIG_FIELDS - U32_FIELDS {
        let w = U64_FIRST_WORD + 2 * j;
        if a[w] != b[w] || a[w + 1] != b[w + 1] {
            mask |= 1 << (U32_FIELDS + j);
        }
    }
    mask
}

/// `base` with the `fields` of `values` written over it.
pub fn overlay(base: &RiskConfig, values: &RiskConfig, fields: u32) -> RiskConfig {
    let mut out = *base;
    let to: &mut [u32] = bytemuck::cast_slice_mut(bytemuck::bytes_of_mut(&mut out));
    let from: &[u32] = bytemuck::cast_slice(bytemuck::bytes_of(values));
    for index in 0..U32_FIELDS {
        if fields & (1 << index) != 0 {
            to[index] = from[index];
        }
    }
    for j in 0..CONFIG_FIELDS - U32_FIELDS {
        if fields & (1 << (U32_FIELDS + j)) != 0 {
            let w = U64_FIRST_WORD + 2 * j;
            (to[w], to[w + 1]) = (from[w], from[w + 1]);
        }
    }
    out
}

/// The `u32` fields of a `RiskConfig`: its first 25 words, field `i` at word `i`.
const U32_FIELDS: usize = 25;
/// The word of the first `u64` field (byte 104); `u64` field `j` is at words `26 + 2j` and one more.
const U64_FIRST_WORD: usize = 26;
const _: () = assert!(config_field(U32_FIELDS).start == U64_FIRST_WORD * 4);

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
    field!(u32 taker_fee_bps, Never, MAX_TAKER_FEE_STEP_BPS),
    field!(u32 liquidation_penalty_bps, Never, MAX_PENALTY_STEP_BPS),
    field!(u32 borrow_rate_base_bps_per_year, Never, u64::MAX),
    field!(u32 borrow_rate_optimal_bps_per_year, Never, u64::MAX),
    field!(u32 borrow_rate_max_bps_per_year, Never, u64::MAX),
    field!(u32 protocol_fee_share_bps, Lowered, MAX_PROTOCOL_SHARE_STEP_BPS),
    field!(u32 timelock_secs, Raised, u64::MAX),
    field!(u32 initial_margin_bps, Never, MAX_MARGIN_STEP_BPS),
    field!(u32 maintenance_margin_bps, Never, MAX_MARGIN_STEP_BPS),
    field!(u32 max_payoff_bps, Never, MAX_PAYOFF_STEP_BPS),
];

/// Whether `new` may replace `old` at once (see the module table): every field equal, or moved
/// the way its row allows. A field added to [`RiskConfig`] later is timelocked unless listed,
/// because everything not in `FIELDS` must be equal.
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
    // A fee cut waits for the timelock but is not step-bounded (issue 15): it is checked as if
    // the fee stayed.
    let mut new = *new;
    new.taker_fee_bps = new.taker_fee_bps.max(old.taker_fee_bps);
    let new = &new;
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
    use bytemuck::Zeroable;

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
            |c| c.protocol_fee_share_bps -= 1,
            |c| c.timelock_secs += 1,
            |c| (c.protocol_fee_share_bps, c.max_open_interest, c.timelock_secs) = (0, 1, MAX_TIMELOCK_SECS),
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
            // Fee and borrow cuts are the LPs' income and the price of utilisation (issue 15).
            |c| c.taker_fee_bps -= 1,
            |c| c.borrow_rate_base_bps_per_year -= 1,
            |c| c.borrow_rate_optimal_bps_per_year -= 1,
            |c| c.borrow_rate_max_bps_per_year -= 1,
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
            |c| (c.max_position_size, c.liquidation_buffer_bps) = (1, c.liquidation_buffer_bps + 1),
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

    #[test]
    fn a_diff_names_each_field_and_installs_only_those() {
        let base = test_config();
        assert_eq!(changed_fields(&base, &base), 0);
        // Every field alone is found, at its own bit, and overlays alone.
        let bytes = bytemuck::bytes_of(&base).to_vec();
        for index in 0..CONFIG_FIELDS {
            let mut moved = bytes.clone();
            moved[config_field(index).start] ^= 1;
            let new: RiskConfig = *bytemuck::from_bytes(&moved);
            assert_eq!(changed_fields(&base, &new), 1 << index, "field {index}");
            let other = RiskConfig { max_open_interest: 7, ..base };
            let laid = overlay(&other, &new, 1 << index);
            assert_eq!(changed_fields(&other, &laid), changed_fields(&other, &new) & (1 << index));
        }
        // The fields cover every byte but the padding's.
        let covered: usize = (0..CONFIG_FIELDS).map(|i| config_field(i).len()).sum();
        assert_eq!(covered + 4, core::mem::size_of::<RiskConfig>());
        // A queued change of the fee does not carry the open-interest cap in force at proposal.
        let proposed = RiskConfig { taker_fee_bps: base.taker_fee_bps + 5, ..base };
        let cut = RiskConfig { max_open_interest: base.max_open_interest / 2, ..base };
        let applied = overlay(&cut, &proposed, changed_fields(&base, &proposed));
        assert_eq!(
            (applied.max_open_interest, applied.taker_fee_bps),
            (cut.max_open_interest, proposed.taker_fee_bps)
        );
    }

    #[test]
    fn an_at_once_change_drops_its_fields_and_stretches_the_eta() {
        let base = test_config();
        let both = RiskConfig {
            taker_fee_bps: base.taker_fee_bps + 5,
            max_open_interest: base.max_open_interest + 1,
            ..base
        };
        let mut p =
            PendingChange::queued(both, changed_fields(&base, &both), 0, Default::default(), 1_000, 3_600);
        assert_eq!((p.eta, p.expires_at), (4_600, 4_600 + PARAMS_CHANGE_LIFETIME_SECS));
        let longer = RiskConfig { timelock_secs: 86_400, ..base };
        let oi = changed_fields(&base, &RiskConfig { max_open_interest: 1, ..base });
        p.after_at_once(oi | changed_fields(&base, &longer), &longer, 2_000);
        assert_eq!(p.changed, changed_fields(&base, &both) & !oi, "the cap left, the fee stays");
        assert_eq!((p.eta, p.expires_at), (87_400, 87_400 + PARAMS_CHANGE_LIFETIME_SECS));
        let fee = changed_fields(&base, &RiskConfig { taker_fee_bps: 0, ..base });
        p.after_at_once(fee, &longer, 2_000);
        assert_eq!(p, PendingChange::zeroed(), "nothing left: the queue is empty");
        let mut guardian = PendingChange::queued(base, 0, SETS_GUARDIAN, Default::default(), 1_000, 3_600);
        guardian.after_at_once(fee, &base, 2_000);
        assert_eq!(guardian.active, 1, "a change of guardian stays");
        // A dead change is cleared by an at-once change, never revived by a timelock raise.
        let dead = guardian.expires_at + 1;
        guardian.after_at_once(changed_fields(&base, &longer), &longer, dead);
        assert_eq!(guardian, PendingChange::zeroed());
    }
}

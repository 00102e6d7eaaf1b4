//! Installing a parameter change (the rules are in `state::governance`): at proposal when it
//! only reduces risk, else queued and installed by `apply_params` inside its window.

use super::funding;
use crate::errors::BulkheadError;
use crate::state::governance::{
    applies_at_once, changed_fields, check_steps, overlay, SETS_CUSTODIAN, SETS_GUARDIAN,
    SETS_INSURANCE_WITHDRAWAL,
};
use crate::state::{PendingChange, Pool, RiskConfig, RiskParams};
use anchor_lang::prelude::*;
use bytemuck::Zeroable;

/// What a proposal names: the whole risk configuration and the custodian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The configuration.
    pub config: RiskConfig,
    /// The custodian (default: none).
    pub custodian: Address,
}

/// What `propose` did with a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proposal {
    /// It only reduced risk and is in force now.
    Applied,
    /// It waits for the timelock, as the pool's queued change.
    Queued,
}

/// Checks the change (`RiskConfig::validate`, then the step bounds against the configuration in
/// force) and either installs it at once (it only reduces risk and keeps the custodian; the fields
/// it moved leave any queued change) or queues the fields it changes for `now + timelock_secs` of
/// the configuration in force, replacing any queued change. A custodian change needs the consent
/// of the custodian who stops serving and of the one who starts (`consent`: the custodian slots
/// that signed; `CustodianConsentRequired`). A queued change ends the exit pauses in force: its
/// whole notice is open to LPs who disagree.
pub fn propose(
    pool: &mut Pool,
    params: &mut RiskParams,
    change: &Change,
    consent: (Option<&Address>, Option<&Address>),
    now: i64,
) -> Result<Proposal> {
    let Change { config, custodian } = *change;
    config.validate()?;
    check_steps(&params.config, &config)?;
    let changed = changed_fields(&params.config, &config);
    pool.check_custodian_consent(&custodian, consent)?;
    if custodian == pool.custodian && applies_at_once(&params.config, &config) {
        install(pool, params, &config, now)?;
        let in_force = params.config;
        params.pending.after_at_once(changed, &in_force, now);
        return Ok(Proposal::Applied);
    }
    let sets = if custodian != pool.custodian { SETS_CUSTODIAN } else { 0 };
    let timelock = params.config.timelock_secs;
    let pending =
        PendingChange::queued(config, changed, sets, (custodian, Address::default()), now, timelock);
    enqueue(pool, params, pending);
    Ok(Proposal::Queued)
}

/// Makes `pending` the pool's one queued change, replacing any, and ends the exit pauses in force
/// at its proposal: every queued change's whole notice is open to LPs who disagree.
fn enqueue(pool: &mut Pool, params: &mut RiskParams, pending: PendingChange) {
    params.pending = pending;
    pool.pauses.open_exits(pending.proposed_at);
}

/// Queues replacing or removing the guardian with `guardian` (a change of its own, replacing any
/// queued one, behind the timelock in force); ends the exit pauses in force like every queued
/// change.
pub fn propose_guardian(pool: &mut Pool, params: &mut RiskParams, guardian: Address, now: i64) {
    let in_force = params.config;
    let roles = (Address::default(), guardian);
    let pending = PendingChange::queued(in_force, 0, SETS_GUARDIAN, roles, now, in_force.timelock_secs);
    enqueue(pool, params, pending);
}

/// Queues an announcement that `amount` of insurance will be withdrawn (a change of its own,
/// replacing any queued one, behind the timelock in force); ends the exit pauses in force.
pub fn announce_insurance_withdrawal(pool: &mut Pool, params: &mut RiskParams, amount: u64, now: i64) {
    let in_force = params.config;
    let mut pending = PendingChange::queued(
        in_force,
        0,
        SETS_INSURANCE_WITHDRAWAL,
        (Address::default(), Address::default()),
        now,
        in_force.timelock_secs,
    );
    pending.amount = amount;
    enqueue(pool, params, pending);
}

/// Spends `amount` of a matured insurance announcement at `now`: refused without one
/// (`WithdrawalNotAnnounced`), before its eta (`TimelockNotElapsed`), after its expiry
/// (`ChangeExpired`) or beyond what it still allows (`WithdrawalNotAnnounced`). The queue empties
/// when the announcement is spent.
pub fn spend_insurance_announcement(params: &mut RiskParams, amount: u64, now: i64) -> Result<()> {
    let pending = &mut params.pending;
    let announced = pending.active == 1 && pending.sets & SETS_INSURANCE_WITHDRAWAL != 0;
    require!(announced && amount <= pending.amount, BulkheadError::WithdrawalNotAnnounced);
    pending.check_window(now)?;
    pending.amount -= amount; // amount <= pending.amount
    if pending.amount == 0 {
        *pending = PendingChange::zeroed();
    }
    Ok(())
}

/// Installs the queued change: refused before its `eta` (`TimelockNotElapsed`), after its
/// `expires_at` (`ChangeExpired`) or when none is queued (`NoPendingChange`). Its fields are
/// written over the configuration in force now, and the result is checked again by `validate`
/// and the step bounds against it. Clears the queue and returns the queued change as installed
/// (its `config` is the configuration now in force).
pub fn apply(pool: &mut Pool, params: &mut RiskParams, now: i64) -> Result<PendingChange> {
    let mut pending = params.pending;
    // An insurance announcement is spent by `withdraw_insurance`, never applied (anyone applying
    // it would cancel it).
    let appliable = pending.active == 1 && pending.sets & SETS_INSURANCE_WITHDRAWAL == 0;
    require!(appliable, BulkheadError::NoPendingChange);
    pending.check_window(now)?;
    let config = overlay(&params.config, &pending.config, pending.changed);
    config.validate()?;
    check_steps(&params.config, &config)?;
    install(pool, params, &config, now)?;
    if pending.sets & SETS_CUSTODIAN != 0 {
        pool.custodian = pending.custodian;
    }
    if pending.sets & SETS_GUARDIAN != 0 {
        pool.guardian = pending.guardian;
    }
    params.pending = PendingChange::zeroed();
    pending.config = config;
    Ok(pending)
}

/// Switches the configuration in force, after accruing funding and borrow up to `now` at the old
/// rates, so that no second before the change is charged at the new ones.
fn install(pool: &mut Pool, params: &mut RiskParams, config: &RiskConfig, now: i64) -> Result<()> {
    funding::accrue(pool, &params.config, now)?;
    params.config = *config;
    Ok(())
}

//! Installing a parameter change (the rules are in `state::governance`): at proposal when it
//! only reduces risk, else queued and installed by `apply_params` inside its window.

use super::funding;
use crate::errors::BulkheadError;
use crate::state::governance::{applies_at_once, check_steps, PARAMS_CHANGE_LIFETIME_SECS};
use crate::state::{PendingChange, Pool, RiskConfig, RiskParams};
use anchor_lang::prelude::*;
use bytemuck::Zeroable;

/// What a change installs: the whole risk configuration and the custodian.
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
    /// It waits for the timelock: appliable in `[eta, expires_at]` (unix seconds).
    Queued { eta: i64, expires_at: i64 },
}

/// Checks the change (`RiskConfig::validate`, then the step bounds against the configuration in
/// force) and either installs it at once (it only reduces risk and keeps the custodian) or queues
/// it for `now + timelock_secs` of the configuration in force, replacing any queued change. A
/// queued change ends the exit pauses in force: its whole notice is open to LPs who disagree.
pub fn propose(pool: &mut Pool, params: &mut RiskParams, change: &Change, now: i64) -> Result<Proposal> {
    let Change { config, custodian } = *change;
    config.validate()?;
    check_steps(&params.config, &config)?;
    if custodian == pool.custodian && applies_at_once(&params.config, &config) {
        install(pool, params, change, now)?;
        return Ok(Proposal::Applied);
    }
    // Cluster time plus at most 14 + 7 days: far from i64::MAX.
    let eta = now.saturating_add(i64::from(params.config.timelock_secs));
    let expires_at = eta.saturating_add(PARAMS_CHANGE_LIFETIME_SECS);
    params.pending = PendingChange {
        config,
        custodian,
        proposed_at: now,
        eta,
        expires_at,
        active: 1,
        ..PendingChange::zeroed()
    };
    pool.pauses.open_exits(now);
    Ok(Proposal::Queued { eta, expires_at })
}

/// Installs the queued change: refused before its `eta` (`TimelockNotElapsed`), after its
/// `expires_at` (`ChangeExpired`) or when none is queued (`NoPendingChange`); checked again by
/// `validate` and the step bounds against the configuration in force now (an at-once change may
/// have landed meanwhile). Clears the queue and returns the installed change.
pub fn apply(pool: &mut Pool, params: &mut RiskParams, now: i64) -> Result<Change> {
    let pending = params.pending;
    require!(pending.active == 1, BulkheadError::NoPendingChange);
    require!(now >= pending.eta, BulkheadError::TimelockNotElapsed);
    require!(now <= pending.expires_at, BulkheadError::ChangeExpired);
    pending.config.validate()?;
    check_steps(&params.config, &pending.config)?;
    let change = Change { config: pending.config, custodian: pending.custodian };
    install(pool, params, &change, now)?;
    params.pending = PendingChange::zeroed();
    Ok(change)
}

/// Switches the configuration and the custodian in force, after accruing funding and borrow up
/// to `now` at the old rates, so that no second before the change is charged at the new ones.
fn install(pool: &mut Pool, params: &mut RiskParams, change: &Change, now: i64) -> Result<()> {
    funding::accrue(pool, &params.config, now)?;
    params.config = change.config;
    pool.custodian = change.custodian;
    Ok(())
}

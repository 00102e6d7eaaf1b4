//! Events of governance actions. Like every event they carry the pool, its new sequence number
//! and its book (which governance never changes), so they take their place in the pool's log.

use crate::state::{PendingChange, PoolBook, RiskConfig};
use anchor_lang::prelude::*;

/// The authority named its successor; nothing changes until the successor accepts.
#[event(bytemuck)]
pub struct AuthorityProposed {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// The authority that proposed.
    pub authority: Address,
    /// The proposed authority, which must sign `accept_authority`.
    pub pending_authority: Address,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// A new authority took over: the queued change (if any) is gone; the guardian stays.
#[event(bytemuck)]
pub struct AuthorityAccepted {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// The authority before.
    pub previous: Address,
    /// The authority now.
    pub authority: Address,
    /// 1 when a queued parameter change was cancelled by the handover, else 0.
    pub cancelled_change: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// The pool's guardian changed: appointed at once where there was none, or replaced or removed
/// (the default address) by a queued change that waited the timelock.
#[event(bytemuck)]
pub struct GuardianSet {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// The guardian now (default: none).
    pub guardian: Address,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// A change was queued behind the timelock (by `propose_params`, or by `set_guardian` replacing
/// or removing the guardian).
#[event(bytemuck)]
pub struct ParamsProposed {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// The configuration as proposed; only the fields of `changed` will be installed.
    pub config: RiskConfig,
    /// The custodian the change installs when `sets` has `SETS_CUSTODIAN` (default: none).
    pub custodian: Address,
    /// The guardian the change installs when `sets` has `SETS_GUARDIAN` (default: none).
    pub guardian: Address,
    /// The fields of `config` it installs (bits of `state::governance::config_field` indices).
    pub changed: u64,
    /// What else it installs (`state::governance::SETS_CUSTODIAN`, `SETS_GUARDIAN`).
    pub sets: u64,
    /// Unix time (seconds) from which anyone may apply it.
    pub eta: i64,
    /// Last unix time (seconds) at which it may be applied.
    pub expires_at: i64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

impl ParamsProposed {
    /// The event of queuing `p` (the envelope and the hash are filled by `Emitter::emit`).
    pub fn of(p: &PendingChange) -> Self {
        ParamsProposed {
            pool: Address::default(),
            sequence: 0,
            book: PoolBook::default(),
            config: p.config,
            custodian: p.custodian,
            guardian: p.guardian,
            changed: u64::from(p.changed),
            sets: u64::from(p.sets),
            eta: p.eta,
            expires_at: p.expires_at,
            state_hash: [0; 32],
        }
    }
}

/// A parameter change took effect.
#[event(bytemuck)]
pub struct ParamsApplied {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// The configuration now in force.
    pub config: RiskConfig,
    /// The custodian now (default: none).
    pub custodian: Address,
    /// The guardian now (default: none).
    pub guardian: Address,
    /// The fields of the configuration the change installed (bits of
    /// `state::governance::config_field` indices).
    pub changed: u64,
    /// 1 when it applied at proposal (it only reduced risk), 0 when it waited for the timelock.
    pub at_once: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// A queued parameter change was cancelled by the authority or vetoed by the guardian.
#[event(bytemuck)]
pub struct ParamsCancelled {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// Who cancelled it.
    pub by: Address,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// Operations of the pool were paused by its authority or its guardian.
#[event(bytemuck)]
pub struct Paused {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// Who paused.
    pub by: Address,
    /// The operations this pause names (`state::pause` bits).
    pub ops: u64,
    /// Unix time (seconds) until which the operations of `ops` outside `EXIT_OPERATIONS` are
    /// paused (a longer pause in force is kept); 0 when `ops` has none.
    pub until: i64,
    /// Unix time (seconds) until which the exit operations of `ops` are paused: at most the end of
    /// the exit-pause episode, a day after it began; 0 when `ops` has none.
    pub exits_until: i64,
    /// Every operation paused after this change (bits).
    pub paused: u64,
    /// Guardian pauses left in the budget window.
    pub guardian_budget_left: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// The authority ended pauses early.
#[event(bytemuck)]
pub struct Resumed {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// The operations resumed (bits).
    pub ops: u64,
    /// Every operation still paused after this change (bits).
    pub paused: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// Pool-owned money left the vault: protocol fees or insurance capital.
#[event(bytemuck)]
pub struct PoolFundsWithdrawn {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// `SOURCE_PROTOCOL_FEES` (0) or `SOURCE_INSURANCE` (1).
    pub source: u64,
    /// Amount moved (collateral units).
    pub amount: u64,
    /// The token account that received it.
    pub destination: Address,
    /// The custodian who co-signed (default: the pool has none).
    pub custodian: Address,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

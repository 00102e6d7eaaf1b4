//! The off-chain verifier of bulkhead's event log.
//!
//! Every bulkhead event starts with `pool` (32 bytes), `sequence` (u64 LE) and `book` (the pool's
//! `PoolBook`, 8 x u64 LE) and ends with `state_hash` (32 bytes), after the 8-byte discriminator
//! (the program asserts the last; `tests/tests/audit.rs` checks the first three against the IDL).
//! Each pool's chain is `h(n) = sha256(h(n-1) ‖ n as u64 LE ‖ discriminator ‖ bytes before
//! state_hash)` with `h(0)` all zeros (see `programs/bulkhead/src/events/mod.rs`).
//!
//! [`Auditor`] reads `Program data:` log lines in the order the cluster executed them, and for
//! each pool rebuilds its sequence, book and hash from its events alone, with this crate's own
//! SHA-256 (not the program's code). It reports every gap (a sequence number skipped), every
//! reordering or replay (a sequence number not above the last), and every event whose carried hash
//! is not the recomputed one. [`PoolReport::matches`] compares the result with a `Pool` account.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Offsets inside an event's data, after its discriminator (bytes).
const POOL: std::ops::Range<usize> = 0..32;
const SEQUENCE: std::ops::Range<usize> = 32..40;
const BOOK: std::ops::Range<usize> = 40..104;
/// Bytes of the trailing `state_hash`.
const HASH_LEN: usize = 32;

/// What is wrong with one event of a pool's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The event's sequence skipped numbers: `expected` was next, `found` came.
    Gap { expected: u64, found: u64 },
    /// The event's sequence is not above the last one seen (reordered or replayed).
    OutOfOrder { last: u64, found: u64 },
    /// The hash the event carries is not the one recomputed from the chain.
    HashMismatch { sequence: u64 },
}

/// One pool's log as rebuilt from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PoolReport {
    /// Events read.
    pub events: u64,
    /// Sequence of the last event.
    pub sequence: u64,
    /// The running hash after the last event, as recomputed.
    pub state_hash: [u8; 32],
    /// The pool's book after the last event (the `PoolBook` fields in order, collateral units).
    pub book: [u64; 8],
    /// Event names by count (from the IDL's discriminators).
    pub by_name: BTreeMap<String, u64>,
    /// Everything wrong, in log order.
    pub findings: Vec<Finding>,
}

impl PoolReport {
    /// Whether the rebuilt log is clean and ends where the pool account stands: its `sequence`,
    /// `state_hash` and `book` (read from the account by the caller).
    pub fn matches(&self, sequence: u64, state_hash: &[u8; 32], book: &[u64; 8]) -> bool {
        self.findings.is_empty()
            && self.sequence == sequence
            && &self.state_hash == state_hash
            && &self.book == book
    }
}

/// Rebuilds every pool's log from `Program data:` lines.
pub struct Auditor {
    /// Event name by discriminator, from the IDL.
    names: BTreeMap<[u8; 8], String>,
    pools: BTreeMap<[u8; 32], PoolReport>,
}

impl Auditor {
    /// An auditor for the events the IDL (`idl/bulkhead.json`, as JSON text) declares.
    pub fn new(idl_json: &str) -> Result<Self, String> {
        let idl: serde_json::Value = serde_json::from_str(idl_json).map_err(|e| format!("IDL: {e}"))?;
        let mut names = BTreeMap::new();
        for event in idl["events"].as_array().ok_or("IDL has no events")? {
            let bytes: Vec<u8> = event["discriminator"]
                .as_array()
                .ok_or("event without discriminator")?
                .iter()
                .map(|b| b.as_u64().unwrap_or(0) as u8)
                .collect();
            let disc: [u8; 8] = bytes.try_into().map_err(|_| "discriminator is not 8 bytes")?;
            names.insert(disc, event["name"].as_str().unwrap_or("?").to_string());
        }
        Ok(Auditor { names, pools: BTreeMap::new() })
    }

    /// Reads one log line; lines that are not a bulkhead event are ignored.
    pub fn line(&mut self, line: &str) {
        let Some(b64) = line.strip_prefix("Program data: ") else { return };
        let Ok(data) = base64::engine::general_purpose::STANDARD.decode(b64.trim()) else { return };
        self.event(&data);
    }

    /// Reads one event: discriminator followed by its bytes.
    pub fn event(&mut self, data: &[u8]) {
        if data.len() < 8 + BOOK.end + HASH_LEN {
            return;
        }
        let (disc, body) = data.split_at(8);
        let Some(name) = self.names.get(disc) else { return };
        let pool: [u8; 32] = body[POOL].try_into().unwrap();
        let sequence = u64::from_le_bytes(body[SEQUENCE].try_into().unwrap());
        let report = self.pools.entry(pool).or_default();
        if sequence <= report.sequence {
            report.findings.push(Finding::OutOfOrder { last: report.sequence, found: sequence });
            return;
        }
        if sequence != report.sequence + 1 {
            report.findings.push(Finding::Gap { expected: report.sequence + 1, found: sequence });
        }
        let (prefix, carried) = body.split_at(body.len() - HASH_LEN);
        let mut hasher = Sha256::new();
        hasher.update(report.state_hash);
        hasher.update(sequence.to_le_bytes());
        hasher.update(disc);
        hasher.update(prefix);
        let hash: [u8; 32] = hasher.finalize().into();
        if hash != carried {
            report.findings.push(Finding::HashMismatch { sequence });
        }
        // Continue from the carried hash, so one altered event is one finding, not every later one.
        report.state_hash = carried.try_into().unwrap();
        report.sequence = sequence;
        report.events += 1;
        for (i, word) in body[BOOK].chunks(8).enumerate() {
            report.book[i] = u64::from_le_bytes(word.try_into().unwrap());
        }
        *report.by_name.entry(name.clone()).or_default() += 1;
    }

    /// The report of each pool seen, by pool address bytes.
    pub fn pools(&self) -> &BTreeMap<[u8; 32], PoolReport> {
        &self.pools
    }
}

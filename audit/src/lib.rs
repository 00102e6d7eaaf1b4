//! The off-chain verifier of bulkhead's event log.
//!
//! bulkhead emits every event by self-CPI (`programs/bulkhead/src/events/chain.rs`): an inner
//! instruction of bulkhead whose first account is its event authority PDA `["__event_authority"]`
//! and whose data is `EVENT_IX_TAG ‖ discriminator ‖ event`. Only bulkhead can produce one (its
//! dispatcher accepts the tag only with the event authority signing), and the runtime records
//! every one, however much the transaction logs. So the verifier reads transactions, never log
//! text: [`Auditor::transaction`] counts only those inner instructions, and only of successful
//! transactions. Another program's `Program data:` lines, its own inner instructions, and
//! everything of a failed transaction are not bulkhead's history and are never read.
//!
//! Every event starts with `pool` (32 bytes), `sequence` (u64 LE) and `book` (the pool's
//! `PoolBook`, 8 x u64 LE) and ends with `state_hash` (32 bytes), after the 8-byte discriminator
//! (the program asserts the layout; `tests/tests/audit.rs` checks it against the IDL). Each
//! pool's chain is `h(n) = sha256(h(n-1) ‖ n as u64 LE ‖ discriminator ‖ bytes before
//! state_hash)` with `h(0)` all zeros.
//!
//! For each pool the auditor rebuilds its sequence, book and hash with this crate's own SHA-256
//! (not the program's code). It reports every gap (a sequence number skipped), every reordering
//! or replay (a sequence number not above the last), and every event whose carried hash is not
//! the recomputed one. [`PoolReport::matches`] compares the result with a `Pool` account.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Anchor's self-CPI event instruction tag, `sha256("anchor:event")[..8]` as a u64, LE.
pub const EVENT_IX_TAG: [u8; 8] = 0x1d9a_cb51_2ea5_45e4u64.to_le_bytes();
/// Seed of bulkhead's event authority PDA.
pub const EVENT_AUTHORITY_SEED: &[u8] = b"__event_authority";

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

/// Byte offsets in a `Pool` account's data (its 8-byte discriminator first) of what the log must
/// end at: `sequence` (u64 LE), `book` (8 x u64 LE) and `state_hash` (32 bytes). The verifier reads
/// the account itself rather than linking the program's code; `tests/tests/audit.rs` checks these
/// against the program's `Pool` layout.
pub const POOL_SEQUENCE_AT: usize = 32;
pub const POOL_BOOK_AT: usize = 56;
pub const POOL_STATE_HASH_AT: usize = 976;

/// What a pool account says its log ends at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolState {
    /// `Pool::sequence`: the number of events so far.
    pub sequence: u64,
    /// `Pool::state_hash`: the running hash after the last one.
    pub state_hash: [u8; 32],
    /// `Pool::book` (the `PoolBook` fields in order, collateral units).
    pub book: [u64; 8],
}

impl PoolState {
    /// Reads a `Pool` account's data (discriminator included).
    pub fn from_account_data(data: &[u8]) -> Result<Self, String> {
        if data.len() < POOL_STATE_HASH_AT + 32 {
            return Err(format!("{} bytes is not a pool account", data.len()));
        }
        let word = |at: usize| u64::from_le_bytes(data[at..at + 8].try_into().unwrap());
        Ok(PoolState {
            sequence: word(POOL_SEQUENCE_AT),
            state_hash: data[POOL_STATE_HASH_AT..POOL_STATE_HASH_AT + 32].try_into().unwrap(),
            book: core::array::from_fn(|i| word(POOL_BOOK_AT + 8 * i)),
        })
    }

    /// Reads a pool account as `getAccountInfo` (`encoding: "base64"`) returns it, bare
    /// (`{"data": ["<base64>", "base64"], ...}`), inside its RPC envelope (`{"value": {...}}`), or
    /// as `solana account --output json` prints it (`{"account": {...}}`).
    pub fn from_rpc_json(text: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("pool account: {e}"))?;
        let account = ["value", "account"].iter().find_map(|k| value.get(*k)).unwrap_or(&value);
        let data = account["data"].as_array().ok_or("pool account: no data array")?;
        if data.get(1).and_then(|e| e.as_str()) != Some("base64") {
            return Err("pool account: the data must be base64-encoded".into());
        }
        let b64 = data[0].as_str().ok_or("pool account: data is not a string")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| format!("pool account: {e}"))?;
        Self::from_account_data(&bytes)
    }
}

impl PoolReport {
    /// [`PoolReport::matches`] against what a pool account says.
    pub fn matches_state(&self, state: &PoolState) -> bool {
        self.matches(state.sequence, &state.state_hash, &state.book)
    }
}

/// One instruction a transaction ran, with its program and accounts resolved to addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoked {
    /// The program invoked.
    pub program: [u8; 32],
    /// Its accounts, in order.
    pub accounts: Vec<[u8; 32]>,
    /// Its instruction data.
    pub data: Vec<u8>,
}

/// One transaction as the cluster recorded it: whether it succeeded, and every inner
/// instruction (CPI) it ran, in execution order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The transaction's first signature (base58), for reports.
    pub signature: String,
    /// `meta.err` was null.
    pub succeeded: bool,
    /// Its inner instructions, in execution order.
    pub inner: Vec<Invoked>,
}

impl Recorded {
    /// Reads one `getTransaction` result (`encoding: "json"`, any `maxSupportedTransactionVersion`):
    /// `transaction.message.accountKeys`, `meta.loadedAddresses` (writable, then readonly),
    /// `meta.err` and `meta.innerInstructions` (`programIdIndex`, `accounts`, base58 `data`).
    /// Anything missing or malformed is an error, never an empty transaction.
    pub fn from_rpc(tx: &serde_json::Value) -> Result<Self, String> {
        let meta = tx.get("meta").filter(|m| m.is_object()).ok_or("transaction without meta")?;
        let message = &tx["transaction"]["message"];
        let mut keys = Vec::new();
        for key in message["accountKeys"].as_array().ok_or("transaction without accountKeys")? {
            keys.push(address(key)?);
        }
        if let Some(loaded) = meta.get("loadedAddresses").filter(|l| !l.is_null()) {
            for part in ["writable", "readonly"] {
                for key in loaded[part].as_array().ok_or("malformed loadedAddresses")? {
                    keys.push(address(key)?);
                }
            }
        }
        let key = |i: &serde_json::Value| -> Result<[u8; 32], String> {
            let i = i.as_u64().ok_or("account index is not a number")? as usize;
            keys.get(i).copied().ok_or_else(|| format!("account index {i} out of range"))
        };
        let mut inner = Vec::new();
        let groups = meta["innerInstructions"].as_array().ok_or("meta without innerInstructions")?;
        for group in groups {
            for ix in group["instructions"].as_array().ok_or("malformed innerInstructions")? {
                let accounts = ix["accounts"].as_array().ok_or("inner instruction without accounts")?;
                inner.push(Invoked {
                    program: key(&ix["programIdIndex"])?,
                    accounts: accounts.iter().map(key).collect::<Result<_, _>>()?,
                    data: bs58::decode(ix["data"].as_str().ok_or("inner instruction without data")?)
                        .into_vec()
                        .map_err(|e| format!("inner instruction data: {e}"))?,
                });
            }
        }
        let signature = tx["transaction"]["signatures"][0].as_str().unwrap_or_default().to_string();
        Ok(Recorded { signature, succeeded: meta["err"].is_null(), inner })
    }
}

fn address(value: &serde_json::Value) -> Result<[u8; 32], String> {
    let text = value.as_str().ok_or("an address is not a string")?;
    bs58::decode(text)
        .into_vec()
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| format!("{text} is not an address"))
}

/// `find_program_address(seeds, program)`, as the runtime computes it: the first bump from 255
/// down whose `sha256(seeds ‖ bump ‖ program ‖ "ProgramDerivedAddress")` is off the ed25519 curve.
pub fn find_program_address(seeds: &[&[u8]], program: &[u8; 32]) -> ([u8; 32], u8) {
    for bump in (0..=255u8).rev() {
        let mut hasher = Sha256::new();
        for seed in seeds {
            hasher.update(seed);
        }
        hasher.update([bump]);
        hasher.update(program);
        hasher.update(b"ProgramDerivedAddress");
        let candidate: [u8; 32] = hasher.finalize().into();
        if curve25519_dalek::edwards::CompressedEdwardsY(candidate).decompress().is_none() {
            return (candidate, bump);
        }
    }
    unreachable!("no bump gives an off-curve address")
}

/// Rebuilds every pool's log from bulkhead's self-CPI events in recorded transactions.
pub struct Auditor {
    /// bulkhead's program id (the IDL's `address`).
    program: [u8; 32],
    /// Its event authority, derived from `program`.
    event_authority: [u8; 32],
    /// Event name by discriminator, from the IDL.
    names: BTreeMap<[u8; 8], String>,
    pools: BTreeMap<[u8; 32], PoolReport>,
    /// Transactions read, and of them the failed ones (skipped whole).
    transactions: u64,
    failed: u64,
}

impl Auditor {
    /// An auditor of the program the IDL (`idl/bulkhead.json`, as JSON text) describes: its
    /// `address` and the events it declares.
    pub fn new(idl_json: &str) -> Result<Self, String> {
        let idl: serde_json::Value = serde_json::from_str(idl_json).map_err(|e| format!("IDL: {e}"))?;
        let program = address(&idl["address"]).map_err(|e| format!("IDL address: {e}"))?;
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
        let (event_authority, _) = find_program_address(&[EVENT_AUTHORITY_SEED], &program);
        Ok(Auditor { program, event_authority, names, pools: BTreeMap::new(), transactions: 0, failed: 0 })
    }

    /// Reads one recorded transaction. A failed one changed nothing and is skipped whole; of a
    /// successful one, only bulkhead's self-CPI events count. A self-CPI event the IDL does not
    /// declare (the IDL is older than the program) is an error: the history cannot be rebuilt.
    pub fn transaction(&mut self, tx: &Recorded) -> Result<(), String> {
        self.transactions += 1;
        if !tx.succeeded {
            self.failed += 1;
            return Ok(());
        }
        for ix in &tx.inner {
            let genuine = ix.program == self.program
                && ix.accounts.first() == Some(&self.event_authority)
                && ix.data.starts_with(&EVENT_IX_TAG);
            if genuine {
                self.event(&ix.data[8..]).map_err(|e| format!("transaction {}: {e}", tx.signature))?;
            }
        }
        Ok(())
    }

    /// Reads `getTransaction` results from `text`: one JSON array of them, or one per line (JSON
    /// Lines), in execution order. Fails on anything it cannot parse and on an input with no
    /// transaction at all (an empty history is never reported clean). Returns how many it read.
    pub fn read_rpc_json(&mut self, text: &str) -> Result<usize, String> {
        let trimmed = text.trim_start();
        let values: Vec<serde_json::Value> = if trimmed.starts_with('[') {
            serde_json::from_str(trimmed)
                .map_err(|e| format!("input is not a JSON array of transactions: {e}"))?
        } else {
            let mut out = Vec::new();
            for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                out.push(
                    serde_json::from_str(line)
                        .map_err(|e| format!("line {}: not a getTransaction JSON result: {e}", n + 1))?,
                );
            }
            out
        };
        if values.is_empty() {
            return Err("no transaction in the input".into());
        }
        for (n, value) in values.iter().enumerate() {
            let tx = Recorded::from_rpc(value).map_err(|e| format!("transaction {}: {e}", n + 1))?;
            self.transaction(&tx)?;
        }
        Ok(values.len())
    }

    /// Reads one event: discriminator followed by its bytes.
    fn event(&mut self, data: &[u8]) -> Result<(), String> {
        let Some(name) = data.get(..8).and_then(|d| self.names.get(d)) else {
            return Err("a bulkhead event the IDL does not declare (is the IDL current?)".into());
        };
        if data.len() < 8 + BOOK.end + HASH_LEN {
            return Err(format!("a {name} event of {} bytes is too short", data.len()));
        }
        let (disc, body) = data.split_at(8);
        let pool: [u8; 32] = body[POOL].try_into().unwrap();
        let sequence = u64::from_le_bytes(body[SEQUENCE].try_into().unwrap());
        let report = self.pools.entry(pool).or_default();
        if sequence <= report.sequence {
            report.findings.push(Finding::OutOfOrder { last: report.sequence, found: sequence });
            return Ok(());
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
        Ok(())
    }

    /// The report of each pool seen, by pool address bytes.
    pub fn pools(&self) -> &BTreeMap<[u8; 32], PoolReport> {
        &self.pools
    }

    /// Transactions read, and of them the failed ones (skipped).
    pub fn transactions(&self) -> (u64, u64) {
        (self.transactions, self.failed)
    }

    /// bulkhead's event authority, as this auditor derived it.
    pub fn event_authority(&self) -> [u8; 32] {
        self.event_authority
    }
}

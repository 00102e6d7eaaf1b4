//! `bulkhead-audit [--idl idl/bulkhead.json] [--pool ADDRESS [--account FILE]] [TRANSACTIONS_FILE]`:
//! reads the pool's transactions as `getTransaction` returns them (`encoding: "json"`; one JSON
//! array, or one result per line), in execution order, from the file or standard input, and
//! prints, per pool, the events read, the last sequence, the rebuilt book and hash, and every
//! finding. Only bulkhead's self-CPI events of successful transactions count (see the library).
//!
//! A history that is clean is not yet the whole history: one cut short is clean too. `--pool`
//! names the pool to audit (it must be in the input) and `--account` gives its account as
//! `getAccountInfo` (`encoding: "base64"`) or `solana account --output json` prints it; the
//! rebuilt log must then end exactly where the account stands.
//!
//! Exits 0 when the history is clean (and, with `--account`, ends at the account), 1 on any
//! finding or mismatch, and 2 when the input cannot be read, holds no transaction or no bulkhead
//! event, or lacks the named pool: log text (`solana logs`) is not a history.

use bulkhead_audit::{Auditor, PoolState};
use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut idl_path, mut input, mut pool, mut account) = (None, None, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--idl" => idl_path = args.next(),
            "--pool" => pool = args.next(),
            "--account" => account = args.next(),
            "-h" | "--help" => {
                println!(
                    "usage: bulkhead-audit [--idl idl/bulkhead.json] [--pool ADDRESS [--account FILE]] [TRANSACTIONS_FILE]"
                );
                return;
            }
            _ => input = Some(arg),
        }
    }
    if account.is_some() && pool.is_none() {
        fail("--account needs --pool");
    }
    let idl = match idl_path {
        Some(p) => read(&p),
        None => include_str!("../../../idl/bulkhead.json").to_string(),
    };
    let mut auditor = Auditor::new(&idl).unwrap_or_else(|e| fail(&e));
    let text = match input {
        Some(p) => read(&p),
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).unwrap_or_else(|e| fail(&e.to_string()));
            text
        }
    };
    auditor.read_rpc_json(&text).unwrap_or_else(|e| fail(&e));
    let (transactions, failed) = auditor.transactions();
    println!("{transactions} transactions read, {failed} failed (skipped)");
    if auditor.pools().is_empty() {
        fail("no bulkhead event in the input (is the IDL's address the deployed program?)");
    }
    let mut bad = false;
    for (key, report) in auditor.pools() {
        println!(
            "pool {}: {} events, sequence {}, state_hash {}, book {:?}",
            bs58::encode(key).into_string(),
            report.events,
            report.sequence,
            hex(&report.state_hash),
            report.book
        );
        for finding in &report.findings {
            println!("  {finding:?}");
            bad = true;
        }
    }
    if let Some(pool) = pool {
        let key: [u8; 32] = bs58::decode(&pool)
            .into_vec()
            .ok()
            .and_then(|v| v.try_into().ok())
            .unwrap_or_else(|| fail(&format!("{pool} is not an address")));
        let report = auditor
            .pools()
            .get(&key)
            .unwrap_or_else(|| fail(&format!("no event of pool {pool} in the input")));
        if let Some(path) = account {
            let state = PoolState::from_rpc_json(&read(&path)).unwrap_or_else(|e| fail(&e));
            if report.matches_state(&state) {
                println!("pool {pool}: the log ends where the account stands (sequence {})", state.sequence);
            } else {
                println!("pool {pool}: MISMATCH with the account: {state:?}");
                bad = true;
            }
        }
    }
    std::process::exit(i32::from(bad));
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn fail(message: &str) -> ! {
    eprintln!("bulkhead-audit: {message}");
    std::process::exit(2);
}

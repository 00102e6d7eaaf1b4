//! `bulkhead-audit [--idl idl/bulkhead.json] [TRANSACTIONS_FILE]`: reads the pool's transactions
//! as `getTransaction` returns them (`encoding: "json"`; one JSON array, or one result per line),
//! in execution order, from the file or standard input, and prints, per pool, the events read,
//! the last sequence, the rebuilt book and hash, and every finding. Only bulkhead's self-CPI
//! events of successful transactions count (see the library docs).
//!
//! Exits 0 when every pool is clean, 1 when any pool has a finding, and 2 when the input cannot
//! be read or holds no transaction: log text (`solana logs`) is not a history.

use bulkhead_audit::Auditor;
use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut idl_path, mut input) = (None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--idl" => idl_path = args.next(),
            "-h" | "--help" => {
                println!("usage: bulkhead-audit [--idl idl/bulkhead.json] [TRANSACTIONS_FILE]");
                return;
            }
            _ => input = Some(arg),
        }
    }
    let idl = match idl_path {
        Some(p) => std::fs::read_to_string(&p).unwrap_or_else(|e| fail(&format!("{p}: {e}"))),
        None => include_str!("../../../idl/bulkhead.json").to_string(),
    };
    let mut auditor = Auditor::new(&idl).unwrap_or_else(|e| fail(&e));
    let text = match input {
        Some(p) => std::fs::read_to_string(&p).unwrap_or_else(|e| fail(&format!("{p}: {e}"))),
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).unwrap_or_else(|e| fail(&e.to_string()));
            text
        }
    };
    auditor.read_rpc_json(&text).unwrap_or_else(|e| fail(&e));
    let (transactions, failed) = auditor.transactions();
    println!("{transactions} transactions read, {failed} failed (skipped)");
    let mut bad = false;
    for (pool, report) in auditor.pools() {
        println!(
            "pool {}: {} events, sequence {}, state_hash {}, book {:?}",
            bs58::encode(pool).into_string(),
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
    std::process::exit(i32::from(bad));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn fail(message: &str) -> ! {
    eprintln!("bulkhead-audit: {message}");
    std::process::exit(2);
}

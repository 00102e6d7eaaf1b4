//! `bulkhead-audit [--idl idl/bulkhead.json] [LOG_FILE]`: reads program log lines (one per line,
//! as `solana logs` or `getTransaction`'s `logMessages` print them, in execution order) from the
//! file or standard input and prints, per pool, the events read, the last sequence, the rebuilt
//! book and hash, and every finding. Exits 1 when any pool has a finding.

use bulkhead_audit::Auditor;
use std::io::{BufRead, BufReader};

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut idl_path, mut input) = (None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--idl" => idl_path = args.next(),
            "-h" | "--help" => {
                println!("usage: bulkhead-audit [--idl idl/bulkhead.json] [LOG_FILE]");
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
    let reader: Box<dyn BufRead> = match input {
        Some(p) => {
            Box::new(BufReader::new(std::fs::File::open(&p).unwrap_or_else(|e| fail(&format!("{p}: {e}")))))
        }
        None => Box::new(BufReader::new(std::io::stdin())),
    };
    for line in reader.lines() {
        auditor.line(&line.unwrap_or_else(|e| fail(&e.to_string())));
    }
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

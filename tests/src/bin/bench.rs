//! Compute-unit benchmark on the real .so in LiteSVM (whole transaction, SPL Token as LiteSVM ships
//! it). Writes `benches/compute_units.md` (Mollusk-bencher style `| Name | CUs | Delta |`, Delta
//! against the table it replaces), account sizes and the .so size, and exits non-zero when a figure
//! breaks the budget.
//!
//!   cargo run -p bulkhead-tests --bin bench            # regenerate the table
//!   cargo run -p bulkhead-tests --bin bench -- --check # only check the budgets (CI)

use bulkhead::state::{margin_account::MARGIN_ACCOUNT_SIZE, pool::POOL_SIZE, risk_params::RISK_PARAMS_SIZE};
use bulkhead_tests::*;
use solana_signer::Signer;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const TABLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/compute_units.md");

/// Budgets from the foundation issue: (row name, max CUs).
const CU_BUDGETS: &[(&str, u64)] = &[
    ("create_pool", 40_000),
    ("open_margin_account", 6_000),
    ("deposit_collateral", 3_000),
    ("deposit_collateral (first)", 3_000),
    ("withdraw_collateral", 4_000),
    ("withdraw_collateral (all)", 4_000),
    ("attest_solvency", 2_000),
];
/// Account-size budgets (bytes).
const SIZE_BUDGETS: &[(&str, usize, usize)] = &[
    ("Pool", POOL_SIZE, 1_024),
    ("RiskParams", RISK_PARAMS_SIZE, 1_024),
    ("MarginAccount", MARGIN_ACCOUNT_SIZE, 256),
];

fn cu(result: TxResult, name: &str) -> u64 {
    match result {
        Ok(meta) => meta.compute_units_consumed,
        Err(e) => panic!("{name} failed: {:?}\n{}", e.err, e.meta.logs.join("\n")),
    }
}

/// Runs every instruction in its scenarios; returns (name, CUs) in run order.
fn measure() -> Vec<(String, u64)> {
    let mut env = Env::deterministic();
    let mint = env.create_mint(6);
    let creator = env.creator.insecure_clone();
    let keys = PoolKeys::derive(&creator.pubkey(), 1, mint);
    let mut rows = Vec::new();
    let mut row = |name: &str, units: u64| rows.push((name.to_string(), units));

    let ix = ix_create_pool(&creator.pubkey(), &keys, default_params(), feed_id(1));
    row("create_pool", cu(env.send(&[ix], &[&creator]), "create_pool"));
    let trader = env.trader(&mint, 1_000_000);
    let ix = ix_open_margin(&keys, &trader.address());
    row("open_margin_account", cu(env.send(&[ix], &[&trader.keypair]), "open_margin_account"));
    row("deposit_collateral (first)", cu(env.deposit(&keys, &trader, 500_000), "deposit"));
    row("deposit_collateral", cu(env.deposit(&keys, &trader, 100_000), "deposit"));
    row("withdraw_collateral", cu(env.withdraw(&keys, &trader, 250_000), "withdraw"));
    row("attest_solvency", cu(env.send(&[ix_attest(&keys)], &[]), "attest_solvency"));
    row("withdraw_collateral (all)", cu(env.withdraw(&keys, &trader, 350_000), "withdraw"));
    let ix = ix_close_margin(&keys, &trader.address());
    row("close_margin_account", cu(env.send(&[ix], &[&trader.keypair]), "close_margin_account"));
    rows
}

/// CUs per row name in an existing table, for the Delta column.
fn previous() -> BTreeMap<String, i64> {
    let text = std::fs::read_to_string(TABLE).unwrap_or_default();
    // Only the first table (up to the first `## ` heading) holds the measured rows.
    text.lines()
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells.len() >= 4)
                .then(|| Some((cells[1].to_string(), cells[2].replace(',', "").parse().ok()?)))?
        })
        .collect()
}

fn main() {
    let check_only = std::env::args().any(|a| a == "--check");
    let rows = measure();
    let so_size = std::fs::metadata(program_path()).expect(".so").len();
    let mut failures = Vec::new();
    for (name, budget) in CU_BUDGETS {
        let units = rows.iter().find(|(n, _)| n == name).map(|(_, u)| *u).expect("budgeted row measured");
        if units > *budget {
            failures.push(format!("{name}: {units} CU > budget {budget}"));
        }
    }
    for (name, size, budget) in SIZE_BUDGETS {
        if size > budget {
            failures.push(format!("{name}: {size} bytes > budget {budget}"));
        }
    }

    let old = previous();
    let mut out = String::new();
    writeln!(out, "# bulkhead compute units\n").unwrap();
    writeln!(out, "Measured by `cargo run -p bulkhead-tests --bin bench` in LiteSVM 0.17 on the real")
        .unwrap();
    writeln!(
        out,
        "`target/deploy/bulkhead.so`: whole transaction, SPL Token as LiteSVM ships it. Delta is against"
    )
    .unwrap();
    writeln!(out, "the table this run replaced.\n").unwrap();
    writeln!(out, "| Name | CUs | Delta |").unwrap();
    writeln!(out, "|------|-----|-------|").unwrap();
    for (name, units) in &rows {
        let delta = match old.get(name) {
            Some(prev) => format!("{:+}", *units as i64 - prev),
            None => "- new -".to_string(),
        };
        writeln!(out, "| {name} | {units} | {delta} |").unwrap();
    }
    writeln!(out, "\n## Budgets\n\n| Name | CUs | Budget |\n|------|-----|--------|").unwrap();
    for (name, budget) in CU_BUDGETS {
        let units = rows.iter().find(|(n, _)| n == name).unwrap().1;
        writeln!(out, "| {name} | {units} | {budget} |").unwrap();
    }
    writeln!(out, "\n## Account sizes (bytes, discriminator included)\n\n| Account | Bytes | Budget |\n|---------|-------|--------|").unwrap();
    for (name, size, budget) in SIZE_BUDGETS {
        writeln!(out, "| {name} | {size} | {budget} |").unwrap();
    }
    writeln!(out, "\n## Program\n\n| Artifact | Bytes |\n|----------|-------|\n| bulkhead.so | {so_size} |")
        .unwrap();

    print!("{out}");
    if !check_only {
        std::fs::write(TABLE, &out).expect("write benches/compute_units.md");
        eprintln!("wrote benches/compute_units.md");
    }
    if !failures.is_empty() {
        eprintln!("over budget:\n  {}", failures.join("\n  "));
        std::process::exit(1);
    }
}

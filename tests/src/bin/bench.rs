//! Compute-unit benchmark on the real .so in LiteSVM (whole transaction, SPL Token as LiteSVM ships
//! it). Writes `benches/compute_units.md` (Mollusk-bencher style `| Name | CUs | Delta |`, Delta
//! against the table it replaces), account sizes and the .so size, and exits non-zero when a figure
//! breaks the budget.
//!
//!   cargo run -p bulkhead-tests --bin bench            # regenerate the table
//!   cargo run -p bulkhead-tests --bin bench -- --check # only check the budgets (CI)

use bulkhead::state::{
    lp_position::LP_POSITION_SIZE, margin_account::MARGIN_ACCOUNT_SIZE, pool::POOL_SIZE,
    risk_params::RISK_PARAMS_SIZE,
};
use bulkhead_tests::*;
use solana_signer::Signer;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const TABLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/compute_units.md");

/// Budgets from the issues: (row name, max CUs).
const CU_BUDGETS: &[(&str, u64)] = &[
    ("create_pool", 40_000),
    ("open_margin_account", 6_000),
    ("deposit_collateral", 3_000),
    ("deposit_collateral (first)", 3_000),
    ("withdraw_collateral", 4_000),
    ("withdraw_collateral (all)", 4_000),
    ("withdraw_collateral (with position)", 5_000),
    ("attest_solvency", 2_000),
    ("trade (open)", 5_000),
    ("trade (increase)", 5_000),
    ("trade (reduce)", 5_000),
    ("trade (flip)", 5_000),
    ("trade (close)", 5_000),
    ("trade (open, 100 pools, 1,000 margin accounts)", 5_000),
    ("add_liquidity (first)", 8_000),
    ("add_liquidity", 8_000),
    ("remove_liquidity", 8_000),
];
/// Account-size budgets (bytes).
const SIZE_BUDGETS: &[(&str, usize, usize)] = &[
    ("Pool", POOL_SIZE, 1_024),
    ("RiskParams", RISK_PARAMS_SIZE, 1_024),
    ("MarginAccount", MARGIN_ACCOUNT_SIZE, 256),
    ("LpPosition", LP_POSITION_SIZE, 256),
];

fn cu(result: TxResult, name: &str) -> u64 {
    match result {
        Ok(meta) => meta.compute_units_consumed,
        Err(e) => panic!("{name} failed: {:?}\n{}", e.err, e.meta.logs.join("\n")),
    }
}

/// One unit of the underlying (base lots).
const UNIT: i64 = 1_000_000;

/// Runs every instruction in its scenarios; returns (name, CUs) in run order.
fn measure() -> Vec<(String, u64)> {
    let mut env = Env::deterministic();
    env.set_time(1_000_000);
    let mint = env.create_mint(6);
    let creator = env.creator.insecure_clone();
    let keys = PoolKeys::derive(&creator.pubkey(), 1, mint);
    let mut rows: Vec<(String, u64)> = Vec::new();
    let mut row = |name: &str, result: TxResult| rows.push((name.to_string(), cu(result, name)));

    let ix = ix_create_pool(&creator.pubkey(), &keys, default_params(), feed_id(1));
    row("create_pool", env.send(&[ix], &[&creator]));
    env.set_price(&keys, usd(2_000), usd(1) as u64);

    let lp = env.trader(&mint, 10_000_000_000_000);
    let lp_tokens = env.lp_token_account(&keys, &lp.address());
    let ix = ix_add_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, 1_000_000_000_000, 0);
    row("add_liquidity (first)", env.send(&[ix], &[&lp.keypair]));
    let ix = ix_add_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, 1_000_000_000, 0);
    row("add_liquidity", env.send(&[ix], &[&lp.keypair]));

    let trader = env.trader(&mint, 10_000_000_000);
    let ix = ix_open_margin(&keys, &trader.address());
    row("open_margin_account", env.send(&[ix], &[&trader.keypair]));
    row("deposit_collateral (first)", env.deposit(&keys, &trader, 5_000_000_000));
    row("deposit_collateral", env.deposit(&keys, &trader, 1_000_000_000));
    row("withdraw_collateral", env.withdraw(&keys, &trader, 500_000_000));
    row("trade (open)", env.trade(&keys, &trader, UNIT));
    env.set_time(1_000_000 + 3_600);
    env.set_price(&keys, usd(2_010), usd(1) as u64);
    row("trade (increase)", env.trade(&keys, &trader, UNIT));
    row("withdraw_collateral (with position)", env.withdraw(&keys, &trader, 100_000_000));
    row("trade (reduce)", env.trade(&keys, &trader, -UNIT / 2));
    row("trade (flip)", env.trade(&keys, &trader, -3 * UNIT));
    row("trade (close)", env.trade(&keys, &trader, 3 * UNIT / 2));
    row("attest_solvency", env.send(&[ix_attest(&keys)], &[]));
    let rest = env.margin(&keys.margin(&trader.address())).collateral;
    row("withdraw_collateral (all)", env.withdraw(&keys, &trader, rest));
    let ix = ix_close_margin(&keys, &trader.address());
    row("close_margin_account", env.send(&[ix], &[&trader.keypair]));
    let ix = ix_remove_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, 1_000_000_000, 0);
    row("remove_liquidity", env.send(&[ix], &[&lp.keypair]));

    rows.push(("trade (open, 100 pools, 1,000 margin accounts)".to_string(), scaled_first_trade()));
    rows
}

/// The first trade of a trader in a world that differs from `measure`'s only by 99 more pools and
/// 1,000 more funded margin accounts in the traded pool: same prices, same LP capital, same
/// collateral. Nothing an instruction does iterates over pools or accounts, so the cost is equal.
fn scaled_first_trade() -> u64 {
    let mut env = Env::deterministic();
    env.set_time(1_000_000);
    let mint = env.create_mint(6);
    let keys = env.create_pool(mint, 1);
    for pool_id in 2..=100 {
        env.create_pool(mint, pool_id);
    }
    env.set_price(&keys, usd(2_000), usd(1) as u64);
    let lp = env.trader(&mint, 10_000_000_000_000);
    let lp_tokens = env.lp_token_account(&keys, &lp.address());
    for amount in [1_000_000_000_000, 1_000_000_000] {
        let ix = ix_add_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, amount, 0);
        env.send(&[ix], &[&lp.keypair]).expect("add_liquidity");
    }
    for _ in 0..1_000 {
        let t = env.trader(&mint, 1_000_000_000);
        env.open_margin(&keys, &t);
        env.deposit(&keys, &t, 1_000_000_000).unwrap();
    }
    let trader = env.trader(&mint, 10_000_000_000);
    env.open_margin(&keys, &trader);
    env.deposit(&keys, &trader, 5_500_000_000).unwrap();
    cu(env.trade(&keys, &trader, UNIT), "scaled trade")
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
    writeln!(out, "the table this run replaced. `trade (open, 100 pools, 1,000 margin accounts)` repeats `trade (open)`").unwrap();
    writeln!(
        out,
        "in a world with 99 more pools and 1,000 more funded margin accounts in the traded pool: no"
    )
    .unwrap();
    writeln!(
        out,
        "instruction iterates over pools or accounts, so the two are equal (the bench fails otherwise)."
    )
    .unwrap();
    writeln!(out, "Costs do depend on magnitudes: once a pool's open-interest notional exceeds 2^64 / 1e9")
        .unwrap();
    writeln!(
        out,
        "collateral units, `mul_div` takes its 128-bit path (about +1,600 CU per trade measured with"
    )
    .unwrap();
    writeln!(out, "1,000 open positions).\n").unwrap();
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
    let first = rows.iter().find(|(n, _)| n == "trade (open)").unwrap().1;
    let scaled = rows.iter().find(|(n, _)| n == "trade (open, 100 pools, 1,000 margin accounts)").unwrap().1;
    if first != scaled {
        failures.push(format!("trade cost depends on the number of pools/accounts: {first} vs {scaled} CU"));
    }
    if !failures.is_empty() {
        eprintln!("over budget:\n  {}", failures.join("\n  "));
        std::process::exit(1);
    }
}

//! The NAV fairness table: seeded realistic books (`bulkhead_tests::fairness`: the program's engine
//! on the host, 30 days of hourly prices, 40 traders at 2-8x, a keeper liquidating and settling),
//! one row per book, and the capital-efficiency row, written to `benches/nav_fairness.md`. Exits
//! non-zero when a mean exceeds 30 bps or a worst 100 bps (issue 14's budget).
//!
//!   cargo run -p bulkhead-tests --bin nav_fairness            # regenerate the table
//!   cargo run -p bulkhead-tests --bin nav_fairness -- --check # only check the budget (CI)

use bulkhead_tests::default_params;
use bulkhead_tests::fairness::{self, Book, Fairness};
use std::fmt::Write as _;

const TABLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/nav_fairness.md");
/// Issue 14's budget (bps of the true value).
const MEAN_BUDGET_BPS: f64 = 30.0;
const WORST_BUDGET_BPS: f64 = 100.0;

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let config = default_params();
    let mut rows: Vec<(String, Fairness)> = Vec::new();
    for (vol, jumps) in [(0.8, false), (0.8, true)] {
        for seed in 1..=5u64 {
            let book = Book { seed, vol, jumps };
            let f = fairness::simulate(book, &config, fairness::settle_pnl);
            let name =
                format!("seed {seed}, {:.0}%/yr{}", vol * 100.0, if jumps { ", ±6% gaps" } else { "" });
            rows.push((name, f));
        }
    }
    let capacity = fairness::balanced_capacity(&config, 2_000.0);

    let mut failures = Vec::new();
    for (name, f) in &rows {
        for (what, value, budget) in [
            ("mean redeem", f.mean_redeem_bps, MEAN_BUDGET_BPS),
            ("worst redeem", f.worst_redeem_bps, WORST_BUDGET_BPS),
            ("mean mint", f.mean_mint_bps, MEAN_BUDGET_BPS),
            ("worst mint", f.worst_mint_bps, WORST_BUDGET_BPS),
        ] {
            if value > budget {
                failures.push(format!("{name}: {what} {value:.2} bps > {budget} bps"));
            }
        }
        // A NAV on the wrong side of the truth would be a bug, not a haircut.
        if f.least_redeem_bps.min(f.least_mint_bps) < 0.0 {
            failures.push(format!("{name}: a NAV crossed the true value"));
        }
    }

    let mut out = String::new();
    out.push_str(include_str!("nav_fairness_intro.md"));
    out.push_str("\n| Book | mean redeem bps | worst redeem bps | mean mint bps | worst mint bps | liquidations | mean utilisation |\n");
    out.push_str("|------|-----------------|------------------|---------------|----------------|--------------|------------------|\n");
    for (name, f) in &rows {
        writeln!(
            out,
            "| {name} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {:.1}% |",
            f.mean_redeem_bps,
            f.worst_redeem_bps,
            f.mean_mint_bps,
            f.worst_mint_bps,
            f.liquidations,
            f.mean_utilisation_bps / 100.0
        )
        .unwrap();
    }
    writeln!(out, "\n## Capital efficiency\n").unwrap();
    writeln!(out, "| Row | Value |\n|-----|-------|").unwrap();
    writeln!(
        out,
        "| Largest balanced open interest per $ of LP capital (default params, longs and shorts of equal total size) | ${capacity:.3} |"
    )
    .unwrap();

    if !check {
        std::fs::write(TABLE, &out).expect("write benches/nav_fairness.md");
        print!("{out}");
    }
    if !failures.is_empty() {
        eprintln!("over budget:\n  {}", failures.join("\n  "));
        std::process::exit(1);
    }
}

//! The event log on the real .so, checked by the off-chain verifier (`audit/`): it rebuilds each
//! pool's sequence, book and running hash from the log alone and lands exactly where the pool
//! accounts stand; dropping, reordering or altering one event of one pool is reported, and only
//! for that pool. (`sequences.rs` runs the verifier over its long random runs on three pools.)

use base64::Engine as _;
use bulkhead_audit::{Auditor, Finding, PoolReport};
use bulkhead_tests::*;
use solana_signer::Signer;
use std::collections::BTreeMap;

const IDL: &str = include_str!("../../idl/bulkhead.json");
const UNIT: i64 = 1_000_000;

/// Twin pools with trades, a liquidation, an LP round trip, governance and
/// an attestation: every kind of event a pool's life has, on two pools, interleaved.
fn lived() -> (Env, PoolKeys, PoolKeys) {
    let Twins { mut env, a, b, lp, ta, tb } = twins();
    let creator = env.creator.pubkey();
    for (keys, trader) in [(a, &ta), (b, &tb)] {
        executed(&env.trade(&keys, trader, 4 * UNIT));
        env.as_creator(ix_pause(&keys, &creator, bulkhead::state::pause::DEPOSITS, 60)).unwrap();
        env.as_creator(ix_resume(&keys, &creator, bulkhead::state::pause::DEPOSITS)).unwrap();
    }
    env.set_price(&a, usd(1_830), 0);
    let liquidator = env.trader(&a.mint, 0);
    env.liquidate(&a, &liquidator, &ta.address()).unwrap();
    let shares = env.add_liquidity(&b, &lp, 1_000_000);
    executed_liquidity(&env.remove_liquidity(&b, &lp, shares, 1_000));
    for keys in [a, b] {
        let mut config = env.config(&keys);
        config.timelock_secs += 1;
        env.as_creator(ix_propose_params(&keys, &creator, config)).unwrap();
        env.send(&[ix_attest(&keys)], &[]).unwrap();
    }
    (env, a, b)
}

fn audit(lines: &[String]) -> BTreeMap<[u8; 32], PoolReport> {
    let mut auditor = Auditor::new(IDL).unwrap();
    for line in lines {
        auditor.line(line);
    }
    auditor.pools().clone()
}

/// Indexes of the log lines that are pool `keys`' events.
fn events_of(lines: &[String], keys: &PoolKeys) -> Vec<usize> {
    let b64 = base64::engine::general_purpose::STANDARD;
    (0..lines.len())
        .filter(|&i| {
            lines[i]
                .strip_prefix("Program data: ")
                .and_then(|d| b64.decode(d).ok())
                .is_some_and(|d| d.len() > 40 && d[8..40] == keys.pool.to_bytes())
        })
        .collect()
}

fn matches(env: &Env, report: &PoolReport, keys: &PoolKeys) -> bool {
    let pool = env.pool(&keys.pool);
    let book = anchor_lang::bytemuck::cast::<_, [u64; 8]>(pool.book);
    report.matches(pool.sequence, &pool.state_hash, &book)
}

#[test]
fn every_event_starts_with_pool_sequence_and_book_and_ends_with_the_hash() {
    let idl: serde_json::Value = serde_json::from_str(IDL).unwrap();
    let events = idl["events"].as_array().unwrap();
    assert!(events.len() >= 25);
    for event in events {
        let name = event["name"].as_str().unwrap();
        let ty = idl["types"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap();
        let fields: Vec<&str> =
            ty["type"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(&fields[..3], &["pool", "sequence", "book"], "{name}");
        assert_eq!(fields.last(), Some(&"state_hash"), "{name}");
    }
}

#[test]
fn the_log_alone_rebuilds_each_pool_as_it_stands() {
    let (env, a, b) = lived();
    let reports = audit(env.log());
    for keys in [a, b] {
        let report = &reports[&keys.pool.to_bytes()];
        assert!(matches(&env, report, &keys), "{report:?}");
        assert_eq!(report.events, report.sequence, "one event per sequence number, from 1");
        println!("{:?}", report.by_name);
    }
    let a_report = &reports[&a.pool.to_bytes()];
    for name in [
        "PoolCreated",
        "TradeExecuted",
        "Liquidated",
        "Paused",
        "Resumed",
        "ParamsApplied",
        "SolvencyAttested",
    ] {
        assert!(a_report.by_name.contains_key(name), "{name}: {:?}", a_report.by_name);
    }
    assert!(reports[&b.pool.to_bytes()].by_name.contains_key("LiquidityMoved"));
}

#[test]
fn a_dropped_reordered_or_altered_event_is_found_in_its_pool_only() {
    let (env, a, b) = lived();
    let log = env.log().to_vec();
    let mine = events_of(&log, &a);
    let clean_b = audit(&log)[&b.pool.to_bytes()].clone();
    let k = mine.len() / 2;

    // Dropped.
    let mut dropped = log.clone();
    dropped.remove(mine[k]);
    let r = audit(&dropped);
    assert!(r[&a.pool.to_bytes()].findings.iter().any(|f| matches!(f, Finding::Gap { .. })));
    assert!(!matches(&env, &r[&a.pool.to_bytes()], &a));
    assert_eq!(r[&b.pool.to_bytes()], clean_b, "pool b's log is untouched");

    // Reordered: two of pool a's events swapped.
    let mut swapped = log.clone();
    swapped.swap(mine[k], mine[k + 1]);
    let r = audit(&swapped);
    assert!(r[&a.pool.to_bytes()].findings.iter().any(|f| matches!(f, Finding::OutOfOrder { .. })));
    assert_eq!(r[&b.pool.to_bytes()], clean_b);

    // Altered: one byte of an event's book, re-encoded.
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut altered = log.clone();
    let mut data = b64.decode(altered[mine[k]].strip_prefix("Program data: ").unwrap()).unwrap();
    data[8 + 40] ^= 1; // the low byte of book.trader_collateral
    altered[mine[k]] = format!("Program data: {}", b64.encode(&data));
    let r = audit(&altered);
    let sequence = u64::from_le_bytes(data[40..48].try_into().unwrap());
    assert_eq!(r[&a.pool.to_bytes()].findings, vec![Finding::HashMismatch { sequence }]);
    assert_eq!(r[&b.pool.to_bytes()], clean_b);
}

#[test]
fn attest_solvency_leaves_the_last_check_in_an_account() {
    let (mut env, a, b) = lived();
    let before: bulkhead::state::Attestation = load(&env.account(&a.attestation).data);
    let b_before = env.snapshot_of(&b.accounts());
    env.advance(10);
    let ev: bulkhead::events::SolvencyAttested = event(&env.send(&[ix_attest(&a)], &[]));
    let at: bulkhead::state::Attestation = load(&env.account(&a.attestation).data);
    let pool = env.pool(&a.pool);
    assert_eq!(at.pool, a.pool);
    assert_eq!((at.vault_balance, at.book_total, at.reduce_only), (ev.vault_balance, ev.book_total, 0));
    assert_eq!((at.sequence, at.state_hash), (pool.sequence, pool.state_hash), "after its own event");
    assert_eq!((at.sequence, at.state_hash), (ev.sequence, ev.state_hash));
    assert_eq!(at.unix_time, env.now());
    assert!(at.slot > before.slot && at.sequence > before.sequence);
    assert_eq!(env.snapshot_of(&b.accounts()), b_before, "pool b's attestation is its own");
    // Another pool's attestation account is refused.
    let mut wrong = ix_attest(&a);
    wrong.accounts[2].pubkey = b.attestation;
    env.assert_rejected(wrong, &[], custom(bulkhead::errors::BulkheadError::WrongPool));
}

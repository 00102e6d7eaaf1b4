//! The event log on the real .so, checked by the off-chain verifier (`audit/`): it rebuilds each
//! pool's sequence, book and running hash from the self-CPI events of its successful transactions
//! alone and lands exactly where the pool accounts stand; dropping, reordering or altering one
//! event of one pool is reported, and only for that pool. Another program cannot forge an event
//! into the history, hide one by flooding the log, or make a failed transaction's count; input
//! that is not transactions is refused. (`sequences.rs` runs the verifier over its long random
//! runs on three pools.)

use bulkhead_audit::{Auditor, Finding, PoolReport, Recorded, EVENT_IX_TAG};
use bulkhead_tests::*;
use solana_instruction::{error::InstructionError, AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction_error::TransactionError;
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

/// The recorded transactions, as the auditor reads them.
fn history(env: &Env) -> Vec<Recorded> {
    env.log().iter().map(|tx| Recorded::from_rpc(tx).unwrap()).collect()
}

fn audit(txs: &[Recorded]) -> BTreeMap<[u8; 32], PoolReport> {
    let mut auditor = Auditor::new(IDL).unwrap();
    for tx in txs {
        auditor.transaction(tx).unwrap();
    }
    auditor.pools().clone()
}

/// Where pool `keys`' genuine events are: (transaction, inner instruction) pairs.
fn events_of(txs: &[Recorded], keys: &PoolKeys) -> Vec<(usize, usize)> {
    let mut found = vec![];
    for (t, tx) in txs.iter().enumerate().filter(|(_, tx)| tx.succeeded) {
        for (i, ix) in tx.inner.iter().enumerate() {
            let event = ix.program == bulkhead::ID.to_bytes() && ix.data.starts_with(&EVENT_IX_TAG);
            if event && ix.data[16..48] == keys.pool.to_bytes() {
                found.push((t, i));
            }
        }
    }
    found
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
fn the_transactions_alone_rebuild_each_pool_as_it_stands() {
    let (env, a, b) = lived();
    let reports = audit(&history(&env));
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
    let log = history(&env);
    let mine = events_of(&log, &a);
    let clean_b = audit(&log)[&b.pool.to_bytes()].clone();
    let k = mine.len() / 2;

    // Dropped.
    let mut dropped = log.clone();
    dropped[mine[k].0].inner.remove(mine[k].1);
    let r = audit(&dropped);
    assert!(r[&a.pool.to_bytes()].findings.iter().any(|f| matches!(f, Finding::Gap { .. })));
    assert!(!matches(&env, &r[&a.pool.to_bytes()], &a));
    assert_eq!(r[&b.pool.to_bytes()], clean_b, "pool b's log is untouched");

    // Reordered: two of pool a's events swapped.
    let mut swapped = log.clone();
    let (first, second) = (mine[k], mine[k + 1]);
    let data = std::mem::take(&mut swapped[first.0].inner[first.1].data);
    swapped[first.0].inner[first.1].data =
        std::mem::replace(&mut swapped[second.0].inner[second.1].data, data);
    let r = audit(&swapped);
    assert!(r[&a.pool.to_bytes()].findings.iter().any(|f| matches!(f, Finding::OutOfOrder { .. })));
    assert_eq!(r[&b.pool.to_bytes()], clean_b);

    // Altered: one byte of an event's book.
    let mut altered = log.clone();
    let data = &mut altered[mine[k].0].inner[mine[k].1].data;
    data[16 + 40] ^= 1; // the low byte of book.trader_collateral
    let sequence = u64::from_le_bytes(data[16 + 32..16 + 40].try_into().unwrap());
    let r = audit(&altered);
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

/// A fake pool-`keys` insurance withdrawal at `sequence`, linked to the pool's real hash chain
/// (the chain is public): discriminator ‖ event, as bulkhead would emit it.
fn forged(env: &Env, keys: &PoolKeys, sequence: u64) -> Vec<u8> {
    use anchor_lang::Discriminator;
    use bulkhead::events::PoolFundsWithdrawn;
    let pool = env.pool(&keys.pool);
    let mut book = pool.book;
    book.insurance_fund = 0;
    let event = PoolFundsWithdrawn {
        pool: keys.pool,
        sequence,
        book,
        source: 1,
        amount: pool.book.insurance_fund,
        destination: Address::new_unique(),
        custodian: Address::default(),
        state_hash: [0; 32],
    };
    let mut data = PoolFundsWithdrawn::DISCRIMINATOR.to_vec();
    data.extend_from_slice(anchor_lang::bytemuck::bytes_of(&event));
    let end = data.len() - 32;
    let hash = bulkhead::events::next_hash(&pool.state_hash, sequence, &data[..end]);
    data[end..].copy_from_slice(&hash);
    data
}

/// `data` behind Anchor's event tag: the data of a self-CPI event.
fn tagged(data: &[u8]) -> Vec<u8> {
    [&EVENT_IX_TAG[..], data].concat()
}

/// An instruction of the hostile program: `mode` with `payload`, over `accounts`.
fn forger(mode: u8, payload: &[u8], accounts: Vec<AccountMeta>) -> Instruction {
    Instruction { program_id: FORGER, accounts, data: [&[mode][..], payload].concat() }
}

fn report_of(env: &Env, keys: &PoolKeys) -> PoolReport {
    audit(&history(env))[&keys.pool.to_bytes()].clone()
}

#[test]
fn another_programs_forged_events_are_not_history() {
    let (mut env, a, b) = lived();
    env.deploy_forger();
    let clean_b = report_of(&env, &b);
    let next = env.pool(&a.pool).sequence + 1;
    let (fake, max) = (forged(&env, &a, next), forged(&env, &a, u64::MAX));
    let myself = vec![AccountMeta::new_readonly(FORGER, false)];
    let result = env.send(
        &[
            forger(forger::MODE_LOG, &fake, vec![]),
            forger(forger::MODE_LOG, &max, vec![]),
            forger(forger::MODE_SELF_CPI, &tagged(&fake), myself.clone()),
            forger(forger::MODE_SELF_CPI, &tagged(&max), myself),
            ix_attest(&a),
        ],
        &[],
    );
    let meta = result.expect("the forger's instructions succeed");
    // What the landed (log-reading) verifier took for pool a's next event: a withdrawal of the
    // whole insurance at the pool's next sequence, its hash linked to the real chain, and a
    // u64::MAX sequence after which it dropped every genuine event. Both are in the logs, and
    // the forger's self-CPIs carry them as event-shaped inner instructions.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    for data in [&fake, &max] {
        assert!(meta.logs.contains(&format!("Program data: {}", b64.encode(data))));
        assert!(event_data(&meta).contains(data), "the forger's inner instruction carries it");
    }
    let report = report_of(&env, &a);
    assert!(matches(&env, &report, &a), "{report:?}");
    assert_eq!(report.events, report.sequence, "one event per sequence number, none forged");
    assert_eq!(report.sequence, next, "the genuine attestation is the next event");
    assert!(!report.by_name.contains_key("PoolFundsWithdrawn"), "{:?}", report.by_name);
    assert_eq!(report_of(&env, &b), clean_b);
}

#[test]
fn bulkhead_takes_an_event_only_from_its_own_event_authority() {
    let (mut env, a, _) = lived();
    env.deploy_forger();
    let fake = tagged(&forged(&env, &a, env.pool(&a.pool).sequence + 1));
    let before = report_of(&env, &a);
    // Another program invoking bulkhead with an event (it cannot sign for the event authority).
    let relayed = forger(
        forger::MODE_INVOKE,
        &fake,
        vec![
            AccountMeta::new_readonly(bulkhead::ID, false),
            AccountMeta::new_readonly(*EVENT_AUTHORITY, false),
        ],
    );
    // ConstraintSigner
    env.assert_rejected(relayed, &[], InstructionError::MissingRequiredSignature);
    // The same as a top-level instruction, unsigned, or signed by a keypair that is not the PDA.
    let unsigned = Instruction {
        program_id: bulkhead::ID,
        accounts: vec![AccountMeta::new_readonly(*EVENT_AUTHORITY, false)],
        data: fake.clone(),
    };
    env.assert_rejected(unsigned, &[], InstructionError::MissingRequiredSignature);
    let impostor = Keypair::new();
    let signed = Instruction {
        program_id: bulkhead::ID,
        accounts: vec![AccountMeta::new_readonly(impostor.pubkey(), true)],
        data: fake,
    };
    // ConstraintSeeds
    env.assert_rejected(signed, &[&impostor], InstructionError::InvalidSeeds);
    let after = report_of(&env, &a);
    assert_eq!((after.sequence, after.state_hash), (before.sequence, before.state_hash));
    assert!(matches(&env, &after, &a), "three failed transactions changed nothing: {after:?}");
}

#[test]
fn thirty_events_in_one_transaction_are_all_recorded() {
    let (mut env, a, _) = lived();
    let before = report_of(&env, &a);
    let meta = env.send(&vec![ix_attest(&a); 30], &[]).expect("30 attestations");
    assert!(meta.logs.contains(&"Log truncated".to_string()), "the log lost lines");
    assert_eq!(events::<bulkhead::events::SolvencyAttested>(&meta).len(), 30);
    let after = report_of(&env, &a);
    assert!(matches(&env, &after, &a), "{after:?}");
    assert_eq!(after.sequence, before.sequence + 30);
    assert_eq!(after.by_name["SolvencyAttested"], before.by_name["SolvencyAttested"] + 30);
}

#[test]
fn ten_kilobytes_of_foreign_log_hide_no_event() {
    let (mut env, a, _) = lived();
    env.deploy_forger();
    let before = report_of(&env, &a);
    let filler = forger(forger::MODE_FILL, &110u32.to_le_bytes(), vec![]);
    let meta = env.send(&[filler, ix_attest(&a)], &[]).expect("filler, then an attestation");
    assert!(meta.logs.contains(&"Log truncated".to_string()));
    assert!(
        !meta.logs.iter().any(|l| l.contains(&bulkhead::ID.to_string())),
        "no line of bulkhead's made it into the log"
    );
    let after = report_of(&env, &a);
    assert!(matches(&env, &after, &a), "{after:?}");
    assert_eq!(after.sequence, before.sequence + 1);
}

#[test]
fn a_failed_transactions_events_are_not_history() {
    let (mut env, a, _) = lived();
    env.deploy_forger();
    let before = report_of(&env, &a);
    // An attestation, then an instruction that fails: the transaction is undone.
    let failing =
        forger(forger::MODE_INVOKE, &tagged(&[0; 8]), vec![AccountMeta::new_readonly(bulkhead::ID, false)]);
    let failed = env.send(&[ix_attest(&a), failing], &[]).expect_err("the second instruction fails");
    assert!(matches!(failed.err, TransactionError::InstructionError(1, _)), "{:?}", failed.err);
    let recorded = history(&env).pop().unwrap();
    assert!(!recorded.succeeded);
    let attested = recorded
        .inner
        .iter()
        .any(|ix| ix.program == bulkhead::ID.to_bytes() && ix.data.starts_with(&EVENT_IX_TAG));
    assert!(attested, "the cluster records the undone attestation's event: {recorded:?}");
    let after = report_of(&env, &a);
    assert_eq!(after, before, "the failed transaction is skipped whole");
    assert!(matches(&env, &after, &a));
}

#[test]
fn input_that_is_not_transactions_is_refused() {
    let (env, a, _) = lived();
    let mut auditor = Auditor::new(IDL).unwrap();
    assert_eq!(auditor.event_authority(), EVENT_AUTHORITY.to_bytes(), "the auditor derives the same PDA");
    // `solana logs` output (four-space indent), an empty input, an empty array, a result with
    // no meta: each an error, never an empty clean history.
    let logs: Vec<String> = env.log()[..3]
        .iter()
        .flat_map(|tx| tx["meta"]["logMessages"].as_array().unwrap().clone())
        .map(|l| format!("    {}", l.as_str().unwrap()))
        .collect();
    for input in [logs.join("\n"), String::new(), "[]".into(), "{\"transaction\":{}}".into()] {
        assert!(auditor.read_rpc_json(&input).is_err(), "{input:.80}");
    }
    assert!(auditor.pools().is_empty());
    // The whole history as JSON Lines, and as one array: the same clean report.
    let lines: Vec<String> = env.log().iter().map(|tx| tx.to_string()).collect();
    for text in [lines.join("\n"), format!("[{}]", lines.join(","))] {
        let mut auditor = Auditor::new(IDL).unwrap();
        assert_eq!(auditor.read_rpc_json(&text).unwrap(), env.log().len());
        assert!(matches(&env, &auditor.pools()[&a.pool.to_bytes()], &a));
    }
}

#[test]
fn a_history_cut_short_is_clean_but_does_not_end_at_the_pool_account() {
    use bulkhead::state::Pool;
    use bulkhead_audit::{PoolState, POOL_BOOK_AT, POOL_SEQUENCE_AT, POOL_STATE_HASH_AT};
    assert_eq!(POOL_SEQUENCE_AT, 8 + core::mem::offset_of!(Pool, sequence));
    assert_eq!(POOL_BOOK_AT, 8 + core::mem::offset_of!(Pool, book));
    assert_eq!(POOL_STATE_HASH_AT, 8 + core::mem::offset_of!(Pool, state_hash));
    let (env, a, _) = lived();
    // The account as `getAccountInfo` (base64) returns it, in its RPC envelope.
    use base64::Engine as _;
    let data = base64::engine::general_purpose::STANDARD.encode(env.account(&a.pool).data);
    let json = serde_json::json!({ "context": { "slot": 1 }, "value": { "data": [data, "base64"], "owner": bulkhead::ID.to_string() } });
    let state = PoolState::from_rpc_json(&json.to_string()).unwrap();
    let pool = env.pool(&a.pool);
    assert_eq!((state.sequence, state.state_hash), (pool.sequence, pool.state_hash));
    let mut log = history(&env);
    assert!(audit(&log)[&a.pool.to_bytes()].matches_state(&state));
    // Without its last transactions of pool a, the history has no finding, yet does not end at the account.
    while log.last().is_some_and(|tx| events_of(std::slice::from_ref(tx), &a).is_empty()) {
        log.pop();
    }
    log.pop();
    let short = &audit(&log)[&a.pool.to_bytes()];
    assert!(short.findings.is_empty() && short.sequence < state.sequence, "{short:?}");
    assert!(!short.matches_state(&state), "only the account comparison catches a cut");
    // An account of the wrong encoding or size is an error.
    assert!(PoolState::from_rpc_json(&serde_json::json!({ "data": ["AA==", "base58"] }).to_string()).is_err());
    assert!(PoolState::from_rpc_json(&serde_json::json!({ "data": ["AA==", "base64"] }).to_string()).is_err());
}

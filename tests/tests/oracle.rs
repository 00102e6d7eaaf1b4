//! The Pyth `PriceUpdateV2` parser against bytes laid out as the receiver program lays them out
//! (Borsh mirrors of its structs, see `bulkhead_tests::pyth`), every malformed variant, and every
//! oracle rule on the real .so: prints that fail every use, the order checks that cancel an
//! execution, and the one-step reads' freshness.

use bulkhead::errors::BulkheadError as E;
use bulkhead::oracle::{parse_price_update_v2, PRICE_UPDATE_V2_DISCRIMINATOR};
use bulkhead_tests::pyth::{PriceUpdateV2, VerificationLevel, PRICE_UPDATE_V2_LEN};
use bulkhead_tests::*;
use solana_signer::Signer as _;

const UNIT: i64 = 1_000_000;

fn custom_of(e: anchor_lang::prelude::ProgramError) -> u32 {
    match e {
        anchor_lang::prelude::ProgramError::Custom(c) => c,
        other => panic!("{other:?}"),
    }
}

#[test]
fn parses_receiver_layout_full_and_partial() {
    let mut update = PriceUpdateV2::new([9; 32], 6_543_210_000_000, 1_234_567, -8, 1_700_000_000);
    update.price_message.prev_publish_time = 1_699_999_998;
    update.price_message.ema_price = 6_500_000_000_000;
    let data = update.account_data();
    assert_eq!(data.len(), PRICE_UPDATE_V2_LEN);
    assert_eq!(&data[..8], &PRICE_UPDATE_V2_DISCRIMINATOR);
    let parsed = parse_price_update_v2(&data).unwrap();
    assert!(parsed.fully_verified);
    assert_eq!(parsed.feed_id, [9; 32]);
    assert_eq!(
        (parsed.price, parsed.conf, parsed.exponent, parsed.publish_time),
        (6_543_210_000_000, 1_234_567, -8, 1_700_000_000)
    );
    assert_eq!((parsed.prev_publish_time, parsed.ema_price), (1_699_999_998, 6_500_000_000_000));

    // Partial { num_signatures } is one byte longer: every field shifts by one.
    let mut partial = update;
    partial.verification_level = VerificationLevel::Partial { num_signatures: 5 };
    let parsed = parse_price_update_v2(&partial.account_data()).unwrap();
    assert!(!parsed.fully_verified);
    assert_eq!(
        (parsed.price, parsed.publish_time, parsed.ema_price),
        (6_543_210_000_000, 1_700_000_000, 6_500_000_000_000)
    );
}

#[test]
fn rejects_malformed_accounts() {
    let good = PriceUpdateV2::new([9; 32], 100, 1, -8, 1).account_data();
    let invalid = 6000 + E::OracleInvalidAccount as u32;
    let mut bad_disc = good.clone();
    bad_disc[0] ^= 1;
    let mut bad_level = good.clone();
    bad_level[40] = 2;
    for (name, data) in [
        ("empty", vec![]),
        ("discriminator only", good[..8].to_vec()),
        ("truncated message", good[..100].to_vec()),
        ("wrong discriminator", bad_disc),
        ("unknown verification level", bad_level),
    ] {
        assert_eq!(custom_of(parse_price_update_v2(&data).unwrap_err()), invalid, "{name}");
    }
    // The receiver's trailing bytes (ema_conf, posted_slot, padding) are not needed.
    assert!(parse_price_update_v2(&good[..117]).is_ok());
}

/// A market with a pending 1-unit buy and its pinned print published; returns the print.
fn pending_buy() -> (Env, PoolKeys, Trader, PriceUpdateV2) {
    let Market { mut env, keys, trader, .. } = market();
    env.request_trade(&keys, &trader, Order::market(UNIT)).unwrap();
    let request = env.margin(&keys.margin(&trader.address())).request;
    env.pin(&keys, &request);
    let target = env.now();
    let print = env.print(&keys, target, target - 1);
    (env, keys, trader, print)
}

#[test]
fn execution_refuses_every_bad_print_and_changes_nothing() {
    let (mut env, keys, trader, good) = pending_buy();
    let keeper = env.keeper.insecure_clone();
    let execute = ix_execute_trade(&keys, &keeper.pubkey(), &trader.address());
    let with = |f: fn(&mut PriceUpdateV2)| {
        let mut u = good;
        f(&mut u);
        u
    };
    let cases: Vec<(&str, PriceUpdateV2, E)> = vec![
        ("wrong feed", with(|u| u.price_message.feed_id = feed_id(99)), E::OracleWrongFeed),
        ("zero price", with(|u| u.price_message.price = 0), E::OracleInvalidPrice),
        ("negative price", with(|u| u.price_message.price = -u.price_message.price), E::OracleInvalidPrice),
        ("positive exponent", with(|u| u.price_message.exponent = 2), E::OracleInvalidPrice),
        ("absurd exponent", with(|u| u.price_message.exponent = -19), E::OracleInvalidPrice),
        (
            "partially verified",
            with(|u| u.verification_level = VerificationLevel::Partial { num_signatures: 13 }),
            E::OracleNotFullyVerified,
        ),
        ("the print before", with(|u| u.price_message.publish_time -= 1), E::OracleNotPinnedPrint),
        ("a later print", with(|u| u.price_message.prev_publish_time += 1), E::OracleNotPinnedPrint),
    ];
    for (name, update, expected) in cases {
        println!("case: {name}");
        env.put_price_update_at(keys.price_update, &update);
        env.assert_rejected(execute.clone(), &[&keeper], custom(expected));
    }
    // Right bytes, wrong owner: a forged price account; the receiver's but not a PriceUpdateV2.
    env.put(keys.price_update, Address::new_unique(), good.account_data());
    env.assert_rejected(execute.clone(), &[&keeper], custom(E::OracleWrongOwner));
    env.put(keys.price_update, PYTH_RECEIVER, vec![0; PRICE_UPDATE_V2_LEN]);
    env.assert_rejected(execute.clone(), &[&keeper], custom(E::OracleInvalidAccount));
    // Another pool's price account.
    let other = env.create_pool(keys.mint, 2);
    let ix = swap_account(execute.clone(), &keys.price_update, other.price_update);
    env.assert_rejected(ix, &[&keeper], custom(E::OracleWrongFeed));
    // The good print still executes it.
    env.put_price_update_at(keys.price_update, &good);
    executed(&env.send(&[execute], &[&keeper]));
}

#[test]
fn risk_increasing_orders_need_the_strict_band_and_a_print_near_its_ema() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, 2 * UNIT));
    // 3% wide: beyond the strict 2%, within the 4% allowed for reducing.
    env.set_price(&keys, usd(2_000), usd(60) as u64);
    assert_eq!(cancel_reason(&env.trade(&keys, &trader, UNIT)), Some(code(E::OracleConfidenceTooWide)));
    let ev = executed(&env.trade(&keys, &trader, -UNIT));
    assert_eq!(ev.fill_price, price_e9(1_940), "a sell fills at price - k * conf");
    // 5% wide: even reducing waits for a narrower print.
    env.set_price(&keys, usd(2_000), usd(100) as u64);
    assert_eq!(cancel_reason(&env.trade(&keys, &trader, -UNIT / 2)), Some(code(E::OracleConfidenceTooWide)));
    // 6% away from the EMA (bound 5%): refused for adding risk, fine for reducing.
    env.set_quote(&keys, Quote { price: usd(2_120), conf: 0, exponent: -8, ema: usd(2_000) });
    assert_eq!(cancel_reason(&env.trade(&keys, &trader, UNIT)), Some(code(E::OracleEmaDeviation)));
    executed(&env.trade(&keys, &trader, -UNIT / 2));
}

#[test]
fn one_step_reads_take_only_fresh_prints_that_never_go_backwards() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, UNIT));
    let withdraw = ix_withdraw(&keys, &trader.address(), &trader.token_account, 1);
    let now = env.now() + 100;
    env.set_time(now);
    // Older than fresh_price_max_age_secs (3 s).
    let age = i64::from(env.config(&keys).fresh_price_max_age_secs);
    env.publish(&keys, now - age - 1, now - age - 2);
    env.assert_rejected(withdraw.clone(), &[&trader.keypair], custom(E::OracleStale));
    env.publish(&keys, now - age, now - age - 1);
    env.send(std::slice::from_ref(&withdraw), &[&trader.keypair]).expect("3 s old is fresh enough");
    assert_eq!(env.pool(&keys.pool).market.last_oracle_publish_time, now - age);
    // An older print, still within the age bound, is refused once a newer one was used.
    env.publish(&keys, now - age - 1, now - age - 2);
    env.set_time(now - 1);
    env.assert_rejected(withdraw.clone(), &[&trader.keypair], custom(E::OraclePublishTimeRegressed));
    env.set_time(now);
    // Wide or far from the EMA: refused.
    env.set_price(&keys, usd(2_000), usd(41) as u64);
    env.assert_rejected(withdraw.clone(), &[&trader.keypair], custom(E::OracleConfidenceTooWide));
    env.set_quote(&keys, Quote { price: usd(2_200), conf: 0, exponent: -8, ema: usd(2_000) });
    env.assert_rejected(withdraw, &[&trader.keypair], custom(E::OracleEmaDeviation));
}

#[test]
fn executions_may_use_older_prints_than_the_pool_has_seen() {
    // Two requests; the later one executes first. The earlier one's pinned print is older than
    // the pool's newest, and it still executes: the pinned print is the rule for executions.
    let Market { mut env, keys, trader, .. } = market();
    let other = env.funded_trader(&keys, MARKET_COLLATERAL);
    env.request_trade(&keys, &trader, Order::market(UNIT)).unwrap();
    env.advance(10);
    env.request_trade(&keys, &other, Order::market(-UNIT)).unwrap();
    executed(&env.execute_trade(&keys, &other.address()));
    let newest = env.pool(&keys.pool).market.last_oracle_publish_time;
    let ev = executed(&env.execute_trade(&keys, &trader.address()));
    assert!(ev.publish_time < newest);
    assert_eq!(env.pool(&keys.pool).market.last_oracle_publish_time, newest, "the newest stays");
}

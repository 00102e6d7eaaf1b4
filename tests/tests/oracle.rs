//! The Pyth `PriceUpdateV2` parser against bytes laid out as the receiver program lays them out
//! (Borsh mirrors of its structs, see `bulkhead_tests::pyth`), every malformed variant, and every
//! oracle rejection through `trade` on the real .so.

use bulkhead::errors::BulkheadError as E;
use bulkhead::oracle::{parse_price_update_v2, PRICE_UPDATE_V2_DISCRIMINATOR};
use bulkhead_tests::pyth::{PriceUpdateV2, VerificationLevel, PRICE_UPDATE_V2_LEN};
use bulkhead_tests::*;
use solana_instruction::error::InstructionError;

fn custom_of(e: anchor_lang::prelude::ProgramError) -> u32 {
    match e {
        anchor_lang::prelude::ProgramError::Custom(c) => c,
        other => panic!("{other:?}"),
    }
}

#[test]
fn parses_receiver_layout_full_and_partial() {
    let update = PriceUpdateV2::new([9; 32], 6_543_210_000_000, 1_234_567, -8, 1_700_000_000);
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

    // Partial { num_signatures } is one byte longer: every field shifts by one.
    let mut partial = update;
    partial.verification_level = VerificationLevel::Partial { num_signatures: 5 };
    let parsed = parse_price_update_v2(&partial.account_data()).unwrap();
    assert!(!parsed.fully_verified);
    assert_eq!((parsed.price, parsed.publish_time), (6_543_210_000_000, 1_700_000_000));
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
    // The receiver's trailing bytes (posted_slot, padding) are not needed: 133 bytes parse.
    assert!(parse_price_update_v2(&good[..133]).is_ok());
}

fn setup() -> (Env, PoolKeys, Trader) {
    let m = market();
    (m.env, m.keys, m.trader)
}

#[test]
fn trade_rejects_every_bad_price() {
    let (mut env, keys, trader) = setup();
    let now = env.now();
    let open = ix_trade(&keys, &trader.address(), 1_000_000, u64::MAX);
    let feed = feed_id(keys.pool_id);
    let cases: Vec<(&str, PriceUpdateV2, E)> = vec![
        ("stale", PriceUpdateV2::new(feed, usd(2_000), 0, -8, now - 61), E::OracleStale),
        (
            "low confidence",
            PriceUpdateV2::new(feed, usd(2_000), usd(41) as u64, -8, now),
            E::OracleConfidenceTooWide,
        ),
        ("wrong feed", PriceUpdateV2::new(feed_id(99), usd(2_000), 0, -8, now), E::OracleWrongFeed),
        ("zero price", PriceUpdateV2::new(feed, 0, 0, -8, now), E::OracleInvalidPrice),
        ("negative price", PriceUpdateV2::new(feed, -usd(2_000), 0, -8, now), E::OracleInvalidPrice),
        ("positive exponent", PriceUpdateV2::new(feed, 2_000, 0, 2, now), E::OracleInvalidPrice),
        ("absurd exponent", PriceUpdateV2::new(feed, usd(2_000), 0, -19, now), E::OracleInvalidPrice),
        (
            "partially verified",
            {
                let mut u = PriceUpdateV2::new(feed, usd(2_000), 0, -8, now);
                u.verification_level = VerificationLevel::Partial { num_signatures: 13 };
                u
            },
            E::OracleNotFullyVerified,
        ),
    ];
    for (name, update, expected) in cases {
        env.put_price_update(&keys, &update);
        println!("case: {name}");
        env.assert_rejected(open.clone(), &[&trader.keypair], custom(expected));
    }

    // Right bytes, wrong owner: a forged price account.
    let good = PriceUpdateV2::new(feed, usd(2_000), 0, -8, now);
    env.put(keys.price_update, Address::new_unique(), good.account_data());
    env.assert_rejected(open.clone(), &[&trader.keypair], custom(E::OracleWrongOwner));
    // Owned by the receiver but not a PriceUpdateV2.
    env.put(keys.price_update, PYTH_RECEIVER, vec![0; PRICE_UPDATE_V2_LEN]);
    env.assert_rejected(open.clone(), &[&trader.keypair], custom(E::OracleInvalidAccount));
}

#[test]
fn publish_time_never_goes_backwards_in_a_pool() {
    let (mut env, keys, trader) = setup();
    // The LP deposit used a price published at `start`; ten seconds later a price from start + 5.
    let start = env.now();
    let now = start + 10;
    env.set_time(now);
    let feed = feed_id(keys.pool_id);
    env.put_price_update(&keys, &PriceUpdateV2::new(feed, usd(2_000), 0, -8, now - 5));
    env.trade(&keys, &trader, 1_000_000).expect("trade at t-5");
    assert_eq!(env.pool(&keys.pool).market.last_oracle_publish_time, now - 5);
    // An older (still fresh) price is refused; the same one is fine.
    env.put_price_update(&keys, &PriceUpdateV2::new(feed, usd(2_000), 0, -8, now - 6));
    env.assert_rejected(
        ix_trade(&keys, &trader.address(), 1_000_000, u64::MAX),
        &[&trader.keypair],
        custom(E::OraclePublishTimeRegressed),
    );
    env.put_price_update(&keys, &PriceUpdateV2::new(feed, usd(2_000), 0, -8, now - 5));
    env.trade(&keys, &trader, 1_000_000).expect("same publish_time again");
}

#[test]
fn reducing_accepts_the_lenient_bounds_and_opening_does_not() {
    let (mut env, keys, trader) = setup();
    env.trade(&keys, &trader, 2_000_000).expect("open 2 units");
    let now = env.now();
    let feed = feed_id(keys.pool_id);
    // 120 s old and 3% wide: beyond the strict bounds (60 s, 2%), within the lenient (240 s, 4%).
    env.set_time(now + 120);
    env.put_price_update(&keys, &PriceUpdateV2::new(feed, usd(2_000), usd(60) as u64, -8, now));
    env.assert_rejected(
        ix_trade(&keys, &trader.address(), 1_000_000, u64::MAX),
        &[&trader.keypair],
        custom(E::OracleStale),
    );
    env.trade(&keys, &trader, -1_000_000).expect("reduce with a lagging price");
    // Beyond the lenient bound even reducing is refused.
    env.set_time(now + 241);
    env.assert_rejected(
        ix_trade(&keys, &trader.address(), -1_000_000, 0),
        &[&trader.keypair],
        custom(E::OracleStale),
    );
    env.set_time(now + 1);
    env.put_price_update(&keys, &PriceUpdateV2::new(feed, usd(2_000), usd(81) as u64, -8, now + 1));
    env.assert_rejected(
        ix_trade(&keys, &trader.address(), -1_000_000, 0),
        &[&trader.keypair],
        custom(E::OracleConfidenceTooWide),
    );
}

#[test]
fn another_pools_price_account_is_refused() {
    let (mut env, a, trader) = setup();
    let b = env.create_pool(a.mint, 2);
    let ix = with_account(ix_trade(&a, &trader.address(), 1_000_000, u64::MAX), 4, b.price_update);
    env.assert_rejected(ix, &[&trader.keypair], custom(E::OracleWrongFeed));
    let _ = InstructionError::Custom(0);
}

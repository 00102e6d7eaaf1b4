//! The ten attacks of issue 6, each as the property the pool must keep. Written against the landed
//! program (one-step `trade` and LP flows), where every one of them fails.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::TradeExecuted;
use bulkhead_tests::pyth::PriceUpdateV2;
use bulkhead_tests::*;

const UNIT: i64 = 1_000_000;

fn price_at(env: &mut Env, keys: &PoolKeys, dollars: i64, conf: u64, publish_time: i64) {
    env.put_price_update(
        keys,
        &PriceUpdateV2::new(feed_id(keys.pool_id), usd(dollars), conf, -8, publish_time),
    );
}

/// 1. The caller picks the print: open on a 50 s old print, close on the fresh one.
#[test]
fn attack_1_the_caller_cannot_pick_the_print() {
    let Market { mut env, keys, trader, .. } = market();
    let now = env.now() + 100;
    env.set_time(now);
    let margin = keys.margin(&trader.address());
    let before = env.margin(&margin).collateral;
    price_at(&mut env, &keys, 2_000, 0, now - 50);
    let open = env.trade(&keys, &trader, 4 * UNIT);
    price_at(&mut env, &keys, 2_100, 0, now);
    let close = env.trade(&keys, &trader, -4 * UNIT);
    let net = env.margin(&margin).collateral as i64 - before as i64;
    assert!(open.is_err() || close.is_err() || net <= 0, "riskless profit of {net} units from print choice");
}

/// 2. Fresh LP shares moved to a wallet whose cooldown has passed leave at once.
#[test]
fn attack_2_moving_shares_does_not_skip_the_lp_delay() {
    let Market { mut env, keys, lp, lp_tokens, .. } = market();
    env.set_time(env.now() + 7_200);
    env.set_price(&keys, usd(2_000), 0);
    let fresh = env.trader(&keys.mint, 10_000_000_000);
    let fresh_lp = env.add_liquidity(&keys, &fresh, 1_000_000_000);
    let shares = env.token_balance(&fresh_lp);
    env.send(&[ix_spl_transfer(&fresh_lp, &lp_tokens, &fresh.address(), shares)], &[&fresh.keypair]).unwrap();
    let ix = ix_remove_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, shares, 0);
    assert!(env.send(&[ix], &[&lp.keypair]).is_err(), "shares added this second left the pool at once");
}

/// 3. A profitable close reverts when LP capital is smaller than the profit.
#[test]
fn attack_3_a_profitable_close_always_succeeds() {
    let mut env = Env::new();
    env.set_time(1_000_000);
    let mint = env.create_mint(6);
    let keys = env.create_pool(mint, 1);
    let lp = env.trader(&mint, 100_000_000_000);
    env.add_liquidity(&keys, &lp, 4_000_000_000); // $4,000 of LP capital
    let trader = env.trader(&mint, 10_000_000_000);
    env.open_margin(&keys, &trader);
    env.deposit(&keys, &trader, 1_000_000_000).unwrap();
    env.trade(&keys, &trader, 2 * UNIT).expect("2 units at $2,000");
    env.set_price(&keys, usd(6_000), 0);
    let close = env.trade(&keys, &trader, -2 * UNIT);
    assert!(close.is_ok(), "a profitable close was refused: {:?}", close.err().map(|e| e.err));
}

/// 4. The NAV counts a trader's loss beyond its collateral: the LP who leaves takes it from those
/// who stay.
#[test]
fn attack_4_an_exiting_lp_does_not_take_value_from_those_who_stay() {
    let Market { mut env, keys, lp, lp_tokens, trader } = market();
    let stayer = env.trader(&keys.mint, 10 * MARKET_LP_CAPITAL);
    let stayer_lp = env.add_liquidity(&keys, &stayer, MARKET_LP_CAPITAL);
    // 4 units long with $1,000 of collateral; the price halves: a $4,000 loss, $1,000 collectible.
    env.trade(&keys, &trader, 4 * UNIT).unwrap();
    env.set_time(env.now() + 7_200);
    env.set_price(&keys, usd(1_000), 0);
    let supply_before = env.token_balance(&lp_tokens) + env.token_balance(&stayer_lp) + 1_000;
    let value_before = env.pool(&keys.pool).book.lp_capital;
    let shares = env.token_balance(&lp_tokens);
    let ix = ix_remove_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, shares, 0);
    let paid_before = env.token_balance(&lp.token_account);
    env.send(&[ix], &[&lp.keypair]).expect("remove");
    let paid = env.token_balance(&lp.token_account) - paid_before;
    // Collectible from the trader: at most its $1,000 of collateral.
    let fair = (value_before + MARKET_COLLATERAL) as u128 * shares as u128 / supply_before as u128;
    assert!(paid as u128 <= fair, "the exiting LP took {paid}, more than its fair {fair}");
}

/// 5. One flat borrow rate on both sides: nothing pays the side that balances the book.
#[test]
fn attack_5_the_heavy_side_pays_the_light_side() {
    let Market { mut env, keys, trader, .. } = market();
    let whale = env.trader(&keys.mint, 100_000_000_000);
    env.open_margin(&keys, &whale);
    env.deposit(&keys, &whale, 50_000_000_000).unwrap();
    env.trade(&keys, &whale, 100 * UNIT).unwrap();
    env.trade(&keys, &trader, -UNIT / 10).unwrap();
    let margin = keys.margin(&trader.address());
    let before = env.margin(&margin).collateral;
    env.set_time(env.now() + 30 * 86_400);
    env.set_price(&keys, usd(2_000), 0);
    env.withdraw(&keys, &trader, 1).unwrap();
    assert!(
        env.margin(&margin).collateral + 1 > before,
        "the light side paid funding instead of receiving it"
    );
}

/// 6. The skew spread is charged on the post-trade skew: 50 pieces pay about half.
#[test]
fn attack_6_splitting_an_order_does_not_pay_less_impact() {
    let mut params = default_params();
    params.skew_spread_bps = 100;
    let cost = |pieces: i64| {
        let Market { mut env, keys, trader, .. } = market_with(params);
        env.deposit(&keys, &trader, 5 * MARKET_COLLATERAL).unwrap();
        let mut paid = 0u64;
        for _ in 0..pieces {
            let meta = env.trade(&keys, &trader, 20 * UNIT / pieces).unwrap();
            let ev = events::<TradeExecuted>(&meta.logs)[0];
            paid += (ev.execution_price - ev.oracle_price) * (20 * UNIT / pieces) as u64 / 1_000_000_000;
        }
        paid
    };
    let (one, split) = (cost(1), cost(50));
    assert!(split >= one, "50 pieces paid {split}, one trade {one}");
}

/// 7. Fills at the mid whatever the confidence; a print 50% away from the EMA is accepted.
#[test]
fn attack_7_fills_at_the_band_edge_and_far_prints_are_refused() {
    let Market { mut env, keys, trader, .. } = market();
    env.set_price(&keys, usd(2_000), usd(20) as u64);
    let meta = env.trade(&keys, &trader, UNIT).unwrap();
    let ev = events::<TradeExecuted>(&meta.logs)[0];
    assert_eq!(ev.execution_price, price_e9(2_020), "a buy fills at price + k * conf");
    let mut far = PriceUpdateV2::new(feed_id(keys.pool_id), usd(3_000), 0, -8, env.now());
    far.price_message.ema_price = usd(2_000);
    env.put_price_update(&keys, &far);
    assert!(env.trade(&keys, &trader, UNIT).is_err(), "a print 50% from the EMA was used to add risk");
}

/// 8. The borrow index loses its accrual on cheap products touched every second, and overflows.
#[test]
fn attack_8_the_borrow_index_keeps_its_accrual() {
    // A $0.30 product with 6-decimal collateral, one long of 100,000 units.
    let mut params = default_params();
    params.max_open_interest = 1_000_000_000_000_000;
    params.max_position_size = 10_000_000_000_000;
    let accrued = |touch_every: i64| {
        let mut env = Env::new();
        env.set_time(1_000_000);
        let mint = env.create_mint(6);
        let keys = env.create_pool_with(mint, 1, params);
        env.put_price_update(&keys, &PriceUpdateV2::new(feed_id(1), 30_000_000, 0, -8, env.now()));
        let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
        env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
        let t = env.trader(&mint, 10 * MARKET_COLLATERAL);
        env.open_margin(&keys, &t);
        env.deposit(&keys, &t, 10 * MARKET_COLLATERAL).unwrap();
        env.trade(&keys, &t, 100_000 * UNIT).unwrap();
        let other = env.trader(&mint, 10 * MARKET_COLLATERAL);
        env.open_margin(&keys, &other);
        env.deposit(&keys, &other, MARKET_COLLATERAL).unwrap();
        let start = env.now();
        for step in 1..=(600 / touch_every) {
            env.set_time(start + step * touch_every);
            env.put_price_update(&keys, &PriceUpdateV2::new(feed_id(1), 30_000_000, 0, -8, env.now()));
            env.trade(&keys, &other, if step % 2 == 0 { -1_000 } else { 1_000 }).unwrap();
        }
        env.pool(&keys.pool).market.funding_receivable
    };
    let (every_second, once) = (accrued(1), accrued(600));
    assert!(
        every_second * 1_000 >= once * 999,
        "touched every second the index accrued {every_second}, once {once}"
    );
}

/// 9. A product below about $1e-6 rounds to a price of zero and trades with zero collateral.
#[test]
fn attack_9_no_price_rounds_to_zero() {
    let mut env = Env::new();
    env.set_time(1_000_000);
    let mint = env.create_mint(6);
    let keys = env.create_pool(mint, 1);
    let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
    env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
    // $1e-10: mantissa 100 at exponent -12.
    env.put_price_update(&keys, &PriceUpdateV2::new(feed_id(1), 100, 0, -12, env.now()));
    let broke = env.trader(&mint, 0);
    env.open_margin(&keys, &broke);
    assert!(env.trade(&keys, &broke, 100 * UNIT).is_err(), "a position opened with zero collateral");
}

/// 10. Settings that switch protections off are accepted; an add of i64::MAX breaks every remove.
#[test]
fn attack_10_validation_keeps_every_protection_on() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let creator = env.creator.insecure_clone();
    let cases: Vec<(&str, fn(&mut bulkhead::state::RiskConfig))> = vec![
        ("k = 0", |p| p.oracle_conf_multiplier_bps = 0),
        ("no cooldown", |p| p.lp_cooldown_secs = 0),
        ("a 1 bp reserve", |p| p.reserve_ratio_bps = 1),
    ];
    for (pool_id, (name, mutate)) in (10u64..).zip(cases) {
        let mut params = default_params();
        mutate(&mut params);
        let keys = PoolKeys::derive(&creator.pubkey(), pool_id, mint);
        let ix = ix_create_pool(&creator.pubkey(), &keys, params, feed_id(pool_id));
        assert!(env.send(&[ix], &[&creator]).is_err(), "{name} was accepted");
    }
    let Market { mut env, keys, lp, lp_tokens, .. } = market();
    let whale = env.trader(&keys.mint, i64::MAX as u64);
    let whale_lp = env.lp_token_account(&keys, &whale.address());
    let add = ix_add_liquidity(&keys, &whale.address(), &whale.token_account, &whale_lp, i64::MAX as u64, 0);
    let added = env.send(&[add], &[&whale.keypair]).is_ok();
    env.set_time(env.now() + 7_200);
    env.set_price(&keys, usd(2_000), 0);
    let remove = ix_remove_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, 1_000_000, 0);
    let removed = env.send(&[remove], &[&lp.keypair]);
    assert!(!added, "an add of i64::MAX units was accepted");
    assert!(removed.is_ok(), "a later remove failed: {:?}", removed.err().map(|e| e.err));
    let _ = E::MathOverflow;
}

use solana_signer::Signer as _;

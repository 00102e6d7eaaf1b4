//! The ten attacks of issue 6, each as the property the pool must keep. On the landed one-step
//! program every one of them failed (see the commit that added this file); against the two-step
//! program each now fails with a pinned error or earns nothing, and a bystander pool sharing the
//! mint never changes a byte.

use bulkhead::errors::BulkheadError as E;
use bulkhead::math::wide::U128;
use bulkhead::state::RiskConfig;
use bulkhead_tests::*;
use solana_signer::Signer as _;

const UNIT: i64 = 1_000_000;
const HOUR: i64 = 3_600;

fn collateral(env: &Env, keys: &PoolKeys, t: &Trader) -> u64 {
    env.margin(&keys.margin(&t.address())).collateral
}

/// Attack 1: The caller picked the print: open on a 50 s old print, close on the fresh one. Now only the
/// pinned print executes, a request and its execution cannot share a transaction, a reduce cannot
/// dodge a loss with an old print, and an LP cannot add and remove around one print.
#[test]
fn attack_1_the_caller_cannot_pick_the_print() {
    let Market { mut env, keys, trader, lp, lp_tokens } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    let keeper = env.keeper.insecure_clone();
    let now = env.now() + 100;
    env.set_time(now);
    let old = {
        env.set_quote(&keys, Quote { price: usd(2_000), conf: 0, exponent: -8, ema: usd(2_050) });
        env.print(&keys, now - 50, now - 51)
    };
    env.set_price(&keys, usd(2_100), 0);
    let start = collateral(&env, &keys, &trader);

    // Open: every print but the pinned one is refused, with no byte moved.
    env.request_trade(&keys, &trader, Order::market(4 * UNIT)).unwrap();
    let execute = ix_execute_trade(&keys, &keeper.pubkey(), &trader.address());
    for update in [old, env.print(&keys, now, now - 1)] {
        env.put_price_update_at(keys.price_update, &update);
        env.assert_rejected(execute.clone(), &[&keeper], custom(E::OracleNotPinnedPrint));
    }
    executed(&env.execute_trade(&keys, &trader.address()));
    // Close: the old $2,000 print cannot be used for the other leg either; the pinned print is
    // at the same $2,100, so the round trip only paid fees.
    env.request_trade(&keys, &trader, Order::market(-4 * UNIT)).unwrap();
    env.put_price_update_at(keys.price_update, &old);
    env.assert_rejected(execute.clone(), &[&keeper], custom(E::OracleNotPinnedPrint));
    executed(&env.execute_trade(&keys, &trader.address()));
    assert!(collateral(&env, &keys, &trader) < start, "the round trip earned something");

    // A request and its execution in one transaction: the target is 2 s in the future, so no
    // print that exists yet is pinned.
    let now = env.now();
    env.publish(&keys, now, now - 1);
    let both = [ix_request_trade(&keys, &trader.address(), Order::market(UNIT)), execute.clone()];
    let failed = env.send(&both, &[&trader.keypair, &keeper]).expect_err("same-transaction execution");
    assert_eq!(
        failed.err,
        solana_transaction_error::TransactionError::InstructionError(1, custom(E::OracleNotPinnedPrint))
    );

    // A reduce cannot dodge a loss on a print from before the drop.
    executed(&env.trade(&keys, &trader, UNIT));
    let high = env.print(&keys, env.now(), env.now() - 1);
    env.request_trade(&keys, &trader, Order::market(-UNIT)).unwrap();
    env.set_price(&keys, usd(1_900), 0);
    env.put_price_update_at(keys.price_update, &high);
    env.assert_rejected(execute, &[&keeper], custom(E::OracleNotPinnedPrint));
    let ev = executed(&env.execute_trade(&keys, &trader.address()));
    assert_eq!(ev.fill_price, price_e9(1_900));

    // An LP cannot add at one print and remove at the next: the withdrawal waits an hour.
    let tokens = lp.lp(lp_tokens);
    env.send(&[ix_request_remove(&keys, &tokens, 1_000_000, 0, 0)], &[&lp.keypair]).unwrap();
    let now = env.now();
    env.publish(&keys, now + 2, now + 1);
    env.assert_rejected(
        ix_execute_liquidity(&keys, &keeper.pubkey(), &tokens),
        &[&keeper],
        custom(E::OracleNotPinnedPrint),
    );
    bystander.assert_untouched(&env);
}

/// Attack 2: LP shares moved from a fresh wallet to one whose cooldown had passed left at once. Now the
/// delay starts with each withdrawal request, whichever wallet holds the shares.
#[test]
fn attack_2_moving_shares_does_not_skip_the_lp_delay() {
    let Market { mut env, keys, lp, lp_tokens, .. } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    env.advance(10 * HOUR);
    let fresh = env.trader(&keys.mint, 10_000_000_000);
    let fresh_lp = env.add_liquidity(&keys, &fresh, 1_000_000_000);
    let shares = env.token_balance(&fresh_lp);
    env.send(&[ix_spl_transfer(&fresh_lp, &lp_tokens, &fresh.address(), shares)], &[&fresh.keypair]).unwrap();
    let old = lp.lp(lp_tokens);
    env.send(&[ix_request_remove(&keys, &old, shares, 0, 0)], &[&lp.keypair]).unwrap();
    let keeper = env.keeper.insecure_clone();
    for wait in [0, HOUR - 1] {
        env.advance(wait);
        let now = env.now();
        env.publish(&keys, now, now - 1);
        env.assert_rejected(
            ix_execute_liquidity(&keys, &keeper.pubkey(), &old),
            &[&keeper],
            custom(E::OracleNotPinnedPrint),
        );
    }
    executed_liquidity(&env.execute_liquidity(&keys, &old));
    bystander.assert_untouched(&env);
}

/// Attack 3: A profitable close reverted when LP capital was smaller than the profit, and new liquidity
/// was refused. Now the profit is capped at the lock taken at open, which is always there.
#[test]
fn attack_3_a_profitable_close_always_succeeds() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let keys = env.create_pool(mint, 1);
    let bystander = Bystander::new(&mut env, mint);
    let lp = env.trader(&mint, 100_000_000_000);
    env.add_liquidity(&keys, &lp, 5_000_000_000); // $5,000 of LP capital
    let trader = env.funded_trader(&keys, 1_000_000_000);
    executed(&env.trade(&keys, &trader, 2 * UNIT)); // $4,000 long locks $4,000
    env.set_price(&keys, usd(6_000), 0); // a $8,000 profit
    let before = collateral(&env, &keys, &trader);
    let ev = executed(&env.trade(&keys, &trader, -2 * UNIT));
    assert_eq!(ev.realized_pnl, 4_000_000_000, "paid in full up to the cap");
    assert!(collateral(&env, &keys, &trader) > before + 3_980_000_000);
    // The pool still takes liquidity and stays solvent.
    env.add_liquidity(&keys, &lp, 1_000_000_000);
    env.send(&[ix_attest(&keys)], &[]).expect("vault >= book");
    bystander.assert_untouched(&env);
}

/// Attack 4: The NAV counted a trader's loss beyond its collateral as an LP asset, so an exiting LP took
/// value from those who stay. Now the redeem NAV counts no uncollected loss at all.
#[test]
fn attack_4_an_exiting_lp_does_not_take_value_from_those_who_stay() {
    let Market { mut env, keys, lp, lp_tokens, trader } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    let stayer = env.trader(&keys.mint, 10 * MARKET_LP_CAPITAL);
    let stayer_lp = env.add_liquidity(&keys, &stayer, MARKET_LP_CAPITAL);
    // 4 units long with $1,000 of collateral; the price halves: a $4,000 loss, $1,000 collectible.
    executed(&env.trade(&keys, &trader, 4 * UNIT));
    env.set_price(&keys, usd(1_000), 0);
    let supply = env.token_balance(&lp_tokens) + env.token_balance(&stayer_lp) + 1_000;
    let capital = env.pool(&keys.pool).book.lp_capital;
    let shares = env.token_balance(&lp_tokens);
    let before = env.token_balance(&lp.token_account);
    executed_liquidity(&env.remove_liquidity(&keys, &lp, lp_tokens, shares));
    let paid = env.token_balance(&lp.token_account) - before;
    // Fair: LP capital plus at most the collateral the loser can pay, pro rata.
    let fair = (capital + MARKET_COLLATERAL) as u128 * shares as u128 / supply as u128;
    assert!((paid as u128) <= fair, "the exiting LP took {paid}, more than its fair {fair}");
    // The loser closes; those who stayed hold at least their share of what is left.
    executed(&env.trade(&keys, &trader, -4 * UNIT));
    let left = env.pool(&keys.pool).book.lp_capital;
    assert!(left as u128 * 1_000_000 >= (capital as u128 - paid as u128) * 999_999);
    bystander.assert_untouched(&env);
}

/// Attack 5: One flat borrow rate on both sides: nothing paid the side that balances the book. Now the
/// heavier side pays funding to the lighter side.
#[test]
fn attack_5_the_heavy_side_pays_the_light_side() {
    let Market { mut env, keys, trader, .. } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    let whale = env.funded_trader(&keys, 50 * MARKET_COLLATERAL);
    executed(&env.trade(&keys, &whale, 100 * UNIT));
    executed(&env.trade(&keys, &trader, -UNIT / 10));
    let (before, whale_before) = (collateral(&env, &keys, &trader), collateral(&env, &keys, &whale));
    env.advance(30 * 86_400);
    env.withdraw(&keys, &trader, 1).unwrap();
    env.withdraw(&keys, &whale, 1).unwrap();
    assert!(collateral(&env, &keys, &trader) + 1 > before, "the light side paid instead of receiving");
    assert!(collateral(&env, &keys, &whale) + 1 < whale_before, "the heavy side paid nothing");
    bystander.assert_untouched(&env);
}

/// Attack 6: The skew spread was charged on the post-trade skew, so 50 pieces paid about half. Now the
/// impact potential telescopes: 50 pieces pay exactly what one trade pays (at one price).
#[test]
fn attack_6_splitting_an_order_does_not_pay_less_impact() {
    let cost = |pieces: i64| {
        let Market { mut env, keys, .. } = market();
        let trader = env.funded_trader(&keys, 10 * MARKET_COLLATERAL);
        (0..pieces).map(|_| executed(&env.trade(&keys, &trader, 20 * UNIT / pieces)).impact_paid).sum::<u64>()
    };
    let (one, split) = (cost(1), cost(50));
    assert!(one > 0);
    assert!(split >= one, "50 pieces paid {split}, one trade {one}");
}

/// Attack 7: Fills were at the mid whatever the confidence, and a print 50% from the EMA was used.
#[test]
fn attack_7_fills_at_the_band_edge_and_far_prints_are_refused() {
    let Market { mut env, keys, trader, .. } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    env.set_price(&keys, usd(2_000), usd(20) as u64);
    assert_eq!(
        executed(&env.trade(&keys, &trader, UNIT / 10)).fill_price,
        price_e9(2_020),
        "a buy fills at price + k * conf"
    );
    assert_eq!(
        executed(&env.trade(&keys, &trader, -UNIT / 10)).fill_price,
        price_e9(1_980),
        "a sell at price - k * conf"
    );
    env.set_quote(&keys, Quote { price: usd(3_000), conf: 0, exponent: -8, ema: usd(2_000) });
    assert_eq!(cancel_reason(&env.trade(&keys, &trader, UNIT / 10)), Some(code(E::OracleEmaDeviation)));
    bystander.assert_untouched(&env);
}

/// Attack 8: The borrow index lost 40% of its accrual on cheap products touched every second, and u64
/// indexes overflowed within decades. Now indexes are price-free, 128-bit, in units of 2^-60.
#[test]
fn attack_8_the_indexes_keep_their_accrual_and_last() {
    // A $0.30 product; 100,000 units long against 50,000 short; touched every second or once.
    let indexes = |touch_every: i64| {
        let mut env = Env::new();
        let mint = env.create_mint(6);
        let mut params = default_params();
        (params.max_open_interest, params.max_position_size) = (1 << 50, 1 << 45);
        params.impact_skew_scale = 1_000 << 50; // 10 bps of impact at the cap, within maintenance
        let quote = Quote { price: 30_000_000, conf: 0, exponent: -8, ema: 30_000_000 };
        let keys = env.create_pool_quoted(mint, 1, params, quote, BASE_DECIMALS);
        let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
        env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
        let (long, short) = (
            env.funded_trader(&keys, 10 * MARKET_COLLATERAL),
            env.funded_trader(&keys, 10 * MARKET_COLLATERAL),
        );
        executed(&env.trade(&keys, &long, 100_000 * UNIT));
        executed(&env.trade(&keys, &short, -50_000 * UNIT));
        let start = env.now();
        for step in 1..=(600 / touch_every) {
            env.set_time(start + step * touch_every);
            env.withdraw(&keys, &short, 1).unwrap(); // a one-step read accrues the pool
        }
        let m = env.pool(&keys.pool).market;
        (U128::from_pod(&m.long.borrow_index), U128::from_pod(&m.long.funding_paid_index))
    };
    let as_u128 = |x: U128| ((x.hi as u128) << 64) | x.lo as u128;
    let ((b1, f1), (b600, f600)) = (indexes(1), indexes(600));
    for (every_second, once) in [(as_u128(b1), as_u128(b600)), (as_u128(f1), as_u128(f600))] {
        assert!(
            once > 0 && every_second * 1_000 >= once * 999,
            "touched every second {every_second}, once {once}"
        );
    }

    // A thousand years untouched at the highest rates: the next touch accrues and every close pays.
    let mut params = default_params();
    (params.borrow_rate_max_bps_per_year, params.max_funding_rate_bps_per_year) = (100_000, 100_000);
    let Market { mut env, keys, trader, .. } = market_with(params);
    let other = env.funded_trader(&keys, 10 * MARKET_COLLATERAL);
    executed(&env.trade(&keys, &trader, UNIT / 10));
    executed(&env.trade(&keys, &other, -UNIT / 20));
    env.advance(1_000 * 31_536_000);
    env.set_price(&keys, usd(2_000), 0);
    executed(&env.trade(&keys, &trader, -UNIT / 10));
    executed(&env.trade(&keys, &other, UNIT / 20));
    env.send(&[ix_attest(&keys)], &[]).expect("vault >= book after a thousand years");
}

/// Attack 9: A product below about $1e-6 with 6-decimal collateral priced at 0 and traded with zero
/// collateral. Now its pool must choose a lot size that keeps 6 significant digits.
#[test]
fn attack_9_no_price_rounds_to_zero() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let tiny = Quote { price: 100, conf: 0, exponent: -12, ema: 100 }; // $1e-10
    let keys = PoolKeys::derive(&env.creator.pubkey(), 1, mint);
    env.set_quote(&keys, tiny);
    let creator = env.creator.insecure_clone();
    let ix = ix_create_pool(&creator.pubkey(), &keys, default_params(), feed_id(1), BASE_DECIMALS);
    env.assert_rejected(ix, &[&creator], custom(E::PriceResolutionOutOfRange));
    // One lot of a hundred units: $1e-8 a lot, 1e5 program units.
    let keys = env.create_pool_quoted(mint, 1, default_params(), tiny, 0);
    let bystander = Bystander::new(&mut env, mint);
    let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
    env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
    // With zero collateral the order cannot even cover its expiry fee: refused at the request.
    let broke = env.funded_trader(&keys, 0);
    env.assert_rejected(
        ix_request_trade(&keys, &broke.address(), Order::market(100 * UNIT)),
        &[&broke.keypair],
        custom(E::InsufficientCollateral),
    );
    // With the fee covered and nothing more, initial margin cancels it at execution.
    let thin = env.funded_trader(&keys, 1_000);
    assert_eq!(cancel_reason(&env.trade(&keys, &thin, 100 * UNIT)), Some(code(E::InitialMarginViolated)));
    // If the price later collapses until the bid edge rounds to zero, nothing executes at it.
    env.set_quote(&keys, Quote { price: 1, conf: 0, exponent: -18, ema: 1 });
    let t = env.funded_trader(&keys, MARKET_COLLATERAL);
    assert_eq!(cancel_reason(&env.trade(&keys, &t, -100 * UNIT)), Some(code(E::OracleInvalidPrice)));
    bystander.assert_untouched(&env);
}

/// A named parameter change and the error it must give.
type ParamCase = (&'static str, fn(&mut RiskConfig), E);

/// Attack 10: Settings that switched protections off were accepted, and an add of i64::MAX units broke
/// every later removal. Now every protection has a floor, and book totals stay below 2^62.
#[test]
fn attack_10_validation_keeps_every_protection_on() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let creator = env.creator.insecure_clone();
    let cases: Vec<ParamCase> = vec![
        ("k = 0", |p| p.oracle_conf_multiplier_bps = 0, E::ConfMultiplierOutOfRange),
        ("no LP withdrawal delay", |p| p.lp_withdraw_delay_secs = 0, E::LpWithdrawDelayOutOfRange),
        ("all LP capital lockable", |p| p.max_utilisation_bps = 10_000, E::UtilisationCeilingOutOfRange),
        ("a 1 bp payoff cap", |p| p.max_payoff_bps = 1, E::MaxPayoffOutOfRange),
        ("no execution delay", |p| p.execution_delay_secs = 0, E::ExecutionDelayOutOfRange),
        ("no EMA bound", |p| p.max_ema_deviation_bps = 10_000, E::EmaDeviationOutOfRange),
        ("no funding", |p| p.max_funding_rate_bps_per_year = 0, E::FundingRateOutOfRange),
        ("no impact", |p| p.impact_skew_scale = u64::MAX, E::ImpactScaleOutOfRange),
    ];
    for (pool_id, (name, mutate, expected)) in (10u64..).zip(cases) {
        println!("{name}");
        let mut params = default_params();
        mutate(&mut params);
        let keys = PoolKeys::derive(&creator.pubkey(), pool_id, mint);
        env.set_price(&keys, usd(2_000), 0);
        let ix = ix_create_pool(&creator.pubkey(), &keys, params, feed_id(pool_id), BASE_DECIMALS);
        env.assert_rejected(ix, &[&creator], custom(expected));
    }
    let Market { mut env, keys, lp, lp_tokens, .. } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    let whale = env.trader(&keys.mint, i64::MAX as u64);
    let whale_lp = env.lp_token_account(&keys, &whale.address());
    env.open_lp_account(&keys, &whale);
    let add = ix_request_add(&keys, &whale.lp(whale_lp), i64::MAX as u64, 0, 0);
    env.assert_rejected(add, &[&whale.keypair], custom(E::PoolCapExceeded));
    executed_liquidity(&env.remove_liquidity(&keys, &lp, lp_tokens, 1_000_000));
    bystander.assert_untouched(&env);
}

//! Issue 13: what the people inside a pool could take by choosing a cap, a moment or a print, each
//! as the property the pool must keep, on the real .so. On the landed program (556f1b6) the cap
//! raise aborted the winner's close, the mint NAV of a raised pool was zero, the clock-lag round
//! trip earned, the owner cancelled after its print was shown, a due delay change moved a pending
//! print, a winning short could not close below the resolution and an LP exit failed on a side
//! near the book cap (see the commit that added this file). The last-look Monte Carlo is in
//! `last_look.rs`.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{PriceRefreshed, TradeExecuted};
use bulkhead::state::RiskConfig;
use bulkhead_tests::*;
use solana_signer::Signer as _;

const UNIT: i64 = 1_000_000;
/// $1 in collateral units.
const USD: u64 = 1_000_000;

/// Another pool of the same mint, with an LP and an open position: no attack in this file may move
/// a byte of it.
struct Bystander(std::collections::BTreeMap<Address, Option<solana_account::Account>>);

impl Bystander {
    fn new(env: &mut Env, mint: Address) -> Self {
        let keys = env.create_pool(mint, 99);
        let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
        env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
        let t = env.funded_trader(&keys, MARKET_COLLATERAL);
        executed(&env.trade(&keys, &t, UNIT));
        let mut accounts = keys.accounts().to_vec();
        accounts.extend([keys.margin(&t.address()), keys.lp_account(&lp.address())]);
        Bystander(env.snapshot_of(&accounts))
    }

    fn assert_untouched(&self, env: &Env) {
        let keys: Vec<Address> = self.0.keys().copied().collect();
        assert_eq!(env.snapshot_of(&keys), self.0, "a byte of the bystander pool moved");
    }
}

fn locked_within_capital(env: &Env, keys: &PoolKeys) {
    let pool = env.pool(&keys.pool);
    assert!(
        pool.market.locked() <= pool.book.lp_capital,
        "locked {} > LP capital {}",
        pool.market.locked(),
        pool.book.lp_capital
    );
}

/// A pool with a 5% payoff cap and room for a $1M position, $100k of LP capital, and a trader with
/// $200k of collateral.
fn capped_pool() -> (Env, PoolKeys, Trader, RiskConfig) {
    let mut params = default_params();
    params.max_payoff_bps = 500;
    (params.max_position_size, params.max_open_interest) = (10_000 * UNIT as u64, 100_000 * UNIT as u64);
    params.impact_skew_scale = 100_000_000 * UNIT as u64;
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let keys = env.create_pool_with(mint, 1, params);
    let lp = env.trader(&mint, 1_000_000 * USD);
    env.add_liquidity(&keys, &lp, 100_000 * USD);
    let trader = env.funded_trader(&keys, 200_000 * USD);
    (env, keys, trader, params)
}

/// Attack 1: a timelocked raise of the payoff cap (5% -> 30%) used to re-lock an open $1M long at
/// the new cap on a 1,000-lot reduce, beyond LP capital, and its close then aborted. Now a cap set
/// at open never grows: the reduce keeps the 5% lock less its share, LP capital always covers
/// what is locked, and the close executes for at most what the position opened with.
#[test]
fn a_cap_raise_does_not_reach_an_open_position() {
    let (mut env, keys, trader, params) = capped_pool();
    let bystander = Bystander::new(&mut env, keys.mint);
    let opened = executed(&env.trade(&keys, &trader, 500 * UNIT));
    assert_eq!(opened.locked, 50_000 * USD, "5% of $1M");
    env.govern(&keys, RiskConfig { max_payoff_bps: 3_000, ..params });
    let reduced = executed(&env.trade(&keys, &trader, -1_000));
    assert!(reduced.locked <= opened.locked, "the reduce grew the lock: {}", reduced.locked);
    assert!(reduced.locked >= opened.locked - 100 * USD, "the reduce released more than its share");
    locked_within_capital(&env, &keys);
    env.set_price(&keys, usd(3_000), 0);
    let position = env.margin(&keys.margin(&trader.address())).base_position;
    let closed = executed(&env.trade(&keys, &trader, -position));
    assert!(
        closed.realized_pnl > 0 && closed.realized_pnl as u64 <= reduced.locked,
        "{}",
        closed.realized_pnl
    );
    assert_eq!(env.pool(&keys.pool).market.locked(), 0);
    locked_within_capital(&env, &keys);
    bystander.assert_untouched(&env);
}

/// Attack 1, the NAV: after the raise, the mint NAV counted the 5%-capped long as owed up to 30%,
/// so new shares were minted far too cheaply (here: at a NAV of zero). Now it counts the caps the
/// positions hold: never below LP capital less what is locked.
#[test]
fn the_mint_nav_counts_the_caps_positions_hold() {
    let (mut env, keys, trader, params) = capped_pool();
    executed(&env.trade(&keys, &trader, 500 * UNIT));
    env.govern(&keys, RiskConfig { max_payoff_bps: 3_000, ..params });
    env.set_price(&keys, usd(2_400), 0); // +20%: the long is far beyond its 5% cap
    let pool = env.pool(&keys.pool);
    let floor = pool.book.lp_capital - pool.market.locked();
    let late_lp = env.trader(&keys.mint, 100_000 * USD);
    let shares = env.lp_token_account(&keys, &late_lp.address());
    let ev = executed_liquidity(&env.add_liquidity_to(&keys, &late_lp, shares, 10_000 * USD));
    assert!(ev.nav >= floor, "mint NAV {} below LP capital less the locks {}", ev.nav, floor);
}

/// Attack 3: with the cluster clock behind Pyth (the pool already shown a print 10 s ahead of
/// it), a request targeted a print that was already public: buy before a known rise, sell after
/// it. Now the target is after the newest print the pool has seen, so both legs fill at prints
/// published after their requests, and the round trip only pays fees.
#[test]
fn a_request_targets_a_print_after_every_one_the_pool_has_seen() {
    let Market { mut env, keys, .. } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    let trader = env.funded_trader(&keys, 10 * MARKET_COLLATERAL);
    let t = env.now() + 100;
    env.set_time(t);
    // Pyth is 10 s ahead of the cluster and the price rose 1% at Pyth time t + 5; a watchdog has
    // shown the pool the print at t + 10.
    let price_at = |time: i64| if time < t + 5 { usd(2_000) } else { usd(2_020) };
    env.set_price(&keys, price_at(t + 10), 0);
    env.refresh_price(&keys, t + 10).unwrap();
    let start = env.margin(&keys.margin(&trader.address())).collateral;
    for size in [10 * UNIT, -10 * UNIT] {
        let newest = env.pool(&keys.pool).market.last_oracle_publish_time;
        env.request_trade(&keys, &trader, Order::market(size)).unwrap();
        let target = env.margin(&keys.margin(&trader.address())).request.target_time;
        assert!(target > newest, "target {target} at or before a print already shown ({newest})");
        env.set_quote(&keys, Quote { price: price_at(target), conf: 0, exponent: -8, ema: price_at(target) });
        let ev = executed(&env.execute_trade(&keys, &trader.address()));
        assert!(ev.publish_time > newest);
        env.advance(4);
    }
    let end = env.margin(&keys.margin(&trader.address())).collateral;
    assert!(end < start, "the round trip earned {}", end - start);
    bystander.assert_untouched(&env);
}

/// Attack 3: the owner waited until its pinned print was public and cancelled when it did not
/// like it. Now an owner cannot cancel once the pool has been shown a print at or after the target.
#[test]
fn the_owner_cannot_cancel_once_its_print_has_been_shown() {
    let Market { mut env, keys, trader, .. } = market();
    env.request_trade(&keys, &trader, Order::market(UNIT)).unwrap();
    let target = env.margin(&keys.margin(&trader.address())).request.target_time;
    env.set_time(target - 1);
    env.refresh_price(&keys, target).unwrap(); // Pyth ahead: the print at T is out
    let cancel = ix_cancel_trade(&keys, &trader.address(), &trader.address());
    env.assert_rejected(cancel, &[&trader.keypair], custom(E::RequestNotCancellable));
    executed(&env.execute_trade(&keys, &trader.address()));
}

/// Attack 3: a delay change that became due while a request was pending moved its target, so the
/// request could pick between two prints. Now the target and the deadline are stored with the
/// request and the change applies to requests made after it.
#[test]
fn a_delay_change_does_not_move_a_pending_request() {
    let Market { mut env, keys, trader, .. } = market();
    let creator = env.creator.pubkey();
    let old = env.config(&keys);
    let new = RiskConfig { execution_delay_secs: 10, ..old };
    env.as_creator(ix_propose_params(&keys, &creator, new)).unwrap();
    let eta = env.risk_params(&keys.risk_params).pending.eta;
    env.set_time(eta - 1);
    env.request_trade(&keys, &trader, Order::market(UNIT)).unwrap();
    let request = env.margin(&keys.margin(&trader.address())).request;
    assert_eq!(request.target_time, eta - 1 + i64::from(old.execution_delay_secs));
    env.set_time(eta);
    env.send(&[ix_apply_params(&keys)], &[]).unwrap();
    assert_eq!(env.config(&keys), new);
    // The print the new delay would pin is refused; the stored target's print executes.
    env.set_time(request.target_time);
    let moved = eta - 1 + 10;
    env.publish(&keys, moved, moved - 1);
    let keeper = env.keeper.insecure_clone();
    let execute = ix_execute_trade(&keys, &keeper.pubkey(), &trader.address());
    env.assert_rejected(execute, &[&keeper], custom(E::OracleNotPinnedPrint));
    let ev = executed(&env.execute_trade(&keys, &trader.address()));
    assert_eq!(ev.publish_time, request.target_time);
    // A request made now takes the new delay.
    env.request_trade(&keys, &trader, Order::market(-UNIT)).unwrap();
    let next = env.margin(&keys.margin(&trader.address())).request;
    assert_eq!(next.target_time, env.now().max(env.pool(&keys.pool).market.last_oracle_publish_time) + 10);
}

/// Attack 4: a liquidator used a print older than the newest to liquidate an account healthy at
/// the newest, and a trader an older print to withdraw more. Once anyone shows the pool the newest
/// print (`refresh_price`), no one-step read may use an older one, and none older than 3 s.
#[test]
fn one_step_reads_cannot_pick_an_older_print_than_the_newest_shown() {
    let Market { mut env, keys, trader, .. } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    let victim = env.funded_trader(&keys, 1_900 * USD);
    executed(&env.trade(&keys, &victim, 9 * UNIT)); // $18,000 on $1,900: healthy from about $1,885.1
    executed(&env.trade(&keys, &trader, UNIT));
    let t = env.now() + 100;
    env.set_time(t);
    // $1,880 two seconds ago (the victim below maintenance there), $1,890 now (healthy).
    let old = {
        env.set_quote(&keys, Quote { price: usd(1_880), conf: 0, exponent: -8, ema: usd(1_880) });
        env.print(&keys, t - 2, t - 3)
    };
    env.set_price(&keys, usd(1_890), 0);
    let ev: PriceRefreshed = event(&env.refresh_price(&keys, t));
    assert_eq!((ev.publish_time, ev.price_low, ev.price_high), (t, price_e9(1_890), price_e9(1_890)));
    let liquidator = env.trader(&keys.mint, 0);
    let liquidate = ix_liquidate(&keys, &liquidator.address(), &victim.address(), &liquidator.token_account);
    env.put_price_update_at(keys.price_update, &old);
    env.assert_rejected(liquidate.clone(), &[&liquidator.keypair], custom(E::OraclePublishTimeRegressed));
    let withdraw = ix_withdraw(&keys, &trader.address(), &trader.token_account, 1);
    env.assert_rejected(withdraw, &[&trader.keypair], custom(E::OraclePublishTimeRegressed));
    // Older than the 3 s age limit: stale, whatever the pool has seen.
    let stale = env.print(&keys, t - 4, t - 5);
    env.put_price_update_at(keys.price_update, &stale);
    env.assert_rejected(liquidate.clone(), &[&liquidator.keypair], custom(E::OracleStale));
    // At the newest print the victim is healthy.
    env.publish(&keys, t, t - 1);
    env.assert_rejected(liquidate, &[&liquidator.keypair], custom(E::NotLiquidatable));
    // refresh_price itself: an older print is refused, the same one again changes nothing.
    let keeper = env.keeper.insecure_clone();
    let refresh = ix_refresh_price(&keys, &keeper.pubkey(), &keys.price_update);
    env.put_price_update_at(keys.price_update, &old);
    env.assert_rejected(refresh.clone(), &[&keeper], custom(E::OraclePublishTimeRegressed));
    env.publish(&keys, t, t - 1);
    let pool_before = env.account(&keys.pool);
    let again = env.send(&[refresh], &[&keeper]).unwrap();
    assert!(events::<PriceRefreshed>(&again).is_empty());
    assert_eq!(env.account(&keys.pool), pool_before, "showing the newest again changes nothing");
    bystander.assert_untouched(&env);
}

/// Attack 5: after a fall below the pool's price resolution (the bid converts to zero), a winning
/// short could not buy back and a long could not sell: every close refused. Now a short buys back
/// at the smallest representable price and a long sells at zero.
#[test]
fn every_close_executes_below_the_price_resolution() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let mut params = default_params();
    // 10^12 lots per unit: $2,000 is 2e6 program units, and a 99.99999% fall is below one.
    let lot = 1_000_000_000_000i64;
    (params.max_open_interest, params.max_position_size, params.min_position_size) =
        (10_000 * lot as u64, 1_000 * lot as u64, lot as u64 / 1_000);
    params.impact_skew_scale = 1_000_000 * lot as u64;
    params.gap_bps = 400; // maintenance covers it and the 1% of impact a close can pay at the cap
    let quote = Quote { price: usd(2_000), conf: 0, exponent: -8, ema: usd(2_000) };
    let keys = env.create_pool_quoted(mint, 1, params, quote, 12);
    let bystander = Bystander::new(&mut env, mint);
    let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
    env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
    let short = env.funded_trader(&keys, MARKET_COLLATERAL);
    let long = env.funded_trader(&keys, MARKET_COLLATERAL);
    executed(&env.trade(&keys, &short, -lot));
    executed(&env.trade(&keys, &long, lot));
    env.set_price(&keys, 20_000, 0); // $0.0002
    let bought_back = executed(&env.trade(&keys, &short, lot));
    assert_eq!(bought_back.fill_price, 1, "the smallest representable price");
    assert!(bought_back.realized_pnl > 1_990 * USD as i64, "{}", bought_back.realized_pnl);
    let sold = executed(&env.trade(&keys, &long, -lot));
    assert_eq!((sold.fill_price, sold.base_position), (0, 0));
    assert_eq!(env.pool(&keys.pool).market.locked(), 0);
    bystander.assert_untouched(&env);
}

/// Attack 5: with a side's entry notional near the book cap (2^62 units), a 5x move made the LP
/// NAVs overflow, and every LP exit failed with `MathOverflow`. Now no reachable book overflows
/// the NAVs: the exit executes, valued with the long's profit capped at its lock.
#[test]
fn lp_exits_survive_a_side_near_the_book_cap() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let mut params = default_params();
    // The cap at 2^52 lots and the impact scale 1,000 times it (so a close pays at most 10 bps of
    // impact, which maintenance covers with the gap).
    (params.max_open_interest, params.max_position_size) = (1 << 52, 1 << 52);
    (params.impact_skew_scale, params.max_payoff_bps, params.lp_withdraw_delay_secs) = (1_000 << 52, 500, 60);
    let keys = env.create_pool_with(mint, 1, params);
    let lp = env.trader(&mint, 3_000_000_000_000_000_000);
    let lp_tokens = env.add_liquidity(&keys, &lp, 300_000_000_000_000_000);
    let whale = env.funded_trader(&keys, 500_000_000_000_000_000);
    let opened = executed(&env.trade(&keys, &whale, 2_000_000_000_000_000)); // EN 4e18 units
    assert!(env.pool(&keys.pool).market.long.entry_notional > 3_900_000_000_000_000_000);
    assert_eq!(opened.locked, env.pool(&keys.pool).market.long.locked);
    env.set_price(&keys, usd(10_000), 0);
    let shares = env.token_balance(&lp_tokens) / 100;
    let ev = executed_liquidity(&env.remove_liquidity(&keys, &lp, lp_tokens, shares));
    let pool = env.pool(&keys.pool);
    assert!(
        ev.nav <= pool.book.lp_capital + ev.amount - pool.market.long.locked + 1,
        "the long counted up to its lock"
    );
    locked_within_capital(&env, &keys);
}

/// `validate` refuses an impact scale the impact math cannot carry (`2 x scale` beyond u64):
/// every open would have failed in a pool created with it.
#[test]
fn create_pool_refuses_an_impact_scale_the_math_cannot_carry() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let mut params = default_params();
    (params.max_open_interest, params.impact_skew_scale) = (1 << 60, (1 << 62) + 1);
    let keys = PoolKeys::derive(&env.creator.pubkey(), 7, mint);
    env.set_quote(&keys, Quote { price: usd(2_000), conf: 0, exponent: -8, ema: usd(2_000) });
    let ix = ix_create_pool(&env.creator.pubkey(), &keys, params, feed_id(7), BASE_DECIMALS);
    let creator = env.creator.insecure_clone();
    env.assert_rejected(ix, &[&creator], custom(E::ImpactScaleOutOfRange));
}

/// Identical pools of one mint, each with $1M of LP capital and a $20,000 long: for comparing one
/// execution against another at different prints.
fn identical_pools(n: u64) -> (Env, Vec<PoolKeys>, Vec<Trader>, Trader) {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let lp = env.trader(&mint, 100 * MARKET_LP_CAPITAL);
    let mut pools = Vec::new();
    let mut traders = Vec::new();
    for id in 1..=n {
        let keys = env.create_pool(mint, id);
        env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
        let long = env.funded_trader(&keys, 10 * MARKET_COLLATERAL);
        executed(&env.trade(&keys, &long, 10 * UNIT));
        pools.push(keys);
        traders.push(env.funded_trader(&keys, 10 * MARKET_COLLATERAL));
    }
    (env, pools, traders, lp)
}

/// Publishes the pinned print of a request targeting `target` at `pinned` dollars, moves the clock
/// `lateness` seconds past it, and publishes a recent print at `recent` dollars in the pool's
/// second price account.
fn pin_late(env: &mut Env, keys: &PoolKeys, target: i64, (pinned, recent): (i64, i64), lateness: i64) {
    env.set_price(keys, usd(pinned), 0);
    if env.now() < target {
        env.set_time(target);
    }
    let pinned_print = env.print(keys, target, target - 1);
    env.advance(lateness);
    env.set_price(keys, usd(recent), 0);
    let now = env.now();
    let update = env.print(keys, now, now - 1);
    env.put_price_update_at(keys.recent_price_update, &update);
    env.put_price_update_at(keys.price_update, &pinned_print);
}

/// Executes `owner`'s pending request of `keys` late, `lateness` seconds after its pinned print
/// at `pinned` dollars, with a recent print at `recent` dollars.
fn late_trade(
    env: &mut Env,
    keys: &PoolKeys,
    owner: &Address,
    prints: (i64, i64),
    lateness: i64,
) -> TradeExecuted {
    let request = env.margin(&keys.margin(owner)).request;
    pin_late(env, keys, request.target_time, prints, lateness);
    let keeper = env.keeper.insecure_clone();
    let ix = ix_execute_trade_with(keys, &keeper.pubkey(), owner, Some(keys.recent_price_update));
    executed(&env.send(&[ix], &[&keeper]))
}

/// Waiting never improves a fill: an execution after the grace fills at the worse of its pinned
/// print and a recent one for the requester, buys and sells, and without a recent print it is
/// refused with nothing moved. Within the grace the pinned print alone is used.
#[test]
fn a_late_execution_fills_at_the_worse_of_its_two_prints() {
    let (mut env, pools, traders, _) = identical_pools(1);
    let (keys, t) = (pools[0], &traders[0]);
    let grace = bulkhead::engine::request::EXECUTION_GRACE_SECS;
    for (size, prints, expected) in [
        (UNIT, (2_000, 1_990), 2_000), // a buy: the higher of the two
        (UNIT, (2_000, 2_010), 2_010),
        (-UNIT, (2_010, 2_020), 2_010), // a sell: the lower of the two
        (-UNIT, (2_020, 2_000), 2_000),
    ] {
        env.request_trade(&keys, t, Order::market(size)).unwrap();
        let ev = late_trade(&mut env, &keys, &t.address(), prints, grace + 5);
        assert_eq!(ev.fill_price, price_e9(expected), "{size} at {prints:?}");
        assert_eq!(ev.late_publish_time, env.now());
    }
    // Within the grace (the pool's clock at most `grace` past the print): the pinned print alone.
    let keeper = env.keeper.insecure_clone();
    let execute = ix_execute_trade(&keys, &keeper.pubkey(), &t.address());
    env.request_trade(&keys, t, Order::market(UNIT)).unwrap();
    let request = env.margin(&keys.margin(&t.address())).request;
    env.pin(&keys, &request);
    env.advance(grace);
    let ev = executed(&env.send(std::slice::from_ref(&execute), &[&keeper]));
    assert_eq!(ev.late_publish_time, 0);
    // Late without a recent print: refused, nothing moved.
    env.request_trade(&keys, t, Order::market(-UNIT)).unwrap();
    let request = env.margin(&keys.margin(&t.address())).request;
    env.pin(&keys, &request);
    env.advance(grace + 1);
    env.assert_rejected(execute, &[&keeper], custom(E::RecentPriceRequired));
}

/// LP flows too: a late deposit mints at the worse (higher) of the two mint NAVs, a late
/// withdrawal redeems at the worse (lower) of the two redeem NAVs.
#[test]
fn a_late_lp_flow_uses_the_worse_of_its_two_navs() {
    use bulkhead::engine::{funding, nav};
    use bulkhead::math::price::Price;
    let (mut env, pools, _, lp) = identical_pools(3);
    let grace = bulkhead::engine::request::EXECUTION_GRACE_SECS;
    let shares: Vec<Address> = pools.iter().map(|k| env.lp_token_account(k, &lp.address())).collect();
    let mut navs = Vec::new();
    // The mint NAV the program computes at `dollars`, now, from the pool's state (its own code).
    let mint_nav_at = |env: &Env, keys: &PoolKeys, dollars: i64| {
        let (mut pool, config) = (env.pool(&keys.pool), env.config(keys));
        funding::accrue(&mut pool, &config, env.now()).unwrap();
        let k = config.oracle_conf_multiplier_bps;
        let band = Price::from_pyth(usd(dollars) as u64, 0, -8, pool.price_scale(), k).unwrap();
        nav::lp_navs(&pool, &band).mint
    };
    let mut pinned_navs = Vec::new();
    // Pool 0 in the grace at $2,000; pool 1 late with a recent print at $1,900 (the long lost:
    // a higher NAV); pool 2 late with one at $2,100 (a lower NAV, which the depositor may not use).
    for (i, recent) in [(0usize, None), (1, Some(1_900)), (2, Some(2_100))] {
        let keys = pools[i];
        let tokens = lp.lp(shares[i]);
        env.open_lp_account(&keys, &lp);
        env.send(&[ix_request_add(&keys, &tokens, 10_000 * USD, 0, 0)], &[&lp.keypair]).unwrap();
        let request = env.lp_account(&keys.lp_account(&lp.address())).request;
        let keeper = env.keeper.insecure_clone();
        let ix = match recent {
            None => {
                env.set_price(&keys, usd(2_000), 0);
                env.pin(&keys, &request);
                ix_execute_liquidity(&keys, &keeper.pubkey(), &tokens)
            }
            Some(dollars) => {
                pin_late(&mut env, &keys, request.target_time, (2_000, dollars), grace + 3);
                ix_execute_liquidity_with(&keys, &keeper.pubkey(), &tokens, Some(keys.recent_price_update))
            }
        };
        let at_pin = mint_nav_at(&env, &keys, 2_000);
        let at_recent = recent.map_or(at_pin, |d| mint_nav_at(&env, &keys, d));
        let nav = executed_liquidity(&env.send(&[ix], &[&keeper])).nav;
        assert_eq!(nav, at_pin.max(at_recent), "the worse of the two for the depositor");
        navs.push(nav);
        pinned_navs.push(at_pin);
    }
    assert!(navs[1] > pinned_navs[1] + 100 * USD, "late at a better NAV for the pool: {navs:?}");
    assert_eq!(navs[2], pinned_navs[2], "late at a worse NAV for the pool: the pinned one stands");
}

/// The walk-away routes an adversarial review found once the expiry fee existed, each closed: an
/// open that cannot cover its fee is refused when requested, its collateral cannot leave while it
/// is pending, failing its own margin costs the fee, a late print that alone makes a check fail
/// fails the transaction instead of cancelling, and a recent print must be usable and from after
/// the grace.
#[test]
fn no_request_walks_away_for_free() {
    let Market { mut env, keys, trader, .. } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    let keeper = env.keeper.insecure_clone();
    let grace = bulkhead::engine::request::EXECUTION_GRACE_SECS;
    // Zero collateral: an order that may add risk cannot cover its expiry fee.
    let broke = env.funded_trader(&keys, 0);
    let open = ix_request_trade(&keys, &broke.address(), Order::market(UNIT));
    env.assert_rejected(open, &[&broke.keypair], custom(E::InsufficientCollateral));
    // A pending order's collateral stays.
    env.request_trade(&keys, &trader, Order { worst_price: price_e9(2_001), ..Order::market(UNIT) }).unwrap();
    let withdraw = ix_withdraw(&keys, &trader.address(), &trader.token_account, 1);
    env.assert_rejected(withdraw, &[&trader.keypair], custom(E::RequestPending));
    // Timely at the pinned $2,000 the limit of $2,001 holds; late, a recent print at $2,010 alone
    // makes it miss: the transaction fails (nothing moves) rather than cancel for free.
    let request = env.margin(&keys.margin(&trader.address())).request;
    env.set_price(&keys, usd(2_000), 0);
    env.pin(&keys, &request);
    let pinned = env.print(&keys, request.target_time, request.target_time - 1);
    let late =
        ix_execute_trade_with(&keys, &keeper.pubkey(), &trader.address(), Some(keys.recent_price_update));
    // Just past the grace, a print from within it is no recent print: it would let the pinned
    // price stand for the whole age limit instead of the grace.
    env.advance(grace + 1);
    env.put_price_update_at(
        keys.recent_price_update,
        &env.print(&keys, request.target_time + grace, request.target_time),
    );
    env.assert_rejected(late.clone(), &[&keeper], custom(E::RecentPriceRequired));
    env.advance(2);
    env.set_price(&keys, usd(2_010), 0);
    let now = env.now();
    env.put_price_update_at(keys.recent_price_update, &env.print(&keys, now, now - 1));
    env.put_price_update_at(keys.price_update, &pinned);
    let late =
        ix_execute_trade_with(&keys, &keeper.pubkey(), &trader.address(), Some(keys.recent_price_update));
    env.assert_rejected(late.clone(), &[&keeper], custom(E::RecentPriceUnusable));
    // A recent print too wide for the order's checks fails it too; one from within the grace (the
    // pinned print itself) is no recent print.
    env.set_price(&keys, usd(2_000), usd(100) as u64);
    env.put_price_update_at(keys.recent_price_update, &env.print(&keys, now, now - 1));
    env.put_price_update_at(keys.price_update, &pinned);
    env.assert_rejected(late, &[&keeper], custom(E::RecentPriceUnusable));
    // Letting it lapse then costs the fee: 10 bps of $2,000 at the pool's newest ask.
    env.set_time(request.deadline + 1);
    let collateral = env.margin(&keys.margin(&trader.address())).collateral;
    let ev: bulkhead::events::RequestCancelled =
        event(&env.send(&[ix_cancel_trade(&keys, &trader.address(), &trader.address())], &[&trader.keypair]));
    assert!(ev.expiry_fee >= 2_000_000, "{}", ev.expiry_fee);
    assert_eq!(env.margin(&keys.margin(&trader.address())).collateral, collateral - ev.expiry_fee);
    bystander.assert_untouched(&env);
}

/// The expiry fee is on what the order could trade (a reduce-only order at most the position),
/// and nothing when no print existed while it could execute (a feed gap): its pinned print, shown
/// to the expiry, came after the deadline.
#[test]
fn the_expiry_fee_is_what_the_order_could_trade_and_nothing_in_a_feed_gap() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, UNIT)); // 1 unit long
    let huge = Order { reduce_only: true, ..Order::market(-1_000_000 * UNIT) };
    env.request_trade(&keys, &trader, huge).unwrap();
    let request = env.margin(&keys.margin(&trader.address())).request;
    env.set_time(request.deadline + 1);
    let keeper = env.keeper.insecure_clone();
    let ev: bulkhead::events::RequestCancelled =
        event(&env.send(&[ix_cancel_trade(&keys, &keeper.pubkey(), &trader.address())], &[&keeper]));
    assert_eq!(ev.expiry_fee, 2_000_000, "10 bps of the 1 unit it could close, at the newest $2,000 bid");
    // A feed gap: the first print at or after the target is published after the deadline.
    env.request_trade(&keys, &trader, Order::market(-UNIT)).unwrap();
    let request = env.margin(&keys.margin(&trader.address())).request;
    env.set_time(request.deadline + 5);
    env.publish(&keys, request.deadline + 4, request.target_time - 1);
    let ix = ix_cancel_trade_with(&keys, &keeper.pubkey(), &trader.address(), Some(keys.price_update));
    let ev: bulkhead::events::RequestCancelled = event(&env.send(&[ix], &[&keeper]));
    assert_eq!((ev.reason, ev.expiry_fee), (bulkhead::engine::request::EXPIRED, 0));
}

/// A late execution that fails a check a timely one would pass (here utilisation: the worse fill
/// locks more) fails the transaction, whatever the check, so no executor can impose a
/// cancellation and no requester can take one for free; a cancellation by a check that the order
/// of executions steers costs the expiry fee; a pause holds a request back (no cancellation, for
/// free or not: an authority pausing for a second cannot end his own request), and its expiry
/// after the pause costs nothing.
#[test]
fn late_failures_never_cancel_and_a_pause_holds_back() {
    let mut params = default_params();
    params.max_position_size = 1_000 * UNIT as u64;
    params.max_open_interest = 10_000 * UNIT as u64;
    params.gap_bps = 400; // maintenance covers it and the 1% of impact a close can pay at the cap
    let Market { mut env, keys, .. } = market_with(params);
    let bystander = Bystander::new(&mut env, keys.mint);
    let keeper = env.keeper.insecure_clone();
    env.set_price(&keys, usd(2_000), 0);
    // 449 units at $2,000 lock $898,000 of the $900,000 the pool may lock (90% of $1,000,000).
    let whale = env.funded_trader(&keys, 100_000 * USD);
    env.request_trade(&keys, &whale, Order::market(449 * UNIT)).unwrap();
    let request = env.margin(&keys.margin(&whale.address())).request;
    pin_late(&mut env, &keys, request.target_time, (2_000, 2_010), 3);
    let late =
        ix_execute_trade_with(&keys, &keeper.pubkey(), &whale.address(), Some(keys.recent_price_update));
    // Late, at the worse $2,010 it would lock $902,490: refused, nothing moved, still pending.
    env.assert_rejected(late.clone(), &[&keeper], custom(E::RecentPriceUnusable));
    assert!(env.margin(&keys.margin(&whale.address())).request.is_pending());
    // With a recent print that does not move it, it executes.
    pin_late(&mut env, &keys, request.target_time, (2_000, 2_000), 1);
    executed(&env.send(&[late], &[&keeper]));

    // Utilisation is full: a 100-unit open fails it at any print and is cancelled, and the order
    // of executions (anyone's choice) decides who meets it, so the cancellation costs 10 bps of
    // the $200,000 it would have traded.
    let second = env.funded_trader(&keys, 50_000 * USD);
    let before =
        (env.margin(&keys.margin(&second.address())).collateral, env.pool(&keys.pool).book.lp_capital);
    let result = env.order(&keys, &second, Order::market(100 * UNIT));
    assert_eq!(cancel_reason(&result), Some(code(E::InsufficientLiquidity)));
    let fee = event::<bulkhead::events::RequestCancelled>(&result).expiry_fee;
    assert_eq!(fee, 200 * USD);
    let after =
        (env.margin(&keys.margin(&second.address())).collateral, env.pool(&keys.pool).book.lp_capital);
    assert_eq!(after, (before.0 - fee, before.1 + fee), "into LP capital (no protocol share here)");

    // A pause of risk-increasing executions holds an open back: its execution fails, nothing
    // moves, and the request stays; once it can no longer execute, its expiry is free.
    let third = env.funded_trader(&keys, 1_000 * USD);
    env.request_trade(&keys, &third, Order::market(-UNIT)).unwrap();
    let creator = env.creator.insecure_clone();
    let pause = ix_pause(&keys, &creator.pubkey(), bulkhead::state::pause::RISK_INCREASING, 600);
    env.send(&[pause], &[&creator]).unwrap();
    let collateral = env.margin(&keys.margin(&third.address())).collateral;
    let request = env.margin(&keys.margin(&third.address())).request;
    env.pin(&keys, &request);
    let execute = ix_execute_trade(&keys, &keeper.pubkey(), &third.address());
    env.assert_rejected(execute, &[&keeper], custom(E::OperationPaused));
    env.set_time(request.deadline + 1);
    let expire = ix_cancel_trade(&keys, &keeper.pubkey(), &third.address());
    let ev: bulkhead::events::RequestCancelled = event(&env.send(&[expire], &[&keeper]));
    assert_eq!((ev.reason, ev.expiry_fee), (bulkhead::engine::request::EXPIRED, 0));
    assert_eq!(env.margin(&keys.margin(&third.address())).collateral, collateral);
    locked_within_capital(&env, &keys);
    bystander.assert_untouched(&env);
}

/// A liquidation cancels a request within its window (its tip to the liquidator) but leaves one
/// that has lapsed for its expiry, where the feed-gap and pause rules decide the fee: a
/// liquidation is neither a cheaper nor a dearer way out of an expiry.
#[test]
fn a_liquidation_leaves_a_lapsed_request_to_its_expiry() {
    let Market { mut env, keys, .. } = market();
    let bystander = Bystander::new(&mut env, keys.mint);
    let levered = env.funded_trader(&keys, 1_000 * USD);
    executed(&env.trade(&keys, &levered, 4 * UNIT)); // $8,000 long on $1,000
    env.request_trade(&keys, &levered, Order { reduce_only: true, ..Order::market(-UNIT) }).unwrap();
    let request = env.margin(&keys.margin(&levered.address())).request;
    // No print came while it could execute (a feed gap); the market reopens lower.
    env.set_time(request.deadline + 1);
    env.set_price(&keys, usd(1_830), usd(1) as u64);
    let liquidator = env.trader(&keys.mint, 0);
    let result = env.liquidate(&keys, &liquidator, &levered.address());
    let liquidated: bulkhead::events::Liquidated = event(&result);
    assert!(liquidated.size_delta < 0);
    assert!(
        events::<bulkhead::events::RequestCancelled>(result.as_ref().unwrap()).is_empty(),
        "the lapsed request is not cancelled"
    );
    assert_eq!(env.margin(&keys.margin(&levered.address())).request, request, "it stays, tip included");
    // Its expiry shows the pinned print, published after the deadline: no fee, as without the
    // liquidation.
    let collateral = env.margin(&keys.margin(&levered.address())).collateral;
    env.publish(&keys, request.deadline + 1, request.target_time - 1);
    let keeper = env.keeper.insecure_clone();
    let ix = ix_cancel_trade_with(&keys, &keeper.pubkey(), &levered.address(), Some(keys.price_update));
    let ev: bulkhead::events::RequestCancelled = event(&env.send(&[ix], &[&keeper]));
    assert_eq!((ev.reason, ev.expiry_fee), (bulkhead::engine::request::EXPIRED, 0));
    assert_eq!(env.margin(&keys.margin(&levered.address())).collateral, collateral);
    locked_within_capital(&env, &keys);
    bystander.assert_untouched(&env);
}

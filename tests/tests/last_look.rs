//! Last look, Monte Carlo on the real .so (issue 13): the requester is his own keeper and owns a
//! second wallet. He requests, watches every print (one every 400 ms) as it comes, and at each
//! cluster second of the window may execute with the prints the rules allow him to choose (the
//! pinned print alone within the grace; later the pinned print and any recent print he likes,
//! filled at the worse of the two), or let the request lapse and have his second wallet expire it.
//! He executes at the first second at which the execution earns him something after its costs,
//! valued at the market (the newest print's mid) at that second; else he lets it lapse.
//!
//! His edge on a request is what the execution earned at the market, net of what it paid: the
//! taker fee, the band and the price impact for trades; for an LP deposit, the shares' fair value
//! (the pool valued at the mid) less the deposit. A lapsed request costs its expiry fee, so at the
//! deadline he executes at the best he can then or walks away, whichever costs him less. For each kind
//! (opens, closes, LP deposits) and each price model (80%/yr, and 80%/yr with jumps), 200 seeded
//! paths; the mean edge must be at most 0. The gross option, before costs, is printed, and the
//! design doc gives it in bps.

use bulkhead::engine::request::EXECUTION_GRACE_SECS;
use bulkhead::engine::{funding, nav};
use bulkhead::events::{LiquidityMoved, TradeExecuted};
use bulkhead::math::price::Price;
use bulkhead_tests::pyth::PriceUpdateV2;
use bulkhead_tests::*;
use solana_signer::Signer as _;

const UNIT: i64 = 1_000_000;
const USD: u64 = 1_000_000;
const PATHS: usize = 200;
/// Confidence of every print (bps of the price).
const CONF_BPS: i64 = 2;
/// 80%/yr as a fraction per sqrt(second).
fn sigma() -> f64 {
    0.8 / (365.0f64 * 86_400.0).sqrt()
}

/// A price model: diffusion, plus Poisson jumps (`rate` per second, normal sizes of `size`).
#[derive(Clone, Copy, Debug)]
struct Model {
    name: &'static str,
    jumps: Option<(f64, f64)>,
}

/// One print: its publish time and the previous one's (seconds), and the price mantissa at
/// exponent -8.
#[derive(Clone, Copy, Debug)]
struct Tick {
    publish: i64,
    prev: i64,
    price: i64,
}

fn normal(rng: &mut Rng) -> f64 {
    let u1 = (rng.next_u64() as f64 + 1.0) / (u64::MAX as f64 + 2.0);
    let u2 = rng.next_u64() as f64 / u64::MAX as f64;
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Prints every 400 ms from `start` (seconds) for `seconds`, from `price`.
fn path(rng: &mut Rng, model: Model, start: i64, seconds: i64, mut price: f64) -> Vec<Tick> {
    let step = sigma() * 0.4f64.sqrt();
    let mut prev = start - 1;
    (0..seconds * 5 / 2)
        .map(|k| {
            let mut r = step * normal(rng);
            if let Some((rate, size)) = model.jumps {
                if (rng.next_u64() as f64 / u64::MAX as f64) < rate * 0.4 {
                    r += size * normal(rng);
                }
            }
            price *= r.exp();
            let at_ms = start * 1_000 + k * 400;
            let publish = at_ms.div_euclid(1_000);
            let tick = Tick { publish, prev, price: price as i64 };
            prev = publish;
            tick
        })
        .collect()
}

fn update(keys: &PoolKeys, t: &Tick) -> PriceUpdateV2 {
    let conf = (t.price * CONF_BPS / 10_000) as u64;
    let mut u = PriceUpdateV2::new(feed_id(keys.pool_id), t.price, conf, -8, t.publish);
    u.price_message.prev_publish_time = t.prev;
    u.price_message.ema_price = t.price;
    u
}

fn band(env: &Env, keys: &PoolKeys, t: &Tick) -> Price {
    let (pool, k) = (env.pool(&keys.pool), env.config(keys).oracle_conf_multiplier_bps);
    let conf = (t.price * CONF_BPS / 10_000) as u64;
    Price::from_pyth(t.price as u64, conf, -8, pool.price_scale(), k).unwrap()
}

/// The kinds of request the requester plays.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Open,
    Close,
    Deposit,
}

/// One choice the rules allow at a second: the pinned print, and a recent one (index) when late.
type Choice = (usize, Option<usize>);

/// The choices at cluster second `s` for a request pinned to `ticks[pinned]`: the pinned print
/// alone within the grace; after it, every recent print (at most `age` seconds old, no older than
/// the pinned print) with it.
fn choices(ticks: &[Tick], pinned: usize, s: i64, age: i64, watchdog: bool) -> Vec<Choice> {
    let p = ticks[pinned].publish;
    if s <= p + EXECUTION_GRACE_SECS {
        return vec![(pinned, None)];
    }
    // With a watchdog the pool has been shown the first print of second `s`: nothing older.
    // Recent means after the grace (and with a watchdog, not before the second's first print).
    let floor = if watchdog { s.max(p + EXECUTION_GRACE_SECS + 1) } else { p + EXECUTION_GRACE_SECS + 1 };
    (0..ticks.len())
        .filter(|&i| ticks[i].publish <= s && ticks[i].publish >= s - age && ticks[i].publish >= floor)
        .map(|i| (pinned, Some(i)))
        .collect()
}

/// The request being played: the world, its pool, its owner, its kind and the path's prints.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    env: &'a Env,
    keys: &'a PoolKeys,
    owner: &'a Address,
    kind: Kind,
    ticks: &'a [Tick],
}

/// What an execution with `choice` earns the requester at the market `mid` (collateral units,
/// before and after its costs), computed with the program's own functions on the pool as it is.
fn value(ctx: &Ctx, choice: Choice, mid: u64, now: i64) -> (i64, i64) {
    let Ctx { env, keys, owner, kind, ticks } = *ctx;
    let pinned = band(env, keys, &ticks[choice.0]);
    let late = choice.1.map(|i| band(env, keys, &ticks[i]));
    let worse = late.map_or(pinned, |l| pinned.widen(&l));
    match kind {
        Kind::Open | Kind::Close => {
            let request = env.margin(&keys.margin(owner)).request;
            let (lots, buying) = (request.size_delta.unsigned_abs(), request.size_delta > 0);
            let fill = worse.fill(buying);
            let (gain, cost) = if buying { (mid, fill) } else { (fill, mid) };
            let gross = (gain as i128 - cost as i128) * lots as i128 / 1_000_000_000;
            let config = env.config(keys);
            let fee =
                (fill as u128 * lots as u128 / 1_000_000_000) as i128 * config.taker_fee_bps as i128 / 10_000;
            let pool = env.pool(&keys.pool);
            let impact = bulkhead::math::impact::flow(
                pool.book.impact_pool,
                pool.market.skew(),
                request.size_delta,
                fill,
                config.impact_skew_scale,
            )
            .map_or(0, |f| f.cost as i128 - f.rebate as i128);
            (gross as i64, (gross - fee - impact) as i64)
        }
        Kind::Deposit => {
            let request = env.lp_account(&keys.lp_account(owner)).request;
            let (mut pool, config) = (env.pool(&keys.pool), env.config(keys));
            funding::accrue(&mut pool, &config, now).unwrap();
            let mint = nav::lp_navs_at(&pool, &pinned, late.as_ref()).mint;
            let at_mid = nav::lp_navs(&pool, &Price { mid, low: mid, high: mid });
            let fair = (at_mid.mint as i128 + at_mid.redeem as i128) / 2;
            let net = request.amount as i128 * fair / mint as i128 - request.amount as i128;
            let gross = request.amount as i128 * fair / pool_value_at(&pool, &pinned) as i128
                - request.amount as i128;
            (gross as i64, net as i64)
        }
    }
}

/// The pool's value at the pinned band's mid (for the gross option of a deposit: what the NAV
/// moved, before the mint NAV's premium).
fn pool_value_at(pool: &bulkhead::state::Pool, band: &Price) -> u64 {
    let n = nav::lp_navs(pool, &Price { mid: band.mid, low: band.mid, high: band.mid });
    (n.mint / 2).saturating_add(n.redeem / 2)
}

/// The world of one kind: a pool with $1M of LP capital, a counterparty long of $500k (so the LP
/// NAV moves with the price) and the requester.
struct Game {
    env: Env,
    keys: PoolKeys,
    me: Trader,
    second_wallet: Trader,
    lp_shares: Address,
    clock: i64,
    price: f64,
}

fn game() -> Game {
    let Market { mut env, keys, .. } = market();
    for size in [100 * UNIT, 100 * UNIT, 50 * UNIT] {
        let long = env.funded_trader(&keys, 200_000 * USD);
        executed(&env.trade(&keys, &long, size));
    }
    let me = env.funded_trader(&keys, 100_000 * USD);
    let second_wallet = env.funded_trader(&keys, 0);
    let lp_shares = env.lp_token_account(&keys, &me.address());
    env.open_lp_account(&keys, &me);
    let clock = env.now() + 100;
    Game { env, keys, me, second_wallet, lp_shares, clock, price: 2_000.0e8 }
}

/// Plays one request of `kind` on a fresh path; returns the requester's (gross option, edge) in
/// collateral units and the notional it was on.
fn play(g: &mut Game, rng: &mut Rng, model: Model, kind: Kind, age: i64, watchdog: bool) -> (i64, i64, u64) {
    let keys = g.keys;
    let owner = g.me.address();
    let size = if rng.below(2) == 0 { UNIT } else { -UNIT };
    let t0 = g.clock;
    let ticks = path(rng, model, t0 - 2, 120, g.price);
    let mid_at = |s: i64| ticks.iter().rfind(|t| t.publish <= s).unwrap().price as u64 * 10;
    g.env.set_time(t0);
    g.env.set_quote(&keys, Quote { price: ticks[5].price, conf: 0, exponent: -8, ema: ticks[5].price });
    if kind == Kind::Close {
        executed(&g.env.trade(&keys, &g.me, -size)); // an honest open, to close
    }
    let amount = 1_000 * USD;
    match kind {
        Kind::Deposit => {
            let tokens = g.me.lp(g.lp_shares);
            g.env.send(&[ix_request_add(&keys, &tokens, amount, 0, 0)], &[&g.me.keypair]).unwrap();
        }
        _ => {
            g.env.request_trade(&keys, &g.me, Order::market(size)).unwrap();
        }
    }
    let (target, deadline) = match kind {
        Kind::Deposit => {
            let r = g.env.lp_account(&keys.lp_account(&owner)).request;
            (r.target_time, r.deadline)
        }
        _ => {
            let r = g.env.margin(&keys.margin(&owner)).request;
            (r.target_time, r.deadline)
        }
    };
    let pinned = ticks.iter().position(|t| t.prev < target && target <= t.publish).expect("a pinned print");
    // What walking away costs him: the expiry fee, as the program computes it.
    let held = g.env.margin(&keys.margin(&owner)).base_position;
    let walk_away = {
        let request = match kind {
            Kind::Deposit => g.env.lp_account(&keys.lp_account(&owner)).request,
            _ => g.env.margin(&keys.margin(&owner)).request,
        };
        let fee = bulkhead::engine::request::expiry_fee(
            &request,
            &g.env.pool(&keys.pool),
            &g.env.config(&keys),
            held,
        );
        -(fee as i64)
    };
    let (mut gross_best, mut chosen, mut last_chance) = (0i64, None, None::<(i64, Choice, u64, i64)>);
    for s in target..=deadline {
        if ticks[pinned].publish > s {
            continue;
        }
        let mid = mid_at(s);
        for choice in choices(&ticks, pinned, s, age, watchdog) {
            let ctx = Ctx { env: &g.env, keys: &keys, owner: &owner, kind, ticks: &ticks };
            let (gross, net) = value(&ctx, choice, mid, s);
            gross_best = gross_best.max(gross);
            if chosen.is_none() && net > 0 {
                chosen = Some((s, choice, mid));
            }
            if s == deadline && last_chance.is_none_or(|l| net > l.3) {
                last_chance = Some((s, choice, mid, net));
            }
        }
        if chosen.is_some() {
            break;
        }
    }
    // At the deadline: execute at the best he can then, or walk away, whichever costs less.
    if chosen.is_none() {
        chosen = last_chance.filter(|l| l.3 > walk_away).map(|(s, c, mid, _)| (s, c, mid));
    }
    let notional = match kind {
        Kind::Deposit => amount,
        _ => (ticks[pinned].price as u64 * 10) * UNIT as u64 / 1_000_000_000,
    };
    let edge = match chosen {
        None => {
            g.env.set_time(deadline + 1);
            let caller = g.second_wallet.address();
            let ix = match kind {
                Kind::Deposit => ix_cancel_liquidity(&keys, &caller, &g.me.lp(g.lp_shares)),
                _ => ix_cancel_trade(&keys, &caller, &owner),
            };
            let done = g.env.send(&[ix], &[&g.second_wallet.keypair]).expect("the second wallet expires it");
            let ev = events::<bulkhead::events::RequestCancelled>(&done)[0];
            -(ev.expiry_fee as i64)
        }
        Some((s, (p, late), mid)) => {
            g.env.set_time(s);
            if watchdog {
                let first = ticks.iter().find(|t| t.publish == s).unwrap();
                g.env.put_price_update_at(keys.price_update, &update(&keys, first));
                let w = g.second_wallet.keypair.insecure_clone();
                let _ = g.env.send(&[ix_refresh_price(&keys, &w.pubkey(), &keys.price_update)], &[&w]);
            }
            g.env.put_price_update_at(keys.price_update, &update(&keys, &ticks[p]));
            if let Some(i) = late {
                g.env.put_price_update_at(keys.recent_price_update, &update(&keys, &ticks[i]));
            }
            let recent = late.map(|_| keys.recent_price_update);
            let keeper = g.me.keypair.insecure_clone(); // his own keeper
            match kind {
                Kind::Deposit => {
                    let (mut pool, config) = (g.env.pool(&keys.pool), g.env.config(&keys));
                    funding::accrue(&mut pool, &config, s).unwrap();
                    let at_mid = nav::lp_navs(&pool, &Price { mid, low: mid, high: mid });
                    let fair = (at_mid.mint as i128 + at_mid.redeem as i128) / 2;
                    let supply =
                        g.env.mint_supply(&keys.lp_mint) as i128 + pool.market.dead_lp_shares as i128;
                    let ix =
                        ix_execute_liquidity_with(&keys, &keeper.pubkey(), &g.me.lp(g.lp_shares), recent);
                    let ev: LiquidityMoved = executed_liquidity(&g.env.send(&[ix], &[&keeper]));
                    (ev.shares as i128 * fair / supply - ev.amount as i128) as i64
                }
                _ => {
                    let ix = ix_execute_trade_with(&keys, &keeper.pubkey(), &owner, recent);
                    let ev: TradeExecuted = executed(&g.env.send(&[ix], &[&keeper]));
                    let lots = ev.size_delta.unsigned_abs() as i128;
                    let (gain, cost) =
                        if ev.size_delta > 0 { (mid, ev.fill_price) } else { (ev.fill_price, mid) };
                    let gross = (gain as i128 - cost as i128) * lots / 1_000_000_000;
                    (gross - ev.fee as i128 - ev.impact_paid as i128 + ev.impact_rebate as i128) as i64
                }
            }
        }
    };
    // Back to flat, honestly, at the path's last price, and on to the next path.
    let last = ticks.last().unwrap();
    g.price = last.price as f64;
    g.clock = deadline + 30;
    g.env.set_time(g.clock - 20);
    g.env.set_quote(&keys, Quote { price: last.price, conf: 0, exponent: -8, ema: last.price });
    let held = g.env.margin(&keys.margin(&owner)).base_position;
    if held != 0 {
        executed(&g.env.trade(&keys, &g.me, -held));
    }
    (gross_best, edge, notional)
}

/// Runs `PATHS` requests of `kind` under `model`: (mean gross option, mean edge), in bps of the
/// notional.
fn monte_carlo(kind: Kind, model: Model, seed: u64, watchdog: bool) -> (f64, f64) {
    let mut g = game();
    let mut rng = Rng(seed);
    let age = i64::from(g.env.config(&g.keys).fresh_price_max_age_secs);
    let (mut gross, mut edge) = (0.0, 0.0);
    for _ in 0..PATHS {
        let (o, e, n) = play(&mut g, &mut rng, model, kind, age, watchdog);
        gross += o as f64 * 1e4 / n as f64;
        edge += e as f64 * 1e4 / n as f64;
    }
    (gross / PATHS as f64, edge / PATHS as f64)
}

const DIFFUSION: Model = Model { name: "80%/yr", jumps: None };
/// Jumps once a minute on average, of 10 bps (one standard deviation): together they add about a
/// third to the diffusion's variance over a minute.
const JUMPS: Model = Model { name: "80%/yr with jumps", jumps: Some((1.0 / 60.0, 0.001)) };

/// No one but the requester acts: no other keeper, no watchdog refreshing the pool's print (the
/// worst case; `watchdog` plays one that shows the pool each second's first print).
fn check(kind: Kind, seed: u64) {
    for model in [DIFFUSION, JUMPS] {
        let (gross, edge) = monte_carlo(kind, model, seed, false);
        println!(
            "last look, {kind:?}, {}: gross option {gross:.2} bps, edge after costs {edge:.2} bps",
            model.name
        );
        assert!(edge <= 0.0, "{kind:?} under {}: the requester earns {edge:.3} bps", model.name);
        assert!(
            gross < 10.0,
            "{kind:?} under {}: the option ({gross:.2} bps) reaches the expiry fee",
            model.name
        );
    }
}

/// With a watchdog the choice shrinks to the prints of the current second.
#[test]
fn a_watchdog_shrinks_the_option() {
    let (alone, _) = monte_carlo(Kind::Open, DIFFUSION, 16, false);
    let (watched, edge) = monte_carlo(Kind::Open, DIFFUSION, 16, true);
    println!("last look, Open, 80%/yr: gross option {alone:.2} bps alone, {watched:.2} bps with a watchdog");
    assert!(watched < alone / 2.0 && edge <= 0.0, "{watched} vs {alone}");
}

#[test]
fn opens_earn_nothing_from_choosing_when_to_execute() {
    check(Kind::Open, 13);
}

#[test]
fn closes_earn_nothing_from_choosing_when_to_execute() {
    check(Kind::Close, 14);
}

#[test]
fn lp_deposits_earn_nothing_from_choosing_when_to_execute() {
    check(Kind::Deposit, 15);
}

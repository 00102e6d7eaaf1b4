//! Nobody chooses the print. A seeded price path (a random walk with volatility bursts, one print
//! every 400 ms, so several prints share a second), requests at random times along it, and for
//! every request the executor is offered every print on the path: only the unique print with
//! `prev_publish_time < request_time + delay <= publish_time` is accepted; every other one is
//! refused with `OracleNotPinnedPrint` and moves no byte.

use bulkhead::errors::BulkheadError as E;
use bulkhead_tests::pyth::PriceUpdateV2;
use bulkhead_tests::*;
use solana_signer::Signer as _;

/// Prints every 400 ms for `seconds`, from `start`: a random walk in bps whose step size jumps
/// tenfold during bursts.
fn price_path(rng: &mut Rng, keys: &PoolKeys, start: i64, seconds: i64) -> Vec<PriceUpdateV2> {
    let mut price = usd(2_000);
    let mut prev_publish = start - 1;
    let mut burst = 0;
    (0..seconds * 5 / 2)
        .map(|k| {
            if burst == 0 && rng.below(20) == 0 {
                burst = 10;
            }
            let step_bps = if burst > 0 { 100 } else { 10 };
            burst = (burst - 1i64).max(0);
            let delta = (rng.below(2 * step_bps + 1) as i64 - step_bps as i64) * price / 10_000;
            price = (price + delta).max(usd(100));
            let publish = start + (k * 400) / 1_000;
            let mut update =
                PriceUpdateV2::new(feed_id(keys.pool_id), price, (price / 2_000) as u64, -8, publish);
            update.price_message.prev_publish_time = prev_publish;
            prev_publish = publish;
            update
        })
        .collect()
}

#[test]
fn only_the_unique_print_after_each_request_executes() {
    for seed in [7u64, 2026] {
        let mut rng = Rng(seed);
        let Market { mut env, keys, .. } = market();
        let delay = i64::from(env.config(&keys).execution_delay_secs);
        let start = env.now() + 10;
        let path = price_path(&mut rng, &keys, start, 30);
        let keeper = env.keeper.insecure_clone();
        let traders: Vec<Trader> = (0..5).map(|_| env.funded_trader(&keys, 20 * MARKET_COLLATERAL)).collect();
        let mut offered = 0;
        // Requests at random cluster times inside the path (in time order, as a cluster makes
        // them), leaving room for the delay; each stores its target.
        let mut times: Vec<i64> = (0..5).map(|_| start + rng.below(25) as i64).collect();
        times.sort();
        for (i, (trader, &request_time)) in traders.iter().zip(&times).enumerate() {
            env.set_time(request_time);
            let size = if i % 2 == 0 { 1_000_000 } else { -1_000_000 };
            env.request_trade(&keys, trader, Order::market(size)).unwrap();
            let stored = env.margin(&keys.margin(&trader.address())).request;
            assert_eq!(stored.target_time, request_time + delay);
        }
        for trader in &traders {
            let target = env.margin(&keys.margin(&trader.address())).request.target_time;
            let pinned: Vec<usize> = path
                .iter()
                .enumerate()
                .filter(|(_, u)| {
                    u.price_message.prev_publish_time < target && target <= u.price_message.publish_time
                })
                .map(|(k, _)| k)
                .collect();
            assert_eq!(pinned.len(), 1, "exactly one print is the first at or after {target}");
            // The executor tries every print; the clock is at the end of the path, so the
            // execution is late and also takes a recent print.
            env.set_time(start + 30);
            let recent = env.print(&keys, start + 30, start + 29);
            env.put_price_update_at(keys.recent_price_update, &recent);
            let execute = ix_execute_trade_with(
                &keys,
                &keeper.pubkey(),
                &trader.address(),
                Some(keys.recent_price_update),
            );
            for (_, update) in path.iter().enumerate().filter(|(k, _)| *k != pinned[0]) {
                env.put_price_update_at(keys.price_update, update);
                env.assert_rejected(execute.clone(), &[&keeper], custom(E::OracleNotPinnedPrint));
                offered += 1;
            }
            env.put_price_update_at(keys.price_update, &path[pinned[0]]);
            let alone = ix_execute_trade(&keys, &keeper.pubkey(), &trader.address());
            env.assert_rejected(alone, &[&keeper], custom(E::RecentPriceRequired));
            let ev = executed(&env.send(&[execute], &[&keeper]));
            assert_eq!(ev.publish_time, path[pinned[0]].price_message.publish_time);
            assert_eq!(ev.late_publish_time, start + 30);
        }
        assert_eq!(offered, 5 * (path.len() - 1), "every other print was offered to every request");
    }
}

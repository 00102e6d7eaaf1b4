//! The differential test of isolation: pool B runs the same seeded sequence twice in two worlds
//! that differ only by pool A crashing in one of them, through A's sponsor tranche and insurance
//! fund and into its LP capital. B's transaction results (logs, events and compute units included)
//! and B's accounts must be identical.

use bulkhead::events::ShortfallCovered;
use bulkhead_tests::*;

const UNIT: i64 = 1_000_000;
const T0: i64 = 2_000_000;

/// What pool B did and ended as.
#[derive(Debug, PartialEq)]
struct Record {
    /// Every B transaction's success and logs, in order.
    results: Vec<(bool, Vec<String>)>,
    /// B's accounts at the end.
    accounts: Vec<Option<solana_account::Account>>,
}

fn logs(result: &TxResult) -> (bool, Vec<String>) {
    match result {
        Ok(meta) => (true, meta.logs.clone()),
        Err(failed) => (false, failed.meta.logs.clone()),
    }
}

/// The world, with every wallet created up front in the same order whether or not A crashes
/// (deterministic keys, so both worlds have the same addresses).
fn run(crash_a: bool) -> Record {
    let mut env = Env::deterministic();
    let mint = env.create_mint(6);
    let (a, b) = (env.create_pool(mint, 1), env.create_pool(mint, 2));
    let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
    env.add_liquidity(&a, &lp, MARKET_LP_CAPITAL / 20);
    let b_shares = env.add_liquidity(&b, &lp, MARKET_LP_CAPITAL);
    let sponsor = env.sponsor(&a, 1_000_000_000);
    env.sponsor_deposit(&a, &sponsor, 100_000_000).unwrap();
    env.fund_insurance(&a, &sponsor, 100_000_000).unwrap();
    let a_traders: Vec<_> = (0..3).map(|_| env.funded_trader(&a, MARKET_COLLATERAL)).collect();
    let b_traders: Vec<_> = (0..4).map(|_| env.funded_trader(&b, 2 * MARKET_COLLATERAL)).collect();
    let (a_liquidator, b_liquidator) = (env.trader(&mint, 0), env.trader(&mint, 0));

    let mut rng = Rng(7);
    let mut results = Vec::new();
    for n in 0..120 {
        env.set_time(T0 + 100 * n);
        // Pool B's step: a trade, a price move, a liquidation attempt or a withdrawal.
        let t = &b_traders[rng.below(4) as usize];
        let r = match rng.below(4) {
            0 => env.trade(&b, t, rng.signed(3 * UNIT) | 1),
            1 => {
                let q = env.quote(&b);
                let price = (q.price + rng.signed(400) * q.price / 10_000).max(usd(500));
                env.set_price(&b, price, 0);
                continue;
            }
            2 => env.liquidate(&b, &b_liquidator, &t.address()),
            _ => env.withdraw(&b, t, 1 + rng.below(100_000_000)),
        };
        results.push(logs(&r));

        // Pool A's crash, in one world only: 8x longs, a 40% gap, every account bankrupt.
        if crash_a && n == 60 {
            env.set_price(&a, usd(2_000), 0);
            for t in &a_traders {
                executed(&env.trade(&a, t, 4 * UNIT));
            }
            env.set_price(&a, usd(1_200), 0);
            for t in &a_traders {
                let _: ShortfallCovered = event(&env.liquidate(&a, &a_liquidator, &t.address()));
            }
            let pool = env.pool(&a.pool);
            assert_eq!(
                (pool.book.sponsor_capital, pool.book.insurance_fund),
                (0, 0),
                "both tranches exhausted"
            );
            assert!(pool.losses.lp_absorbed > 0, "LP capital written down");
        }
    }
    let mut accounts = b.accounts().to_vec();
    accounts.extend(b_traders.iter().map(|t| b.margin(&t.address())));
    accounts.extend([b.lp_account(&lp.address()), b_shares]);
    accounts.extend(b_traders.iter().map(|t| t.token_account));
    accounts.push(b_liquidator.token_account);
    Record { results, accounts: accounts.iter().map(|k| env.svm.get_account(k)).collect() }
}

#[test]
fn pool_b_is_identical_whether_or_not_pool_a_crashes() {
    let (calm, crashed) = (run(false), run(true));
    let executed = calm.results.iter().filter(|(ok, _)| *ok).count();
    assert!(executed > 40, "B did something: {executed} successful transactions");
    assert_eq!(calm.results.len(), crashed.results.len());
    for (i, (x, y)) in calm.results.iter().zip(&crashed.results).enumerate() {
        assert_eq!(x, y, "B's transaction {i} differs");
    }
    assert_eq!(calm.accounts, crashed.accounts, "B's accounts differ");
}

//! `engine::trade`: every close executes at any price under any parameter change, no reduce grows
//! a lock, and profits are paid up to the lock a position opened with.

use super::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Under random prices, sequences and parameter changes: the book identities hold after every
    /// step, every close succeeds at any price, no reduce grows a lock, and LP capital never drops
    /// below what is locked.
    #[test]
    fn every_close_succeeds_and_locks_hold(steps in steps(), collateral in 1_000_000_000u64..100_000_000_000) {
        let mut pool = pool(1_000_000_000_000);
        let mut accounts: Vec<_> = (0..6).map(|_| account(collateral, &mut pool)).collect();
        let total = pool.book.total().unwrap();
        let mut now = T0;
        let config = play(&mut pool, &mut accounts, config(), &steps, &mut now);
        // Close everyone at an extreme price either way: every close executes.
        for dollars in [1u64, 1_000_000, 100_000_000] {
            let (mut pool, mut accounts) = (pool, accounts.clone());
            for a in accounts.iter_mut().filter(|a| a.base_position != 0) {
                let size = -a.base_position;
                let r = execute(&mut pool, a, &config, size, &print(dollars, 0), now + 1);
                prop_assert!(r.is_ok(), "close refused at ${}: {:?}", dollars, r);
                prop_assert_eq!(a.base_position, 0);
            }
            check_book(&pool, &accounts, total);
            prop_assert_eq!(pool.market.locked(), 0);
        }
    }
}

/// Issue 13's first attack on plain structs: a $1M long opened at a 5% cap, the cap raised to 30%,
/// a 1,000-lot reduce, then +50%. The reduce keeps the 5% lock (less its share), so the close
/// realizes at most what the position opened with and executes; before, the reduce re-locked at
/// 30% beyond LP capital and the close aborted on `lp_capital -= profit`.
#[test]
fn a_cap_raise_does_not_reach_an_open_position() {
    let mut config = config();
    config.max_payoff_bps = 500;
    let mut pool = pool(100_000_000_000); // $100k of LP capital
    let mut a = account(200_000_000_000, &mut pool);
    execute(&mut pool, &mut a, &config, 500_000_000, &print(2_000, 0), T0 + 1).unwrap(); // $1M
    let opened_with = a.locked;
    assert_eq!(opened_with, 50_000_000_000);
    config.max_payoff_bps = 3_000;
    execute(&mut pool, &mut a, &config, -1_000, &print(2_000, 0), T0 + 2).unwrap();
    assert!(a.locked <= opened_with && a.locked >= opened_with - 100_001, "{}", a.locked);
    assert!(pool.market.locked() <= pool.book.lp_capital);
    assert_eq!(pool.market.long.lock_floor_bps, 500);
    let size = -a.base_position;
    let out = execute(&mut pool, &mut a, &config, size, &print(3_000, 0), T0 + 3).unwrap();
    assert!(out.realized_pnl > 0 && out.realized_pnl as u64 <= opened_with, "{}", out.realized_pnl);
    assert_eq!((a.base_position, pool.market.locked()), (0, 0));
    // An increase after the raise locks only the added notional at the new cap.
    let mut b = account(200_000_000_000, &mut pool);
    config.max_payoff_bps = 500;
    execute(&mut pool, &mut b, &config, 100_000_000, &print(2_000, 0), T0 + 4).unwrap(); // $200k at 5%
    config.max_payoff_bps = 3_000;
    execute(&mut pool, &mut b, &config, 10_000_000, &print(2_000, 0), T0 + 5).unwrap(); // $20k at 30%
    assert_eq!(b.locked, 10_000_000_000 + 6_000_000_000);
}

#[test]
fn a_profit_beyond_the_cap_is_paid_up_to_the_lock() {
    let config = config(); // payoff cap 100% of entry notional
    let mut pool = pool(10_000_000_000);
    let mut a = account(1_000_000_000, &mut pool);
    execute(&mut pool, &mut a, &config, 2_000_000, &print(2_000, 0), T0 + 1).unwrap(); // $4,000 notional
    assert_eq!(a.locked, 4_000_000_000);
    let before = a.collateral;
    let out = execute(&mut pool, &mut a, &config, -2_000_000, &print(6_000, 0), T0 + 2).unwrap();
    assert_eq!(out.realized_pnl, 4_000_000_000, "capped at the lock, not the $8,000 move");
    assert!(a.collateral > before + 3_900_000_000);
    assert_eq!((a.base_position, a.locked, pool.market.locked()), (0, 0, 0));
}

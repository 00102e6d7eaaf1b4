//! `engine::liquidation`: partial closes that improve health, the waterfall's order, and random
//! liquidations that keep the book.

use super::*;

#[test]
fn a_liquidation_closes_part_pays_the_penalty_and_improves_health() {
    let config = config();
    let mut pool = pool(1_000_000_000_000);
    let mut a = account(2_500_000_000, &mut pool); // $2,500 on a $20,000 long: 8x
    execute(&mut pool, &mut a, &config, 10_000_000, &print(2_000, 0), T0 + 1).unwrap();
    let refused = liquidate(&mut pool, &mut a, &config, &print(2_000, 0), T0 + 2);
    assert_eq!(refused.unwrap_err(), BulkheadError::NotLiquidatable.into());
    let (before_e, before_req) = health(&pool, &a, &config, 1_840);
    assert!(before_e < before_req, "below maintenance at $1,840");
    let collateral = a.collateral;
    let out = liquidate(&mut pool, &mut a, &config, &print(1_840, 10), T0 + 3).unwrap();
    assert!(a.base_position > 0 && a.base_position < 10_000_000, "partial: {}", a.base_position);
    assert_eq!(out.liquidator_reward - out.reserve_paid + out.insurance_share, out.penalty);
    assert!(out.liquidator_reward >= config.liquidation_reserve, "at least the keeper's floor");
    assert_eq!(pool.book.insurance_fund, out.insurance_share);
    assert!(out.penalty > 0 && out.penalty <= out.equity_before);
    assert!(a.collateral < collateral);
    let (e, req) = health(&pool, &a, &config, 1_840);
    assert!(e as f64 / req as f64 > before_e as f64 / before_req as f64, "health improved");
    assert_eq!(out.shortfall, 0);
}

#[test]
fn a_gap_through_bankruptcy_drains_sponsor_then_insurance_then_lps() {
    use crate::errors::BulkheadError as E;
    let config = config();
    let mut pool = pool(1_000_000_000_000);
    (pool.book.sponsor_capital, pool.book.insurance_fund) = (100_000_000, 50_000_000);
    let mut a = account(2_500_000_000, &mut pool);
    execute(&mut pool, &mut a, &config, 10_000_000, &print(2_000, 0), T0 + 1).unwrap();
    let total = pool.book.total().unwrap();
    // $2,000 -> $1,500: a $5,000 loss on $2,500 of collateral.
    let out = liquidate(&mut pool, &mut a, &config, &print(1_500, 0), T0 + 2).unwrap();
    assert_eq!(a.base_position, 0, "bankrupt: closed in full");
    assert_eq!((out.penalty, out.fee, a.collateral), (0, 0, 0), "no penalty or fee from nothing");
    // The loss beyond collateral: $5,000 less what the account held after paying to open.
    let shortfall = out.shortfall;
    assert!(shortfall > 2_500_000_000 && shortfall < 2_530_000_000, "{shortfall}");
    assert_eq!((pool.book.sponsor_capital, pool.book.insurance_fund), (0, 0));
    let l = pool.losses;
    assert_eq!((l.sponsor_absorbed, l.insurance_absorbed), (100_000_000, 50_000_000));
    assert_eq!((l.lp_absorbed, l.unrecovered), (shortfall - 150_000_000, shortfall - 150_000_000));
    assert_eq!(
        out.reserve_paid, config.liquidation_reserve,
        "the keeper's floor, from the position's reserve"
    );
    assert_eq!(
        out.liquidator_reward, out.reserve_paid,
        "a bankrupt account pays no penalty, but its reserve"
    );
    assert_eq!(
        pool.book.total().unwrap(),
        total - out.liquidator_reward,
        "the waterfall moves value inside the book; only the reward leaves"
    );
    assert_eq!(
        liquidate(&mut pool, &mut a, &config, &print(1_500, 0), T0 + 3).unwrap_err(),
        E::NotLiquidatable.into()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random trades, price moves and liquidation attempts: the book identities hold (the book
    /// total falls only by the liquidators' rewards, which leave the vault), every liquidation
    /// strictly improves its account's health or closes it, never takes a penalty beyond the
    /// account's equity, and the loss totals add up.
    #[test]
    fn liquidations_keep_the_book(steps in steps(), collateral in 200_000_000u64..5_000_000_000,
                                  sponsor in 0u64..2_000_000_000, insurance in 0u64..2_000_000_000) {
        let mut config = config();
        let mut pool = pool(1_000_000_000_000);
        (pool.book.sponsor_capital, pool.book.insurance_fund) = (sponsor, insurance);
        let mut accounts: Vec<_> = (0..6).map(|_| account(collateral, &mut pool)).collect();
        let mut total = pool.book.total().unwrap();
        let mut now = T0;
        for s in &steps {
            if let Some(c) = s.change {
                c.apply(&mut config);
            }
            now += s.dt;
            let update = print(s.dollars, s.conf_bps);
            let _ = execute(&mut pool, &mut accounts[s.who], &config, s.size, &update, now);
            check_book(&pool, &accounts, total);
            for i in 0..accounts.len() {
                let before = accounts[i];
                // Health before, once its funding is settled (as the liquidation first does).
                let (mut settled_pool, mut settled) = (pool, before);
                funding::accrue(&mut settled_pool, &config, now).unwrap();
                funding::settle(&mut settled_pool, &mut settled, 0);
                let (e0, r0) = health(&settled_pool, &settled, &config, s.dollars);
                match liquidate(&mut pool, &mut accounts[i], &config, &update, now) {
                    Ok(out) => {
                        let a = accounts[i];
                        prop_assert!(out.penalty <= out.equity_before);
                        prop_assert_eq!(out.liquidator_reward - out.reserve_paid + out.insurance_share, out.penalty);
                        // The keeper's floor: every liquidation pays at least the reserve the
                        // position posted (the test config's), bankrupt and small ones included.
                        prop_assert!(out.liquidator_reward >= before.liquidation_reserve,
                                     "reward {} below the floor {}", out.liquidator_reward, before.liquidation_reserve);
                        prop_assert!(a.base_position.unsigned_abs() < before.base_position.unsigned_abs());
                        prop_assert!(a.base_position == 0 || (a.base_position > 0) == (before.base_position > 0));
                        if a.base_position != 0 {
                            let (e1, r1) = health(&pool, &a, &config, s.dollars);
                            prop_assert!(e1 as f64 / r1 as f64 > e0 as f64 / r0 as f64, "health did not improve");
                        }
                        total -= out.liquidator_reward;
                    }
                    Err(e) => {
                        prop_assert_eq!(e, BulkheadError::NotLiquidatable.into());
                        prop_assert!(bytemuck::bytes_of(&accounts[i]) == bytemuck::bytes_of(&before));
                    }
                }
                check_book(&pool, &accounts, total);
            }
            let l = pool.losses;
            prop_assert_eq!(l.shortfalls, l.sponsor_absorbed + l.insurance_absorbed + l.lp_absorbed);
        }
    }
}

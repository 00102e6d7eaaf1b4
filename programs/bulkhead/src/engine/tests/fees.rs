//! `engine::funding`: exact fee aggregates, and accrual that does not depend on how often a pool
//! is touched.

use super::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The pool's fee aggregates are exact: once every account has settled, nothing is left
    /// receivable or payable, whatever the sequence and the time between steps.
    #[test]
    fn fee_aggregates_are_exact(steps in steps()) {
        let mut pool = pool(1_000_000_000_000);
        let mut accounts: Vec<_> = (0..6).map(|_| account(50_000_000_000, &mut pool)).collect();
        let mut now = T0;
        let config = play(&mut pool, &mut accounts, config(), &steps, &mut now);
        funding::accrue(&mut pool, &config, now + 86_400).unwrap();
        for a in accounts.iter_mut() {
            funding::settle(&mut pool, a, 0);
        }
        prop_assert_eq!(U128::from_pod(&pool.market.fees_receivable), U128::ZERO);
        prop_assert_eq!(U128::from_pod(&pool.market.funding_payable), U128::ZERO);
    }
}

/// Issue 6's precision requirement, over its whole grid: for product prices from $1e-9 to $1e6 and
/// collateral decimals 0 to 9 (each pool at a lot size that keeps 6 significant digits), a position
/// settled after a day of one-second accruals owes what it owes after one accrual a day, to within
/// 0.1% (here: exactly, since growth is rate x seconds).
#[test]
fn touching_every_second_accrues_what_touching_once_a_day_does() {
    use crate::math::price::{
        from_pyth, PriceScale, MAX_BASE_DECIMALS, MAX_CREATION_PRICE, MIN_BASE_DECIMALS, MIN_CREATION_PRICE,
    };
    let mut config = config();
    (config.max_open_interest, config.max_position_size, config.min_position_size) = (1 << 61, 1 << 60, 1);
    config.impact_skew_scale = 1 << 62;
    for price_exp in -9..=6i32 {
        for decimals in 0..=9u8 {
            let scale = (MIN_BASE_DECIMALS..=MAX_BASE_DECIMALS)
                .map(|b| PriceScale { collateral_decimals: decimals, base_decimals: b })
                .find(|s| matches!(from_pyth(100_000_000, price_exp - 8, *s, false), Ok(p) if (MIN_CREATION_PRICE..=MAX_CREATION_PRICE).contains(&p)))
                .expect("a lot size keeps 6 digits");
            let p = from_pyth(100_000_000, price_exp - 8, scale, false).unwrap();
            // A long worth about 10,000 whole collateral units (at least one lot) against a short of
            // half as many lots.
            let lots = crate::math::checked::mul_div_floor(
                10_000 * 10u64.pow(decimals.into()),
                crate::math::PRICE_PRECISION,
                p,
            )
            .unwrap()
            .max(1);
            let owed = |touch_every: i64| {
                let mut pool = pool(1 << 60);
                (pool.collateral_decimals, pool.base_decimals) = (decimals, scale.base_decimals);
                let mut long = account(u64::MAX / 8, &mut pool);
                let mut short = account(u64::MAX / 8, &mut pool);
                let px = PriceUpdate { exponent: price_exp - 8, ..print(1, 0) };
                let px = PriceUpdate { price: 100_000_000, conf: 0, ema_price: 100_000_000, ..px };
                execute(&mut pool, &mut long, &config, lots as i64, &px, T0).unwrap();
                execute(&mut pool, &mut short, &config, -((lots / 2).max(1) as i64), &px, T0).unwrap();
                let mut now = T0;
                while now < T0 + 86_400 {
                    now += touch_every;
                    funding::accrue(&mut pool, &config, now).unwrap();
                }
                let before = long.collateral;
                funding::settle(&mut pool, &mut long, 0);
                before - long.collateral
            };
            let (every_second, once) = (owed(1), owed(86_400));
            assert!(once > 0, "$1e{price_exp}, {decimals} decimals: nothing accrued");
            assert!(
                every_second * 1_000 >= once * 999 && every_second <= once + 1,
                "$1e{price_exp}, {decimals} decimals: {every_second} vs {once}"
            );
        }
    }
}

//! `engine::nav`: the redeem NAV never above, and the mint NAV never below, the true value.

use super::*;
use crate::engine::nav;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The redeem NAV is never above, and the mint NAV never below, the true value at any price
    /// inside the print's band, whatever caps the positions were opened with and whatever the
    /// sponsor's tranche and the insurance fund will cover of the losers' shortfalls.
    #[test]
    fn navs_bracket_the_true_value(steps in steps(), dollars in 500u64..8_000, conf_bps in 0u64..200,
                                   at in 0u64..=100, later in 0i64..10_000_000,
                                   sponsor in 0u64..4_000_000_000, insurance in 0u64..4_000_000_000) {
        let mut pool = pool(1_000_000_000_000);
        let mut accounts: Vec<_> = (0..6).map(|_| account(2_000_000_000, &mut pool)).collect();
        let mut now = T0;
        let config = play(&mut pool, &mut accounts, config(), &steps, &mut now);
        // Tranches that will cover shortfalls (the mint NAV must count them; nothing else reads them).
        (pool.book.sponsor_capital, pool.book.insurance_fund) = (sponsor, insurance);
        funding::accrue(&mut pool, &config, now + later).unwrap();
        let update = print(dollars, conf_bps);
        let band = Price::from_pyth(update.price as u64, update.conf, -8, pool.price_scale(), config.oracle_conf_multiplier_bps).unwrap();
        let p = band.low + (band.high - band.low) * at / 100;
        // An LP flow sweeps the impact pool's surplus at the band's low first; the true value then
        // closes everything at p, whose first close sweeps what is still surplus at p (none).
        crate::engine::trade::sweep_impact(&mut pool, band.low, config.impact_skew_scale);
        let navs = nav::lp_navs(&pool, &band);
        let truth = true_nav(&pool, &accounts, p);
        prop_assert!(navs.redeem <= truth, "redeem {} > true {}", navs.redeem, truth);
        prop_assert!(navs.mint >= truth, "mint {} < true {}", navs.mint, truth);
    }
}

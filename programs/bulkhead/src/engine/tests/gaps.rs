//! Leverage and gaps (issue 14): a hedged pair of wallets, a long and a short of one size opened
//! together, gains nothing from a gap up to the pool's `gap_bps`, and from a larger gap at most
//! `(gap - maintenance)` of the loser's notional at the print before it. It holds at the most
//! leverage any gap assumption allows (maintenance = gap), whoever settles or liquidates and when.

use super::*;

/// A print at `price_e8` (dollars x 1e8) with confidence `conf_bps` of the price; EMA = price.
fn at(price_e8: u64, conf_bps: u64) -> PriceUpdate {
    let price = price_e8 as i64;
    PriceUpdate { price, conf: price_e8 * conf_bps / 10_000, ema_price: price, ..print(1, 0) }
}

/// The most leverage the gap assumption `gap` allows: maintenance = gap, initial = gap + `extra`
/// (at least the floor), the buffer at most `extra`, the penalty `penalty_pct`% of maintenance (at least the floor).
fn config_for(gap: u32, extra: u32, penalty_pct: u32) -> RiskConfig {
    let mut c = config();
    let initial = (gap + extra).max(crate::state::risk_params::MIN_INITIAL_MARGIN_BPS);
    (c.gap_bps, c.maintenance_margin_bps, c.initial_margin_bps) = (gap, gap, initial);
    c.liquidation_buffer_bps = (initial - gap).min(200);
    c.liquidation_penalty_bps = (gap * penalty_pct / 100).clamp(10, gap - 1);
    assert!(c.validate().is_ok(), "{c:?}");
    c
}

/// One hedged pair's life: a long and a short of `size` lots open at `p0`; the price drifts
/// `drift_pct`% of the way to the loser's maintenance; optionally a keeper settles the loser's loss;
/// then the price gaps `gap_bps` against the loser. The pair's own keeper liquidates the loser as far as
/// it can, then both close at the gap's print. Returns the pair's gain (collateral units, what
/// came out less what went in) and the bound it must stay within, or `None` when the drift
/// already made the loser liquidatable (then a keeper would have acted before the gap).
#[allow(clippy::too_many_arguments)]
fn pair_across_a_gap(
    config: &RiskConfig,
    p0_dollars: u64,
    size: i64,
    loser_long: bool,
    drift_pct: u64,
    settle: bool,
    gap: u64,
    conf_bps: u64,
) -> Option<(i128, i128)> {
    let mut pool = pool(100_000_000_000_000); // $100M: the pair's locks fit under the ceiling
    let p0 = p0_dollars * 100_000_000;
    let notional = size as u64 * p0_dollars; // collateral units: p0 dollars = p0 units per lot
    let margin = notional * u64::from(config.initial_margin_bps + 30) / 10_000;
    let collateral = margin + config.liquidation_reserve + 10_000;
    let (mut long, mut short) = (account(collateral, &mut pool), account(collateral, &mut pool));
    let mut now = T0 + 1;
    execute(&mut pool, &mut long, config, size, &at(p0, 0), now).expect("the long opens");
    execute(&mut pool, &mut short, config, -size, &at(p0, 0), now).expect("the short opens");
    let held = long.collateral + long.liquidation_reserve + short.collateral + short.liquidation_reserve;
    let spent_to_open = 2 * collateral - held;

    // The drift: part of the way from the loser's equity ratio down to maintenance.
    let loser_collateral = if loser_long { long.collateral } else { short.collateral };
    let room_bps =
        (loser_collateral * 10_000 / notional).saturating_sub(config.maintenance_margin_bps.into());
    let drift = room_bps * drift_pct / 100;
    let p1 = if loser_long { p0 * (10_000 - drift) / 10_000 } else { p0 * (10_000 + drift) / 10_000 };
    now += 1;
    {
        let (mut pool, mut loser) = (pool, if loser_long { long } else { short });
        if liquidate(&mut pool, &mut loser, config, &at(p1, 0), now).is_ok() {
            return None;
        }
    }
    if settle {
        let loser = if loser_long { &mut long } else { &mut short };
        funding::accrue(&mut pool, config, now).unwrap();
        let fees = funding::settle(&mut pool, loser, 0);
        waterfall::absorb(&mut pool, fees.shortfall);
        funding::snapshot(&pool, loser);
        let band = Price::from_pyth(p1, 0, -8, pool.price_scale(), 10_000).unwrap();
        super::super::pnl::settle_pnl(&mut pool, loser, &band).unwrap();
    }

    // The gap, then the pair's own keeper and closes at its print.
    let p2 = if loser_long { p1 * (10_000 - gap) / 10_000 } else { p1 * (10_000 + gap) / 10_000 };
    let gap_print = at(p2, conf_bps);
    now += 1;
    let mut rewards = 0u64;
    {
        let loser = if loser_long { &mut long } else { &mut short };
        for _ in 0..8 {
            match liquidate(&mut pool, loser, config, &gap_print, now) {
                Ok(out) => rewards += out.liquidator_reward,
                Err(_) => break,
            }
        }
    }
    for a in [&mut long, &mut short] {
        if a.base_position != 0 {
            let size = -a.base_position;
            execute(&mut pool, a, config, size, &gap_print, now).expect("a close executes");
        }
        assert_eq!((a.base_position, a.liquidation_reserve), (0, 0));
    }
    let out = long.collateral + short.collateral + long.funding_claim + short.funding_claim + rewards;
    let gain = out as i128 - 2 * collateral as i128;
    // What the gap beyond maintenance can leave unpaid: (gap - maintenance) of the notional at p1
    // (size lots at p1 / 1e8 dollars = units per lot), plus rounding.
    let beyond = gap.saturating_sub(config.maintenance_margin_bps.into()) as i128;
    let bound = beyond * size as i128 * p1 as i128 / 100_000_000 / 10_000 + 10;
    assert!(spent_to_open > 0, "opening costs fees");
    Some((gain, bound))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// At the most leverage a gap assumption allows, a hedged pair gains nothing (it pays its fees)
    /// from a gap up to it, and from a larger one at most what maintenance leaves uncovered.
    #[test]
    fn a_hedged_pair_gains_nothing_from_a_gap_up_to_the_assumption(
        gap_assumption in 100u32..2_000, extra in 10u32..1_000, penalty_pct in 1u32..100,
        p0 in 10u64..5_000, units in 1i64..200, loser_long: bool, drift_pct in 0u64..100, settle: bool,
        gap_pct in 0u64..=200, conf_bps in 0u64..50,
    ) {
        let config = config_for(gap_assumption, extra, penalty_pct);
        let gap = u64::from(gap_assumption) * gap_pct / 100;
        if let Some((gain, bound)) =
            pair_across_a_gap(&config, p0, units * 1_000_000, loser_long, drift_pct, settle, gap, conf_bps)
        {
            if gap <= u64::from(gap_assumption) {
                prop_assert!(gain < 0, "a gap of {} bps within the {} bps assumption: the pair gained {}", gap, gap_assumption, gain);
            }
            prop_assert!(gain <= bound, "gap {} bps: gain {} above the bound {}", gap, gain, bound);
        }
    }
}

/// The two cases, at the defaults' gap assumption (5%, maintenance 5%): the hedged pair
/// across a 5% gap from its loser's maintenance loses its fees; across +20% it gains, at most the
/// 15% maintenance leaves uncovered (the assumption is the pool's statement of what it absorbs).
#[test]
fn the_defaults_absorb_their_gap_and_bound_a_larger_one() {
    let config = config();
    assert_eq!((config.gap_bps, config.maintenance_margin_bps), (500, 500));
    let (gain, bound) = pair_across_a_gap(&config, 2_000, 5_000_000, true, 95, false, 500, 0).unwrap();
    assert!(gain < 0 && bound == 10, "within the assumption: {gain}");
    let (gain, bound) = pair_across_a_gap(&config, 2_000, 5_000_000, true, 95, false, 2_000, 0).unwrap();
    assert!(gain > 0 && gain <= bound, "beyond it: {gain} <= {bound}");
}

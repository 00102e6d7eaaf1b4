//! Leverage and gaps (issue 14): a hedged pair of wallets, a long and a short of one size opened
//! together, gains nothing from a gap up to the pool's `gap_bps` (it loses at least its fees), and
//! from a larger gap at most `(gap - maintenance)` of the loser's notional at the print before it
//! plus the impact its loser's close could not pay. It holds at the most leverage any gap
//! assumption allows (maintenance = gap + the most impact a close can pay), with other traders'
//! skew in the impact pool, whoever settles or liquidates and when.

use super::*;

/// The open-interest cap of these pools (lots).
const CAP: u64 = 1 << 34;

/// The most leverage the gap assumption `gap` allows: maintenance = gap + the most impact a close
/// can pay, initial = maintenance + `extra` (at least the floor), the buffer at most `extra`, the
/// penalty `penalty_pct`% of maintenance (at least the floor).
fn config_for(gap: u32, extra: u32, penalty_pct: u32) -> RiskConfig {
    let mut c = config();
    // Caps a $100M pool can lock (17,179 units a side) and an impact scale of 100 x the cap: a
    // close pays up to 1% of its notional in impact, and other traders' skew near the cap fills
    // the impact pool.
    (c.max_open_interest, c.max_position_size) = (CAP, CAP);
    c.impact_skew_scale = 100 * CAP;
    let maintenance = gap + c.max_impact_bps() as u32;
    let initial = (maintenance + extra).max(crate::state::risk_params::MIN_INITIAL_MARGIN_BPS);
    (c.gap_bps, c.maintenance_margin_bps, c.initial_margin_bps) = (gap, maintenance, initial);
    c.liquidation_buffer_bps = (initial - maintenance).min(200);
    c.liquidation_penalty_bps = (maintenance * penalty_pct / 100).clamp(10, maintenance - 1);
    assert!(c.validate().is_ok(), "{c:?}");
    c
}

/// One hedged pair's life. Another trader first holds `public` lots on the winner's side (the
/// skew whose impact pool a free widening would let the pair share). A long and a short of `size`
/// lots open at `p0`; the price drifts `drift_pct`% of the way to the loser's maintenance;
/// optionally a keeper settles the loser's loss; then the price gaps `gap_bps` against the loser.
/// The pair's own keeper liquidates the loser as far as it can, then both close at the gap's
/// print. Returns the pair's gain (collateral units, what came out less what went in), the taker
/// fees it paid, and the bound for a gap beyond maintenance; or `None` when the drift already made
/// the loser liquidatable (a keeper would have acted before the gap).
#[allow(clippy::too_many_arguments)]
fn pair_across_a_gap(
    config: &RiskConfig,
    p0_dollars: u64,
    size: i64,
    public: i64,
    loser_long: bool,
    drift_pct: u64,
    settle: bool,
    gap: u64,
    conf_bps: u64,
) -> Option<(i128, u64, i128)> {
    let mut pool = pool(100_000_000_000_000); // $100M: every lock fits under the ceiling
    let p0 = p0_dollars * 100_000_000;
    let notional = size as u64 * p0_dollars; // collateral units: p0 dollars = p0 units per lot
                                             // Initial margin, the fees and the most impact an open can pay.
    let margin = notional * (u64::from(config.initial_margin_bps) + 30 + config.max_impact_bps()) / 10_000;
    let collateral = margin + config.liquidation_reserve + 10_000;
    let mut now = T0 + 1;
    if public > 0 {
        let mut other = account(public as u64 * p0_dollars, &mut pool);
        let side = if loser_long { -public } else { public }; // the winner's side
        execute(&mut pool, &mut other, config, side, &print_e8(p0, 0), now)
            .expect("the public position opens");
    }
    let (mut long, mut short) = (account(collateral, &mut pool), account(collateral, &mut pool));
    let mut fees = 0u64;
    fees += execute(&mut pool, &mut long, config, size, &print_e8(p0, 0), now).expect("the long opens").fee;
    fees +=
        execute(&mut pool, &mut short, config, -size, &print_e8(p0, 0), now).expect("the short opens").fee;

    // The drift: part of the way from the loser's equity ratio down to maintenance.
    let loser_collateral = if loser_long { long.collateral } else { short.collateral };
    let room_bps =
        (loser_collateral * 10_000 / notional).saturating_sub(config.maintenance_margin_bps.into());
    let drift = room_bps * drift_pct / 100;
    let p1 = if loser_long { p0 * (10_000 - drift) / 10_000 } else { p0 * (10_000 + drift) / 10_000 };
    now += 1;
    {
        let (mut pool, mut loser) = (pool, if loser_long { long } else { short });
        if liquidate(&mut pool, &mut loser, config, &print_e8(p1, 0), now).is_ok() {
            return None;
        }
    }
    if settle {
        let loser = if loser_long { &mut long } else { &mut short };
        funding::accrue(&mut pool, config, now).unwrap();
        let settled = funding::settle(&mut pool, loser, 0);
        waterfall::absorb(&mut pool, settled.shortfall);
        funding::snapshot(&pool, loser);
        let band = Price::from_pyth(p1, 0, -8, pool.price_scale(), 10_000).unwrap();
        super::super::pnl::settle_pnl(&mut pool, loser, &band).unwrap();
    }

    // The gap, then the pair's own keeper and closes at its print.
    let p2 = if loser_long { p1 * (10_000 - gap) / 10_000 } else { p1 * (10_000 + gap) / 10_000 };
    let gap_print = print_e8(p2, conf_bps);
    now += 1;
    let mut rewards = 0u64;
    {
        let loser = if loser_long { &mut long } else { &mut short };
        for _ in 0..8 {
            match liquidate(&mut pool, loser, config, &gap_print, now) {
                Ok(out) => (rewards, fees) = (rewards + out.liquidator_reward, fees + out.fee),
                Err(_) => break,
            }
        }
    }
    for a in [&mut long, &mut short] {
        if a.base_position != 0 {
            let size = -a.base_position;
            fees += execute(&mut pool, a, config, size, &gap_print, now).expect("a close executes").fee;
        }
        assert_eq!((a.base_position, a.liquidation_reserve), (0, 0));
    }
    let out = long.collateral + short.collateral + long.funding_claim + short.funding_claim + rewards;
    let gain = out as i128 - 2 * collateral as i128;
    // What the gap beyond maintenance can leave unpaid: (gap - maintenance) of the notional at p1
    // (size lots at p1 / 1e8 dollars = units per lot), plus the impact of the loser's close (at
    // most `max_impact_bps` of it), plus rounding.
    let beyond = gap.saturating_sub(config.maintenance_margin_bps.into()) as i128;
    let impact = if beyond > 0 { config.max_impact_bps() as i128 } else { 0 };
    let bound = (beyond + impact) * size as i128 * p1 as i128 / 100_000_000 / 10_000 + 10;
    Some((gain, fees, bound))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// At the most leverage a gap assumption allows, with other traders' skew on the winner's
    /// side, a hedged pair loses at least its taker fees across a gap up to the assumption, and
    /// across a larger one gains at most what maintenance leaves uncovered.
    #[test]
    fn a_hedged_pair_gains_nothing_from_a_gap_up_to_the_assumption(
        gap_assumption in 100u32..2_000, extra in 10u32..1_000, penalty_pct in 1u32..100,
        p0 in 10u64..5_000, units in 1i64..200, public_pct in 0u64..=90, loser_long: bool,
        drift_pct in 0u64..100, settle: bool, gap_pct in 0u64..=200, conf_bps in 0u64..50,
    ) {
        let config = config_for(gap_assumption, extra, penalty_pct);
        let gap = u64::from(gap_assumption) * gap_pct / 100;
        let size = units * 1_000_000;
        let public = (CAP * public_pct / 100).min(CAP - size as u64) as i64;
        if let Some((gain, fees, bound)) =
            pair_across_a_gap(&config, p0, size, public, loser_long, drift_pct, settle, gap, conf_bps)
        {
            if gap <= u64::from(gap_assumption) {
                prop_assert!(gain + fees as i128 <= 10,
                    "a gap of {} bps within the {} bps assumption: the pair gained {} beyond its {} of fees",
                    gap, gap_assumption, gain + fees as i128, fees);
            }
            prop_assert!(gain <= bound, "gap {} bps: gain {} above the bound {}", gap, gain, bound);
        }
    }
}

/// The review's case (issue 14): other traders hold a large skew whose impact pool holds their
/// payments; a pair's loser closes by liquidation after a gap within the assumption. On the
/// program before this rule the liquidation's close paid its penalty first and no impact, and the
/// winner's narrowing close was rebated a share of the other traders' payments; now the loser's
/// equity pays its close's impact first, and the pair loses its fees.
#[test]
fn a_liquidation_pays_its_own_impact_within_the_assumption() {
    let config = config_for(400, 500, 40);
    assert_eq!((config.gap_bps, config.maintenance_margin_bps, config.max_impact_bps()), (400, 500, 100));
    // 50 units ($100,000) a leg; others hold 90% of the cap ($30.9M) on the winner's side.
    let (size, public) = (50_000_000, (CAP * 9 / 10) as i64);
    let (gain, fees, _) = pair_across_a_gap(&config, 2_000, size, public, true, 99, false, 400, 0)
        .expect("not liquidatable before");
    assert!(gain + fees as i128 <= 10, "gained {} beyond its fees", gain + fees as i128);
    // Beyond the assumption: at most the uncovered part and the close's impact.
    let (gain, _, bound) = pair_across_a_gap(&config, 2_000, size, 0, true, 95, false, 2_000, 0).unwrap();
    assert!(gain > 0 && gain <= bound, "beyond it: {gain} <= {bound}");
}

//! Leverage and gaps (issue 14) on the real .so: a pool states the largest gap between two prints
//! it absorbs (`gap_bps`), maintenance margin must cover it, and a hedged pair of wallets (a long,
//! a short, and a second wallet as their keeper) earns nothing across a gap up to it. On the
//! landed program `validate` let a pool offer 200x and a 2% gap netted such a pair +$21,860; it
//! now refuses 200x (`each_invalid_risk_parameter_has_its_own_error` has the bounds), and the
//! host property test `engine::tests::gaps` covers every leverage, size, drift and gap.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::Liquidated;
use bulkhead::state::RiskConfig;
use bulkhead_tests::*;
use solana_signer::Signer as _;

/// One unit of the underlying (lots).
const UNIT: i64 = 1_000_000;
/// $1 in collateral units.
const USD: u64 = 1_000_000;

/// The most leverage a 2% gap assumption allows at the default impact scale: 2.1% maintenance (the
/// gap and the 10 bps of impact a close can pay at the open-interest cap), 2.6% initial (38x), a
/// 0.5% buffer and a 1% penalty.
fn two_percent_gap() -> RiskConfig {
    RiskConfig {
        gap_bps: 200,
        maintenance_margin_bps: 210,
        initial_margin_bps: 260,
        liquidation_buffer_bps: 50,
        liquidation_penalty_bps: 100,
        ..default_params()
    }
}

/// What a hedged pair's life moved: the pair's gain (collateral units, out less in) and the
/// shortfall the pool absorbed.
struct PairRun {
    gain: i64,
    shortfalls: u64,
    notional_before_gap: u64,
}

/// A long and a short of 50 units at $2,000 ($100,000 each) with $2,800 of collateral each; the
/// price drifts to $1,989, just above the long's maintenance; then it gaps `gap_bps` down. The
/// pair's second wallet liquidates the long as far as the program lets it, and both close at the
/// gap's print. Another pool of the same mint is untouched throughout.
fn hedged_pair_across(gap_bps: i64) -> PairRun {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let keys = env.create_pool_with(mint, 1, two_percent_gap());
    let bystander = Bystander::new(&mut env, mint);
    let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
    env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
    let collateral = 2_800 * USD;
    let long = env.funded_trader(&keys, collateral);
    let short = env.funded_trader(&keys, collateral);
    let keeper = env.trader(&mint, 0);
    executed(&env.trade(&keys, &long, 50 * UNIT));
    executed(&env.trade(&keys, &short, -50 * UNIT));

    let drifted = usd(1_989);
    env.set_price(&keys, drifted, 0);
    env.assert_rejected(
        ix_liquidate(&keys, &keeper.address(), &long.address(), &keeper.token_account),
        &[&keeper.keypair],
        custom(E::NotLiquidatable),
    );
    let notional_before_gap = 50 * 1_989 * USD;

    env.set_price(&keys, drifted * (10_000 - gap_bps) / 10_000, 0);
    while env.margin(&keys.margin(&long.address())).base_position != 0 {
        let result = env.liquidate(&keys, &keeper, &long.address());
        if result.is_err() {
            break;
        }
        let ev: Liquidated = event(&result);
        assert!(ev.size_delta < 0, "a liquidation closes part of the long");
    }
    for t in [&long, &short] {
        let b = env.margin(&keys.margin(&t.address())).base_position;
        if b != 0 {
            executed(&env.trade(&keys, t, -b));
        }
    }
    let held: u64 = [&long, &short].iter().map(|t| env.margin(&keys.margin(&t.address())).collateral).sum();
    let out = held + env.token_balance(&keeper.token_account);
    bystander.assert_untouched(&env);
    PairRun {
        gain: out as i64 - 2 * collateral as i64,
        shortfalls: env.pool(&keys.pool).losses.shortfalls,
        notional_before_gap,
    }
}

/// At 38x with a 2% gap assumption, the pair across a 2% gap from its long's maintenance loses
/// (its fees and the penalty's insurance half) and the pool absorbs no shortfall.
#[test]
fn a_hedged_pair_across_the_assumed_gap_earns_nothing() {
    let run = hedged_pair_across(200);
    println!("2% gap: the pair's gain {} units", run.gain);
    assert!(run.gain < 0, "the pair gained {}", run.gain);
    assert_eq!(run.shortfalls, 0, "no bad debt within the assumption");
}

/// Beyond the assumption the pool is not built to absorb the gap: a 4% gap bankrupts the long,
/// and the pair gains at most the 1.9% of its notional that maintenance left uncovered.
#[test]
fn beyond_the_assumption_a_pair_gains_at_most_what_maintenance_left_uncovered() {
    let run = hedged_pair_across(400);
    println!("4% gap: the pair's gain {} units, shortfall {}", run.gain, run.shortfalls);
    assert!(run.shortfalls > 0, "the long went bankrupt");
    let uncovered = (run.notional_before_gap * 190 / 10_000) as i64;
    assert!(run.gain > 0 && run.gain <= uncovered, "gain {} within {}", run.gain, uncovered);
}

/// The leverage a governor may set follows the gap: maintenance cannot be proposed below it, and
/// the 200x the landed program allowed is refused, with no account created.
#[test]
fn no_pool_offers_leverage_its_gap_would_bankrupt() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let creator = env.creator.insecure_clone();
    let keys = PoolKeys::derive(&creator.pubkey(), 1, mint);
    env.set_price(&keys, usd(2_000), 0);
    let cases: [(RiskConfig, E); 4] = [
        (
            RiskConfig { initial_margin_bps: 50, maintenance_margin_bps: 25, ..default_params() },
            E::InitialMarginOutOfRange,
        ),
        (RiskConfig { maintenance_margin_bps: 209, ..two_percent_gap() }, E::MaintenanceBelowGap),
        (RiskConfig { gap_bps: 50, ..two_percent_gap() }, E::GapOutOfRange),
        // A scale at the open-interest cap: a close may pay 100% of its notional in impact.
        (RiskConfig { impact_skew_scale: 1_000_000_000, ..two_percent_gap() }, E::MaintenanceBelowGap),
    ];
    for (params, expected) in cases {
        let ix = ix_create_pool(&creator.pubkey(), &keys, params, feed_id(1), BASE_DECIMALS);
        env.assert_rejected(ix, &[&creator], custom(expected));
    }
}

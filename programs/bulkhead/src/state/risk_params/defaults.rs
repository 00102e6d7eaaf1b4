//! The one default parameter set: what the deploy script creates a pool with unless its entry
//! overrides a field (`app/src/risk-config.default.json` mirrors it, written and checked by
//! `tests/tests/defaults.rs`), and what the program's host tests and the LiteSVM harness start
//! from. Product-specific values (sizes and caps in USD at the listing price, a product's gap) are
//! overrides in `migrations/pools.localnet.json`.

use super::RiskConfig;

/// 10x initial leverage (10% initial margin), 5% maintenance covering a 4.5% gap assumption and
/// the 10 bps of impact a close can pay at the open-interest cap, a 2% penalty
/// (half to the liquidator), a 2% liquidation buffer, a 100% payoff cap, 10 bps taker fee, a 2 s
/// execution delay with a 60 s window, a 1 h LP withdrawal delay, a 2 day sponsor unbonding
/// delay, a 1 day timelock, a $1 liquidation reserve (of a 6-decimal stablecoin), no protocol share. Sizes are
/// lots of a 6-decimal lot size (10^6 lots per unit): at most 1,000 units per side and 100 per
/// account, at least 0.001.
pub const DEFAULT_RISK_CONFIG: RiskConfig = RiskConfig {
    initial_margin_bps: 1_000,
    maintenance_margin_bps: 500,
    liquidation_penalty_bps: 200,
    liquidator_share_bps: 5_000,
    taker_fee_bps: 10,
    oracle_max_conf_bps: 200,
    oracle_reduce_max_conf_bps: 400,
    oracle_conf_multiplier_bps: 10_000,
    max_ema_deviation_bps: 500,
    fresh_price_max_age_secs: 3,
    execution_delay_secs: 2,
    execution_window_secs: 60,
    lp_withdraw_delay_secs: 3_600,
    max_payoff_bps: 10_000,
    max_utilisation_bps: 9_000,
    optimal_utilisation_bps: 8_000,
    borrow_rate_base_bps_per_year: 100,
    borrow_rate_optimal_bps_per_year: 1_000,
    borrow_rate_max_bps_per_year: 10_000,
    max_funding_rate_bps_per_year: 5_000,
    liquidation_max_age_secs: 3,
    liquidation_buffer_bps: 200,
    timelock_secs: 86_400,
    protocol_fee_share_bps: 0,
    gap_bps: 450,
    _padding: [0; 4],
    max_open_interest: 1_000_000_000,
    max_position_size: 100_000_000,
    min_position_size: 1_000,
    impact_skew_scale: 1_000_000_000_000,
    sponsor_unbonding_secs: 172_800,
    liquidation_reserve: 1_000_000,
};

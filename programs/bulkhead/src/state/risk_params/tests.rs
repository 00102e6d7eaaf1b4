//! Every bound of [`RiskConfig::validate`], each with its own error, and its inclusive edges.

use super::*;
use crate::errors::BulkheadError;

/// The default parameter set ([`DEFAULT_RISK_CONFIG`]), which every bound below starts from.
pub fn valid() -> RiskConfig {
    DEFAULT_RISK_CONFIG
}

fn code(r: Result<()>) -> u32 {
    match r {
        Err(ProgramError::Custom(c)) => c,
        other => panic!("expected a custom error, got {other:?}"),
    }
}

/// A parameter change and the error it must give.
type Case = (fn(&mut RiskConfig), BulkheadError);

#[test]
fn each_violation_has_its_own_error() {
    use BulkheadError as E;
    assert!(valid().validate().is_ok());
    let cases: Vec<Case> = vec![
        (|p| p.initial_margin_bps = MIN_INITIAL_MARGIN_BPS - 1, E::InitialMarginOutOfRange),
        (|p| p.initial_margin_bps = 10_001, E::InitialMarginOutOfRange),
        (|p| p.maintenance_margin_bps = p.initial_margin_bps, E::MaintenanceMarginNotBelowInitial),
        (|p| p.maintenance_margin_bps = 0, E::MaintenanceMarginNotBelowInitial),
        (|p| p.liquidation_penalty_bps = p.maintenance_margin_bps, E::PenaltyNotBelowMaintenance),
        (|p| p.liquidation_penalty_bps = MIN_LIQUIDATION_PENALTY_BPS - 1, E::LiquidationPenaltyTooLow),
        (|p| p.liquidator_share_bps = MIN_LIQUIDATOR_SHARE_BPS - 1, E::LiquidatorShareOutOfRange),
        (|p| p.liquidator_share_bps = MAX_LIQUIDATOR_SHARE_BPS + 1, E::LiquidatorShareOutOfRange),
        (|p| p.liquidation_max_age_secs = 0, E::LiquidationAgeOutOfRange),
        (|p| p.liquidation_max_age_secs = MAX_LIQUIDATION_PRICE_AGE_SECS + 1, E::LiquidationAgeOutOfRange),
        (|p| p.liquidation_buffer_bps = MIN_LIQUIDATION_BUFFER_BPS - 1, E::LiquidationBufferOutOfRange),
        (
            |p| p.liquidation_buffer_bps = p.initial_margin_bps - p.maintenance_margin_bps + 1,
            E::LiquidationBufferOutOfRange,
        ),
        (|p| p.sponsor_unbonding_secs = MIN_SPONSOR_UNBONDING_SECS - 1, E::SponsorUnbondingOutOfRange),
        (|p| p.sponsor_unbonding_secs = MAX_SPONSOR_UNBONDING_SECS + 1, E::SponsorUnbondingOutOfRange),
        (|p| p.timelock_secs = MIN_TIMELOCK_SECS - 1, E::TimelockOutOfRange),
        (|p| p.timelock_secs = MAX_TIMELOCK_SECS + 1, E::TimelockOutOfRange),
        (|p| p.protocol_fee_share_bps = MAX_PROTOCOL_FEE_SHARE_BPS + 1, E::ProtocolFeeShareTooHigh),
        (|p| p.taker_fee_bps = MAX_TAKER_FEE_BPS + 1, E::TakerFeeTooHigh),
        (|p| p.oracle_max_conf_bps = 0, E::OracleConfidenceOutOfRange),
        (|p| p.oracle_max_conf_bps = MAX_ORACLE_CONF_BPS + 1, E::OracleConfidenceOutOfRange),
        (|p| p.oracle_reduce_max_conf_bps = p.oracle_max_conf_bps - 1, E::OracleConfidenceOutOfRange),
        (|p| p.oracle_conf_multiplier_bps = 0, E::ConfMultiplierOutOfRange),
        (|p| p.oracle_conf_multiplier_bps = MIN_CONF_MULTIPLIER_BPS - 1, E::ConfMultiplierOutOfRange),
        (|p| p.oracle_conf_multiplier_bps = MAX_CONF_MULTIPLIER_BPS + 1, E::ConfMultiplierOutOfRange),
        (|p| p.max_ema_deviation_bps = MIN_EMA_DEVIATION_BPS - 1, E::EmaDeviationOutOfRange),
        (|p| p.max_ema_deviation_bps = MAX_EMA_DEVIATION_BPS + 1, E::EmaDeviationOutOfRange),
        (|p| p.fresh_price_max_age_secs = 0, E::OracleStalenessOutOfRange),
        (|p| p.fresh_price_max_age_secs = MAX_FRESH_PRICE_AGE_SECS + 1, E::OracleStalenessOutOfRange),
        (|p| p.execution_delay_secs = 0, E::ExecutionDelayOutOfRange),
        (|p| p.execution_delay_secs = MAX_EXECUTION_DELAY_SECS + 1, E::ExecutionDelayOutOfRange),
        (|p| p.execution_window_secs = MIN_EXECUTION_WINDOW_SECS - 1, E::ExecutionWindowOutOfRange),
        (|p| p.execution_window_secs = MAX_EXECUTION_WINDOW_SECS + 1, E::ExecutionWindowOutOfRange),
        (|p| p.lp_withdraw_delay_secs = 0, E::LpWithdrawDelayOutOfRange),
        (|p| p.lp_withdraw_delay_secs = MIN_LP_WITHDRAW_DELAY_SECS - 1, E::LpWithdrawDelayOutOfRange),
        (|p| p.lp_withdraw_delay_secs = MAX_LP_WITHDRAW_DELAY_SECS + 1, E::LpWithdrawDelayOutOfRange),
        (|p| p.max_payoff_bps = MIN_MAX_PAYOFF_BPS - 1, E::MaxPayoffOutOfRange),
        (|p| p.max_payoff_bps = MAX_MAX_PAYOFF_BPS + 1, E::MaxPayoffOutOfRange),
        (|p| p.max_utilisation_bps = 1, E::UtilisationCeilingOutOfRange),
        (|p| p.max_utilisation_bps = MAX_UTILISATION_CEILING_BPS + 1, E::UtilisationCeilingOutOfRange),
        (|p| p.optimal_utilisation_bps = 0, E::BorrowCurveInvalid),
        (|p| p.optimal_utilisation_bps = 10_000, E::BorrowCurveInvalid),
        (|p| p.borrow_rate_base_bps_per_year = p.borrow_rate_max_bps_per_year, E::BorrowCurveInvalid),
        (|p| p.borrow_rate_optimal_bps_per_year = 1, E::BorrowCurveInvalid),
        (|p| p.borrow_rate_max_bps_per_year = MAX_RATE_BPS_PER_YEAR + 1, E::BorrowRateTooHigh),
        (|p| p.max_funding_rate_bps_per_year = MIN_FUNDING_RATE_BPS_PER_YEAR - 1, E::FundingRateOutOfRange),
        (|p| p.max_funding_rate_bps_per_year = MAX_RATE_BPS_PER_YEAR + 1, E::FundingRateOutOfRange),
        (|p| p.max_open_interest = 0, E::OpenInterestCapOutOfRange),
        (|p| p.max_open_interest = MAX_OPEN_INTEREST_LOTS + 1, E::OpenInterestCapOutOfRange),
        (|p| p.max_position_size = 0, E::MaxPositionSizeOutOfRange),
        (|p| p.max_position_size = p.max_open_interest + 1, E::MaxPositionSizeOutOfRange),
        (|p| p.min_position_size = 0, E::MinPositionSizeOutOfRange),
        (|p| p.min_position_size = p.max_position_size + 1, E::MinPositionSizeOutOfRange),
        (|p| p.impact_skew_scale = p.max_open_interest - 1, E::ImpactScaleOutOfRange),
        (
            |p| p.impact_skew_scale = p.max_open_interest * MAX_IMPACT_SCALE_MULTIPLE + 1,
            E::ImpactScaleOutOfRange,
        ),
        // A scale the impact math cannot carry (2 x scale beyond u64) would make every open fail.
        (
            |p| (p.max_open_interest, p.impact_skew_scale) = (1 << 60, MAX_IMPACT_SKEW_SCALE + 1),
            E::ImpactScaleOutOfRange,
        ),
        (|p| p.liquidation_reserve = 0, E::LiquidationReserveOutOfRange),
        (|p| p.gap_bps = MIN_GAP_BPS - 1, E::GapOutOfRange),
        (|p| p.gap_bps = 10_001, E::GapOutOfRange),
        // 200x (0.5% initial, 0.25% maintenance): a 2% gap turned a hedged pair into +$21,860.
        (|p| (p.initial_margin_bps, p.maintenance_margin_bps) = (50, 25), E::InitialMarginOutOfRange),
        (|p| p.gap_bps = p.maintenance_margin_bps + 1, E::MaintenanceBelowGap),
        // An impact scale at the open-interest cap: a close can pay 100% of its notional.
        (|p| p.impact_skew_scale = p.max_open_interest, E::MaintenanceBelowGap),
        (|p| p.sponsor_unbonding_secs = p.lp_withdraw_delay_secs.into(), E::SponsorUnbondingNotAboveLpDelay),
        (|p| p._padding = [0, 0, 1, 0], E::NonZeroPadding),
        (
            |p| p.timelock_secs = p.lp_withdraw_delay_secs + p.execution_window_secs,
            E::TimelockShorterThanExit,
        ),
    ];
    for (mutate, expected) in cases {
        let mut p = valid();
        mutate(&mut p);
        assert_eq!(code(p.validate()), 6000 + expected as u32, "{p:?}");
    }
}

#[test]
fn boundaries_are_inclusive_where_documented() {
    let mut p = valid();
    p.initial_margin_bps = 10_000;
    p.oracle_max_conf_bps = MAX_ORACLE_CONF_BPS;
    p.oracle_reduce_max_conf_bps = MAX_ORACLE_CONF_BPS;
    p.oracle_conf_multiplier_bps = MIN_CONF_MULTIPLIER_BPS;
    p.taker_fee_bps = MAX_TAKER_FEE_BPS;
    p.liquidation_penalty_bps = MIN_LIQUIDATION_PENALTY_BPS;
    p.liquidator_share_bps = MAX_LIQUIDATOR_SHARE_BPS;
    p.liquidation_max_age_secs = MAX_LIQUIDATION_PRICE_AGE_SECS;
    p.liquidation_buffer_bps = p.initial_margin_bps - p.maintenance_margin_bps;
    p.sponsor_unbonding_secs = MAX_SPONSOR_UNBONDING_SECS;
    p.timelock_secs = MAX_TIMELOCK_SECS;
    p.protocol_fee_share_bps = MAX_PROTOCOL_FEE_SHARE_BPS;
    p.execution_delay_secs = MIN_EXECUTION_DELAY_SECS;
    p.execution_window_secs = MAX_EXECUTION_WINDOW_SECS;
    p.lp_withdraw_delay_secs = MIN_LP_WITHDRAW_DELAY_SECS;
    p.max_payoff_bps = MAX_MAX_PAYOFF_BPS;
    p.max_utilisation_bps = MAX_UTILISATION_CEILING_BPS;
    p.borrow_rate_max_bps_per_year = MAX_RATE_BPS_PER_YEAR;
    // The largest cap whose impact scale can still be 1,000 times it (so a close pays at most
    // 10 bps of impact, which maintenance must cover with the gap), at the scale's ceiling.
    p.max_open_interest = MAX_OPEN_INTEREST_LOTS / MAX_IMPACT_SCALE_MULTIPLE;
    p.max_position_size = p.max_open_interest;
    p.min_position_size = p.max_position_size;
    p.impact_skew_scale = p.max_open_interest * MAX_IMPACT_SCALE_MULTIPLE;
    assert!(p.impact_skew_scale <= MAX_IMPACT_SKEW_SCALE);
    p.gap_bps = p.maintenance_margin_bps - p.max_impact_bps() as u32;
    assert!(p.validate().is_ok());
    // The shortest timelock an LP exit allows: one second longer than the default delay and window.
    let mut t = valid();
    t.timelock_secs = t.lp_withdraw_delay_secs + t.execution_window_secs + 1;
    assert!(t.validate().is_ok(), "{t:?}");
    // A strong impact scale needs maintenance for it: 5 x the cap, 20% of impact at most.
    let mut q = valid();
    (q.initial_margin_bps, q.liquidation_buffer_bps) = (10_000, MIN_LIQUIDATION_BUFFER_BPS);
    q.maintenance_margin_bps = 10_000 - MIN_LIQUIDATION_BUFFER_BPS;
    q.gap_bps = q.maintenance_margin_bps - 2_000;
    q.impact_skew_scale = q.max_open_interest * 5;
    assert_eq!(q.max_impact_bps(), 2_000);
    assert!(q.validate().is_ok(), "{q:?}");
    // The most leverage any pool has: 50x (2% initial), a 1% gap and the 10 bps of impact a close
    // can pay at the default scale, both covered by 1.1% maintenance.
    let mut p = valid();
    (p.initial_margin_bps, p.maintenance_margin_bps, p.gap_bps) = (MIN_INITIAL_MARGIN_BPS, 110, MIN_GAP_BPS);
    (p.liquidation_penalty_bps, p.liquidation_buffer_bps) = (50, 90);
    assert_eq!(p.max_impact_bps(), 10);
    assert!(p.validate().is_ok(), "{p:?}");
    p.maintenance_margin_bps = 109;
    assert_eq!(code(p.validate()), 6000 + BulkheadError::MaintenanceBelowGap as u32, "the impact counts");
}

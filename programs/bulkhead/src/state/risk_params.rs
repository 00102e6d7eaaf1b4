//! A pool's risk parameters, in their own account so that governance changes touch one small
//! account and a pool's parameters never affect another pool.

use crate::errors::BulkheadError;
use crate::math::BPS_DENOMINATOR_U32;
use anchor_lang::prelude::*;

/// Lowest allowed initial margin (bps): 50 bps = 200x maximum leverage.
pub const MIN_INITIAL_MARGIN_BPS: u32 = 50;
/// Highest allowed taker fee (bps): 5%.
pub const MAX_TAKER_FEE_BPS: u32 = 500;
/// Longest allowed oracle staleness bound (seconds).
pub const MAX_ORACLE_STALENESS_SECS: u32 = 600;
/// Widest allowed oracle confidence bound, confidence / price (bps): 10%.
pub const MAX_ORACLE_CONF_BPS: u32 = 1_000;
/// Largest allowed confidence multiplier k (bps of 1.0): k = 5.
pub const MAX_CONF_MULTIPLIER_BPS: u32 = 50_000;
/// Highest allowed borrow rate on open interest (bps per year): 100%.
pub const MAX_BORROW_RATE_BPS_PER_YEAR: u32 = 10_000;
/// Widest allowed skew spread (bps of price at a skew equal to the open-interest cap): 5%.
pub const MAX_SKEW_SPREAD_BPS: u32 = 500;
/// Longest allowed LP cooldown between adding and removing liquidity (seconds): 30 days.
pub const MAX_LP_COOLDOWN_SECS: u32 = 2_592_000;

/// A pool's risk limits: what `create_pool` takes (and, later, governance changes) and what the
/// pool's [`RiskParams`] account holds, byte for byte (`repr(C)`, no padding, so its Borsh encoding
/// in instruction data equals its zero-copy layout in the account).
///
/// Ratios are in bps (1/10_000). Sizes are in base lots of the product (`BASE_PRECISION` lots per
/// unit of the underlying, defined with the trading engine).
#[repr(C)]
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    bytemuck::Pod,
    bytemuck::Zeroable,
    AnchorSerialize,
    AnchorDeserialize,
    IdlType,
)]
pub struct RiskConfig {
    /// Margin required after a risk-increasing trade (bps of notional). Max leverage = 10_000 / this.
    pub initial_margin_bps: u32,
    /// Equity below this (bps of notional) makes the account liquidatable.
    pub maintenance_margin_bps: u32,
    /// Penalty charged on liquidation (bps of notional).
    pub liquidation_penalty_bps: u32,
    /// Liquidator's share of the penalty (bps of the penalty); the rest goes to the insurance fund.
    pub liquidator_share_bps: u32,
    /// Fee on traded notional (bps).
    pub taker_fee_bps: u32,
    /// Oldest acceptable price for risk-increasing actions (seconds).
    pub oracle_max_staleness_secs: u32,
    /// Widest acceptable confidence interval, confidence / price (bps).
    pub oracle_max_conf_bps: u32,
    /// k in "price +/- k * confidence" used for margin checks (bps of 1.0; 10_000 = k of 1).
    pub oracle_conf_multiplier_bps: u32,
    /// Oldest acceptable price for risk-reducing actions: reduce, close, liquidate (seconds);
    /// at least `oracle_max_staleness_secs`.
    pub oracle_reduce_staleness_secs: u32,
    /// Widest acceptable confidence for risk-reducing actions (bps); at least `oracle_max_conf_bps`.
    pub oracle_reduce_max_conf_bps: u32,
    /// Borrow rate every open position pays the pool's LPs on its notional (bps per year).
    pub borrow_rate_bps_per_year: u32,
    /// Spread added to the oracle price, in bps of price at a long/short skew equal to
    /// `max_open_interest`, scaled linearly with the skew after the trade; 0 = no spread.
    pub skew_spread_bps: u32,
    /// Time an LP must wait after its last `add_liquidity` before `remove_liquidity` (seconds).
    pub lp_cooldown_secs: u32,
    /// Share of the larger side's open-interest notional that LP capital must cover, and that LPs
    /// cannot withdraw (bps).
    pub reserve_ratio_bps: u32,
    /// Open-interest cap per side (base lots).
    pub max_open_interest: u64,
    /// Largest position one account may hold (base lots).
    pub max_position_size: u64,
    /// Smallest non-zero position (base lots), so no position is too small to liquidate.
    pub min_position_size: u64,
}

const _: () = assert!(core::mem::size_of::<RiskConfig>() == 80);

impl RiskConfig {
    /// Checks every bound, each violation with its own error:
    /// IM in [MIN_INITIAL_MARGIN_BPS, 100%], 0 < MM < IM, penalty < MM, liquidator share <= 100%,
    /// fee <= MAX_TAKER_FEE_BPS, OI cap > 0, 0 < max position <= OI cap,
    /// 0 < min position <= max position, staleness and confidence bounds within their limits.
    pub fn validate(&self) -> Result<()> {
        let bps = BPS_DENOMINATOR_U32;
        require!(
            self.initial_margin_bps >= MIN_INITIAL_MARGIN_BPS && self.initial_margin_bps <= bps,
            BulkheadError::InitialMarginOutOfRange
        );
        require!(
            self.maintenance_margin_bps > 0 && self.maintenance_margin_bps < self.initial_margin_bps,
            BulkheadError::MaintenanceMarginNotBelowInitial
        );
        require!(
            self.liquidation_penalty_bps < self.maintenance_margin_bps,
            BulkheadError::PenaltyNotBelowMaintenance
        );
        require!(self.liquidator_share_bps <= bps, BulkheadError::LiquidatorShareOutOfRange);
        require!(self.taker_fee_bps <= MAX_TAKER_FEE_BPS, BulkheadError::TakerFeeTooHigh);
        require!(self.max_open_interest > 0, BulkheadError::OpenInterestCapZero);
        require!(
            self.max_position_size > 0 && self.max_position_size <= self.max_open_interest,
            BulkheadError::MaxPositionSizeOutOfRange
        );
        require!(
            self.min_position_size > 0 && self.min_position_size <= self.max_position_size,
            BulkheadError::MinPositionSizeOutOfRange
        );
        require!(
            self.oracle_max_staleness_secs > 0 && self.oracle_max_staleness_secs <= MAX_ORACLE_STALENESS_SECS,
            BulkheadError::OracleStalenessOutOfRange
        );
        require!(
            self.oracle_max_conf_bps > 0 && self.oracle_max_conf_bps <= MAX_ORACLE_CONF_BPS,
            BulkheadError::OracleConfidenceOutOfRange
        );
        require!(
            self.oracle_conf_multiplier_bps <= MAX_CONF_MULTIPLIER_BPS,
            BulkheadError::ConfMultiplierOutOfRange
        );
        require!(
            self.oracle_reduce_staleness_secs >= self.oracle_max_staleness_secs
                && self.oracle_reduce_staleness_secs <= MAX_ORACLE_STALENESS_SECS,
            BulkheadError::OracleStalenessOutOfRange
        );
        require!(
            self.oracle_reduce_max_conf_bps >= self.oracle_max_conf_bps
                && self.oracle_reduce_max_conf_bps <= MAX_ORACLE_CONF_BPS,
            BulkheadError::OracleConfidenceOutOfRange
        );
        require!(
            self.borrow_rate_bps_per_year <= MAX_BORROW_RATE_BPS_PER_YEAR,
            BulkheadError::BorrowRateTooHigh
        );
        require!(self.skew_spread_bps <= MAX_SKEW_SPREAD_BPS, BulkheadError::SkewSpreadTooHigh);
        require!(self.lp_cooldown_secs <= MAX_LP_COOLDOWN_SECS, BulkheadError::LpCooldownOutOfRange);
        require!(
            self.reserve_ratio_bps > 0 && self.reserve_ratio_bps <= BPS_DENOMINATOR_U32,
            BulkheadError::ReserveRatioOutOfRange
        );
        Ok(())
    }
}

/// A pool's live risk parameters. PDA `["risk_params", pool]`.
#[account]
pub struct RiskParams {
    /// Layout version ([`super::CURRENT_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding0: [u8; 6],
    /// The pool these parameters govern.
    pub pool: Address,
    /// The limits in force, validated by [`RiskConfig::validate`].
    pub config: RiskConfig,
    /// Reserved for later parameters (timelock, governance) without a migration; always zero.
    pub _reserved: [u8; 128],
}

/// Serialized size including the 8-byte discriminator (bytes).
pub const RISK_PARAMS_SIZE: usize = super::account_size::<RiskParams>();
const _: () = assert!(RISK_PARAMS_SIZE == 256 && RISK_PARAMS_SIZE <= 1024);

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid parameter set: 10% IM (10x), 5% MM, 2% penalty.
    pub fn valid() -> RiskConfig {
        RiskConfig {
            initial_margin_bps: 1_000,
            maintenance_margin_bps: 500,
            liquidation_penalty_bps: 200,
            liquidator_share_bps: 5_000,
            taker_fee_bps: 10,
            oracle_max_staleness_secs: 60,
            oracle_max_conf_bps: 200,
            oracle_conf_multiplier_bps: 10_000,
            oracle_reduce_staleness_secs: 240,
            oracle_reduce_max_conf_bps: 400,
            borrow_rate_bps_per_year: 1_000,
            skew_spread_bps: 20,
            lp_cooldown_secs: 3_600,
            reserve_ratio_bps: 10_000,
            max_open_interest: 1_000_000,
            max_position_size: 100_000,
            min_position_size: 10,
        }
    }

    fn code(r: Result<()>) -> u32 {
        match r {
            Err(ProgramError::Custom(c)) => c,
            other => panic!("expected a custom error, got {other:?}"),
        }
    }

    #[test]
    fn each_violation_has_its_own_error() {
        assert!(valid().validate().is_ok());
        let cases: Vec<(fn(&mut RiskConfig), BulkheadError)> = vec![
            (|p| p.initial_margin_bps = MIN_INITIAL_MARGIN_BPS - 1, BulkheadError::InitialMarginOutOfRange),
            (|p| p.initial_margin_bps = 10_001, BulkheadError::InitialMarginOutOfRange),
            (
                |p| p.maintenance_margin_bps = p.initial_margin_bps,
                BulkheadError::MaintenanceMarginNotBelowInitial,
            ),
            (|p| p.maintenance_margin_bps = 0, BulkheadError::MaintenanceMarginNotBelowInitial),
            (
                |p| p.liquidation_penalty_bps = p.maintenance_margin_bps,
                BulkheadError::PenaltyNotBelowMaintenance,
            ),
            (|p| p.liquidator_share_bps = 10_001, BulkheadError::LiquidatorShareOutOfRange),
            (|p| p.taker_fee_bps = MAX_TAKER_FEE_BPS + 1, BulkheadError::TakerFeeTooHigh),
            (|p| p.max_open_interest = 0, BulkheadError::OpenInterestCapZero),
            (|p| p.max_position_size = p.max_open_interest + 1, BulkheadError::MaxPositionSizeOutOfRange),
            (|p| p.min_position_size = 0, BulkheadError::MinPositionSizeOutOfRange),
            (|p| p.min_position_size = p.max_position_size + 1, BulkheadError::MinPositionSizeOutOfRange),
            (|p| p.oracle_max_staleness_secs = 0, BulkheadError::OracleStalenessOutOfRange),
            (|p| p.oracle_max_conf_bps = MAX_ORACLE_CONF_BPS + 1, BulkheadError::OracleConfidenceOutOfRange),
            (
                |p| p.oracle_conf_multiplier_bps = MAX_CONF_MULTIPLIER_BPS + 1,
                BulkheadError::ConfMultiplierOutOfRange,
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
        p.oracle_max_staleness_secs = MAX_ORACLE_STALENESS_SECS;
        p.oracle_reduce_staleness_secs = MAX_ORACLE_STALENESS_SECS;
        p.oracle_max_conf_bps = MAX_ORACLE_CONF_BPS;
        p.oracle_reduce_max_conf_bps = MAX_ORACLE_CONF_BPS;
        p.taker_fee_bps = MAX_TAKER_FEE_BPS;
        p.liquidation_penalty_bps = 0;
        p.max_position_size = p.max_open_interest;
        p.min_position_size = p.max_position_size;
        assert!(p.validate().is_ok());
    }
}

//! A pool's risk parameters, in their own account so that governance changes touch one small
//! account and a pool's parameters never affect another pool.

use crate::errors::BulkheadError;
use crate::math::funding::BorrowCurve;
use crate::math::{checked, BPS_DENOMINATOR_U32};
use anchor_lang::prelude::*;

/// Lowest allowed initial margin (bps): 50 bps = 200x maximum leverage.
pub const MIN_INITIAL_MARGIN_BPS: u32 = 50;
/// Highest allowed taker fee (bps): 5%.
pub const MAX_TAKER_FEE_BPS: u32 = 500;
/// Widest allowed oracle confidence bound, confidence / price (bps): 10%.
pub const MAX_ORACLE_CONF_BPS: u32 = 1_000;
/// Smallest confidence multiplier k (bps of 1.0): fills and margin use at least one full band.
pub const MIN_CONF_MULTIPLIER_BPS: u32 = 10_000;
/// Largest confidence multiplier k (bps of 1.0): k = 5.
pub const MAX_CONF_MULTIPLIER_BPS: u32 = 50_000;
/// Tightest and widest bound on `|price - ema_price| / ema_price` for risk-increasing orders (bps).
pub const MIN_EMA_DEVIATION_BPS: u32 = 10;
/// See [`MIN_EMA_DEVIATION_BPS`].
pub const MAX_EMA_DEVIATION_BPS: u32 = 2_000;
/// Hard ceiling on the age of a print read in one step (a withdrawal with a position, a late
/// execution's second print, `refresh_price`) (seconds): a few seconds, so a reader chooses among
/// at most that many seconds of prints (fewer once a newer one has been shown to the pool).
pub const MAX_FRESH_PRICE_AGE_SECS: u32 = 10;
/// Floor and ceiling of the execution delay after a request (seconds).
pub const MIN_EXECUTION_DELAY_SECS: u32 = 1;
/// See [`MIN_EXECUTION_DELAY_SECS`].
pub const MAX_EXECUTION_DELAY_SECS: u32 = 30;
/// Floor and ceiling of the window after the pinned print in which a request can execute (seconds).
pub const MIN_EXECUTION_WINDOW_SECS: u32 = 5;
/// See [`MIN_EXECUTION_WINDOW_SECS`].
pub const MAX_EXECUTION_WINDOW_SECS: u32 = 300;
/// Floor and ceiling of the delay between an LP withdrawal request and its execution (seconds).
pub const MIN_LP_WITHDRAW_DELAY_SECS: u32 = 60;
/// See [`MIN_LP_WITHDRAW_DELAY_SECS`] (7 days).
pub const MAX_LP_WITHDRAW_DELAY_SECS: u32 = 604_800;
/// Smallest and largest payoff cap, bps of a position's entry notional (5% to 1,000%).
pub const MIN_MAX_PAYOFF_BPS: u32 = 500;
/// See [`MIN_MAX_PAYOFF_BPS`].
pub const MAX_MAX_PAYOFF_BPS: u32 = 100_000;
/// Highest utilisation (locked / LP capital) a risk-increasing order or an LP withdrawal may
/// leave (bps): at least 5% of LP capital stays free to pay funding.
pub const MAX_UTILISATION_CEILING_BPS: u32 = 9_500;
/// Lowest `max_utilisation_bps`, so a pool can take positions at all.
pub const MIN_UTILISATION_CEILING_BPS: u32 = 1_000;
/// Highest borrow or funding rate (bps per year): 1,000%.
pub const MAX_RATE_BPS_PER_YEAR: u32 = 100_000;
/// Lowest `max_funding_rate_bps_per_year` (1% a year), so funding always balances the book.
pub const MIN_FUNDING_RATE_BPS_PER_YEAR: u32 = 100;
/// Largest open-interest cap (lots), so every aggregate of lots fits in i64.
pub const MAX_OPEN_INTEREST_LOTS: u64 = 1 << 62;
/// Largest `impact_skew_scale` as a multiple of `max_open_interest` (weaker impact is off).
pub const MAX_IMPACT_SCALE_MULTIPLE: u64 = 1_000;
/// Largest `impact_skew_scale` the impact math carries (lots): `2 x scale` must fit in u64
/// (`math::impact::potential`).
pub const MAX_IMPACT_SKEW_SCALE: u64 = 1 << 62;
/// Hard ceiling on the age of the print a liquidation reads in one step (seconds); see
/// [`MAX_FRESH_PRICE_AGE_SECS`].
pub const MAX_LIQUIDATION_PRICE_AGE_SECS: u32 = 10;
/// Smallest liquidation buffer above maintenance (bps), so a partial liquidation is not undone by
/// the next tick.
pub const MIN_LIQUIDATION_BUFFER_BPS: u32 = 10;
/// Smallest liquidation penalty (bps of the closed notional), so liquidating always pays a keeper.
pub const MIN_LIQUIDATION_PENALTY_BPS: u32 = 10;
/// Smallest and largest liquidator share of the penalty (bps): keepers always earn something,
/// and at least 5% goes to the insurance fund, so a second wallet liquidating its owner's
/// account always gets less than the owner loses.
pub const MIN_LIQUIDATOR_SHARE_BPS: u32 = 1_000;
/// See [`MIN_LIQUIDATOR_SHARE_BPS`].
pub const MAX_LIQUIDATOR_SHARE_BPS: u32 = 9_500;
/// Floor and ceiling of the sponsor's unbonding delay (seconds): one hour to 90 days.
pub const MIN_SPONSOR_UNBONDING_SECS: u64 = 3_600;
/// See [`MIN_SPONSOR_UNBONDING_SECS`].
pub const MAX_SPONSOR_UNBONDING_SECS: u64 = 7_776_000;
/// Floor and ceiling of a pool's governance timelock (seconds): one hour to 14 days.
pub const MIN_TIMELOCK_SECS: u32 = 3_600;
/// See [`MIN_TIMELOCK_SECS`].
pub const MAX_TIMELOCK_SECS: u32 = 1_209_600;
/// Highest protocol share of the taker and borrow fees (bps of the fee): LPs keep at least half.
pub const MAX_PROTOCOL_FEE_SHARE_BPS: u32 = 5_000;

/// A pool's risk limits: what `create_pool` takes (and, later, governance changes) and what the
/// pool's [`RiskParams`] account holds, byte for byte (`repr(C)`, no padding, so its Borsh encoding
/// in instruction data equals its zero-copy layout in the account).
///
/// Ratios are in bps (1/10_000), rates in bps a year, times in seconds. Sizes are in the pool's
/// lots (`10^base_decimals` lots per unit of the underlying, fixed at creation).
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
    /// Equity below this (bps of notional, at the print's mid) makes the account liquidatable.
    pub maintenance_margin_bps: u32,
    /// Penalty charged on liquidation (bps of the closed notional at the fill price), capped by
    /// the account's equity.
    pub liquidation_penalty_bps: u32,
    /// Liquidator's share of the penalty (bps of the penalty, rounded down); the rest goes to the
    /// insurance fund.
    pub liquidator_share_bps: u32,
    /// Fee on traded notional (bps), paid to LP capital.
    pub taker_fee_bps: u32,
    /// Widest confidence, confidence / price (bps), for risk-increasing orders, LP flows and
    /// one-step reads.
    pub oracle_max_conf_bps: u32,
    /// Widest confidence for orders that only reduce risk (bps); at least `oracle_max_conf_bps`.
    pub oracle_reduce_max_conf_bps: u32,
    /// k in "price +/- k * confidence" for fills, margin and the LP NAVs (bps of 1.0; >= 1.0).
    pub oracle_conf_multiplier_bps: u32,
    /// Largest `|price - ema_price| / ema_price` of a print a risk-increasing order or a one-step
    /// read may use (bps).
    pub max_ema_deviation_bps: u32,
    /// Oldest print a one-step read accepts (seconds): a withdrawal with a position, a late
    /// execution's second print, `refresh_price` (at most [`MAX_FRESH_PRICE_AGE_SECS`]).
    pub fresh_price_max_age_secs: u32,
    /// A request executes at the first print at or after `max(request_time, the pool's newest print)
    /// + execution_delay_secs` (seconds; stored in the request when it is made).
    pub execution_delay_secs: u32,
    /// A request must execute within this long after its target time, or it expires (seconds).
    pub execution_window_secs: u32,
    /// An LP withdrawal executes at the first print at or after `max(request_time, the pool's newest
    /// print) + this` (seconds; stored in the request when it is made).
    pub lp_withdraw_delay_secs: u32,
    /// A position's profit is capped at this share of its entry notional (bps), and that much LP
    /// capital is locked for it.
    pub max_payoff_bps: u32,
    /// Highest utilisation (locked / LP capital, bps) a risk-increasing order or an LP withdrawal
    /// may leave.
    pub max_utilisation_bps: u32,
    /// The borrow curve's kink (bps of utilisation).
    pub optimal_utilisation_bps: u32,
    /// Borrow rate on locked capital at zero utilisation (bps a year).
    pub borrow_rate_base_bps_per_year: u32,
    /// Borrow rate at the optimal utilisation (bps a year).
    pub borrow_rate_optimal_bps_per_year: u32,
    /// Borrow rate at 100% utilisation (bps a year).
    pub borrow_rate_max_bps_per_year: u32,
    /// Funding rate the heavier side pays when the other side is empty (bps a year); it scales
    /// with the skew of entry notionals.
    pub max_funding_rate_bps_per_year: u32,
    /// Oldest print a liquidation accepts (seconds; at most [`MAX_LIQUIDATION_PRICE_AGE_SECS`]).
    pub liquidation_max_age_secs: u32,
    /// A partial liquidation closes just enough that equity after its penalty is at least
    /// maintenance + this buffer of the remaining notional (bps).
    pub liquidation_buffer_bps: u32,
    /// Delay between `propose_params` and the earliest `apply_params` of a change that is not
    /// risk-reducing (seconds; in [[`MIN_TIMELOCK_SECS`], [`MAX_TIMELOCK_SECS`]]). Lengthening it
    /// applies at once; shortening it waits for the timelock in force.
    pub timelock_secs: u32,
    /// The protocol's share of every taker and borrow fee (bps of the fee, rounded down, so the
    /// LPs get the rounding); it accrues to `PoolBook::protocol_fees`, which `collect_fees` pays out.
    pub protocol_fee_share_bps: u32,
    /// Open-interest cap per side (lots).
    pub max_open_interest: u64,
    /// Largest position one account may hold (lots).
    pub max_position_size: u64,
    /// Smallest non-zero position (lots), so no position is too small to liquidate.
    pub min_position_size: u64,
    /// Skew (lots) at which price impact reaches 100%: taking the skew from 0 to this costs half
    /// its notional (see `math::impact`).
    pub impact_skew_scale: u64,
    /// Delay between the sponsor's unbonding request and the withdrawal of that first-loss
    /// capital (seconds); the capital keeps absorbing losses meanwhile.
    pub sponsor_unbonding_secs: u64,
    /// What every position sets aside from its collateral when it opens, for its own liquidation
    /// (collateral units, >= 1): the liquidator's floor. A liquidation that closes the position
    /// pays the liquidator all of it on top of its share of the penalty, so a bankrupt or small
    /// account is worth liquidating; a partial one closes at least enough that its share of the
    /// penalty is this much (`engine::liquidation`). A close returns it to the collateral. Each
    /// position keeps the reserve it posted (`MarginAccount::liquidation_reserve`): a change
    /// applies to positions opened after it.
    pub liquidation_reserve: u64,
}

const _: () = assert!(core::mem::size_of::<RiskConfig>() == 144);

/// `lo <= value <= hi`, or `err`.
fn require_within<T: PartialOrd>(value: T, lo: T, hi: T, err: BulkheadError) -> Result<()> {
    if lo <= value && value <= hi {
        Ok(())
    } else {
        Err(err.into())
    }
}

impl RiskConfig {
    /// Checks every bound, each violation with its own error. Every protection has a floor: no
    /// setting switches off band-edge fills (k >= 1), the LP withdrawal delay, the execution delay
    /// and window, the EMA bound, the payoff cap, the utilisation ceiling, the rising borrow curve,
    /// skew funding or price impact. Caps keep every lot aggregate below 2^62.
    pub fn validate(&self) -> Result<()> {
        let bps = BPS_DENOMINATOR_U32;
        use BulkheadError as E;
        require_within(self.initial_margin_bps, MIN_INITIAL_MARGIN_BPS, bps, E::InitialMarginOutOfRange)?;
        require!(
            self.maintenance_margin_bps > 0 && self.maintenance_margin_bps < self.initial_margin_bps,
            E::MaintenanceMarginNotBelowInitial
        );
        require!(self.liquidation_penalty_bps < self.maintenance_margin_bps, E::PenaltyNotBelowMaintenance);
        require!(self.liquidation_penalty_bps >= MIN_LIQUIDATION_PENALTY_BPS, E::LiquidationPenaltyTooLow);
        require_within(
            self.liquidator_share_bps,
            MIN_LIQUIDATOR_SHARE_BPS,
            MAX_LIQUIDATOR_SHARE_BPS,
            E::LiquidatorShareOutOfRange,
        )?;
        require!(self.taker_fee_bps <= MAX_TAKER_FEE_BPS, E::TakerFeeTooHigh);
        require_within(self.oracle_max_conf_bps, 1, MAX_ORACLE_CONF_BPS, E::OracleConfidenceOutOfRange)?;
        require_within(
            self.oracle_reduce_max_conf_bps,
            self.oracle_max_conf_bps,
            MAX_ORACLE_CONF_BPS,
            E::OracleConfidenceOutOfRange,
        )?;
        require_within(
            self.oracle_conf_multiplier_bps,
            MIN_CONF_MULTIPLIER_BPS,
            MAX_CONF_MULTIPLIER_BPS,
            E::ConfMultiplierOutOfRange,
        )?;
        require_within(
            self.max_ema_deviation_bps,
            MIN_EMA_DEVIATION_BPS,
            MAX_EMA_DEVIATION_BPS,
            E::EmaDeviationOutOfRange,
        )?;
        require_within(
            self.fresh_price_max_age_secs,
            1,
            MAX_FRESH_PRICE_AGE_SECS,
            E::OracleStalenessOutOfRange,
        )?;
        require_within(
            self.execution_delay_secs,
            MIN_EXECUTION_DELAY_SECS,
            MAX_EXECUTION_DELAY_SECS,
            E::ExecutionDelayOutOfRange,
        )?;
        require_within(
            self.execution_window_secs,
            MIN_EXECUTION_WINDOW_SECS,
            MAX_EXECUTION_WINDOW_SECS,
            E::ExecutionWindowOutOfRange,
        )?;
        require_within(
            self.lp_withdraw_delay_secs,
            MIN_LP_WITHDRAW_DELAY_SECS,
            MAX_LP_WITHDRAW_DELAY_SECS,
            E::LpWithdrawDelayOutOfRange,
        )?;
        require_within(self.max_payoff_bps, MIN_MAX_PAYOFF_BPS, MAX_MAX_PAYOFF_BPS, E::MaxPayoffOutOfRange)?;
        self.validate_utilisation_curve()?;
        require_within(
            self.max_funding_rate_bps_per_year,
            MIN_FUNDING_RATE_BPS_PER_YEAR,
            MAX_RATE_BPS_PER_YEAR,
            E::FundingRateOutOfRange,
        )?;
        self.validate_liquidation()?;
        require_within(self.max_open_interest, 1, MAX_OPEN_INTEREST_LOTS, E::OpenInterestCapOutOfRange)?;
        require_within(self.max_position_size, 1, self.max_open_interest, E::MaxPositionSizeOutOfRange)?;
        require_within(self.min_position_size, 1, self.max_position_size, E::MinPositionSizeOutOfRange)?;
        require_within(
            self.impact_skew_scale,
            self.max_open_interest,
            checked::mul(self.max_open_interest, MAX_IMPACT_SCALE_MULTIPLE)
                .unwrap_or(u64::MAX)
                .min(MAX_IMPACT_SKEW_SCALE),
            E::ImpactScaleOutOfRange,
        )?;
        require_within(
            self.sponsor_unbonding_secs,
            MIN_SPONSOR_UNBONDING_SECS,
            MAX_SPONSOR_UNBONDING_SECS,
            E::SponsorUnbondingOutOfRange,
        )?;
        require_within(self.timelock_secs, MIN_TIMELOCK_SECS, MAX_TIMELOCK_SECS, E::TimelockOutOfRange)?;
        require!(self.protocol_fee_share_bps <= MAX_PROTOCOL_FEE_SHARE_BPS, E::ProtocolFeeShareTooHigh);
        require!(self.liquidation_reserve >= 1, E::LiquidationReserveOutOfRange);
        Ok(())
    }

    /// The liquidation price age in [1, MAX_LIQUIDATION_PRICE_AGE_SECS] and the buffer in
    /// [MIN_LIQUIDATION_BUFFER_BPS, initial - maintenance]: a liquidation never asks for more than
    /// initial margin.
    fn validate_liquidation(&self) -> Result<()> {
        use BulkheadError as E;
        require_within(
            self.liquidation_max_age_secs,
            1,
            MAX_LIQUIDATION_PRICE_AGE_SECS,
            E::LiquidationAgeOutOfRange,
        )?;
        require_within(
            self.liquidation_buffer_bps,
            MIN_LIQUIDATION_BUFFER_BPS,
            self.initial_margin_bps - self.maintenance_margin_bps, // maintenance < initial: checked first
            E::LiquidationBufferOutOfRange,
        )
    }

    /// The utilisation ceiling and the borrow curve: `0 < kink < 100%`, ceiling in
    /// [MIN_UTILISATION_CEILING_BPS, MAX_UTILISATION_CEILING_BPS], and rates that never fall and do
    /// rise (`base <= optimal <= max <= MAX_RATE_BPS_PER_YEAR`, `base < max`).
    fn validate_utilisation_curve(&self) -> Result<()> {
        use BulkheadError as E;
        require_within(
            self.max_utilisation_bps,
            MIN_UTILISATION_CEILING_BPS,
            MAX_UTILISATION_CEILING_BPS,
            E::UtilisationCeilingOutOfRange,
        )?;
        require_within(self.optimal_utilisation_bps, 1, BPS_DENOMINATOR_U32 - 1, E::BorrowCurveInvalid)?;
        require!(
            self.borrow_rate_base_bps_per_year <= self.borrow_rate_optimal_bps_per_year
                && self.borrow_rate_optimal_bps_per_year <= self.borrow_rate_max_bps_per_year
                && self.borrow_rate_base_bps_per_year < self.borrow_rate_max_bps_per_year,
            E::BorrowCurveInvalid
        );
        require!(self.borrow_rate_max_bps_per_year <= MAX_RATE_BPS_PER_YEAR, E::BorrowRateTooHigh);
        Ok(())
    }

    /// The borrow curve in the form `math::funding` takes.
    pub fn borrow_curve(&self) -> BorrowCurve {
        BorrowCurve {
            base_bps: self.borrow_rate_base_bps_per_year,
            optimal_bps: self.borrow_rate_optimal_bps_per_year,
            max_bps: self.borrow_rate_max_bps_per_year,
            optimal_utilisation_bps: self.optimal_utilisation_bps,
        }
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
    /// The change `propose_params` queued, if any (see `state::governance`).
    pub pending: super::PendingChange,
    /// Reserved for later parameters without a migration; always zero.
    pub _reserved: [u8; 48],
}

/// Serialized size including the 8-byte discriminator (bytes).
pub const RISK_PARAMS_SIZE: usize = super::account_size::<RiskParams>();
const _: () = assert!(RISK_PARAMS_SIZE == 448 && RISK_PARAMS_SIZE <= 1024);

/// A valid parameter set for host tests: 10% IM (10x), 5% MM, 2% penalty.
#[cfg(test)]
pub(crate) fn test_config() -> RiskConfig {
    tests::valid()
}

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
            protocol_fee_share_bps: 1_000,
            max_open_interest: 1_000_000,
            max_position_size: 100_000,
            min_position_size: 10,
            impact_skew_scale: 10_000_000,
            sponsor_unbonding_secs: 86_400,
            liquidation_reserve: 1_000_000,
        }
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
            (
                |p| p.liquidation_max_age_secs = MAX_LIQUIDATION_PRICE_AGE_SECS + 1,
                E::LiquidationAgeOutOfRange,
            ),
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
            (
                |p| p.max_funding_rate_bps_per_year = MIN_FUNDING_RATE_BPS_PER_YEAR - 1,
                E::FundingRateOutOfRange,
            ),
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
        p.max_open_interest = MAX_OPEN_INTEREST_LOTS;
        p.max_position_size = p.max_open_interest;
        p.min_position_size = p.max_position_size;
        p.impact_skew_scale = p.max_open_interest;
        assert!(p.validate().is_ok());
    }
}

//! [`RiskConfig`]: a pool's risk limits, and the validation every creation and governance change
//! passes.

use super::bounds::*;
use crate::errors::BulkheadError;
use crate::math::funding::BorrowCurve;
use crate::math::{checked, BPS_DENOMINATOR_U32};
use anchor_lang::prelude::*;

/// A pool's risk limits: what `create_pool` takes (and, later, governance changes) and what the
/// pool's [`RiskParams`](crate::state::RiskParams) account holds, byte for byte (`repr(C)`, no padding, so its Borsh encoding
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
    /// The largest move of the price between two prints a keeper can act on that the pool is built
    /// to absorb without bad debt (bps of the price; in [[`MIN_GAP_BPS`], 10_000]). Maintenance
    /// margin must cover it and the most impact a close can pay
    /// (`maintenance_margin_bps >= gap_bps + max_impact_bps()`): an account above maintenance at
    /// one print then has equity left for its close's impact at any print within the gap of it, so a hedged pair of
    /// wallets (a long and a short, one of which a gap bankrupts) gains nothing from a gap up to
    /// this, and beyond it at most `(min(gap, max_payoff) - maintenance)` of its notional
    /// (`docs/design.md`, "Leverage and gaps"). Maximum leverage is below `10_000 / gap_bps`.
    pub gap_bps: u32,
    /// Explicit padding to 8-byte alignment; always zero (`NonZeroPadding`).
    pub _padding: [u8; 4],
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

const _: () = assert!(core::mem::size_of::<RiskConfig>() == 152);

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
        require_within(self.gap_bps, MIN_GAP_BPS, bps, E::GapOutOfRange)?;
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
        // A sponsor who sees a loss coming cannot leave before the LPs can, even across an
        // exit-pause episode (issue 15): an LP who reacts to the unbond request still has a
        // whole exit (delay and execution window) of the unbonding delay outside any pause.
        require!(
            self.sponsor_unbonding_secs
                > u64::from(self.lp_withdraw_delay_secs)
                    + u64::from(self.execution_window_secs)
                    + crate::state::pause::EXIT_PAUSE_BUDGET_SECS as u64,
            E::SponsorUnbondingNotAboveLpDelay
        );
        require_within(self.timelock_secs, MIN_TIMELOCK_SECS, MAX_TIMELOCK_SECS, E::TimelockOutOfRange)?;
        // An LP who disagrees with a queued change can always leave before it applies (issue 15):
        // a withdrawal requested when the change is proposed executes by its target plus the
        // execution window, before the timelock ends.
        require!(
            u64::from(self.timelock_secs)
                > u64::from(self.lp_withdraw_delay_secs) + u64::from(self.execution_window_secs),
            E::TimelockShorterThanExit
        );
        require!(self.protocol_fee_share_bps <= MAX_PROTOCOL_FEE_SHARE_BPS, E::ProtocolFeeShareTooHigh);
        // After the caps and the impact scale are known to be in range.
        require!(
            u64::from(self.maintenance_margin_bps) >= u64::from(self.gap_bps) + self.max_impact_bps(),
            E::MaintenanceBelowGap
        );
        require!(self.liquidation_reserve >= 1, E::LiquidationReserveOutOfRange);
        require!(self._padding == [0; 4], E::NonZeroPadding);
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

    /// The most price impact any close can pay, bps of its notional, rounded up: the marginal
    /// impact at a skew of the open-interest cap, `ceil(10_000 x max_open_interest /
    /// impact_skew_scale)` (a close of `s` lots from a skew `K` pays `(K + s/2) / scale` of its
    /// notional, and `K + s` is at most the cap). Maintenance must cover it on top of the gap, so a
    /// liquidation within the gap assumption always pays its own impact (`engine::liquidation`).
    pub fn max_impact_bps(&self) -> u64 {
        checked::mul_div_ceil(self.max_open_interest, 10_000, self.impact_skew_scale.max(1))
            .unwrap_or(u64::MAX)
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

//! The bounds [`super::RiskConfig::validate`] holds every pool's parameters to: the floors no
//! setting can switch a protection off below, and the ceilings that keep every aggregate in range.

/// Lowest allowed initial margin (bps): 200 bps = 50x maximum leverage (issue 14: maintenance
/// must cover the pool's gap assumption, at least [`MIN_GAP_BPS`], and sit below initial margin).
pub const MIN_INITIAL_MARGIN_BPS: u32 = 200;
/// Smallest gap assumption (bps of the price): no pool may assume its price never moves more than
/// 1% between two prints a keeper can act on.
pub const MIN_GAP_BPS: u32 = 100;
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

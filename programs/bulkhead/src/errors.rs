//! Every way a bulkhead instruction refuses input. Codes start at 6000 (Anchor's offset) and are
//! part of the program's interface: never reorder, only append. Since codes are appended as the
//! program grows, one topic's codes are spread out; this index groups them (the section comments
//! in the enum mark where each run of one topic starts).
//!
//! | topic | codes |
//! |---|---|
//! | arithmetic and dust | 6000, 6001, 6044, 6067 |
//! | risk parameters (`RiskConfig::validate`) | 6002-6012, 6026, 6057-6066, 6073-6075, 6080-6082, 6100-6104, 6108 |
//! | pool creation | 6013-6015, 6055, 6056 |
//! | accounts, signers and tokens | 6016-6022, 6071, 6076, 6083, 6084, 6089, 6094, 6105-6107 |
//! | margin and positions | 6023, 6024, 6039-6043, 6048, 6068, 6070 |
//! | oracle prints | 6030-6037, 6054, 6097, 6098 |
//! | requests and execution | 6038, 6049-6053, 6069 |
//! | LP flows, sponsor and insurance | 6045, 6047, 6077-6079, 6095, 6096 |
//! | governance and pauses | 6072, 6085-6088, 6090-6093 |
//! | settlement | 6099 |
//! | retired (never raised, kept so no code is reused) | 6007, 6025, 6027-6029, 6046 |

use anchor_lang::prelude::*;

/// Typed errors of the bulkhead program (`Custom(6000 + index)`).
#[error_code]
pub enum BulkheadError {
    // ---- arithmetic and dust
    /// 6000: checked integer arithmetic overflowed or underflowed.
    #[msg("arithmetic overflow")]
    MathOverflow,
    /// 6001: an amount of zero (dust) was given where a positive amount is required.
    #[msg("amount must be greater than zero")]
    ZeroAmount,
    // ---- risk parameters
    /// 6002: initial margin outside [MIN_INITIAL_MARGIN_BPS, BPS_DENOMINATOR].
    #[msg("initial margin ratio out of range")]
    InitialMarginOutOfRange,
    /// 6003: maintenance margin must be > 0 and < initial margin.
    #[msg("maintenance margin must be positive and below initial margin")]
    MaintenanceMarginNotBelowInitial,
    /// 6004: liquidation penalty must be below maintenance margin.
    #[msg("liquidation penalty must be below maintenance margin")]
    PenaltyNotBelowMaintenance,
    /// 6005: liquidator share of the penalty outside [MIN_LIQUIDATOR_SHARE_BPS,
    /// MAX_LIQUIDATOR_SHARE_BPS].
    #[msg("liquidator share of the penalty out of range")]
    LiquidatorShareOutOfRange,
    /// 6006: taker fee above MAX_TAKER_FEE_BPS.
    #[msg("taker fee too high")]
    TakerFeeTooHigh,
    /// 6007: no longer raised (see OpenInterestCapOutOfRange).
    #[msg("open-interest cap must be positive")]
    OpenInterestCapZero,
    /// 6008: max position size zero or above the open-interest cap.
    #[msg("max position size must be positive and within the open-interest cap")]
    MaxPositionSizeOutOfRange,
    /// 6009: min position size zero or above the max position size.
    #[msg("min position size must be positive and within the max position size")]
    MinPositionSizeOutOfRange,
    /// 6010: the one-step print age bound is outside [1, MAX_FRESH_PRICE_AGE_SECS].
    #[msg("oracle staleness bound out of range")]
    OracleStalenessOutOfRange,
    /// 6011: oracle confidence bound outside [1, MAX_ORACLE_CONF_BPS].
    #[msg("oracle confidence bound out of range")]
    OracleConfidenceOutOfRange,
    /// 6012: confidence multiplier k outside [MIN_CONF_MULTIPLIER_BPS, MAX_CONF_MULTIPLIER_BPS].
    #[msg("oracle confidence multiplier out of range")]
    ConfMultiplierOutOfRange,
    // ---- pool creation
    /// 6013: the Pyth feed id is all zeros.
    #[msg("oracle feed id must not be zero")]
    InvalidFeedId,
    /// 6014: the pool authority or sponsor is the default (all-zero) address.
    #[msg("pool authority and sponsor must not be the default address")]
    InvalidAuthority,
    /// 6015: the collateral mint is not an initialized SPL Token mint of at most 9 decimals.
    #[msg("collateral mint is not an initialized SPL Token mint")]
    InvalidMint,
    // ---- accounts, signers and tokens
    /// 6016: an account that belongs to another pool was passed.
    #[msg("account belongs to another pool")]
    WrongPool,
    /// 6017: the vault passed is not this pool's vault.
    #[msg("not this pool's vault")]
    WrongVault,
    /// 6018: the vault authority passed is not this pool's vault authority.
    #[msg("not this pool's vault authority")]
    WrongVaultAuthority,
    /// 6019: the signer does not own the margin account.
    #[msg("signer does not own the margin account")]
    WrongOwner,
    /// 6020: the token account is not an initialized SPL Token account.
    #[msg("not an initialized SPL Token account")]
    InvalidTokenAccount,
    /// 6021: the token account holds another mint than the pool's collateral.
    #[msg("token account mint differs from the pool's collateral mint")]
    TokenMintMismatch,
    /// 6022: the user's token account is not owned by the signer.
    #[msg("token account is not owned by the signer")]
    TokenOwnerMismatch,
    // ---- margin
    /// 6023: withdrawal larger than the account's free collateral.
    #[msg("insufficient free collateral")]
    InsufficientCollateral,
    /// 6024: the margin account still holds collateral or a position.
    #[msg("margin account is not empty")]
    MarginAccountNotEmpty,
    /// 6025: no longer raised: `attest_solvency` turns a pool whose vault is short reduce-only
    /// (see PoolReduceOnly).
    #[msg("vault balance below the pool's book total")]
    VaultShort,
    /// 6026: the borrow curve's maximum rate is above MAX_RATE_BPS_PER_YEAR.
    #[msg("borrow rate too high")]
    BorrowRateTooHigh,
    /// 6027: no longer raised (the skew spread was replaced by price impact in v0.2).
    #[msg("skew spread too high")]
    SkewSpreadTooHigh,
    /// 6028: no longer raised (the per-wallet LP cooldown was replaced by the withdrawal delay).
    #[msg("LP cooldown out of range")]
    LpCooldownOutOfRange,
    /// 6029: no longer raised (the open-interest reserve was replaced by payoff locks).
    #[msg("reserve ratio out of range")]
    ReserveRatioOutOfRange,
    // ---- oracle prints
    /// 6030: the price account is not owned by the Pyth receiver program.
    #[msg("price account not owned by the Pyth receiver")]
    OracleWrongOwner,
    /// 6031: the price account is not a PriceUpdateV2.
    #[msg("price account is not a PriceUpdateV2")]
    OracleInvalidAccount,
    /// 6032: the price update is only partially verified.
    #[msg("price update not fully verified")]
    OracleNotFullyVerified,
    /// 6033: the price update is for another feed than the pool's.
    #[msg("price update for another feed")]
    OracleWrongFeed,
    /// 6034: price not positive or exponent outside [MIN_PYTH_EXPONENT, 0].
    #[msg("invalid oracle price or exponent")]
    OracleInvalidPrice,
    /// 6035: a one-step read's print is older than `fresh_price_max_age_secs`.
    #[msg("oracle price is stale")]
    OracleStale,
    /// 6036: confidence / price above the action's bound.
    #[msg("oracle confidence too wide")]
    OracleConfidenceTooWide,
    /// 6037: a one-step read's publish_time is older than a price this pool already used.
    #[msg("oracle publish time went backwards")]
    OraclePublishTimeRegressed,
    // ---- execution, open interest and LP amounts
    /// 6038: execution price or LP amount worse than the caller's bound.
    #[msg("slippage bound exceeded")]
    SlippageExceeded,
    /// 6039: the side's open interest would exceed its cap.
    #[msg("open-interest cap exceeded")]
    OpenInterestCapExceeded,
    /// 6040: the position would exceed max_position_size.
    #[msg("position too large")]
    PositionTooLarge,
    /// 6041: a non-zero position below min_position_size.
    #[msg("position below the minimum size")]
    PositionTooSmall,
    /// 6042: equity below initial margin after a risk-increasing action.
    #[msg("initial margin requirement not met")]
    InitialMarginViolated,
    /// 6043: free LP capital cannot cover the payoff lock or the withdrawal within the utilisation
    /// ceiling.
    #[msg("insufficient LP liquidity")]
    InsufficientLiquidity,
    /// 6044: the LP amount would mint or redeem zero.
    #[msg("amount too small: zero LP shares or zero collateral")]
    ZeroShares,
    /// 6045: first LP deposit below MIN_FIRST_LP_DEPOSIT.
    #[msg("first LP deposit too small")]
    FirstDepositTooSmall,
    /// 6046: no longer raised (the per-wallet LP cooldown was replaced by the withdrawal delay).
    #[msg("LP cooldown still active")]
    LpCooldownActive,
    /// 6047: LP NAV is zero or negative.
    #[msg("pool NAV is not positive")]
    PoolInsolvent,
    /// 6048: the margin account still holds a position.
    #[msg("margin account has an open position")]
    PositionOpen,
    // ---- requests
    /// 6049: the account already has a pending request.
    #[msg("a request is already pending")]
    RequestPending,
    /// 6050: the account has no pending request of this kind.
    #[msg("no pending request")]
    NoPendingRequest,
    /// 6051: the price account is not the request's pinned print (the first print at or after
    /// request time + execution delay: prev_publish_time < target <= publish_time).
    #[msg("not the request's pinned print")]
    OracleNotPinnedPrint,
    /// 6052: the request's execution window has passed; it can only be expired.
    #[msg("request expired")]
    RequestExpired,
    /// 6053: the request can be cancelled only by its owner before its target time, or by anyone
    /// once it has expired.
    #[msg("request cannot be cancelled now")]
    RequestNotCancellable,
    /// 6054: the print is further from Pyth's EMA price than `max_ema_deviation_bps`.
    #[msg("oracle price too far from its EMA")]
    OracleEmaDeviation,
    // ---- creation bounds and risk parameters
    /// 6055: at creation the pool's price (program units) is outside [MIN_CREATION_PRICE,
    /// MAX_CREATION_PRICE]: choose another `base_decimals`.
    #[msg("price resolution out of range for this lot size")]
    PriceResolutionOutOfRange,
    /// 6056: `base_decimals` outside [MIN_BASE_DECIMALS, MAX_BASE_DECIMALS].
    #[msg("base decimals out of range")]
    BaseDecimalsOutOfRange,
    /// 6057: EMA deviation bound outside [MIN_EMA_DEVIATION_BPS, MAX_EMA_DEVIATION_BPS].
    #[msg("EMA deviation bound out of range")]
    EmaDeviationOutOfRange,
    /// 6058: execution delay outside [MIN_EXECUTION_DELAY_SECS, MAX_EXECUTION_DELAY_SECS].
    #[msg("execution delay out of range")]
    ExecutionDelayOutOfRange,
    /// 6059: execution window outside [MIN_EXECUTION_WINDOW_SECS, MAX_EXECUTION_WINDOW_SECS].
    #[msg("execution window out of range")]
    ExecutionWindowOutOfRange,
    /// 6060: LP withdrawal delay outside [MIN_LP_WITHDRAW_DELAY_SECS, MAX_LP_WITHDRAW_DELAY_SECS].
    #[msg("LP withdrawal delay out of range")]
    LpWithdrawDelayOutOfRange,
    /// 6061: payoff cap outside [MIN_MAX_PAYOFF_BPS, MAX_MAX_PAYOFF_BPS].
    #[msg("payoff cap out of range")]
    MaxPayoffOutOfRange,
    /// 6062: utilisation ceiling outside [MIN_UTILISATION_CEILING_BPS, MAX_UTILISATION_CEILING_BPS].
    #[msg("utilisation ceiling out of range")]
    UtilisationCeilingOutOfRange,
    /// 6063: the borrow curve's kink is not strictly inside (0, 100%), or its rates fall or do
    /// not rise.
    #[msg("borrow curve invalid")]
    BorrowCurveInvalid,
    /// 6064: funding rate outside [MIN_FUNDING_RATE_BPS_PER_YEAR, MAX_RATE_BPS_PER_YEAR].
    #[msg("funding rate out of range")]
    FundingRateOutOfRange,
    /// 6065: open-interest cap outside [1, MAX_OPEN_INTEREST_LOTS].
    #[msg("open-interest cap out of range")]
    OpenInterestCapOutOfRange,
    /// 6066: impact skew scale outside [max_open_interest, MAX_IMPACT_SCALE_MULTIPLE x that].
    #[msg("impact skew scale out of range")]
    ImpactScaleOutOfRange,
    // ---- book caps, reduce-only and liquidation
    /// 6067: the deposit would take the pool's book total above MAX_BOOK_TOTAL.
    #[msg("pool deposit cap exceeded")]
    PoolCapExceeded,
    /// 6068: a reduce-only order found no position to reduce.
    #[msg("nothing to reduce")]
    NothingToReduce,
    /// 6069: the requester's account does not hold the request's tip above its rent (fund it with a
    /// System transfer in the same transaction).
    #[msg("execution tip not funded")]
    TipNotFunded,
    /// 6070: the account's equity is at or above maintenance margin at the print's mid (or it is
    /// flat).
    #[msg("account is not liquidatable")]
    NotLiquidatable,
    /// 6071: the liquidator is the account's owner.
    #[msg("an owner cannot liquidate their own account")]
    CannotLiquidateSelf,
    /// 6072: the pool is reduce-only (its vault was found short of its book): risk-increasing
    /// orders and LP deposits and withdrawals are refused until the book is covered again.
    #[msg("pool is reduce-only")]
    PoolReduceOnly,
    // ---- liquidation parameters and the sponsor
    /// 6073: liquidation price age outside [1, MAX_LIQUIDATION_PRICE_AGE_SECS].
    #[msg("liquidation price age out of range")]
    LiquidationAgeOutOfRange,
    /// 6074: liquidation buffer outside [MIN_LIQUIDATION_BUFFER_BPS, initial - maintenance].
    #[msg("liquidation buffer out of range")]
    LiquidationBufferOutOfRange,
    /// 6075: sponsor unbonding delay outside [MIN_SPONSOR_UNBONDING_SECS,
    /// MAX_SPONSOR_UNBONDING_SECS].
    #[msg("sponsor unbonding delay out of range")]
    SponsorUnbondingOutOfRange,
    /// 6076: the signer is not the pool's sponsor.
    #[msg("signer is not the pool's sponsor")]
    NotSponsor,
    /// 6077: nothing is unbonding, or its unbonding delay has not passed.
    #[msg("sponsor capital is not unbonded yet")]
    UnbondingNotReady,
    /// 6078: the pool has a shortfall its LPs absorbed that is not yet recovered.
    #[msg("pool has an unrecovered shortfall")]
    UnrecoveredShortfall,
    /// 6079: more sponsor capital asked for than the tranche holds (or an unbonding is already
    /// pending).
    #[msg("insufficient sponsor capital")]
    InsufficientSponsorCapital,
    // ---- fees and governance
    /// 6080: liquidation penalty below MIN_LIQUIDATION_PENALTY_BPS: nobody would liquidate.
    #[msg("liquidation penalty too low")]
    LiquidationPenaltyTooLow,
    /// 6081: governance timelock outside [MIN_TIMELOCK_SECS, MAX_TIMELOCK_SECS].
    #[msg("timelock out of range")]
    TimelockOutOfRange,
    /// 6082: protocol share of the fees above MAX_PROTOCOL_FEE_SHARE_BPS.
    #[msg("protocol fee share too high")]
    ProtocolFeeShareTooHigh,
    /// 6083: the signer is not this pool's authority.
    #[msg("not this pool's authority")]
    NotAuthority,
    /// 6084: the signer is not the authority this pool's authority proposed (or none is proposed).
    #[msg("not the pool's pending authority")]
    NotPendingAuthority,
    /// 6085: no parameter change is queued for this pool.
    #[msg("no parameter change is queued")]
    NoPendingChange,
    /// 6086: the queued change's timelock has not passed yet.
    #[msg("timelock has not passed")]
    TimelockNotElapsed,
    /// 6087: the queued change was not applied within PARAMS_CHANGE_LIFETIME_SECS after its
    /// timelock; propose it again.
    #[msg("queued change expired")]
    ChangeExpired,
    /// 6088: a parameter moves by more than its per-change step bound (see `state::governance`).
    #[msg("parameter change beyond its step bound")]
    ParamStepTooLarge,
    /// 6089: the signer is neither this pool's authority nor its guardian.
    #[msg("not this pool's authority or guardian")]
    NotAuthorityOrGuardian,
    // ---- pauses, custody and protocol fees
    /// 6090: this operation of the pool is paused (see `state::pause`) until its expiry.
    #[msg("operation paused")]
    OperationPaused,
    /// 6091: a pause mask that is empty or names no known operation.
    #[msg("invalid pause mask")]
    InvalidPauseMask,
    /// 6092: a pause of zero seconds or longer than MAX_PAUSE_SECS.
    #[msg("pause duration out of range")]
    PauseTooLong,
    /// 6093: the guardian already paused GUARDIAN_PAUSE_BUDGET times in the budget window.
    #[msg("guardian pause budget exhausted")]
    PauseBudgetExhausted,
    /// 6094: the pool has a custodian and it did not sign this movement of pool-owned money.
    #[msg("the pool's custodian must sign")]
    CustodianSignatureRequired,
    /// 6095: more protocol fees asked for than the book holds.
    #[msg("insufficient protocol fees")]
    InsufficientProtocolFees,
    /// 6096: more asked for than the insurance fund holds.
    #[msg("insufficient insurance fund")]
    InsufficientInsurance,
    // ---- late executions, settlement and issue 14's parameters
    /// 6097: an execution more than `EXECUTION_GRACE_SECS` after its pinned print was given no
    /// recent print to fill at the worse of (`recent_price_update`).
    #[msg("a late execution needs a recent print")]
    RecentPriceRequired,
    /// 6098: a late execution's recent print fails the order's price checks (confidence, EMA);
    /// the transaction fails, so a late execution is never cancelled by the print its executor
    /// chose.
    #[msg("the recent print fails the order's price checks")]
    RecentPriceUnusable,
    /// 6099: `settle_pnl` on an account with no position: there is no unrealized PnL to settle.
    #[msg("nothing to settle")]
    NothingToSettle,
    /// 6100: `liquidation_reserve` is zero: every position must prepay its liquidator's floor.
    #[msg("liquidation reserve out of range")]
    LiquidationReserveOutOfRange,
    /// 6101: `gap_bps` outside [MIN_GAP_BPS, BPS_DENOMINATOR].
    #[msg("gap assumption out of range")]
    GapOutOfRange,
    /// 6102: maintenance margin below the pool's gap assumption plus the most impact a close can
    /// pay (`RiskConfig::max_impact_bps`): a gap up to it could leave an account a keeper found
    /// healthy at the print before unable to pay its loss and its close's impact.
    #[msg("maintenance margin must cover the gap assumption and the close's impact")]
    MaintenanceBelowGap,
    /// 6103: the sponsor's unbonding delay is not longer than an LP exit (withdrawal delay and
    /// execution window) plus an exit-pause episode, so a sponsor who sees a loss coming could
    /// leave before the LPs can.
    #[msg("sponsor unbonding must be longer than an LP exit plus a day of exit pause")]
    SponsorUnbondingNotAboveLpDelay,
    /// 6104: a `RiskConfig`'s padding is not zero.
    #[msg("padding must be zero")]
    NonZeroPadding,
    // ---- named account checks (`instructions::shared::checks`)
    /// 6105: the risk-parameters account passed is not this pool's.
    #[msg("wrong risk parameters account")]
    WrongRiskParams,
    /// 6106: the LP mint passed is not this pool's.
    #[msg("wrong LP mint")]
    WrongLpMint,
    /// 6107: the LP escrow passed is not this pool's.
    #[msg("wrong LP escrow")]
    WrongLpEscrow,
    // ---- governance notice (issue 15)
    /// 6108: the governance timelock is not longer than an LP exit (`lp_withdraw_delay_secs +
    /// execution_window_secs`), so an LP who disagrees with a queued change could not leave
    /// before it applies.
    #[msg("timelock must be longer than an LP withdrawal's delay and execution window")]
    TimelockShorterThanExit,
    /// 6109: an exit-pause episode began less than `EXIT_PAUSE_WINDOW_SECS` ago and has ended:
    /// exits (LP withdrawals, executions, liquidations) are paused at most a day in seven.
    #[msg("exits were already paused for their budget this window")]
    ExitPauseBudgetExhausted,
    /// 6110: a queued parameter change can still apply, so exits stay open for its whole notice.
    #[msg("exits cannot be paused while a queued change can apply")]
    ExitsOpenForQueuedChange,
    /// 6111: naming, replacing or removing a custodian needs the signature of the custodian who
    /// stops serving and of the one who starts (at `create_pool`: of the one named); a custodian
    /// slot that is filled must hold exactly that custodian.
    #[msg("the outgoing and the incoming custodian must sign, and no one else in their slots")]
    CustodianConsentRequired,
    /// 6112: the guardian cannot cancel a queued change of the guardian (only the authority can).
    #[msg("the guardian cannot veto its own replacement")]
    GuardianChangeNotVetoable,
    /// 6113: the sponsor's unbonding matured more than `SPONSOR_CLAIM_WINDOW_SECS` ago
    /// (after the last pool-withdrawal pause) without being withdrawn: request it again.
    #[msg("the sponsor's unbonding lapsed: request it again")]
    UnbondingLapsed,
    /// 6114: `set_guardian` named the guardian already in office.
    #[msg("that is already the guardian")]
    GuardianUnchanged,
    /// 6115: no matured announcement (`announce_insurance_withdrawal`) allows this much insurance
    /// out: insurance leaves only on notice.
    #[msg("insurance withdrawals must be announced and wait the timelock")]
    WithdrawalNotAnnounced,
    /// 6116: the instruction's `program` account (the self-CPI's callee for its events) is not
    /// bulkhead.
    #[msg("the program account must be bulkhead itself")]
    WrongEventProgram,
}

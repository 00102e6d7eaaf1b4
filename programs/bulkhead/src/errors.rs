//! Every way a bulkhead instruction refuses input. Codes start at 6000 (Anchor's offset) and are
//! part of the program's interface: never reorder, only append.

use anchor_lang::prelude::*;

/// Typed errors of the bulkhead program (`Custom(6000 + index)`).
#[error_code]
pub enum BulkheadError {
    /// 6000: checked integer arithmetic overflowed or underflowed.
    #[msg("arithmetic overflow")]
    MathOverflow,
    /// 6001: an amount of zero (dust) was given where a positive amount is required.
    #[msg("amount must be greater than zero")]
    ZeroAmount,
    /// 6002: initial margin outside [MIN_INITIAL_MARGIN_BPS, BPS_DENOMINATOR].
    #[msg("initial margin ratio out of range")]
    InitialMarginOutOfRange,
    /// 6003: maintenance margin must be > 0 and < initial margin.
    #[msg("maintenance margin must be positive and below initial margin")]
    MaintenanceMarginNotBelowInitial,
    /// 6004: liquidation penalty must be below maintenance margin.
    #[msg("liquidation penalty must be below maintenance margin")]
    PenaltyNotBelowMaintenance,
    /// 6005: liquidator share of the penalty above 100%.
    #[msg("liquidator share of the penalty out of range")]
    LiquidatorShareOutOfRange,
    /// 6006: taker fee above MAX_TAKER_FEE_BPS.
    #[msg("taker fee too high")]
    TakerFeeTooHigh,
    /// 6007: open-interest cap of zero.
    #[msg("open-interest cap must be positive")]
    OpenInterestCapZero,
    /// 6008: max position size zero or above the open-interest cap.
    #[msg("max position size must be positive and within the open-interest cap")]
    MaxPositionSizeOutOfRange,
    /// 6009: min position size zero or above the max position size.
    #[msg("min position size must be positive and within the max position size")]
    MinPositionSizeOutOfRange,
    /// 6010: oracle staleness bound outside [1, MAX_ORACLE_STALENESS_SECS].
    #[msg("oracle staleness bound out of range")]
    OracleStalenessOutOfRange,
    /// 6011: oracle confidence bound outside [1, MAX_ORACLE_CONF_BPS].
    #[msg("oracle confidence bound out of range")]
    OracleConfidenceOutOfRange,
    /// 6012: confidence multiplier k above MAX_CONF_MULTIPLIER_BPS.
    #[msg("oracle confidence multiplier out of range")]
    ConfMultiplierOutOfRange,
    /// 6013: the Pyth feed id is all zeros.
    #[msg("oracle feed id must not be zero")]
    InvalidFeedId,
    /// 6014: the pool authority is the default (all-zero) address.
    #[msg("pool authority must not be the default address")]
    InvalidAuthority,
    /// 6015: the collateral mint is not an initialized SPL Token mint.
    #[msg("collateral mint is not an initialized SPL Token mint")]
    InvalidMint,
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
    /// 6023: withdrawal larger than the account's free collateral.
    #[msg("insufficient free collateral")]
    InsufficientCollateral,
    /// 6024: the margin account still holds collateral or a position.
    #[msg("margin account is not empty")]
    MarginAccountNotEmpty,
    /// 6025: the vault's SPL balance is below the pool's book total.
    #[msg("vault balance below the pool's book total")]
    VaultShort,
}

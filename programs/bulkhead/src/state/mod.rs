//! On-chain account layouts. Every struct is zero-copy (`repr(C)`, Pod), fixed size, with explicit
//! padding, a leading version byte and a size asserted at compile time.

pub mod attestation;
pub mod book;
pub mod governance;
pub mod lp_account;
pub mod margin_account;
pub mod market;
pub mod pause;
pub mod pool;
pub mod request;
pub mod risk_params;

pub use attestation::Attestation;
pub use book::{LossBook, PoolBook};
pub use governance::PendingChange;
pub use lp_account::LpAccount;
pub use margin_account::MarginAccount;
pub use market::{MarketState, SideState};
pub use pause::PauseState;
pub use pool::{Pool, PoolRoles};
pub use request::Request;
pub use risk_params::{RiskConfig, RiskParams, DEFAULT_RISK_CONFIG};

/// PDA seed prefixes. Every per-pool PDA is `[prefix, pool]` (margin accounts add the owner), so an
/// instruction can only ever sign for the one pool it was given.
pub mod seeds {
    /// `["pool", creator, pool_id as u64 little-endian]`.
    pub const POOL: &[u8] = b"pool";
    /// `["risk_params", pool]`.
    pub const RISK_PARAMS: &[u8] = b"risk_params";
    /// `["vault", pool]`: the pool's SPL token vault.
    pub const VAULT: &[u8] = b"vault";
    /// `["vault_authority", pool]`: data-less PDA that owns the vault and mints LP shares.
    pub const VAULT_AUTHORITY: &[u8] = b"vault_authority";
    /// `["lp_mint", pool]`: the pool's LP-share mint.
    pub const LP_MINT: &[u8] = b"lp_mint";
    /// `["lp_escrow", pool]`: token account of the LP mint holding shares of pending withdrawals.
    pub const LP_ESCROW: &[u8] = b"lp_escrow";
    /// `["margin", pool, owner]`.
    pub const MARGIN: &[u8] = b"margin";
    /// `["lp", pool, owner]`: an LP's request record.
    pub const LP_ACCOUNT: &[u8] = b"lp";
    /// `["attestation", pool]`: the pool's last solvency attestation.
    pub const ATTESTATION: &[u8] = b"attestation";
}

/// Layout version written into every account this program creates.
pub const CURRENT_VERSION: u8 = 1;

/// Size of an account of type `T`, Anchor discriminator (8 bytes) included.
pub const fn account_size<T>() -> usize {
    8 + core::mem::size_of::<T>()
}

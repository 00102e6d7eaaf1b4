//! A pool's risk parameters, in their own account so that governance changes touch one small
//! account and a pool's parameters never affect another pool.

use anchor_lang::prelude::*;

mod bounds;
mod config;
mod defaults;
#[cfg(test)]
mod tests;

pub use bounds::*;
pub use config::RiskConfig;
pub use defaults::DEFAULT_RISK_CONFIG;

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
    pub _reserved: [u8; 24],
}

/// Serialized size including the 8-byte discriminator (bytes).
pub const RISK_PARAMS_SIZE: usize = super::account_size::<RiskParams>();
const _: () = assert!(RISK_PARAMS_SIZE == 480 && RISK_PARAMS_SIZE <= 1024);

/// A valid parameter set for host tests: 10% IM (10x), 5% MM, 2% penalty.
#[cfg(test)]
pub(crate) fn test_config() -> RiskConfig {
    tests::valid()
}

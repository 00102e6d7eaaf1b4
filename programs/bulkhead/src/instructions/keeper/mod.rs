//! Permissionless instructions anyone may call: executing requests at their pinned prints, and
//! attesting solvency.

pub mod attest_solvency;
pub mod execute_liquidity;
pub mod execute_trade;

#[allow(ambiguous_glob_reexports)]
pub use attest_solvency::*;
#[allow(ambiguous_glob_reexports)]
pub use execute_liquidity::*;
#[allow(ambiguous_glob_reexports)]
pub use execute_trade::*;

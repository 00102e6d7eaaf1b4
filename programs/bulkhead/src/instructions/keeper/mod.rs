//! Permissionless instructions anyone may call: executing requests at their pinned prints,
//! liquidating, settling a loser's PnL, funding insurance, attesting solvency, showing the pool a
//! newer print, and applying
//! a parameter change whose timelock has passed.

pub mod apply_params;
pub mod attest_solvency;
pub mod execute_liquidity;
pub mod execute_trade;
pub mod fund_insurance;
pub mod liquidate;
pub mod refresh_price;
pub mod settle_pnl;

#[allow(ambiguous_glob_reexports)]
pub use apply_params::*;
#[allow(ambiguous_glob_reexports)]
pub use attest_solvency::*;
#[allow(ambiguous_glob_reexports)]
pub use execute_liquidity::*;
#[allow(ambiguous_glob_reexports)]
pub use execute_trade::*;
#[allow(ambiguous_glob_reexports)]
pub use fund_insurance::*;
#[allow(ambiguous_glob_reexports)]
pub use liquidate::*;
#[allow(ambiguous_glob_reexports)]
pub use refresh_price::*;
#[allow(ambiguous_glob_reexports)]
pub use settle_pnl::*;

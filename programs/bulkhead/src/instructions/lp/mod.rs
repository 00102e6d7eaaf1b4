//! Instructions of liquidity providers, the counterparty of every position in a pool.

pub mod add_liquidity;
pub mod remove_liquidity;

#[allow(ambiguous_glob_reexports)]
pub use add_liquidity::*;
#[allow(ambiguous_glob_reexports)]
pub use remove_liquidity::*;

//! Instructions of margin-account owners.

pub mod close_margin_account;
pub mod deposit_collateral;
pub mod open_margin_account;
pub mod trade;
pub mod withdraw_collateral;

#[allow(ambiguous_glob_reexports)]
pub use close_margin_account::*;
#[allow(ambiguous_glob_reexports)]
pub use deposit_collateral::*;
#[allow(ambiguous_glob_reexports)]
pub use open_margin_account::*;
#[allow(ambiguous_glob_reexports)]
pub use trade::*;
#[allow(ambiguous_glob_reexports)]
pub use withdraw_collateral::*;

//! Instructions of margin-account owners.

pub mod cancel_trade_request;
pub mod close_margin_account;
pub mod deposit_collateral;
pub mod open_margin_account;
pub mod request_trade;
pub mod withdraw_collateral;

#[allow(ambiguous_glob_reexports)]
pub use cancel_trade_request::*;
#[allow(ambiguous_glob_reexports)]
pub use close_margin_account::*;
#[allow(ambiguous_glob_reexports)]
pub use deposit_collateral::*;
#[allow(ambiguous_glob_reexports)]
pub use open_margin_account::*;
#[allow(ambiguous_glob_reexports)]
pub use request_trade::*;
#[allow(ambiguous_glob_reexports)]
pub use withdraw_collateral::*;

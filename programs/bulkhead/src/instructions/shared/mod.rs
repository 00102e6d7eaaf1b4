//! What several caller groups use: the account checks every instruction repeats (`checks`, each
//! with its own error), an LP request's escrow refund (`lp_escrow`: the keeper's execution and the
//! LP's cancellation), and pool-owned money out of the vault (`pool_funds`: `collect_fees` and
//! `withdraw_insurance`).

pub mod checks;
pub mod lp_escrow;
pub mod pool_funds;

// `WithdrawPoolFunds` is an Accounts struct: visible at the crate root, where `#[program]` looks.
#[allow(ambiguous_glob_reexports)]
pub use pool_funds::*;

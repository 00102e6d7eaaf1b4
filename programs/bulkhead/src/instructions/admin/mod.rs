//! Instructions of pool creators and authorities (and the guardian's veto): creation, the
//! two-step authority handover, the guardian, parameter changes (`state::governance`), and
//! pauses (`state::pause`), and the pool's own money out of the vault (`shared::pool_funds`).

pub mod accept_authority;
pub mod announce_insurance_withdrawal;
pub mod cancel_params;
pub mod collect_fees;
pub mod create_pool;
pub mod pause;
pub mod propose_authority;
pub mod propose_params;
pub mod resume;
pub mod set_guardian;
pub mod withdraw_insurance;

#[allow(ambiguous_glob_reexports)]
pub use accept_authority::*;
#[allow(ambiguous_glob_reexports)]
pub use announce_insurance_withdrawal::*;
#[allow(ambiguous_glob_reexports)]
pub use cancel_params::*;
#[allow(ambiguous_glob_reexports)]
pub use create_pool::*;
#[allow(ambiguous_glob_reexports)]
pub use pause::*;
#[allow(ambiguous_glob_reexports)]
pub use propose_authority::*;
#[allow(ambiguous_glob_reexports)]
pub use propose_params::*;
#[allow(ambiguous_glob_reexports)]
pub use resume::*;
#[allow(ambiguous_glob_reexports)]
pub use set_guardian::*;

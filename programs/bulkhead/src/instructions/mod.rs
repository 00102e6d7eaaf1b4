//! One file per instruction, grouped by who calls it: `admin` (pool creators and authorities),
//! `trader` (margin-account owners), `lp` (liquidity providers), `sponsor` (the pool's first-loss
//! provider), `keeper` (anyone); `shared` holds what several of them use.

pub mod admin;
pub mod keeper;
pub mod lp;
pub mod shared;
pub mod sponsor;
pub mod trader;

// Glob re-exports make the Accounts structs (and the client modules Anchor generates beside them)
// visible at the crate root, where `#[program]` looks; every file's `handler` is called by full path.
#[allow(ambiguous_glob_reexports)]
pub use admin::*;
#[allow(ambiguous_glob_reexports)]
pub use keeper::*;
#[allow(ambiguous_glob_reexports)]
pub use lp::*;
#[allow(ambiguous_glob_reexports)]
pub use shared::*;
#[allow(ambiguous_glob_reexports)]
pub use sponsor::*;
#[allow(ambiguous_glob_reexports)]
pub use trader::*;

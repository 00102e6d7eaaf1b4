//! Events. Every state change emits one, carrying the pool, the pool's new sequence number, the
//! post-change book and the pool's new running hash, so an auditor can rebuild each pool's history
//! from the transactions alone and prove it complete: a gap, a reordering or an altered event
//! breaks the chain. [`chain`] numbers, hashes and emits them (by self-CPI); the other modules
//! declare them, one per domain.
//!
//! Events are `bytemuck` (fixed `repr(C)` layout, no padding), which is byte-identical to their
//! Borsh encoding: any Anchor or Codama client decodes them as usual.

mod accounts;
pub mod chain;
mod governance;
mod liquidity;
mod risk;
mod trading;

pub use accounts::*;
pub use chain::{next_hash, Chained, Emitter, EVENT_AUTHORITY_SEED};
pub use governance::*;
pub use liquidity::*;
pub use risk::*;
pub use trading::*;

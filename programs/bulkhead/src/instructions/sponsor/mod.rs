//! The pool's sponsor: its first-loss tranche, deposited, asked to unbond, and withdrawn after the
//! unbonding delay. The sponsor is set at creation (`Pool::sponsor`); every instruction here
//! requires its signature (`NotSponsor`).

pub mod request_sponsor_unbond;
pub mod sponsor_deposit;
pub mod sponsor_withdraw;

#[allow(ambiguous_glob_reexports)]
pub use request_sponsor_unbond::*;
#[allow(ambiguous_glob_reexports)]
pub use sponsor_deposit::*;
#[allow(ambiguous_glob_reexports)]
pub use sponsor_withdraw::*;

use crate::events::{Emitter, SponsorCapitalMoved};
use crate::state::Pool;
use anchor_lang::prelude::*;

/// Emits `SponsorCapitalMoved` for `action` (`SPONSOR_*`) of `amount` collateral units, with the
/// pool's state after the change.
fn emit_moved(events: &Emitter, pool: &mut Account<Pool>, action: u64, amount: u64) -> Result<()> {
    crate::emit!(
        events,
        pool,
        SponsorCapitalMoved {
            sponsor: pool.sponsor,
            action,
            amount,
            unbonding: pool.sponsor_unbonding,
            unbonding_ready_at: pool.sponsor_unbonding_ready_at
        }
    )
}

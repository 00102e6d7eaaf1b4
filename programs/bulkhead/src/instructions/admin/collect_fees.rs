//! `collect_fees`: the authority takes the protocol's share of the pool's fees out of the vault.

use crate::instructions::shared::pool_funds::{self, WithdrawPoolFunds, SOURCE_PROTOCOL_FEES};
use anchor_lang::prelude::*;

/// Moves `amount` collateral units of `book.protocol_fees` (the protocol's share of taker and
/// borrow fees) to the destination; see `pool_funds::withdraw` for every refusal.
pub fn handler(ctx: &mut Context<WithdrawPoolFunds>, amount: u64) -> Result<()> {
    pool_funds::withdraw(ctx, SOURCE_PROTOCOL_FEES, amount)
}

//! `withdraw_insurance`: the authority takes capital out of the pool's insurance fund.

use crate::instructions::shared::pool_funds::{self, WithdrawPoolFunds, SOURCE_INSURANCE};
use anchor_lang::prelude::*;

/// Moves `amount` collateral units of the insurance fund to the destination, only while no
/// shortfall is unrecovered and the pool is not reduce-only; see `pool_funds::withdraw`.
pub fn handler(ctx: &mut Context<WithdrawPoolFunds>, amount: u64) -> Result<()> {
    pool_funds::withdraw(ctx, SOURCE_INSURANCE, amount)
}

//! Pool-owned money leaving the vault at the authority's request: protocol fees
//! (`collect_fees`) and the insurance fund (`withdraw_insurance`). Both need the custodian's
//! signature when the pool has one, and both pause with `POOL_WITHDRAWALS`.

use crate::errors::BulkheadError;
use crate::events::PoolFundsWithdrawn;
use crate::state::pause;
use crate::state::{Pool, RiskParams};
use crate::token;
use anchor_lang::prelude::*;

/// `PoolFundsWithdrawn::source` of protocol fees.
pub const SOURCE_PROTOCOL_FEES: u64 = 0;
/// `PoolFundsWithdrawn::source` of the insurance fund.
pub const SOURCE_INSURANCE: u64 = 1;

/// Accounts of `collect_fees` and `withdraw_insurance`.
#[event_cpi]
#[derive(Accounts)]
pub struct WithdrawPoolFunds {
    /// The pool's authority.
    pub authority: Signer,
    /// The pool's custodian, required when the pool has one (`CustodianSignatureRequired`); the
    /// program id for none.
    pub custodian: Option<Signer>,
    /// The pool.
    #[account(mut, constraint = pool.authority == *authority.address() @ BulkheadError::NotAuthority)]
    pub pool: Account<Pool>,
    /// The pool's vault.
    #[account(mut, address = pool.vault @ BulkheadError::WrongVault)]
    pub vault: UncheckedAccount,
    /// The pool's vault authority PDA, which signs the transfer with this pool's seeds.
    #[account(address = pool.vault_authority @ BulkheadError::WrongVaultAuthority)]
    pub vault_authority: UncheckedAccount,
    /// A token account of the collateral mint owned by the authority or by a wallet (checked in
    /// the handler: `token::check_payout_token_account`).
    #[account(mut)]
    pub destination: UncheckedAccount,
    /// SPL Token program.
    pub token_program: Program<Token>,
    /// The pool's risk parameters: the announcement an insurance withdrawal spends.
    #[account(mut, address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
}

/// Moves `amount` (> 0) collateral units of `source` out of the vault to `destination`, changing
/// nothing when refused: paused (`OperationPaused`), without the custodian (`CustodianSignatureRequired`),
/// a bad destination, more than the book holds (`InsufficientProtocolFees`, `InsufficientInsurance`),
/// and for insurance also while LPs carry an unrecovered shortfall (`UnrecoveredShortfall`) or the
/// pool is reduce-only (`PoolReduceOnly`): insurance leaves only a pool that needs none of it, and
/// only as much as a matured announcement still allows (`engine::params::spend_insurance_announcement`).
/// Emits `PoolFundsWithdrawn`.
pub fn withdraw(ctx: &mut Context<WithdrawPoolFunds>, source: u64, amount: u64) -> Result<()> {
    let events = crate::emitter!(ctx);
    require!(amount > 0, BulkheadError::ZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let custodian = accounts.custodian.as_ref().map(|c| *c.address());
    let pool_key = *accounts.pool.account().address();
    let pool: &mut Pool = &mut accounts.pool;
    pool.check_running(pause::POOL_WITHDRAWALS, now)?;
    pool.check_custodian(custodian.as_ref())?;
    token::check_payout_token_account(
        accounts.destination.account(),
        &pool.collateral_mint,
        &pool.authority,
    )?;
    if source == SOURCE_PROTOCOL_FEES {
        require!(amount <= pool.book.protocol_fees, BulkheadError::InsufficientProtocolFees);
        pool.book.protocol_fees -= amount;
    } else {
        require!(amount <= pool.book.insurance_fund, BulkheadError::InsufficientInsurance);
        require!(pool.losses.unrecovered == 0, BulkheadError::UnrecoveredShortfall);
        require!(pool.reduce_only == 0, BulkheadError::PoolReduceOnly);
        crate::engine::params::spend_insurance_announcement(&mut accounts.risk_params, amount, now)?;
        pool.book.insurance_fund -= amount;
    }
    token::transfer_out(
        &pool_key,
        pool,
        accounts.vault.account(),
        accounts.destination.account(),
        accounts.vault_authority.account(),
        amount,
    )?;
    crate::emit!(
        events,
        accounts.pool,
        PoolFundsWithdrawn {
            source,
            amount,
            destination: *accounts.destination.account().address(),
            custodian: custodian.unwrap_or_default()
        }
    )?;
    Ok(())
}

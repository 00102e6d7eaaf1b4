//! The pool's book: who owns which part of the vault. Prices and shares are computed from the book,
//! never from the vault's token balance, so a donation to the vault changes nothing.

use crate::math;
use anchor_lang::prelude::*;

/// Largest book total a pool accepts (collateral units): every book amount stays below 2^62, so
/// every signed conversion of one succeeds.
pub const MAX_BOOK_TOTAL: u64 = 1 << 62;

/// Claims on one pool's vault, all in the collateral mint's smallest unit (its native decimals).
/// Invariant after every instruction: vault token balance >= [`PoolBook::total`].
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct PoolBook {
    /// Sum of every margin account's collateral and liquidation reserve (collateral units):
    /// `Σ (margin.collateral + margin.liquidation_reserve)`.
    pub trader_collateral: u64,
    /// LP capital backing the pool's positions, locked and free (collateral units).
    pub lp_capital: u64,
    /// Insurance fund: absorbs shortfalls after the sponsor's tranche (collateral units). Funded by
    /// `fund_insurance` and the insurance share of liquidation penalties.
    pub insurance_fund: u64,
    /// The sponsor's first-loss tranche: absorbs shortfalls first (collateral units), including
    /// capital that is unbonding.
    pub sponsor_capital: u64,
    /// Protocol fees owed to the pool authority (collateral units).
    pub protocol_fees: u64,
    /// Rounding residue kept by the pool (collateral units).
    pub dust: u64,
    /// Collateral of LP deposit requests not yet executed (collateral units), held for the LPs.
    pub pending_deposits: u64,
    /// Price impact paid by skew-widening trades, held for rebates to skew-narrowing ones
    /// (collateral units).
    pub impact_pool: u64,
}

impl PoolBook {
    /// Total the vault must hold: the sum of every claim, checked.
    pub fn total(&self) -> Result<u64> {
        let sum = math::add(self.trader_collateral, self.lp_capital)?;
        let sum = math::add(sum, self.insurance_fund)?;
        let sum = math::add(sum, self.sponsor_capital)?;
        let sum = math::add(sum, self.protocol_fees)?;
        let sum = math::add(sum, self.dust)?;
        let sum = math::add(sum, self.pending_deposits)?;
        math::add(sum, self.impact_pool)
    }

    /// LP capital not locked for any position's payoff (collateral units).
    pub fn free_capital(&self, locked: u64) -> u64 {
        self.lp_capital.saturating_sub(locked)
    }

    /// Checks that `amount` more tokens keep the book total at most [`MAX_BOOK_TOTAL`].
    pub fn check_room(&self, amount: u64) -> Result<()> {
        let total = self.total()?.saturating_add(amount);
        require!(total <= MAX_BOOK_TOTAL, crate::errors::BulkheadError::PoolCapExceeded);
        Ok(())
    }
}

const _: () = assert!(core::mem::size_of::<PoolBook>() == 64);

/// Totals of the pool's default waterfall (collateral units, cumulative). A shortfall is a loss
/// beyond an account's collateral (including funding it could not pay); it is covered by the
/// sponsor's tranche, then the insurance fund, and what remains is written off LP capital.
/// Invariant: `shortfalls == sponsor_absorbed + insurance_absorbed + lp_absorbed`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct LossBook {
    /// Every shortfall the pool has had.
    pub shortfalls: u64,
    /// Covered by the sponsor's first-loss tranche.
    pub sponsor_absorbed: u64,
    /// Covered by the insurance fund.
    pub insurance_absorbed: u64,
    /// Left to LP capital (never received from the trader who lost it).
    pub lp_absorbed: u64,
    /// The part of `lp_absorbed` not yet paid back to LP capital by later insurance inflows; while
    /// it is non-zero the sponsor cannot withdraw.
    pub unrecovered: u64,
}

const _: () = assert!(core::mem::size_of::<LossBook>() == 40);

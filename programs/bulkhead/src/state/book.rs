//! The pool's book: who owns which part of the vault. Prices and shares are computed from the book,
//! never from the vault's token balance, so a donation to the vault changes nothing.

use crate::math;
use anchor_lang::prelude::*;

/// Claims on one pool's vault, all in the collateral mint's smallest unit (its native decimals).
/// Invariant after every instruction: vault token balance >= [`PoolBook::total`].
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct PoolBook {
    /// Sum of every margin account's collateral (collateral units).
    pub trader_collateral: u64,
    /// LP capital backing the pool's positions (collateral units).
    pub lp_capital: u64,
    /// Insurance fund, first to absorb bad debt after the account's own collateral (collateral units).
    pub insurance_fund: u64,
    /// Protocol fees owed to the pool authority (collateral units).
    pub protocol_fees: u64,
    /// Rounding residue kept by the pool (collateral units).
    pub dust: u64,
}

impl PoolBook {
    /// Total the vault must hold: the sum of every claim, checked.
    pub fn total(&self) -> Result<u64> {
        let sum = math::add(self.trader_collateral, self.lp_capital)?;
        let sum = math::add(sum, self.insurance_fund)?;
        let sum = math::add(sum, self.protocol_fees)?;
        math::add(sum, self.dust)
    }
}

const _: () = assert!(core::mem::size_of::<PoolBook>() == 40);

//! The pool's perpetual market, against which every position trades. Aggregates are kept per side
//! so the LP NAVs, funding and the payoff locks cost O(1), whatever the number of accounts.

use crate::math::nav::SideBook;
use crate::math::wide::U128;
use anchor_lang::pod::PodU128;
use anchor_lang::prelude::*;

/// One side (longs or shorts) of a pool's market.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct SideState {
    /// Sum of the side's positions, as a positive number (lots).
    pub open_interest: u64,
    /// Sum of the side's cost bases at entry (collateral units); the base of funding.
    pub entry_notional: u64,
    /// LP capital locked for the side's payoff caps (collateral units); the base of the borrow fee.
    pub locked: u64,
    /// Open positions on this side.
    pub positions: u64,
    /// The side's entry second moment `Σ ceil(EN_i^2 / s_i)` over its open positions (collateral
    /// units squared per lot; `math::nav::square_term`): with `open_interest` and `entry_notional`
    /// it gives the dispersion of the entry prices the redeem NAV bounds winners' profit with.
    /// Exact: each position adds its term when it joins the side and removes the same term when it
    /// leaves; zero when the side is empty.
    pub entry_square: PodU128,
    /// At most the payoff cap any open position on this side holds, as a share of its entry
    /// notional (bps): for every position `lock >= lock_floor_bps x entry_notional / 10_000 - 1`
    /// (`math::nav::lock_ratio_bps`). Positions keep the cap they opened with, so after a cap
    /// change a side holds several; the mint NAV bounds the profit beyond the caps with this
    /// floor, never with the configuration in force. Only falls while the side stays open;
    /// zero when it is empty.
    pub lock_floor_bps: u64,
    /// Cumulative funding this side has paid per unit of entry notional (index units: 2^60 = 100%).
    pub funding_paid_index: PodU128,
    /// Cumulative funding this side has received per unit of entry notional (index units: 2^60 = 100%).
    pub funding_received_index: PodU128,
    /// Cumulative borrow fee this side has paid per unit of locked capital (index units: 2^60 =
    /// 100%). It grows only while the side holds at least as many lots as the other: the lighter
    /// side, which balances the book, pays no borrow (GMX v2's rule).
    pub borrow_index: PodU128,
}

impl SideState {
    /// The aggregates `math::nav` bounds.
    pub fn book(&self) -> SideBook {
        SideBook {
            open_interest: self.open_interest,
            entry_notional: self.entry_notional,
            locked: self.locked,
            positions: self.positions,
            entry_square: U128::from_pod(&self.entry_square),
            lock_floor_bps: self.lock_floor_bps,
        }
    }

    /// The paid index as a 128-bit value.
    pub fn paid_index(&self) -> U128 {
        U128::from_pod(&self.funding_paid_index)
    }

    /// The received index as a 128-bit value.
    pub fn received_index(&self) -> U128 {
        U128::from_pod(&self.funding_received_index)
    }

    /// The borrow index as a 128-bit value.
    pub fn borrow_idx(&self) -> U128 {
        U128::from_pod(&self.borrow_index)
    }
}

/// Open interest, cost bases, locks, funding and borrow of one pool's product.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct MarketState {
    /// The longs.
    pub long: SideState,
    /// The shorts.
    pub short: SideState,
    /// Funding and borrow accrued by positions and not yet settled (index units: collateral units x
    /// 2^60, exact): what accounts will pay LP capital, before their per-account rounding up.
    pub fees_receivable: PodU128,
    /// Funding accrued to the lighter side and not yet settled (collateral units x 2^60, exact):
    /// what LP capital will pay those accounts, before their per-account rounding down.
    pub funding_payable: PodU128,
    /// Unix timestamp (seconds) of the last accrual.
    pub last_accrual_ts: i64,
    /// Newest oracle publish_time this pool has been shown (seconds), by any read or by
    /// `refresh_price`: one-step reads never use an older print, requests are timed from it, and
    /// an owner cannot cancel a request once it reaches the request's target.
    pub last_oracle_publish_time: i64,
    /// That newest print as Pyth published it: its price mantissa (at `newest_exponent`), copied
    /// unconverted so that recording it costs nothing on the hot paths (`oracle::observe`);
    /// `MarketState::newest_band` converts it.
    pub newest_price: i64,
    /// Its confidence mantissa (same exponent).
    pub newest_conf: u64,
    /// Its decimal exponent.
    pub newest_exponent: i32,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding0: [u8; 4],
    /// Funding owed to accounts that free LP capital could not pay yet, `Σ margin.funding_claim`
    /// (collateral units): a liability both LP NAVs subtract, and capital an LP withdrawal must
    /// leave free, so later inflows pay the claims first.
    pub unpaid_funding: u64,
    /// LP shares counted as outstanding but never minted (first-deposit guard).
    pub dead_lp_shares: u64,
}

impl MarketState {
    /// The side of a position: longs for `base > 0`, shorts for `base < 0`.
    pub fn side(&self, long: bool) -> &SideState {
        if long {
            &self.long
        } else {
            &self.short
        }
    }

    /// Mutable [`MarketState::side`].
    pub fn side_mut(&mut self, long: bool) -> &mut SideState {
        if long {
            &mut self.long
        } else {
            &mut self.short
        }
    }

    /// Capital locked for every position's payoff (collateral units).
    pub fn locked(&self) -> u64 {
        self.long.locked.saturating_add(self.short.locked)
    }

    /// The newest print's band in the pool's units, `price -/+ k x conf` (`math::price::Price::
    /// from_pyth_saturating`, so it never fails); all zero before any print.
    #[inline(never)]
    pub fn newest_band(
        &self,
        scale: crate::math::price::PriceScale,
        k_bps: u32,
    ) -> crate::math::price::Price {
        crate::math::price::Price::from_pyth_saturating(
            self.newest_price.unsigned_abs(),
            self.newest_conf,
            self.newest_exponent,
            scale,
            k_bps,
        )
    }

    /// One edge of [`MarketState::newest_band`], converted alone: the ask `price + k x conf`
    /// rounded up when `buying`, else the bid `price - k x conf` rounded down (saturating, as there).
    #[inline(never)]
    pub fn newest_edge(&self, scale: crate::math::price::PriceScale, k_bps: u32, buying: bool) -> u64 {
        use crate::math::{checked, price::from_pyth, BPS_DENOMINATOR};
        let price = self.newest_price.unsigned_abs();
        let band = checked::mul_div_saturating(self.newest_conf, u64::from(k_bps), BPS_DENOMINATOR, true);
        let edge = if buying { price.saturating_add(band) } else { price.saturating_sub(band) };
        match edge {
            0 => 0,
            m => from_pyth(m, self.newest_exponent, scale, buying).unwrap_or(u64::MAX),
        }
    }

    /// Skew `OI_long - OI_short` (lots); both are below 2^62, so it fits.
    pub fn skew(&self) -> i64 {
        self.long.open_interest as i64 - self.short.open_interest as i64
    }
}

const _: () = assert!(core::mem::size_of::<SideState>() == 104);
const _: () = assert!(core::mem::size_of::<MarketState>() == 296);

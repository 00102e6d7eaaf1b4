//! Liquidating one account at a fresh print (the formulas are in `math::liquidation`).
//!
//! ## Order of operations (the caller read the print, accrued the pool and settled the account)
//! 1. The account must hold a position whose equity at the **mid** is below maintenance margin
//!    (`NotLiquidatable`). Mid, not the band edge: a wide confidence band alone does not make an
//!    account liquidatable.
//! 2. The size: `math::liquidation::lots_to_close` at the mid and the closing fill price (the band
//!    edge, like any close), with the taker fee counted in the per-lot cost, so the account ends at
//!    maintenance + buffer, or is closed in full. A partial liquidation closes at least
//!    `math::liquidation::lots_for_reward` lots, so that the liquidator's share of its penalty is
//!    at least the position's liquidation reserve (the keeper's floor); when that leaves less than
//!    the minimum position, it closes all.
//! 3. The close: `trade::apply`, exactly like a reduce (payoff cap, taker fee, a rebate when it
//!    narrows the skew) but paying no impact yet; a loss beyond the collateral is a shortfall for
//!    the waterfall.
//! 4. The impact of a close that widens the skew (`math::impact`), at most the equity left:
//!    `min(impact, equity after)` into the impact pool, before the penalty. So a liquidation never
//!    leaves the rest of a position under water by its own impact and never creates the shortfall
//!    it exists to prevent, and the impact pool is paid for the potential the close adds: within a
//!    pool's gap assumption the equity left always covers it (`RiskConfig::validate`: maintenance
//!    covers the gap and the most impact any close can pay, `max_impact_bps`). What the cap leaves
//!    unpaid beyond it (a gap larger than the assumption) dilutes the rebates of the skew's side,
//!    like any loss beyond collateral (`docs/design.md`, "Leverage and gaps").
//! 5. The penalty: `min(ceil(penalty_bps x closed notional), equity after - impact, collateral)`,
//!    taken from the account's collateral; the liquidator's share leaves the vault (the caller
//!    transfers it), the rest is an insurance inflow (`waterfall::insurance_inflow`). With it, the
//!    liquidation reserve (`engine::reserve`), which the position posted at open and which no loss
//!    can reach: a liquidation that closes the position pays the liquidator all of it on top of
//!    the share; a partial one only what its share falls short of the reserve (when the penalty
//!    was capped), and the rest stays posted. So every liquidation pays at least the reserve,
//!    bankrupt and small accounts included, and the position paid for it.
//!
//! A liquidation never fails on caps, margin, utilisation or the pool being reduce-only: it only
//! ever reduces risk.

use super::{book, reserve, trade, waterfall};
use crate::errors::BulkheadError;
use crate::math::liquidation::{self as liq, Position, Terms};
use crate::math::price::Price;
use crate::state::{MarginAccount, Pool, RiskConfig};
use anchor_lang::prelude::*;

/// What one liquidation did (collateral units unless stated).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiquidationOutcome {
    /// Lots traded to close (> 0 bought back a short, < 0 sold a long).
    pub size_delta: i64,
    /// The print's mid (program units), at which health is valued.
    pub oracle_price: u64,
    /// The closing fill price, the band edge (program units).
    pub fill_price: u64,
    /// Equity before, at the mid, in units (0 when negative).
    pub equity_before: u64,
    /// PnL realized by the close, after the payoff cap (signed).
    pub realized_pnl: i64,
    /// Taker fee collected into LP capital.
    pub fee: u64,
    /// Impact paid into the impact pool.
    pub impact_paid: u64,
    /// Impact rebated from the impact pool.
    pub impact_rebate: u64,
    /// The penalty taken from the account's collateral.
    pub penalty: u64,
    /// What the liquidator is paid, which leaves the vault: its share of the penalty plus
    /// `reserve_paid`.
    pub liquidator_reward: u64,
    /// Of the reward, what came from the position's liquidation reserve.
    pub reserve_paid: u64,
    /// The insurance fund's share of it.
    pub insurance_share: u64,
    /// Of the insurance share, what went to paying LPs back an unrecovered shortfall.
    pub recovered: u64,
    /// Loss beyond the account's collateral, for the waterfall.
    pub shortfall: u64,
}

/// The account as `math::liquidation` sees it (its collateral, position, entry notional, lock).
pub fn position_of(m: &MarginAccount) -> Position {
    Position { collateral: m.collateral, base: m.base_position, entry: m.entry_notional, locked: m.locked }
}

/// Liquidates the account at `price` as described in the module docs. Fails, changing nothing,
/// only with `NotLiquidatable` (or on arithmetic a close cannot reach).
pub fn liquidate(
    pool: &mut Pool,
    margin_acc: &mut MarginAccount,
    config: &RiskConfig,
    price: &Price,
) -> Result<LiquidationOutcome> {
    let before = position_of(margin_acc);
    require!(
        liq::is_liquidatable(&before, price.mid, config.maintenance_margin_bps),
        BulkheadError::NotLiquidatable
    );
    let long = before.base > 0;
    let fill_price = price.fill(!long);
    let terms = Terms {
        maintenance_bps: config.maintenance_margin_bps,
        buffer_bps: config.liquidation_buffer_bps,
        penalty_bps: config.liquidation_penalty_bps + config.taker_fee_bps, // both < 1e4
        min_position: config.min_position_size,
    };
    let size = before.base.unsigned_abs();
    let reserve = reserve::release(&mut pool.book, margin_acc); // paid out or posted again below
    let lots = match liq::lots_to_close(&before, &terms, price.mid, fill_price) {
        n if n < size => {
            let floor = liq::lots_for_reward(
                reserve,
                config.liquidation_penalty_bps,
                config.liquidator_share_bps,
                fill_price,
            );
            let n = n.max(floor);
            if n < size && size - n >= config.min_position_size {
                n
            } else {
                size
            }
        }
        n => n,
    };
    let lots = i64::try_from(lots).map_err(|_| BulkheadError::MathOverflow)?; // lots <= |base|
    let size_delta = if long { -lots } else { lots };

    // The close's impact is charged after the penalty, from the equity left (step 5), so the
    // fill itself takes none.
    let (impact, rebate) = trade::impact_of(pool, size_delta, fill_price, config.impact_skew_scale, false)?;
    let order = trade::Order { delta: size_delta, fill_price, paid: 0, rebate };
    let applied = trade::apply(pool, margin_acc, config, &order)?;

    let after = position_of(margin_acc);
    let equity_after = liq::equity_units(liq::equity(&after, price.mid));
    // The close's impact first, from the equity left: a close that widens the skew pays for the
    // potential it adds, so the impact pool backs every lot of potential and no later narrowing
    // is rebated out of other traders' payments (issue 14: a free widening let a hedged pair take
    // its share of them). `take` pays at most the collateral.
    let impact_paid = book::take(&mut pool.book, margin_acc, impact.min(equity_after));
    pool.book.impact_pool = pool.book.impact_pool.saturating_add(impact_paid);
    let penalty = liq::penalty(
        lots.unsigned_abs(),
        fill_price,
        config.liquidation_penalty_bps,
        equity_after.saturating_sub(impact_paid),
        margin_acc.collateral,
    );
    let penalty = book::take(&mut pool.book, margin_acc, penalty);
    let (share, insurance_share) = liq::split_penalty(penalty, config.liquidator_share_bps);
    let reserve_paid = if margin_acc.base_position == 0 { reserve } else { reserve - share.min(reserve) };
    reserve::repost(&mut pool.book, margin_acc, reserve - reserve_paid);
    let liquidator_reward = share.saturating_add(reserve_paid);
    let recovered = waterfall::insurance_inflow(pool, insurance_share);
    book::record_pnl(margin_acc, penalty.saturating_add(impact_paid), false);

    Ok(LiquidationOutcome {
        size_delta,
        oracle_price: price.mid,
        fill_price,
        equity_before: liq::equity_units(liq::equity(&before, price.mid)),
        realized_pnl: applied.fill.realized_pnl(),
        fee: applied.fee,
        impact_paid,
        impact_rebate: rebate,
        penalty,
        liquidator_reward,
        reserve_paid,
        insurance_share,
        recovered,
        shortfall: applied.shortfall,
    })
}

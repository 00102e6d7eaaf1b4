//! The pool's default waterfall: who pays a shortfall, inside the one pool only.
//!
//! A shortfall is what an account lost (on a close, a liquidation, or its funding) beyond its
//! collateral: LP capital, the counterparty of every position, was owed it and did not receive it.
//! It is covered, in this order,
//! 1. by the sponsor's first-loss tranche (`book.sponsor_capital`, unbonding capital included),
//! 2. then by the insurance fund (`book.insurance_fund`),
//! 3. and what neither holds is written off LP capital: never received, it stays in
//!    `losses.unrecovered` until later insurance inflows pay it back.
//!
//! Each tranche pays by a book move into LP capital (no tokens move; the book total is unchanged).
//! Nothing here reads or writes anything but the one pool's `Pool` account.
//!
//! Insurance inflows (`fund_insurance`, the insurance share of liquidation penalties) first pay
//! back `losses.unrecovered` to LP capital, then grow the fund.

use crate::events::ShortfallCovered;
use crate::state::Pool;
use anchor_lang::prelude::*;

/// What one shortfall drew from each tranche (collateral units); `sponsor + insurance + lp ==
/// shortfall`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Draw {
    /// The shortfall.
    pub shortfall: u64,
    /// Paid by the sponsor's tranche.
    pub sponsor: u64,
    /// Paid by the insurance fund.
    pub insurance: u64,
    /// Written off LP capital.
    pub lp: u64,
}

/// Covers `shortfall` (collateral units) from the sponsor's tranche, then the insurance fund,
/// then LP capital, and adds each part to the pool's loss totals. The unbonding request is capped
/// at what the tranche still holds.
pub fn absorb(pool: &mut Pool, shortfall: u64) -> Draw {
    let book = &mut pool.book;
    let sponsor = shortfall.min(book.sponsor_capital);
    book.sponsor_capital -= sponsor;
    let insurance = (shortfall - sponsor).min(book.insurance_fund);
    book.insurance_fund -= insurance;
    // The book total is unchanged, so LP capital stays below MAX_BOOK_TOTAL.
    book.lp_capital = book.lp_capital.saturating_add(sponsor + insurance);
    let lp = shortfall - sponsor - insurance;
    pool.sponsor_unbonding = pool.sponsor_unbonding.min(book.sponsor_capital);

    let losses = &mut pool.losses;
    losses.shortfalls = losses.shortfalls.saturating_add(shortfall);
    losses.sponsor_absorbed = losses.sponsor_absorbed.saturating_add(sponsor);
    losses.insurance_absorbed = losses.insurance_absorbed.saturating_add(insurance);
    losses.lp_absorbed = losses.lp_absorbed.saturating_add(lp);
    losses.unrecovered = losses.unrecovered.saturating_add(lp);
    Draw { shortfall, sponsor, insurance, lp }
}

/// [`absorb`]s `shortfall` when there is one, as a state change of its own: the pool's sequence
/// advances and `ShortfallCovered` carries the draw and the post-change book. Every handler that
/// can meet a shortfall (an execution, a withdrawal's funding settlement, a liquidation) calls this
/// once, after its engine step.
#[inline(never)]
pub fn cover(
    events: &crate::events::Emitter,
    pool: &mut Pool,
    margin_account: &Address,
    shortfall: u64,
) -> Result<Draw> {
    if shortfall == 0 {
        return Ok(Draw::default());
    }
    let draw = absorb(pool, shortfall);
    crate::emit!(
        events,
        pool,
        ShortfallCovered {
            losses: pool.losses,
            margin_account: *margin_account,
            shortfall,
            sponsor: draw.sponsor,
            insurance: draw.insurance,
            lp: draw.lp
        }
    )?;
    Ok(draw)
}

/// Credits `amount` (collateral units, already counted nowhere else in the book) as an insurance
/// inflow: first paying back what LPs absorbed and is unrecovered, the rest into the insurance
/// fund. Returns the part paid back to LP capital.
pub fn insurance_inflow(pool: &mut Pool, amount: u64) -> u64 {
    let recovered = amount.min(pool.losses.unrecovered);
    pool.losses.unrecovered -= recovered;
    // The caller checked the book total's room for `amount`.
    pool.book.lp_capital = pool.book.lp_capital.saturating_add(recovered);
    pool.book.insurance_fund = pool.book.insurance_fund.saturating_add(amount - recovered);
    recovered
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytemuck::Zeroable;
    use proptest::prelude::*;

    fn pool(sponsor: u64, insurance: u64, lp: u64) -> Pool {
        let mut pool = Pool::zeroed();
        (pool.book.sponsor_capital, pool.book.insurance_fund, pool.book.lp_capital) =
            (sponsor, insurance, lp);
        pool
    }

    #[test]
    fn sponsor_then_insurance_then_lps() {
        let mut p = pool(100, 50, 1_000);
        p.sponsor_unbonding = 80;
        assert_eq!(absorb(&mut p, 30), Draw { shortfall: 30, sponsor: 30, insurance: 0, lp: 0 });
        assert_eq!(p.sponsor_unbonding, 70, "unbonding capped at what is left");
        assert_eq!(absorb(&mut p, 100), Draw { shortfall: 100, sponsor: 70, insurance: 30, lp: 0 });
        assert_eq!(absorb(&mut p, 45), Draw { shortfall: 45, sponsor: 0, insurance: 20, lp: 25 });
        assert_eq!((p.book.sponsor_capital, p.book.insurance_fund, p.book.lp_capital), (0, 0, 1_150));
        assert_eq!(p.losses.unrecovered, 25);
        // An inflow pays LPs back first.
        assert_eq!(insurance_inflow(&mut p, 40), 25);
        assert_eq!((p.book.insurance_fund, p.book.lp_capital, p.losses.unrecovered), (15, 1_175, 0));
    }

    proptest! {
        /// Any sequence of shortfalls and inflows: the book total moves only by the inflows, each
        /// draw's parts sum to it, and the loss totals add up.
        #[test]
        fn the_waterfall_conserves_the_book(
            start in (0u64..1 << 40, 0u64..1 << 40, 0u64..1 << 40),
            steps in proptest::collection::vec((any::<bool>(), 0u64..1 << 41), 1..40),
        ) {
            let mut p = pool(start.0, start.1, start.2);
            let mut inflows = 0u64;
            let total0 = p.book.total().unwrap();
            for (is_loss, amount) in steps {
                if is_loss {
                    let d = absorb(&mut p, amount);
                    prop_assert_eq!(d.sponsor + d.insurance + d.lp, amount);
                } else {
                    insurance_inflow(&mut p, amount);
                    inflows += amount;
                }
                prop_assert_eq!(p.book.total().unwrap(), total0 + inflows);
                let l = p.losses;
                prop_assert_eq!(l.shortfalls, l.sponsor_absorbed + l.insurance_absorbed + l.lp_absorbed);
                prop_assert!(l.unrecovered <= l.lp_absorbed);
                prop_assert!(p.sponsor_unbonding <= p.book.sponsor_capital);
            }
        }
    }
}

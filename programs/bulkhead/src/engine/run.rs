//! The one sequence every handler that values an account or the pool runs: accrue the pool's
//! funding and borrow to now, settle the account against the indexes, run the operation, and keep
//! what it changed only when it succeeds (Drift's controllers, called in one order from one place).
//!
//! A failed operation leaves the book, the market and the account exactly as the settlement left
//! them, so an execution can record a cancellation (its order check failed) without a partial
//! fill, and a handler whose operation fails the transaction loses nothing by the restore. The
//! settlement itself is kept either way: what an account owes since its last touch is owed
//! whatever the operation does.

use super::funding::{self, Settlement};
use crate::state::{MarginAccount, Pool, RiskConfig};
use anchor_lang::prelude::*;

/// What [`with_account`] did.
#[derive(Debug, PartialEq, Eq)]
pub struct Ran<T> {
    /// The account's funding and borrow settlement, kept whatever the operation did.
    pub settled: Settlement,
    /// The operation's result; on an error nothing it changed was kept.
    pub outcome: Result<T>,
}

impl<T> Ran<T> {
    /// The shortfall of the settlement and of the operation together (collateral units), for
    /// `engine::waterfall::cover`.
    pub fn shortfall(&self, of: impl Fn(&T) -> u64) -> u64 {
        let operation = self.outcome.as_ref().map_or(0, of);
        self.settled.shortfall.saturating_add(operation)
    }
}

/// Accrues the pool to `now`, settles `account`, runs `op` on both, and on an error restores the
/// book, the market and the account to what they were after the settlement; on success brings the
/// account's funding snapshots to its (possibly new) side. Fails only when the accrual does.
pub fn with_account<T>(
    pool: &mut Pool,
    account: &mut MarginAccount,
    config: &RiskConfig,
    now: i64,
    op: impl FnOnce(&mut Pool, &mut MarginAccount) -> Result<T>,
) -> Result<Ran<T>> {
    funding::accrue(pool, config, now)?;
    let settled = funding::settle(pool, account, config.protocol_fee_share_bps);
    let saved = (pool.book, pool.market, *account);
    let outcome = op(pool, account);
    match outcome {
        Ok(_) => funding::snapshot(pool, account),
        Err(_) => (pool.book, pool.market, *account) = saved,
    }
    Ok(Ran { settled, outcome })
}

/// [`with_account`] for an operation on the pool alone (an LP flow): accrue, run, restore the
/// book and the market on an error.
pub fn with_pool<T>(
    pool: &mut Pool,
    config: &RiskConfig,
    now: i64,
    op: impl FnOnce(&mut Pool) -> Result<T>,
) -> Result<Result<T>> {
    funding::accrue(pool, config, now)?;
    let saved = (pool.book, pool.market);
    let outcome = op(pool);
    if outcome.is_err() {
        (pool.book, pool.market) = saved;
    }
    Ok(outcome)
}

/// Runs `op` on the pool and the account and undoes whatever it changed, returning its result:
/// what a timely execution (the pinned print alone) would have done where the late one failed. If
/// it passes, `RecentPriceUnusable` fails the transaction (lateness is never a cancellation); if it
/// fails, its error is the cancellation's cause (lateness never changes which one, nor its fee).
pub fn dry_run<T>(
    pool: &mut Pool,
    account: &mut MarginAccount,
    op: impl FnOnce(&mut Pool, &mut MarginAccount) -> Result<T>,
) -> Result<T> {
    let saved = (pool.book, pool.market, *account);
    let outcome = op(pool, account);
    (pool.book, pool.market, *account) = saved;
    outcome
}

/// [`dry_run`] for an operation on the pool alone (an LP flow).
pub fn dry_run_pool<T>(pool: &mut Pool, op: impl FnOnce(&mut Pool) -> Result<T>) -> Result<T> {
    let saved = (pool.book, pool.market);
    let outcome = op(pool);
    (pool.book, pool.market) = saved;
    outcome
}

/// The outcome of a late execution that failed (`late`), judged by what a timely one would have
/// done (`timely`, from [`dry_run`]): `RecentPriceUnusable` when that passes, else its error.
pub fn as_if_timely<T, U>(late: Result<T>, timely: Result<U>) -> Result<Result<T>> {
    match (late, timely) {
        (Err(_), Ok(_)) => Err(crate::errors::BulkheadError::RecentPriceUnusable.into()),
        (Err(_), Err(e)) => Ok(Err(e)),
        (ok, _) => Ok(ok),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::BulkheadError;
    use crate::state::risk_params::test_config;
    use bytemuck::Zeroable;

    #[test]
    fn a_failed_operation_keeps_the_settlement_and_nothing_else() {
        let config = test_config();
        let mut pool = Pool::zeroed();
        (pool.book.lp_capital, pool.market.last_accrual_ts) = (1_000, 10);
        let mut account = MarginAccount::zeroed();
        let ran = with_account(&mut pool, &mut account, &config, 20, |p, a| {
            p.book.lp_capital = 0;
            a.collateral = 7;
            Err::<(), _>(BulkheadError::SlippageExceeded.into())
        })
        .unwrap();
        assert!(ran.outcome.is_err());
        assert_eq!((pool.book.lp_capital, account.collateral), (1_000, 0), "restored");
        assert_eq!(pool.market.last_accrual_ts, 20, "the accrual stays");
        let ran = with_account(&mut pool, &mut account, &config, 30, |p, a| {
            p.book.lp_capital = 5;
            a.collateral = 7;
            Ok(3u64)
        })
        .unwrap();
        assert_eq!(ran.shortfall(|_| 4), 4);
        assert_eq!((ran.outcome, pool.book.lp_capital, account.collateral), (Ok(3), 5, 7));
        let kept = with_pool(&mut pool, &config, 40, |p| {
            p.book.dust = 9;
            Err::<(), _>(BulkheadError::ZeroShares.into())
        })
        .unwrap();
        assert!(kept.is_err() && pool.book.dust == 0);
    }
}

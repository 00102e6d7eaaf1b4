//! Request timing, cancellation rights and execution tips.
//!
//! ## Timing, fixed when the request is made
//! A request made at cluster time `t` in a pool whose newest print shown is `n`
//! (`MarketState::last_oracle_publish_time`) targets
//!
//! `T = max(t, n) + delay` (`delay = execution_delay_secs`; LP withdrawals `lp_withdraw_delay_secs`)
//!
//! and must execute by `deadline = T + execution_window_secs`. Both are stored in the request
//! ([`schedule`]) and never recomputed, so a parameter change while it is pending cannot move its
//! print. Anchoring `T` to `n` as well as to the cluster clock means that when the cluster clock
//! runs behind Pyth's, a request still targets a print later than every print the pool has been
//! shown (anyone may show the newest with `refresh_price`).
//!
//! It executes with the first print at or after `T` (`oracle::read_pinned`). An execution more than
//! [`EXECUTION_GRACE_SECS`] after that print, on the pool's clock `max(now, n)`, is late
//! ([`is_late`]): it also reads a recent print and fills at the worse of the two for the requester,
//! so waiting never improves a fill (`oracle` module docs).
//!
//! | who | when | what |
//! | --- | --- | --- |
//! | anyone (a keeper) | `now <= deadline`, with the pinned print (and when late a recent one) | executes it, or, when an order check fails, cancels it; the tip goes to the keeper |
//! | the owner | `now < T` and no print at or after `T` shown to the pool | cancels it; the tip comes back |
//! | anyone | `now > deadline` | expires it; the tip goes to whoever clears it, except the owner: an owner who expires its own request forfeits the tip to the pool account |
//!
//! So the owner cannot see its print and then withdraw, and holding back an execution costs the
//! requester its tip. Letting a request lapse is not free either, whoever clears it: an expired
//! request pays the pool the **expiry fee** ([`expiry_fee`]), the taker fee (at least
//! [`MIN_EXPIRY_FEE_BPS`]) of what it would have traded, as does a cancellation by a check
//! someone inside the pool can steer ([`pays_expiry_fee`]). A requester who is his own keeper and
//! waits to see whether to execute therefore pays the taker fee or the expiry fee in every branch
//! but two that are not his to choose: a feed gap (no print in the window) and a pause of his
//! execution (a governor's, [`held_back_by_pause`]); a late fill is never better than the pinned
//! one, nor than a recent print. What the option
//! can still earn is measured in `tests/tests/last_look.rs` (see `docs/design.md`, what a chooser
//! can still gain).
//!
//! The tip is held in the requester's account (a PDA of this program) on top of its rent. The
//! client funds it with a System transfer to that account in the same transaction as the request
//! (the request checks the lamports are there), so a request makes no CPI; every move after that is
//! direct lamport arithmetic. Lamports above rent that no request holds go back with the account's
//! rent when it closes.

use crate::errors::BulkheadError;
use crate::math::{checked, BPS_DENOMINATOR};
use crate::state::request::{REQUEST_ADD_LIQUIDITY, REQUEST_REMOVE_LIQUIDITY, REQUEST_TRADE};
use crate::state::{Pool, Request, RiskConfig};
use anchor_lang::prelude::*;

/// Why a request ended without executing (`RequestCancelled::reason`); other values are the
/// error code of the order check that failed at execution.
#[constant]
pub const CANCELLED_BY_OWNER: u64 = 0;
/// See [`CANCELLED_BY_OWNER`]: the window passed.
#[constant]
pub const EXPIRED: u64 = 1;
/// See [`CANCELLED_BY_OWNER`]: the account was liquidated; the tip went to the liquidator.
#[constant]
pub const LIQUIDATED: u64 = 2;

/// How long after its pinned print an execution may use that print alone (seconds, on the pool's
/// clock). Later, it also needs a recent print and fills at the worse of the two. Two seconds: a
/// keeper that fetches the pinned update and posts it fully verified lands within it when the
/// cluster is not congested, and a requester who waits learns at most two seconds of prices.
pub const EXECUTION_GRACE_SECS: i64 = 2;

/// `(T, deadline)` of a request of `kind` made at cluster time `now` in a pool whose newest print
/// shown was published at `newest` (unix seconds; see the module docs). Cluster time and publish
/// times are far below `i64::MAX`; the sums saturate anyway.
pub fn schedule(kind: u8, now: i64, newest: i64, config: &RiskConfig) -> (i64, i64) {
    let delay = if kind == REQUEST_REMOVE_LIQUIDITY {
        config.lp_withdraw_delay_secs
    } else {
        config.execution_delay_secs
    };
    let target = now.max(newest).saturating_add(i64::from(delay));
    (target, target.saturating_add(i64::from(config.execution_window_secs)))
}

/// A new request with its timing ([`schedule`]): `fields` with `time = now` and the stored
/// target and deadline.
pub fn scheduled(fields: Request, now: i64, newest: i64, config: &RiskConfig) -> Request {
    let (target_time, deadline) = schedule(fields.kind, now, newest, config);
    Request { time: now, target_time, deadline, ..fields }
}

/// Checks that `request` can execute now: pending (`NoPendingRequest`), not past its stored
/// deadline (`RequestExpired`).
pub fn check_executable(request: &Request, now: i64) -> Result<()> {
    require!(request.is_pending(), BulkheadError::NoPendingRequest);
    require!(now <= request.deadline, BulkheadError::RequestExpired);
    Ok(())
}

/// Whether an execution at cluster time `now`, in a pool whose newest print shown (before this
/// execution) was published at `newest`, of a request whose pinned print was published at
/// `pinned_publish_time`, is late: the pool's clock `max(now, newest)` is more than
/// [`EXECUTION_GRACE_SECS`] past the pinned print.
pub fn is_late(pinned_publish_time: i64, now: i64, newest: i64) -> bool {
    now.max(newest) > pinned_publish_time.saturating_add(EXECUTION_GRACE_SECS)
}

/// Who may end `request` without executing it, and why (see the module docs): returns
/// [`CANCELLED_BY_OWNER`] or [`EXPIRED`], else `RequestNotCancellable`. `newest` is the pool's
/// newest publish time shown: once it reaches `T`, the pinned print may be known and the owner
/// can no longer withdraw.
pub fn cancellation(request: &Request, caller_is_owner: bool, now: i64, newest: i64) -> Result<u64> {
    require!(request.is_pending(), BulkheadError::NoPendingRequest);
    if now > request.deadline {
        return Ok(EXPIRED);
    }
    let before_its_print = now < request.target_time && newest < request.target_time;
    require!(caller_is_owner && before_its_print, BulkheadError::RequestNotCancellable);
    Ok(CANCELLED_BY_OWNER)
}

/// The least expiry fee (bps), whatever the taker fee: above what the last look is worth (the
/// option measured in `tests/tests/last_look.rs` stays below 5 bps at 80%/yr with jumps), so that
/// a pool with a zero taker fee still gives nobody a free walk-away.
pub const MIN_EXPIRY_FEE_BPS: u32 = 10;

/// What an expired request pays the pool (see the module docs): the larger of `taker_fee_bps` and
/// [`MIN_EXPIRY_FEE_BPS`] of what it would have traded, rounded up, so that walking away from a
/// pinned print costs at least what executing it would have:
/// - a trade: of `|size_delta|` lots valued at the pool's newest band edge for its side (a buy at
///   the high, a sell at the low), in collateral units, taken from the margin account's
///   collateral (up to what it holds);
/// - an LP deposit: of its amount (collateral units, at most the amount), kept from the refund;
/// - an LP withdrawal: of its escrowed shares (at most the shares), burned, for the LPs who stay.
///
/// A trade's size is what it could execute: a reduce-only order at most the position `base`, any
/// order at most `|base| + max_position_size`.
#[inline(never)]
pub fn expiry_fee(request: &Request, pool: &Pool, config: &RiskConfig, base: i64) -> u64 {
    let bps = u64::from(config.taker_fee_bps.max(MIN_EXPIRY_FEE_BPS));
    let base = if request.kind == REQUEST_TRADE {
        let held = base.unsigned_abs();
        let cap = if request.reduce_only != 0 { held } else { held.saturating_add(config.max_position_size) };
        let lots = request.size_delta.unsigned_abs().min(cap);
        let k = config.oracle_conf_multiplier_bps;
        let edge = pool.market.newest_edge(pool.price_scale(), k, request.size_delta > 0);
        checked::mul_div_saturating(lots, edge, crate::math::PRICE_PRECISION, true)
    } else {
        request.amount
    };
    let fee = checked::mul_div_saturating(base, bps, BPS_DENOMINATOR, true);
    if request.kind == REQUEST_TRADE {
        fee
    } else {
        fee.min(request.amount)
    }
}

/// Whether a request that ended without executing for `reason` pays the expiry fee: when it
/// expired, and when a check cancelled it at execution, except for the causes nobody inside the
/// pool chooses: the pinned print's own price checks (the same whenever it executes), arithmetic at
/// an extreme price, the pool turned reduce-only or insolvent. (A pause never cancels: it fails the
/// execution, [`fail_if_held_back`].) Every other check can be steered by
/// the owner (his collateral, his limit) or by the order in which pending requests are executed
/// (which moves the skew, the caps and utilisation, and anyone may choose it), so a free
/// cancellation by one of them would be the free walk-away the fee removes. (A check that fails
/// only because the execution is late fails the transaction instead: `RecentPriceUnusable`.)
pub fn pays_expiry_fee(reason: u64) -> bool {
    use BulkheadError as E;
    if reason == CANCELLED_BY_OWNER || reason == LIQUIDATED {
        return false;
    }
    let nobody_chooses = [
        E::OracleConfidenceTooWide,
        E::OracleEmaDeviation,
        E::OracleInvalidPrice,
        E::MathOverflow,
        E::PoolReduceOnly,
        E::PoolInsolvent,
    ];
    !nobody_chooses.iter().any(|e| reason == reason_of((*e).into()))
}

/// Whether `update`, the pinned print of an expired `request` (the first print at or after its
/// target), was published after its deadline, on Pyth's clock: no print existed while it could
/// execute (a feed gap, a closed market), so its expiry costs its owner nothing. When the cluster
/// clock `now` runs behind the newest print shown (`newest`), the deadline is moved by that lag:
/// a print published within it was there while the cluster still allowed the execution.
pub fn no_print_in_window(
    request: &Request,
    update: &crate::oracle::PriceUpdate,
    now: i64,
    newest: i64,
) -> bool {
    let lag = newest.saturating_sub(now).max(0);
    crate::oracle::is_pinned(update, request.target_time)
        && update.publish_time > request.deadline.saturating_add(lag)
}

/// Who receives the tip of a request ended without executing: the caller, or the pool account when
/// the owner expires its own request (see the module docs).
pub fn tip_recipient<'a>(
    reason: u64,
    caller_is_owner: bool,
    caller: &'a AccountView,
    pool: &'a AccountView,
) -> &'a AccountView {
    if reason == EXPIRED && caller_is_owner {
        pool
    } else {
        caller
    }
}

/// Fails the transaction when an execution's outcome holds it back rather than ending it:
/// `RecentPriceUnusable` (a late execution's recent print failed the order's price checks:
/// `oracle::Prints::bands`) and `OperationPaused` (a pause holds executions back: the request waits,
/// and if the pause outlasts its window it expires for free, [`held_back_by_pause`]). Every other
/// failed check cancels the request instead.
pub fn fail_if_held_back<T>(outcome: &Result<T>) -> Result<()> {
    match outcome {
        Err(e) if *e == BulkheadError::RecentPriceUnusable.into() => Err(e.clone()),
        Err(e) if *e == BulkheadError::OperationPaused.into() => Err(e.clone()),
        _ => Ok(()),
    }
}

/// The operations (`state::pause` bits) whose pause holds back the execution of `request` on an
/// account holding `base`: none for a trade that only reduces (it is never paused).
pub fn paused_by(request: &Request, base: i64) -> u8 {
    use crate::state::pause::{EXECUTIONS, LP_DEPOSITS, LP_WITHDRAWALS, RISK_INCREASING};
    match request.kind {
        REQUEST_TRADE => {
            let adds = request.reduce_only == 0
                && crate::math::position::increases_risk(base, base.saturating_add(request.size_delta));
            if adds {
                RISK_INCREASING | EXECUTIONS
            } else {
                0
            }
        }
        REQUEST_ADD_LIQUIDITY => LP_DEPOSITS | EXECUTIONS,
        _ => LP_WITHDRAWALS | EXECUTIONS,
    }
}

/// Whether a pause held `request` back: one of the operations its execution checks
/// ([`paused_by`]) was paused after its target time (the latest pause of that operation ended, or
/// ends, after it). Executions fail while paused, so the request could only wait: its expiry costs
/// nothing. (An authority or guardian may pause to spare an expiry its fee, its own included: a
/// governor's power, bounded by the pause rules of `state::pause`.)
pub fn held_back_by_pause(request: &Request, pool: &Pool, base: i64) -> bool {
    let ops = paused_by(request, base);
    let until = &pool.pauses.paused_until;
    (0..until.len()).any(|bit| ops & (1 << bit) != 0 && until[bit] > request.target_time)
}

/// The code recorded when an execution check cancels a request: the program error's code.
pub fn reason_of(error: ProgramError) -> u64 {
    u64::from(error)
}

/// Checks that `account` (the requester's margin or LP account) holds `tip_lamports` above its
/// rent-exempt minimum, or `TipNotFunded`.
pub fn check_tip_funded(account: &AccountView, tip_lamports: u64) -> Result<()> {
    if tip_lamports == 0 {
        return Ok(());
    }
    use pinocchio::sysvars::{rent::Rent, Sysvar};
    let rent = Rent::get()?.try_minimum_balance(account.data_len())?;
    let spare = account.lamports().saturating_sub(rent);
    require!(spare >= tip_lamports, BulkheadError::TipNotFunded);
    Ok(())
}

/// Moves a request's tip out of the program-owned account holding it to `to` (any writable
/// account), by direct lamport arithmetic.
pub fn pay_tip(from: &AccountView, to: &AccountView, lamports: u64) -> Result<()> {
    if lamports == 0 || anchor_lang::address_eq(from.address(), to.address()) {
        return Ok(());
    }
    let (mut from, mut to) = (*from, *to);
    let left = from.lamports().checked_sub(lamports).ok_or(BulkheadError::MathOverflow)?;
    let credited = to.lamports().checked_add(lamports).ok_or(BulkheadError::MathOverflow)?;
    from.set_lamports(left);
    to.set_lamports(credited);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::request::{REQUEST_ADD_LIQUIDITY, REQUEST_TRADE};
    use crate::state::risk_params::test_config;
    use proptest::prelude::*;

    fn request(kind: u8, now: i64, newest: i64, config: &RiskConfig) -> Request {
        scheduled(Request { kind, ..Request::default() }, now, newest, config)
    }

    #[test]
    fn the_target_is_anchored_to_the_later_of_the_clock_and_the_newest_print() {
        let c = test_config();
        let delay = i64::from(c.execution_delay_secs);
        // The cluster clock 10 s behind a pool that has seen a print 20 s ahead of it.
        let r = request(REQUEST_TRADE, 1_000, 1_020, &c);
        assert_eq!((r.time, r.target_time), (1_000, 1_020 + delay));
        assert_eq!(r.deadline, r.target_time + i64::from(c.execution_window_secs));
        assert_eq!(request(REQUEST_TRADE, 1_000, 990, &c).target_time, 1_000 + delay);
        let w = request(REQUEST_REMOVE_LIQUIDITY, 1_000, 0, &c);
        assert_eq!(w.target_time, 1_000 + i64::from(c.lp_withdraw_delay_secs));
        assert_eq!(request(REQUEST_ADD_LIQUIDITY, 1_000, 0, &c).target_time, 1_000 + delay);
    }

    #[test]
    fn the_owner_cannot_cancel_once_the_pool_has_seen_its_print() {
        let c = test_config();
        let r = request(REQUEST_TRADE, 1_000, 0, &c);
        let t = r.target_time;
        assert_eq!(cancellation(&r, true, t - 1, t - 1).unwrap(), CANCELLED_BY_OWNER);
        let refused = 6000 + BulkheadError::RequestNotCancellable as u32;
        for (now, newest) in [(t - 1, t), (t, 0), (t - 5, t + 30)] {
            assert_eq!(cancellation(&r, true, now, newest), Err(ProgramError::Custom(refused)));
        }
        assert_eq!(cancellation(&r, false, t - 1, 0), Err(ProgramError::Custom(refused)));
        assert_eq!(cancellation(&r, false, r.deadline + 1, 0).unwrap(), EXPIRED);
    }

    #[test]
    fn lateness_runs_on_the_pool_clock() {
        assert!(!is_late(1_000, 1_000 + EXECUTION_GRACE_SECS, 0));
        assert!(is_late(1_000, 1_001 + EXECUTION_GRACE_SECS, 0));
        // The cluster clock behind: the newest print shown tells the pool how late it is.
        assert!(is_late(1_000, 990, 1_001 + EXECUTION_GRACE_SECS));
        assert!(!is_late(1_000, 990, 1_000));
    }

    proptest! {
        /// The expiry fee's one converted edge is the band's edge, whatever the print.
        #[test]
        fn the_newest_edge_is_the_newest_bands(price in 1i64..i64::MAX, conf in any::<u64>(), exponent in -18i32..=0,
                                               k in 10_000u32..=50_000, base_decimals in -9i8..=12) {
            let market = crate::state::MarketState { newest_price: price, newest_conf: conf, newest_exponent: exponent, ..Default::default() };
            let scale = crate::math::price::PriceScale { collateral_decimals: 6, base_decimals };
            let band = market.newest_band(scale, k);
            prop_assert_eq!(market.newest_edge(scale, k, true), band.high);
            prop_assert_eq!(market.newest_edge(scale, k, false), band.low);
        }

        /// A request always targets a time after its own and after every print the pool had been
        /// shown, executes up to its stored deadline and not a second later.
        #[test]
        fn a_request_targets_after_every_print_seen(now in 0i64..1 << 40, newest in 0i64..1 << 40,
                                                    delay in 1u32..=30, window in 5u32..=300) {
            let mut c = test_config();
            (c.execution_delay_secs, c.execution_window_secs) = (delay, window);
            let r = request(REQUEST_TRADE, now, newest, &c);
            prop_assert!(r.target_time > now.max(newest));
            prop_assert_eq!(r.deadline - r.target_time, i64::from(window));
            prop_assert_eq!(check_executable(&r, r.deadline), Ok(()));
            prop_assert!(check_executable(&r, r.deadline + 1).is_err());
        }
    }
}

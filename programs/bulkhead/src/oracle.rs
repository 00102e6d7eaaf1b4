//! Pyth pull-oracle prices (`PriceUpdateV2` accounts of the Pyth Solana receiver program).
//!
//! The Pyth crates do not compile here (pyth-sdk-solana needs borsh 0.10; pyth-solana-receiver-sdk
//! is std/Anchor 1), so the documented layout is parsed by hand. It is tested against bytes
//! Borsh-serialized from mirrors of the receiver's own structs (tests/tests/oracle.rs) and against
//! every malformed variant.
//!
//! Layout (Borsh, allocated at 134 bytes by the receiver):
//! `disc[8] | write_authority[32] | verification_level (0 = Partial { num_signatures: u8 }, 1 = Full)
//!  | feed_id[32] | price i64 | conf u64 | exponent i32 | publish_time i64 | prev_publish_time i64
//!  | ema_price i64 | ema_conf u64 | posted_slot u64`.
//!
//! ## Always
//! Owner = the Pyth receiver, `PriceUpdateV2` discriminator, `Full` verification, the pool's feed
//! id, price > 0 and exponent in [MIN_PYTH_EXPONENT, 0]. A failure fails the transaction.
//!
//! ## Executions: the pinned print
//! A request made at cluster time `t` targets `T = max(t, n) + delay` (`n`: the newest print shown
//! to the pool), stored with it, and executes only with the print
//! whose `prev_publish_time < T <= publish_time` (the rule of Pyth's `parsePriceFeedUpdatesUnique`):
//! the first print at or after `T`. Consecutive prints of a feed chain through `prev_publish_time`,
//! so exactly one genuine print satisfies it, and neither the requester nor the keeper can choose
//! another. Any other print fails with `OracleNotPinnedPrint`. Requests execute in any order, so an
//! execution may use a print older than one the pool has already used: executions do not need the
//! monotonic rule (the pinned print is the rule), they only raise the pool's newest publish time.
//!
//! ## Late executions: the worse of two prints
//! An execution more than `engine::request::EXECUTION_GRACE_SECS` after its pinned print (on the
//! pool's clock, the later of the cluster clock and the newest print shown) also reads a recent
//! print (the one-step rules below, `fresh_price_max_age_secs`) and fills at the worse of the two
//! bands for the requester ([`Price::widen`]; LP flows at the worse of the two NAVs). Waiting never
//! improves a fill.
//!
//! ## One-step reads (withdrawal with a position, liquidation, a late execution's second print)
//! Age `now - publish_time` at most `fresh_price_max_age_secs` (withdrawals, late executions) or
//! `liquidation_max_age_secs` (liquidations), each a few seconds with a hard ceiling of
//! `MAX_FRESH_PRICE_AGE_SECS`, and `publish_time` no older than the newest print the pool has been
//! shown. A publish_time ahead of the cluster clock counts as age 0. Anyone may show the pool a
//! newer print with `refresh_price`, which bounds the choice a reader has to the prints since.
//!
//! ## Order checks (a failure cancels the request; see `engine::request`)
//! Confidence / price within `oracle_max_conf_bps` for risk-increasing orders, LP flows and
//! withdrawals, within the milder `oracle_reduce_max_conf_bps` for orders that only reduce risk and
//! for liquidations; and for risk-increasing orders, LP flows and withdrawals, `|price -
//! ema_price| <= max_ema_deviation_bps` of the EMA price (reduces and liquidations skip it: a real
//! crash moves away from the EMA, and reducing or liquidating then is what protects the pool).
//! Fills and valuations use the band edges `price -/+ k * conf` (`math::price::Price`). A reduce
//! or a liquidation takes any band: below the pool's resolution its bid converts to zero and its
//! ask to at least one program unit, and above `u64::MAX` program units the band saturates there,
//! so every close executes at any price (`Price::from_pyth_saturating`).

use crate::errors::BulkheadError;
use crate::math::price::{Price, MIN_PYTH_EXPONENT};
use crate::math::{checked, BPS_DENOMINATOR};
use crate::state::{Pool, RiskConfig};
use anchor_lang::prelude::*;

/// The Pyth Solana receiver program, owner of every genuine `PriceUpdateV2`.
pub const PYTH_RECEIVER: Address = anchor_lang::address!("rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");
/// `sha256("account:PriceUpdateV2")[..8]`.
pub const PRICE_UPDATE_V2_DISCRIMINATOR: [u8; 8] = [34, 241, 35, 99, 157, 126, 244, 205];

/// The fields of a `PriceUpdateV2` this program uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceUpdate {
    /// `VerificationLevel::Full`.
    pub fully_verified: bool,
    /// Pyth feed id.
    pub feed_id: [u8; 32],
    /// Price mantissa.
    pub price: i64,
    /// Confidence mantissa (same exponent).
    pub conf: u64,
    /// Decimal exponent.
    pub exponent: i32,
    /// Unix timestamp (seconds) of the price.
    pub publish_time: i64,
    /// Unix timestamp (seconds) of the feed's previous price.
    pub prev_publish_time: i64,
    /// Pyth's exponentially-weighted moving average price (same exponent).
    pub ema_price: i64,
}

fn read<const N: usize>(data: &[u8], at: usize) -> Result<[u8; N]> {
    data.get(at..at + N)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| BulkheadError::OracleInvalidAccount.into())
}

/// Parses `PriceUpdateV2` account data, or `OracleInvalidAccount`.
pub fn parse_price_update_v2(data: &[u8]) -> Result<PriceUpdate> {
    require!(read::<8>(data, 0)? == PRICE_UPDATE_V2_DISCRIMINATOR, BulkheadError::OracleInvalidAccount);
    let (fully_verified, at) = match read::<1>(data, 40)?[0] {
        0 => (false, 42),
        1 => (true, 41),
        _ => return Err(BulkheadError::OracleInvalidAccount.into()),
    };
    Ok(PriceUpdate {
        fully_verified,
        feed_id: read::<32>(data, at)?,
        price: i64::from_le_bytes(read(data, at + 32)?),
        conf: u64::from_le_bytes(read(data, at + 40)?),
        exponent: i32::from_le_bytes(read(data, at + 48)?),
        publish_time: i64::from_le_bytes(read(data, at + 52)?),
        prev_publish_time: i64::from_le_bytes(read(data, at + 60)?),
        ema_price: i64::from_le_bytes(read(data, at + 68)?),
    })
}

/// Reads a price account: owner, layout, and the checks every use makes (see the module docs).
#[inline(never)]
pub fn load(view: &AccountView, pool: &Pool) -> Result<PriceUpdate> {
    require!(view.owned_by(&PYTH_RECEIVER), BulkheadError::OracleWrongOwner);
    let update = parse_price_update_v2(&view.try_borrow()?)?;
    require!(update.fully_verified, BulkheadError::OracleNotFullyVerified);
    require!(update.feed_id == pool.oracle_feed_id, BulkheadError::OracleWrongFeed);
    require!(
        update.price > 0 && update.exponent >= MIN_PYTH_EXPONENT && update.exponent <= 0,
        BulkheadError::OracleInvalidPrice
    );
    Ok(update)
}

/// Whether `update` is the first print at or after `target`: `prev_publish_time < target <=
/// publish_time`.
pub fn is_pinned(update: &PriceUpdate, target: i64) -> bool {
    update.prev_publish_time < target && target <= update.publish_time
}

/// Makes `update` the pool's newest print when it is at least as new as the newest shown: its
/// publish time, price, confidence and exponent, copied as published
/// (`MarketState::newest_band` converts them when needed).
pub fn observe(pool: &mut Pool, update: &PriceUpdate) {
    if update.publish_time < pool.market.last_oracle_publish_time {
        return;
    }
    let market = &mut pool.market;
    market.last_oracle_publish_time = update.publish_time;
    (market.newest_price, market.newest_conf, market.newest_exponent) =
        (update.price, update.conf, update.exponent);
}

/// The pinned print of a request targeting `target` (see the module docs), or
/// `OracleNotPinnedPrint`. Becomes the pool's newest print when it is newer ([`observe`]).
pub fn read_pinned(view: &AccountView, pool: &mut Pool, target: i64) -> Result<PriceUpdate> {
    let update = load(view, pool)?;
    require!(is_pinned(&update, target), BulkheadError::OracleNotPinnedPrint);
    observe(pool, &update);
    Ok(update)
}

/// Which confidence bound an order is checked against, and whether the EMA bound applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OraclePolicy {
    /// Risk-increasing orders, LP flows and withdrawals with a position: the strict confidence
    /// bound and the EMA bound; the bid must not round to zero.
    Increase,
    /// Orders that only reduce risk, and `settle_pnl`: the milder confidence bound, no EMA bound,
    /// and any band (it saturates instead of failing), so every close executes.
    Reduce,
    /// Liquidations: any confidence up to `MAX_ORACLE_CONF_BPS` (10%, the widest any pool may
    /// configure), so a crash whose band is wider than the reduce bound is still liquidatable at
    /// its mid (issue 14); the close fills at the band edge like any close (the pool never buys a
    /// position back above the market's adverse quote). No EMA bound, and the band saturates like
    /// [`OraclePolicy::Reduce`]'s.
    Liquidate,
}

/// Checks a print against the policy's bounds and converts it to the pool's price band. Each
/// failure has its own error; for executions a failure cancels the request.
#[inline(never)]
pub fn price_for(
    update: &PriceUpdate,
    pool: &Pool,
    config: &RiskConfig,
    policy: OraclePolicy,
) -> Result<Price> {
    let price = update.price.unsigned_abs();
    let max_conf_bps = match policy {
        OraclePolicy::Increase => config.oracle_max_conf_bps,
        OraclePolicy::Reduce => config.oracle_reduce_max_conf_bps,
        OraclePolicy::Liquidate => crate::state::risk_params::MAX_ORACLE_CONF_BPS,
    };
    // conf / price <= max_conf_bps / 10_000, without division.
    let within = |lhs: Result<u64>, rhs: Result<u64>| matches!((lhs, rhs), (Ok(l), Ok(r)) if l <= r);
    require!(
        within(checked::mul(update.conf, BPS_DENOMINATOR), checked::mul(price, u64::from(max_conf_bps))),
        BulkheadError::OracleConfidenceTooWide
    );
    if policy == OraclePolicy::Increase {
        let ema = u64::try_from(update.ema_price).unwrap_or(0);
        require!(
            ema > 0
                && within(
                    checked::mul(price.abs_diff(ema), BPS_DENOMINATOR),
                    checked::mul(ema, u64::from(config.max_ema_deviation_bps))
                ),
            BulkheadError::OracleEmaDeviation
        );
    }
    let (scale, k) = (pool.price_scale(), config.oracle_conf_multiplier_bps);
    if policy != OraclePolicy::Increase {
        return Ok(Price::from_pyth_saturating(price, update.conf, update.exponent, scale, k));
    }
    let band = Price::from_pyth(price, update.conf, update.exponent, scale, k)?;
    require!(band.low > 0, BulkheadError::OracleInvalidPrice);
    Ok(band)
}

/// The terms of a one-step read: the cluster time (seconds), the oldest print accepted (seconds)
/// and the policy its bounds follow. (A struct, because BPF passes at most five arguments in
/// registers.)
#[derive(Clone, Copy, Debug)]
pub struct FreshRead {
    /// Cluster unix time (seconds).
    pub now: i64,
    /// Oldest print accepted (seconds).
    pub max_age_secs: u32,
    /// Which bounds apply.
    pub policy: OraclePolicy,
}

/// How recent a print must be: at most `max_age_secs` old at cluster time `now` (seconds). (A
/// struct, because BPF passes at most five arguments in registers.)
#[derive(Clone, Copy, Debug)]
pub struct Age {
    /// Cluster unix time (seconds).
    pub now: i64,
    /// Oldest print accepted (seconds).
    pub max_age_secs: u32,
}

/// A recent print (see the module docs): no older than `max_age_secs` at cluster time `now`
/// (`OracleStale`) and no older than the newest the pool has been shown
/// (`OraclePublishTimeRegressed`), which it becomes ([`observe`]). No order check: the caller
/// applies its policy ([`price_for`]), so that a late execution cancels on it instead of failing.
#[inline(never)]
pub fn read_recent(view: &AccountView, pool: &mut Pool, age: &Age) -> Result<PriceUpdate> {
    let update = load(view, pool)?;
    let elapsed = age.now.saturating_sub(update.publish_time).max(0).unsigned_abs();
    require!(elapsed <= u64::from(age.max_age_secs), BulkheadError::OracleStale);
    require!(
        update.publish_time >= pool.market.last_oracle_publish_time,
        BulkheadError::OraclePublishTimeRegressed
    );
    observe(pool, &update);
    Ok(update)
}

/// A one-step read (see the module docs): [`read_recent`], checked under `policy`. Withdrawals
/// with a position read with the strict bounds (`fresh_price_max_age_secs`,
/// [`OraclePolicy::Increase`]); liquidations with `liquidation_max_age_secs` and
/// [`OraclePolicy::Liquidate`] (confidence up to 10%, no EMA bound, so a crash can always be
/// liquidated), `settle_pnl` with [`OraclePolicy::Reduce`]. Returns the band and the print's
/// publish time.
#[inline(never)]
pub fn read_fresh(
    view: &AccountView,
    pool: &mut Pool,
    config: &RiskConfig,
    rule: &FreshRead,
) -> Result<(Price, i64)> {
    let update = read_recent(view, pool, &Age { now: rule.now, max_age_secs: rule.max_age_secs })?;
    let price = price_for(&update, pool, config, rule.policy)?;
    Ok((price, update.publish_time))
}

/// The prints an execution uses: its pinned print, and when it is late a recent one (see the
/// module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prints {
    /// The request's pinned print.
    pub pinned: PriceUpdate,
    /// A late execution's recent print; `None` within the grace.
    pub late: Option<PriceUpdate>,
}

impl Prints {
    /// Each print's band under `policy`, the late one's second. The pinned print's check failure
    /// is the order's (it cancels the request, as it would within the grace); a recent print that
    /// fails is `RecentPriceUnusable`, which fails the transaction instead: whoever executes must
    /// find a usable one, so nobody can turn a late execution into a free cancellation.
    pub fn bands(
        &self,
        pool: &Pool,
        config: &RiskConfig,
        policy: OraclePolicy,
    ) -> Result<(Price, Option<Price>)> {
        let pinned = price_for(&self.pinned, pool, config, policy)?;
        let late = match &self.late {
            Some(update) => {
                let band = price_for(update, pool, config, policy);
                Some(band.map_err(|_| BulkheadError::RecentPriceUnusable)?)
            }
            None => None,
        };
        Ok((pinned, late))
    }
}

/// An execution's timing and price accounts, as [`read_prints`] takes them.
pub struct Execution<'a> {
    /// The request's stored target time (unix seconds).
    pub target: i64,
    /// Cluster unix time (seconds).
    pub now: i64,
    /// The pinned `PriceUpdateV2`.
    pub pinned: &'a AccountView,
    /// A recent `PriceUpdateV2`, if the caller passed one.
    pub recent: Option<&'a AccountView>,
}

/// The prints of an execution of a request targeting `target` at cluster time `now`: the pinned
/// one, and when the execution is late (`engine::request::is_late`) a recent one. Fails, changing
/// nothing, on a print that is not pinned, a late execution without a recent print, and a recent
/// print that is stale or older than the pool's newest.
pub fn read_prints(pool: &mut Pool, config: &RiskConfig, at: &Execution) -> Result<Prints> {
    let (target, now) = (at.target, at.now);
    let newest = pool.market.last_oracle_publish_time;
    let pinned = read_pinned(at.pinned, pool, target)?;
    if !crate::engine::request::is_late(pinned.publish_time, now, newest) {
        return Ok(Prints { pinned, late: None });
    }
    let view = at.recent.ok_or(BulkheadError::RecentPriceRequired)?;
    // A print from within the grace (the pinned one itself, say) is no recent print: it would let
    // the pinned price stand for `fresh_price_max_age_secs` instead of the grace.
    let late = read_recent(view, pool, &Age { now, max_age_secs: config.fresh_price_max_age_secs })?;
    let after_grace = pinned.publish_time.saturating_add(crate::engine::request::EXECUTION_GRACE_SECS);
    require!(late.publish_time > after_grace, BulkheadError::RecentPriceRequired);
    Ok(Prints { pinned, late: Some(late) })
}

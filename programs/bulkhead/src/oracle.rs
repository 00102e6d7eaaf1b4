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
//! A request made at cluster time `t` targets `T = t + delay` and executes only with the print
//! whose `prev_publish_time < T <= publish_time` (the rule of Pyth's `parsePriceFeedUpdatesUnique`):
//! the first print at or after `T`. Consecutive prints of a feed chain through `prev_publish_time`,
//! so exactly one genuine print satisfies it, and neither the requester nor the keeper can choose
//! another. Any other print fails with `OracleNotPinnedPrint`. Requests execute in any order, so an
//! execution may use a print older than one the pool has already used: executions do not need the
//! monotonic rule (the pinned print is the rule), they only raise the pool's newest publish time.
//!
//! ## One-step reads (withdrawal with a position, liquidation)
//! Age `now - publish_time` at most `fresh_price_max_age_secs` (withdrawals) or
//! `liquidation_max_age_secs` (liquidations), each a few seconds with a hard ceiling of 30 s, and
//! `publish_time` no older than the newest print the pool has used. A publish_time ahead of the
//! cluster clock counts as age 0.
//!
//! ## Order checks (a failure cancels the request; see `engine::request`)
//! Confidence / price within `oracle_max_conf_bps` for risk-increasing orders, LP flows and
//! withdrawals, within the milder `oracle_reduce_max_conf_bps` for orders that only reduce risk and
//! for liquidations; and for risk-increasing orders and withdrawals, `|price - ema_price| <=
//! max_ema_deviation_bps` of the EMA price (liquidations skip it: a real crash moves away from the
//! EMA, and liquidating then is what protects the pool). Fills and valuations use the band edges `price -/+ k * conf` (`math::price::Price`).

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

/// The pinned print of a request targeting `target` (see the module docs), or
/// `OracleNotPinnedPrint`. Raises the pool's newest publish time when this print is newer.
pub fn read_pinned(view: &AccountView, pool: &mut Pool, target: i64) -> Result<PriceUpdate> {
    let update = load(view, pool)?;
    require!(is_pinned(&update, target), BulkheadError::OracleNotPinnedPrint);
    let newest = &mut pool.market.last_oracle_publish_time;
    *newest = (*newest).max(update.publish_time);
    Ok(update)
}

/// Which confidence bound an order is checked against, and whether the EMA bound applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OraclePolicy {
    /// Risk-increasing orders and one-step reads: the strict confidence bound and the EMA bound.
    Increase,
    /// LP flows: the strict confidence bound (their NAVs are valued at the band edges).
    Liquidity,
    /// Orders that only reduce risk: the milder confidence bound, no EMA bound.
    Reduce,
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
    let max_conf_bps = if policy == OraclePolicy::Reduce {
        config.oracle_reduce_max_conf_bps
    } else {
        config.oracle_max_conf_bps
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
    let band = Price::from_pyth(
        price,
        update.conf,
        update.exponent,
        pool.price_scale(),
        config.oracle_conf_multiplier_bps,
    )?;
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

/// A one-step read (see the module docs): a print no older than `max_age_secs` and no older than
/// the newest the pool has used, which it becomes, checked under `policy`. Withdrawals with a
/// position read with the strict bounds (`fresh_price_max_age_secs`, [`OraclePolicy::Increase`]);
/// liquidations with `liquidation_max_age_secs` and [`OraclePolicy::Reduce`] (the wider confidence
/// bound and no EMA bound, so a crash can always be liquidated). Returns the band and the print's
/// publish time.
#[inline(never)]
pub fn read_fresh(
    view: &AccountView,
    pool: &mut Pool,
    config: &RiskConfig,
    rule: &FreshRead,
) -> Result<(Price, i64)> {
    let (now, policy) = (rule.now, rule.policy);
    let update = load(view, pool)?;
    let age = now.saturating_sub(update.publish_time).max(0).unsigned_abs();
    require!(age <= u64::from(rule.max_age_secs), BulkheadError::OracleStale);
    require!(
        update.publish_time >= pool.market.last_oracle_publish_time,
        BulkheadError::OraclePublishTimeRegressed
    );
    let price = price_for(&update, pool, config, policy)?;
    pool.market.last_oracle_publish_time = update.publish_time;
    Ok((price, update.publish_time))
}

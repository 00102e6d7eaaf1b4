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
//! ## Policy per action
//! - **Strict** (open or increase a position, flip, withdraw collateral with a position, add or
//!   remove liquidity): age <= `oracle_max_staleness_secs`, confidence / price <= `oracle_max_conf_bps`.
//! - **Lenient** (reduce or close a position; liquidation when it comes): age <=
//!   `oracle_reduce_staleness_secs`, confidence / price <= `oracle_reduce_max_conf_bps`; both are
//!   validated to be at least the strict bounds, so reducing risk stays possible when prices lag.
//! - Always: owner = the Pyth receiver, `PriceUpdateV2` discriminator, `Full` verification, the
//!   pool's feed id, price > 0, exponent in [MIN_PYTH_EXPONENT, 0], and a publish_time no older than
//!   the newest one the pool has used (it never goes backwards). A publish_time ahead of the
//!   cluster clock counts as age 0.

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
    })
}

/// Which bounds an action reads the oracle with (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OraclePolicy {
    /// Risk-increasing actions and LP flows.
    Strict,
    /// Risk-reducing actions.
    Lenient,
}

/// Checks a parsed update against the pool's feed, the policy's bounds and the newest publish_time
/// the pool has used, and converts it to program units. Each failure has its own error.
pub fn validate(
    update: &PriceUpdate,
    pool: &Pool,
    config: &RiskConfig,
    now: i64,
    policy: OraclePolicy,
) -> Result<Price> {
    require!(update.fully_verified, BulkheadError::OracleNotFullyVerified);
    require!(update.feed_id == pool.oracle_feed_id, BulkheadError::OracleWrongFeed);
    require!(
        update.price > 0 && update.exponent >= MIN_PYTH_EXPONENT && update.exponent <= 0,
        BulkheadError::OracleInvalidPrice
    );
    let (max_age, max_conf_bps) = match policy {
        OraclePolicy::Strict => (config.oracle_max_staleness_secs, config.oracle_max_conf_bps),
        OraclePolicy::Lenient => (config.oracle_reduce_staleness_secs, config.oracle_reduce_max_conf_bps),
    };
    let age = now.saturating_sub(update.publish_time).max(0).unsigned_abs();
    require!(age <= u64::from(max_age), BulkheadError::OracleStale);
    let price = update.price.unsigned_abs();
    // conf / price <= max_conf_bps / 10_000, without division.
    let lhs = checked::mul(update.conf, BPS_DENOMINATOR);
    let rhs = checked::mul(price, u64::from(max_conf_bps))?;
    require!(matches!(lhs, Ok(l) if l <= rhs), BulkheadError::OracleConfidenceTooWide);
    require!(
        update.publish_time >= pool.market.last_oracle_publish_time,
        BulkheadError::OraclePublishTimeRegressed
    );
    Price::from_pyth(
        price,
        update.conf,
        update.exponent,
        pool.collateral_decimals,
        config.oracle_conf_multiplier_bps,
    )
}

/// Reads the pool's price from a `PriceUpdateV2` account (owner, layout, then [`validate`]) and
/// records its publish_time in the pool, so later reads can never go back in time.
pub fn read_price(
    view: &AccountView,
    pool: &mut Pool,
    config: &RiskConfig,
    now: i64,
    policy: OraclePolicy,
) -> Result<Price> {
    require!(view.owned_by(&PYTH_RECEIVER), BulkheadError::OracleWrongOwner);
    let data = view.try_borrow()?;
    let update = parse_price_update_v2(&data)?;
    let price = validate(&update, pool, config, now, policy)?;
    pool.market.last_oracle_publish_time = update.publish_time;
    Ok(price)
}

//! `refresh_price`: permissionless. Shows the pool a newer print, which becomes its newest: from
//! then on no one-step read (a liquidation, a withdrawal with a position, a late execution's
//! second print) may use an older one, new requests target a time after it, and an owner whose
//! request's target it reaches can no longer cancel. An owner's bot or any watchdog that refreshes
//! every slot bounds what a chooser of prints can pick to the prints since.

use crate::errors::BulkheadError;
use crate::events::PriceRefreshed;
use crate::oracle;
use crate::state::{Pool, RiskParams};
use anchor_lang::prelude::*;

/// Accounts of `refresh_price`.
#[event_cpi]
#[derive(Accounts)]
pub struct RefreshPrice {
    /// Anyone: a keeper, an owner's bot, a watchdog (named in the event).
    pub keeper: Signer,
    /// The pool.
    #[account(mut)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters (the print's age limit and the band's multiplier).
    #[account(address = pool.risk_params @ BulkheadError::WrongRiskParams)]
    pub risk_params: Account<RiskParams>,
    /// A `PriceUpdateV2` of the pool's feed: at most `fresh_price_max_age_secs` old and no older
    /// than the pool's newest (`oracle::read_recent`).
    pub price_update: UncheckedAccount,
}

/// Makes the print the pool's newest (its publish time and band), or fails changing nothing: not
/// a genuine print of the pool's feed, stale (`OracleStale`) or older than the newest
/// (`OraclePublishTimeRegressed`). Showing the newest print again changes nothing and emits
/// nothing; anything newer emits `PriceRefreshed`. Never paused.
pub fn handler(ctx: &mut Context<RefreshPrice>) -> Result<()> {
    let events = crate::emitter!(ctx);
    let now = Clock::get()?.unix_timestamp;
    let accounts = &mut ctx.accounts;
    let config = &accounts.risk_params.config; // read in place: no copy of the 152 bytes
    let caller = *accounts.keeper.account().address();
    let pool: &mut Pool = &mut accounts.pool;
    let m = &pool.market;
    let before = (m.last_oracle_publish_time, m.newest_price, m.newest_conf, m.newest_exponent);
    let age = oracle::Age { now, max_age_secs: config.fresh_price_max_age_secs };
    let update = oracle::read_recent(accounts.price_update.account(), pool, &age)?;
    let m = &pool.market;
    let after = (m.last_oracle_publish_time, m.newest_price, m.newest_conf, m.newest_exponent);
    if after == before {
        return Ok(());
    }
    let band = pool.market.newest_band(pool.price_scale(), config.oracle_conf_multiplier_bps);
    crate::emit!(
        events,
        pool,
        PriceRefreshed {
            caller,
            publish_time: update.publish_time,
            price_low: band.low,
            price_high: band.high
        }
    )?;
    Ok(())
}

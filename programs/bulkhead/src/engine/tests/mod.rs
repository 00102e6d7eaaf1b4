//! The engine on plain structs (`Pod::zeroed` fixtures), one file per engine module, over random
//! sequences of trades and parameter changes (payoff-cap raises and cuts, utilisation ceilings,
//! fees, margins): the book identity, conservation, every close paid at any price, LP capital
//! never below what is locked, no cap that grows, exact fee aggregates, the two LP NAVs bracketing
//! the true value, liquidations that keep the book, and hedged pairs that gain nothing from a gap.
//! This file holds the fixtures and the random sequence every file plays.

mod fees;
mod gaps;
mod liquidations;
mod navs;
mod trades;

use super::{funding, liquidation, trade, waterfall};
use crate::errors::BulkheadError;
use crate::math::position::unrealized_pnl;
use crate::math::price::Price;
use crate::math::wide::U128;
use crate::oracle::{PriceUpdate, Prints};
use crate::state::request::REQUEST_TRADE;
use crate::state::risk_params::test_config;
use crate::state::{MarginAccount, Pool, Request, RiskConfig};
use anchor_lang::prelude::*;
use bytemuck::Zeroable;
use proptest::prelude::*;

const FEED: [u8; 32] = [7; 32];
const T0: i64 = 1_000_000;

fn config() -> RiskConfig {
    let mut c = test_config();
    (c.max_open_interest, c.max_position_size, c.min_position_size) = (1 << 40, 1 << 36, 1_000);
    // 1,000 x the cap: a close pays at most 10 bps of impact, which maintenance covers on top of
    // the gap (`RiskConfig::max_impact_bps`).
    c.impact_skew_scale = 1_000 << 40;
    c
}

fn pool(lp_capital: u64) -> Pool {
    let mut p = Pool::zeroed();
    (p.collateral_decimals, p.base_decimals, p.oracle_feed_id) = (6, 6, FEED);
    p.book.lp_capital = lp_capital;
    p.market.last_accrual_ts = T0;
    p
}

fn account(collateral: u64, pool: &mut Pool) -> MarginAccount {
    let mut m = MarginAccount::zeroed();
    m.collateral = collateral;
    pool.book.trader_collateral += collateral;
    m
}

/// A print of `dollars` (exponent -8) with confidence `conf_bps` of the price.
fn print(dollars: u64, conf_bps: u64) -> PriceUpdate {
    print_e8(dollars * 100_000_000, conf_bps)
}

/// A print at `price_e8` (dollars x 1e8, exponent -8) with confidence `conf_bps` of the price;
/// EMA = price.
fn print_e8(price_e8: u64, conf_bps: u64) -> PriceUpdate {
    let price = price_e8 as i64;
    PriceUpdate {
        fully_verified: true,
        feed_id: FEED,
        price,
        conf: price_e8 * conf_bps / 10_000,
        exponent: -8,
        publish_time: 0,
        prev_publish_time: 0,
        ema_price: price,
    }
}

/// What `execute_trade` does after validating the print: accrue, settle, execute on copies.
fn execute(
    pool: &mut Pool,
    m: &mut MarginAccount,
    config: &RiskConfig,
    size: i64,
    update: &PriceUpdate,
    now: i64,
) -> Result<trade::TradeOutcome> {
    funding::accrue(pool, config, now)?;
    funding::settle(pool, m, 0);
    m.request = Request {
        kind: REQUEST_TRADE,
        size_delta: size,
        limit: if size > 0 { u64::MAX } else { 0 },
        ..Request::default()
    };
    let (mut p, mut a) = (*pool, *m);
    let result = trade::execute(&mut p, &mut a, config, &Prints { pinned: *update, late: None });
    if result.is_ok() {
        (*pool, *m) = (p, a);
        funding::snapshot(pool, m);
    }
    m.request = Request::default();
    result
}

/// The book identities that hold after every step.
fn check_book(pool: &Pool, accounts: &[MarginAccount], total: u64) {
    let collateral: u64 = accounts.iter().map(|a| a.collateral + a.liquidation_reserve).sum();
    assert_eq!(pool.book.trader_collateral, collateral, "book == sum of accounts' collateral and reserves");
    let claims: u64 = accounts.iter().map(|a| a.funding_claim).sum();
    assert_eq!(pool.market.unpaid_funding, claims, "unpaid funding == sum of accounts' claims");
    for a in accounts {
        assert!(a.base_position != 0 || a.liquidation_reserve == 0, "a flat account holds no reserve");
    }
    assert_eq!(pool.book.total().unwrap(), total, "trades move value inside the book only");
    assert!(pool.book.lp_capital >= pool.market.locked(), "LP capital below what is locked");
    let locked: u64 = accounts.iter().map(|a| a.locked).sum();
    assert_eq!(pool.market.locked(), locked);
    for (side, long) in [(&pool.market.long, true), (&pool.market.short, false)] {
        let on_side: Vec<_> =
            accounts.iter().filter(|a| a.base_position != 0 && (a.base_position > 0) == long).collect();
        assert_eq!(side.positions, on_side.len() as u64);
        assert_eq!(side.open_interest, on_side.iter().map(|a| a.base_position.unsigned_abs()).sum::<u64>());
        assert_eq!(side.entry_notional, on_side.iter().map(|a| a.entry_notional).sum::<u64>());
        let square = on_side.iter().fold(U128::ZERO, |q, a| {
            let term = crate::math::nav::square_term(a.base_position.unsigned_abs(), a.entry_notional);
            assert_eq!(U128::from_pod(&a.entry_square), term, "an account keeps the term it joined with");
            q.saturating_add(term)
        });
        assert_eq!(U128::from_pod(&side.entry_square), square, "the second moment tracks the open positions");
    }
}

/// The value of the pool to its LPs if every account were settled and its position valued at
/// `p` now: fees collected up to collateral, receipts paid from free capital (the rest owed as
/// claims), profits capped by
/// locks, losses collected up to collateral, and the shortfalls beyond it paid by the sponsor's
/// tranche and the insurance fund up to what they hold.
fn true_nav(pool: &Pool, accounts: &[MarginAccount], p: u64) -> u64 {
    let mut pool = *pool;
    let mut shortfall = 0u64;
    for a in accounts {
        let mut a = *a;
        shortfall += funding::settle(&mut pool, &mut a, 0).shortfall;
        if a.base_position == 0 {
            continue;
        }
        let x = unrealized_pnl(a.base_position, a.entry_notional, p).unwrap();
        if x >= 0 {
            pool.book.lp_capital -= (x as u64).min(a.locked);
        } else {
            pool.book.lp_capital += x.unsigned_abs().min(a.collateral);
            shortfall += x.unsigned_abs().saturating_sub(a.collateral);
        }
    }
    // The waterfall pays LP capital the shortfalls, up to the sponsor's tranche and the insurance
    // fund; the funding claims free capital could not pay are owed all the same.
    let surplus = crate::math::impact::surplus(
        pool.book.impact_pool,
        pool.market.skew(),
        p,
        config().impact_skew_scale,
    )
    .unwrap_or(0);
    (pool.book.lp_capital + surplus + shortfall.min(pool.book.sponsor_capital + pool.book.insurance_fund))
        .saturating_sub(pool.market.unpaid_funding)
}

/// A parameter change landing before a step: the payoff cap, the utilisation ceiling, the taker
/// fee and the margins (as governance may move them; the engine must keep its invariants under
/// any of them, step bounds or not).
#[derive(Clone, Copy, Debug)]
struct Change {
    max_payoff_bps: u32,
    max_utilisation_bps: u32,
    taker_fee_bps: u32,
    initial_margin_bps: u32,
}

impl Change {
    fn apply(&self, config: &mut RiskConfig) {
        config.max_payoff_bps = self.max_payoff_bps;
        config.max_utilisation_bps = self.max_utilisation_bps;
        config.taker_fee_bps = self.taker_fee_bps;
        config.initial_margin_bps = self.initial_margin_bps;
        assert!(config.validate().is_ok(), "{config:?}");
    }
}

/// One random step: an account trades `size` at `dollars`, `dt` seconds later, after an optional
/// parameter change.
#[derive(Clone, Debug)]
struct Step {
    who: usize,
    size: i64,
    dollars: u64,
    conf_bps: u64,
    dt: i64,
    change: Option<Change>,
}

fn change() -> impl Strategy<Value = Option<Change>> {
    let some = (500u32..=100_000, 1_000u32..=9_500, 0u32..=50, 800u32..=2_000).prop_map(|(m, u, fee, im)| {
        Change { max_payoff_bps: m, max_utilisation_bps: u, taker_fee_bps: fee, initial_margin_bps: im }
    });
    proptest::option::weighted(0.2, some)
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    proptest::collection::vec(
        (0usize..6, -3_000_000i64..3_000_000, 500u64..8_000, 0u64..150, 0i64..200_000, change()).prop_map(
            |(who, size, dollars, conf_bps, dt, change)| Step { who, size, dollars, conf_bps, dt, change },
        ),
        1..60,
    )
}

/// Plays `steps` on the pool from `config`: parameter changes, then trades (refused ones change
/// nothing). After every step checks the book and that no lock grew on a fill that added no risk,
/// and that every open position closes at the step's price. Returns the configuration in force.
fn play(
    pool: &mut Pool,
    accounts: &mut [MarginAccount],
    mut config: RiskConfig,
    steps: &[Step],
    now: &mut i64,
) -> RiskConfig {
    let total = pool.book.total().unwrap();
    for s in steps {
        if let Some(c) = s.change {
            c.apply(&mut config);
        }
        *now += s.dt;
        let before = accounts[s.who];
        let update = print(s.dollars, s.conf_bps);
        if execute(pool, &mut accounts[s.who], &config, s.size, &update, *now).is_ok() {
            let after = accounts[s.who];
            let (b0, b1) = (before.base_position, after.base_position);
            if b0 != 0 && b1 != 0 && (b0 > 0) == (b1 > 0) && b1.unsigned_abs() <= b0.unsigned_abs() {
                assert!(
                    after.locked <= before.locked,
                    "a reduce grew its lock: {} -> {}",
                    before.locked,
                    after.locked
                );
            }
        }
        check_book(pool, accounts, total);
        // A keeper settles another account's PnL at the step's print: the book holds, the second
        // moment follows, and the account's equity at the mid is unchanged but for its fees.
        let other = &mut accounts[(s.who + 3) % 6];
        if other.base_position != 0 {
            let band =
                Price::from_pyth(update.price as u64, update.conf, -8, pool.price_scale(), 10_000).unwrap();
            let fees = funding::settle(pool, other, 0);
            waterfall::absorb(pool, fees.shortfall);
            funding::snapshot(pool, other);
            let equity = crate::math::liquidation::equity(&liquidation::position_of(other), band.mid);
            let free = pool.book.free_capital(pool.market.locked());
            let collateral = other.collateral;
            let realized = super::pnl::settle_pnl(pool, other, &band).unwrap();
            assert_eq!(other.collateral, collateral - realized, "at most its collateral");
            assert_eq!(
                crate::math::liquidation::equity(&liquidation::position_of(other), band.mid),
                equity,
                "equity moved"
            );
            assert_eq!(pool.book.free_capital(pool.market.locked()), free, "free capital moved");
        }
        check_book(pool, accounts, total);
        // Every requested close executes, whatever the parameters did meanwhile.
        let (mut p, mut all) = (*pool, accounts.to_vec());
        for a in all.iter_mut().filter(|a| a.base_position != 0) {
            let size = -a.base_position;
            let r = execute(&mut p, a, &config, size, &print(s.dollars, s.conf_bps.min(100)), *now);
            assert!(r.is_ok(), "close refused: {r:?}");
        }
        check_book(&p, &all, total);
    }
    config
}

/// What `liquidate` does after reading the print: accrue, settle, liquidate, then send the
/// shortfall down the waterfall. Returns the outcome, or the error with nothing changed.
fn liquidate(
    pool: &mut Pool,
    m: &mut MarginAccount,
    config: &RiskConfig,
    update: &PriceUpdate,
    now: i64,
) -> Result<liquidation::LiquidationOutcome> {
    let (mut p, mut a) = (*pool, *m);
    funding::accrue(&mut p, config, now)?;
    let settled = funding::settle(&mut p, &mut a, 0);
    let band = crate::oracle::price_for(update, &p, config, crate::oracle::OraclePolicy::Liquidate)?;
    let out = liquidation::liquidate(&mut p, &mut a, config, &band)?;
    funding::snapshot(&p, &mut a);
    waterfall::absorb(&mut p, settled.shortfall + out.shortfall);
    (*pool, *m) = (p, a);
    Ok(out)
}

/// Equity at `dollars` (mid) and the maintenance requirement, in units x 1e9 x 1e4, as i128.
fn health(pool: &Pool, m: &MarginAccount, config: &RiskConfig, dollars: u64) -> (i128, i128) {
    use crate::math::liquidation::{equity, Position};
    let p = Price::from_pyth(dollars * 100_000_000, 0, -8, pool.price_scale(), 10_000).unwrap().mid;
    let pos = Position {
        collateral: m.collateral,
        base: m.base_position,
        entry: m.entry_notional,
        locked: m.locked,
    };
    let e = equity(&pos, p);
    let mag = (e.magnitude.hi as i128) << 64 | e.magnitude.lo as i128;
    let e = if e.negative { -mag } else { mag };
    let req = m.base_position.unsigned_abs() as i128 * p as i128 * config.maintenance_margin_bps as i128;
    (e * 10_000, req)
}

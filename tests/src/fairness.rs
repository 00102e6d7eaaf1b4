//! Realistic books for the NAV fairness table (`benches/nav_fairness.md`, written by the
//! `nav_fairness` binary): the program's own engine (`bulkhead::engine`, the code the .so runs,
//! compiled for the host) driven through 30 days of hourly prices by 40 traders at 2-8x, a keeper
//! that liquidates and settles, and at every hour the two LP NAVs against the true value.
//!
//! ## The book (per seed)
//! - ETH-like product at $2,000, lots of 1e-6 units, USDC-like collateral (6 decimals); LP capital
//!   $3,000,000; the default parameters of the program's tests (`flows::default_params`: 10x
//!   initial margin, 5% maintenance, a 100% payoff cap, 90% utilisation ceiling).
//! - Prices: hourly log-normal moves at `vol` a year; with `jumps`, a 1-in-200 hour also gaps by
//!   ±6%. Every print has a confidence of 5 bps of the price.
//! - 40 traders, each with $5,000 to $25,000 of collateral; every hour each acts with
//!   probability 1/8: flat, it opens either side at 2-8x its collateral; open, it closes (half
//!   the time) or moves to a new random position. A trader liquidated down to less than $500
//!   deposits a fresh $5,000 to $25,000 (a new trader on the same account).
//! - The keeper, every hour at the hour's print: accrues, liquidates every account below
//!   maintenance (shortfalls through the waterfall), then settles every open account
//!   (`settle_pnl` when the program has it; the hook is [`Keeper::settle`]).
//!
//! ## What is measured (every hour, after the keeper)
//! - `true`: every account settled (funding and borrow), then closed at the mid: profits up to
//!   their locks, losses up to collateral, shortfalls paid by the sponsor and insurance up to
//!   what they hold (the NAVs' property tests use the same definition);
//! - redeem bps `(true - NAV_redeem) / true`, mint bps `(NAV_mint - true) / true`, at the
//!   print's band, as an LP flow executing then would be priced.

use anchor_lang::bytemuck::Zeroable;
use bulkhead::engine::{funding, liquidation, nav, trade, waterfall};
use bulkhead::math::position::unrealized_pnl;
use bulkhead::math::price::Price;
use bulkhead::oracle::{PriceUpdate, Prints};
use bulkhead::state::request::REQUEST_TRADE;
use bulkhead::state::{MarginAccount, Pool, Request, RiskConfig};

const FEED: [u8; 32] = [7; 32];
/// Seconds between two steps.
const HOUR: i64 = 3_600;
/// One unit of the underlying (lots).
const UNIT: f64 = 1_000_000.0;
/// One dollar (collateral units).
const USD: u64 = 1_000_000;

/// One book to simulate.
#[derive(Clone, Copy, Debug)]
pub struct Book {
    /// Seed of every random draw.
    pub seed: u64,
    /// Annualised volatility of the hourly moves (0.8 = 80%).
    pub vol: f64,
    /// Whether some hours also gap by ±6%.
    pub jumps: bool,
}

/// What one book measured (bps of the true value).
#[derive(Clone, Copy, Debug, Default)]
pub struct Fairness {
    pub mean_redeem_bps: f64,
    pub worst_redeem_bps: f64,
    pub mean_mint_bps: f64,
    pub worst_mint_bps: f64,
    /// The least of each over the hours: below zero would be a NAV on the wrong side of the
    /// truth (a bug, not a haircut).
    pub least_redeem_bps: f64,
    pub least_mint_bps: f64,
    /// Liquidations the keeper made.
    pub liquidations: u64,
    /// Trades executed.
    pub trades: u64,
    /// Mean utilisation, locked / LP capital (bps).
    pub mean_utilisation_bps: f64,
}

/// A small deterministic generator (SplitMix64), so a seed is a book.
struct Draw(u64);

impl Draw {
    fn u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// True one time in `n`.
    fn one_in(&mut self, n: u64) -> bool {
        self.u64().is_multiple_of(n)
    }
    fn unit(&mut self) -> f64 {
        (self.u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-300), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// A print of `price` dollars with a confidence of 5 bps.
fn print(price: f64) -> PriceUpdate {
    let mantissa = (price * 1e8) as i64;
    PriceUpdate {
        fully_verified: true,
        feed_id: FEED,
        price: mantissa,
        conf: mantissa as u64 / 2_000,
        exponent: -8,
        publish_time: 0,
        prev_publish_time: 0,
        ema_price: mantissa,
    }
}

/// The keeper's settlement of one open account at the hour's band; the hook a later
/// `settle_pnl` plugs into. Returns whether it changed anything.
pub type Keeper = fn(&mut Pool, &mut MarginAccount, &RiskConfig, &Price, i64) -> bool;

/// The true value of the pool to its LPs at `p` (see the module docs).
pub fn true_value(pool: &Pool, accounts: &[MarginAccount], p: u64) -> u64 {
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
    pool.book.lp_capital + shortfall.min(pool.book.sponsor_capital + pool.book.insurance_fund)
}

/// Executes a market order of `size` lots for `m` at `update` as `execute_trade` would (accrued
/// and settled first; undone on an error).
fn trade(
    pool: &mut Pool,
    m: &mut MarginAccount,
    config: &RiskConfig,
    size: i64,
    update: &PriceUpdate,
) -> bool {
    m.request = Request {
        kind: REQUEST_TRADE,
        size_delta: size,
        limit: if size > 0 { u64::MAX } else { 0 },
        ..Request::default()
    };
    let (mut p, mut a) = (*pool, *m);
    let ok = match trade::execute(&mut p, &mut a, config, &Prints { pinned: *update, late: None }) {
        Ok(out) => {
            waterfall::absorb(&mut p, out.shortfall);
            (*pool, *m) = (p, a);
            funding::snapshot(pool, m);
            true
        }
        Err(_) => false,
    };
    m.request = Request::default();
    ok
}

/// Simulates one book with the keeper's `settle` (see the module docs).
pub fn simulate(book: Book, config: &RiskConfig, settle: Keeper) -> Fairness {
    let mut draw = Draw(book.seed);
    let mut pool = Pool::zeroed();
    (pool.collateral_decimals, pool.base_decimals, pool.oracle_feed_id) = (6, 6, FEED);
    pool.book.lp_capital = 3_000_000 * USD;
    let mut now = 1_000_000i64;
    pool.market.last_accrual_ts = now;
    let mut accounts: Vec<MarginAccount> = (0..40)
        .map(|_| {
            let mut m = MarginAccount::zeroed();
            m.collateral = draw.between(5_000.0, 25_000.0) as u64 * USD;
            pool.book.trader_collateral += m.collateral;
            m
        })
        .collect();
    let mut price = 2_000.0f64;
    let sigma = book.vol / (365.0f64 * 24.0).sqrt();
    let mut out = Fairness { least_redeem_bps: f64::MAX, least_mint_bps: f64::MAX, ..Fairness::default() };
    let (mut redeem_sum, mut mint_sum, mut utilisation_sum, mut hours) = (0.0, 0.0, 0.0, 0.0);
    for _hour in 0..30 * 24 {
        now += HOUR;
        price *= (sigma * draw.normal() - sigma * sigma / 2.0).exp();
        if book.jumps && draw.one_in(200) {
            price *= if draw.one_in(2) { 1.06 } else { 0.94 };
        }
        let update = print(price);
        let band = Price::from_pyth(
            update.price as u64,
            update.conf,
            update.exponent,
            pool.price_scale(),
            config.oracle_conf_multiplier_bps,
        )
        .unwrap();
        funding::accrue(&mut pool, config, now).unwrap();

        // The keeper liquidates what is below maintenance.
        for m in accounts.iter_mut().filter(|m| m.base_position != 0) {
            let (mut p, mut a) = (pool, *m);
            let settled = funding::settle(&mut p, &mut a, config.protocol_fee_share_bps);
            if let Ok(o) = liquidation::liquidate(&mut p, &mut a, config, &band) {
                waterfall::absorb(&mut p, settled.shortfall + o.shortfall);
                funding::snapshot(&p, &mut a);
                (pool, *m) = (p, a);
                out.liquidations += 1;
            }
        }
        // Traders act.
        for m in accounts.iter_mut() {
            if m.base_position == 0 && m.collateral < 500 * USD {
                let top_up = draw.between(5_000.0, 25_000.0) as u64 * USD;
                m.collateral += top_up;
                pool.book.trader_collateral += top_up;
            }
            if !draw.one_in(8) {
                continue;
            }
            funding::settle(&mut pool, m, config.protocol_fee_share_bps);
            let target = if m.base_position != 0 && draw.one_in(2) {
                0
            } else {
                let leverage = draw.between(2.0, 8.0);
                let lots = (m.collateral as f64 / USD as f64 * leverage / price * UNIT) as i64;
                if draw.one_in(2) {
                    lots
                } else {
                    -lots
                }
            };
            let size = target - m.base_position;
            if size != 0 && trade(&mut pool, m, config, size, &update) {
                out.trades += 1;
            }
        }
        // The keeper settles every open account.
        for m in accounts.iter_mut().filter(|m| m.base_position != 0) {
            settle(&mut pool, m, config, &band, now);
        }

        let truth = true_value(&pool, &accounts, band.mid) as f64;
        let redeem = nav::redeem_nav(&pool, &band) as f64;
        let mint = nav::mint_nav(&pool, &band) as f64;
        let (r, n) = ((truth - redeem) / truth * 1e4, (mint - truth) / truth * 1e4);
        redeem_sum += r;
        mint_sum += n;
        out.worst_redeem_bps = out.worst_redeem_bps.max(r);
        out.worst_mint_bps = out.worst_mint_bps.max(n);
        out.least_redeem_bps = out.least_redeem_bps.min(r);
        out.least_mint_bps = out.least_mint_bps.min(n);
        utilisation_sum += pool.market.locked() as f64 / pool.book.lp_capital as f64 * 1e4;
        hours += 1.0;
    }
    out.mean_redeem_bps = redeem_sum / hours;
    out.mean_mint_bps = mint_sum / hours;
    out.mean_utilisation_bps = utilisation_sum / hours;
    out
}

/// A keeper that settles only funding and borrow (what the landed program allows).
pub fn settle_fees_only(
    pool: &mut Pool,
    m: &mut MarginAccount,
    config: &RiskConfig,
    _: &Price,
    _: i64,
) -> bool {
    let s = funding::settle(pool, m, config.protocol_fee_share_bps);
    waterfall::absorb(pool, s.shortfall);
    s.owed + s.received > 0
}

/// The keeper of issue 14: `settle_pnl` on every open account (a loser's loss up to its
/// collateral into LP capital, and every account's funding and borrow), as the instruction runs it.
pub fn settle_pnl(pool: &mut Pool, m: &mut MarginAccount, config: &RiskConfig, band: &Price, _: i64) -> bool {
    let s = funding::settle(pool, m, config.protocol_fee_share_bps);
    waterfall::absorb(pool, s.shortfall);
    let realized = bulkhead::engine::pnl::settle_pnl(pool, m, band).unwrap_or(0);
    funding::snapshot(pool, m);
    realized > 0 || s.owed + s.received > 0
}

/// The capital-efficiency row: the largest balanced book (longs and shorts of equal total size,
/// each account at most `max_position_size` and well collateralised) the pool's caps let open, as
/// gross open-interest notional per unit of LP capital, at `price` dollars. Found by bisection on
/// whether the engine executes every pair.
pub fn balanced_capacity(config: &RiskConfig, price: f64) -> f64 {
    let lp = 1_000_000 * USD;
    let update = print(price);
    let chunk = config.max_position_size as i64;
    let opens = |lots: i64| {
        let mut pool = Pool::zeroed();
        (pool.collateral_decimals, pool.base_decimals, pool.oracle_feed_id) = (6, 6, FEED);
        pool.book.lp_capital = lp;
        let mut left = lots;
        while left > 0 {
            let size = left.min(chunk);
            left -= size;
            let mut pair = [MarginAccount::zeroed(); 2];
            for m in pair.iter_mut() {
                m.collateral = lp;
                pool.book.trader_collateral += m.collateral;
            }
            let [long, short] = &mut pair;
            // The long opens first; the short narrows the skew back to zero.
            if !(trade(&mut pool, long, config, size, &update)
                && trade(&mut pool, short, config, -size, &update))
            {
                return false;
            }
        }
        true
    };
    let (mut ok, mut too_big) = (0i64, (lp as f64 / USD as f64 * 10.0 / price * UNIT) as i64);
    while too_big - ok > 1_000 {
        let mid = ok + (too_big - ok) / 2;
        if opens(mid) {
            ok = mid;
        } else {
            too_big = mid;
        }
    }
    2.0 * ok as f64 / UNIT * price / (lp as f64 / USD as f64)
}

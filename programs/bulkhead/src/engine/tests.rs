//! The engine on plain structs (`Pod::zeroed` fixtures), over random sequences of trades and
//! parameter changes (payoff-cap raises and cuts, utilisation ceilings, fees, margins): the book
//! identity, conservation, every close paid at any price, LP capital never below what is locked,
//! no cap that grows, exact fee aggregates, and the two LP NAVs bracketing the true value.

use super::{funding, liquidation, nav, trade, waterfall};
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
    c.impact_skew_scale = 1 << 44;
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
    let price = (dollars * 100_000_000) as i64;
    let conf = price as u64 * conf_bps / 10_000;
    PriceUpdate {
        fully_verified: true,
        feed_id: FEED,
        price,
        conf,
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Under random prices, sequences and parameter changes: the book identities hold after every
    /// step, every close succeeds at any price, no reduce grows a lock, and LP capital never drops
    /// below what is locked.
    #[test]
    fn every_close_succeeds_and_locks_hold(steps in steps(), collateral in 1_000_000_000u64..100_000_000_000) {
        let mut pool = pool(1_000_000_000_000);
        let mut accounts: Vec<_> = (0..6).map(|_| account(collateral, &mut pool)).collect();
        let total = pool.book.total().unwrap();
        let mut now = T0;
        let config = play(&mut pool, &mut accounts, config(), &steps, &mut now);
        // Close everyone at an extreme price either way: every close executes.
        for dollars in [1u64, 1_000_000, 100_000_000] {
            let (mut pool, mut accounts) = (pool, accounts.clone());
            for a in accounts.iter_mut().filter(|a| a.base_position != 0) {
                let size = -a.base_position;
                let r = execute(&mut pool, a, &config, size, &print(dollars, 0), now + 1);
                prop_assert!(r.is_ok(), "close refused at ${}: {:?}", dollars, r);
                prop_assert_eq!(a.base_position, 0);
            }
            check_book(&pool, &accounts, total);
            prop_assert_eq!(pool.market.locked(), 0);
        }
    }

    /// The pool's fee aggregates are exact: once every account has settled, nothing is left
    /// receivable or payable, whatever the sequence and the time between steps.
    #[test]
    fn fee_aggregates_are_exact(steps in steps()) {
        let mut pool = pool(1_000_000_000_000);
        let mut accounts: Vec<_> = (0..6).map(|_| account(50_000_000_000, &mut pool)).collect();
        let mut now = T0;
        let config = play(&mut pool, &mut accounts, config(), &steps, &mut now);
        funding::accrue(&mut pool, &config, now + 86_400).unwrap();
        for a in accounts.iter_mut() {
            funding::settle(&mut pool, a, 0);
        }
        prop_assert_eq!(U128::from_pod(&pool.market.fees_receivable), U128::ZERO);
        prop_assert_eq!(U128::from_pod(&pool.market.funding_payable), U128::ZERO);
    }

    /// The redeem NAV is never above, and the mint NAV never below, the true value at any price
    /// inside the print's band, whatever caps the positions were opened with and whatever the
    /// sponsor's tranche and the insurance fund will cover of the losers' shortfalls.
    #[test]
    fn navs_bracket_the_true_value(steps in steps(), dollars in 500u64..8_000, conf_bps in 0u64..200,
                                   at in 0u64..=100, later in 0i64..10_000_000,
                                   sponsor in 0u64..4_000_000_000, insurance in 0u64..4_000_000_000) {
        let mut pool = pool(1_000_000_000_000);
        let mut accounts: Vec<_> = (0..6).map(|_| account(2_000_000_000, &mut pool)).collect();
        let mut now = T0;
        let config = play(&mut pool, &mut accounts, config(), &steps, &mut now);
        // Tranches that will cover shortfalls (the mint NAV must count them; nothing else reads them).
        (pool.book.sponsor_capital, pool.book.insurance_fund) = (sponsor, insurance);
        funding::accrue(&mut pool, &config, now + later).unwrap();
        let update = print(dollars, conf_bps);
        let band = Price::from_pyth(update.price as u64, update.conf, -8, pool.price_scale(), config.oracle_conf_multiplier_bps).unwrap();
        let p = band.low + (band.high - band.low) * at / 100;
        // An LP flow sweeps the impact pool's surplus at the band's low first; the true value then
        // closes everything at p, whose first close sweeps what is still surplus at p (none).
        crate::engine::trade::sweep_impact(&mut pool, band.low, config.impact_skew_scale);
        let navs = nav::lp_navs(&pool, &band);
        let truth = true_nav(&pool, &accounts, p);
        prop_assert!(navs.redeem <= truth, "redeem {} > true {}", navs.redeem, truth);
        prop_assert!(navs.mint >= truth, "mint {} < true {}", navs.mint, truth);
    }
}

/// Issue 6's precision requirement, over its whole grid: for product prices from $1e-9 to $1e6 and
/// collateral decimals 0 to 9 (each pool at a lot size that keeps 6 significant digits), a position
/// settled after a day of one-second accruals owes what it owes after one accrual a day, to within
/// 0.1% (here: exactly, since growth is rate x seconds).
#[test]
fn touching_every_second_accrues_what_touching_once_a_day_does() {
    use crate::math::price::{
        from_pyth, PriceScale, MAX_BASE_DECIMALS, MAX_CREATION_PRICE, MIN_BASE_DECIMALS, MIN_CREATION_PRICE,
    };
    let mut config = config();
    (config.max_open_interest, config.max_position_size, config.min_position_size) = (1 << 61, 1 << 60, 1);
    config.impact_skew_scale = 1 << 62;
    for price_exp in -9..=6i32 {
        for decimals in 0..=9u8 {
            let scale = (MIN_BASE_DECIMALS..=MAX_BASE_DECIMALS)
                .map(|b| PriceScale { collateral_decimals: decimals, base_decimals: b })
                .find(|s| matches!(from_pyth(100_000_000, price_exp - 8, *s, false), Ok(p) if (MIN_CREATION_PRICE..=MAX_CREATION_PRICE).contains(&p)))
                .expect("a lot size keeps 6 digits");
            let p = from_pyth(100_000_000, price_exp - 8, scale, false).unwrap();
            // A long worth about 10,000 whole collateral units (at least one lot) against a short of
            // half as many lots.
            let lots = crate::math::checked::mul_div_floor(
                10_000 * 10u64.pow(decimals.into()),
                crate::math::PRICE_PRECISION,
                p,
            )
            .unwrap()
            .max(1);
            let owed = |touch_every: i64| {
                let mut pool = pool(1 << 60);
                (pool.collateral_decimals, pool.base_decimals) = (decimals, scale.base_decimals);
                let mut long = account(u64::MAX / 8, &mut pool);
                let mut short = account(u64::MAX / 8, &mut pool);
                let px = PriceUpdate { exponent: price_exp - 8, ..print(1, 0) };
                let px = PriceUpdate { price: 100_000_000, conf: 0, ema_price: 100_000_000, ..px };
                execute(&mut pool, &mut long, &config, lots as i64, &px, T0).unwrap();
                execute(&mut pool, &mut short, &config, -((lots / 2).max(1) as i64), &px, T0).unwrap();
                let mut now = T0;
                while now < T0 + 86_400 {
                    now += touch_every;
                    funding::accrue(&mut pool, &config, now).unwrap();
                }
                let before = long.collateral;
                funding::settle(&mut pool, &mut long, 0);
                before - long.collateral
            };
            let (every_second, once) = (owed(1), owed(86_400));
            assert!(once > 0, "$1e{price_exp}, {decimals} decimals: nothing accrued");
            assert!(
                every_second * 1_000 >= once * 999 && every_second <= once + 1,
                "$1e{price_exp}, {decimals} decimals: {every_second} vs {once}"
            );
        }
    }
}

/// Issue 13's first attack on plain structs: a $1M long opened at a 5% cap, the cap raised to 30%,
/// a 1,000-lot reduce, then +50%. The reduce keeps the 5% lock (less its share), so the close
/// realizes at most what the position opened with and executes; before, the reduce re-locked at
/// 30% beyond LP capital and the close aborted on `lp_capital -= profit`.
#[test]
fn a_cap_raise_does_not_reach_an_open_position() {
    let mut config = config();
    config.max_payoff_bps = 500;
    let mut pool = pool(100_000_000_000); // $100k of LP capital
    let mut a = account(200_000_000_000, &mut pool);
    execute(&mut pool, &mut a, &config, 500_000_000, &print(2_000, 0), T0 + 1).unwrap(); // $1M
    let opened_with = a.locked;
    assert_eq!(opened_with, 50_000_000_000);
    config.max_payoff_bps = 3_000;
    execute(&mut pool, &mut a, &config, -1_000, &print(2_000, 0), T0 + 2).unwrap();
    assert!(a.locked <= opened_with && a.locked >= opened_with - 100_001, "{}", a.locked);
    assert!(pool.market.locked() <= pool.book.lp_capital);
    assert_eq!(pool.market.long.lock_floor_bps, 500);
    let size = -a.base_position;
    let out = execute(&mut pool, &mut a, &config, size, &print(3_000, 0), T0 + 3).unwrap();
    assert!(out.realized_pnl > 0 && out.realized_pnl as u64 <= opened_with, "{}", out.realized_pnl);
    assert_eq!((a.base_position, pool.market.locked()), (0, 0));
    // An increase after the raise locks only the added notional at the new cap.
    let mut b = account(200_000_000_000, &mut pool);
    config.max_payoff_bps = 500;
    execute(&mut pool, &mut b, &config, 100_000_000, &print(2_000, 0), T0 + 4).unwrap(); // $200k at 5%
    config.max_payoff_bps = 3_000;
    execute(&mut pool, &mut b, &config, 10_000_000, &print(2_000, 0), T0 + 5).unwrap(); // $20k at 30%
    assert_eq!(b.locked, 10_000_000_000 + 6_000_000_000);
}

#[test]
fn a_profit_beyond_the_cap_is_paid_up_to_the_lock() {
    let config = config(); // payoff cap 100% of entry notional
    let mut pool = pool(10_000_000_000);
    let mut a = account(1_000_000_000, &mut pool);
    execute(&mut pool, &mut a, &config, 2_000_000, &print(2_000, 0), T0 + 1).unwrap(); // $4,000 notional
    assert_eq!(a.locked, 4_000_000_000);
    let before = a.collateral;
    let out = execute(&mut pool, &mut a, &config, -2_000_000, &print(6_000, 0), T0 + 2).unwrap();
    assert_eq!(out.realized_pnl, 4_000_000_000, "capped at the lock, not the $8,000 move");
    assert!(a.collateral > before + 3_900_000_000);
    assert_eq!((a.base_position, a.locked, pool.market.locked()), (0, 0, 0));
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
    let band = crate::oracle::price_for(update, &p, config, crate::oracle::OraclePolicy::Reduce)?;
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

#[test]
fn a_liquidation_closes_part_pays_the_penalty_and_improves_health() {
    let config = config();
    let mut pool = pool(1_000_000_000_000);
    let mut a = account(2_500_000_000, &mut pool); // $2,500 on a $20,000 long: 8x
    execute(&mut pool, &mut a, &config, 10_000_000, &print(2_000, 0), T0 + 1).unwrap();
    let refused = liquidate(&mut pool, &mut a, &config, &print(2_000, 0), T0 + 2);
    assert_eq!(refused.unwrap_err(), BulkheadError::NotLiquidatable.into());
    let (before_e, before_req) = health(&pool, &a, &config, 1_840);
    assert!(before_e < before_req, "below maintenance at $1,840");
    let collateral = a.collateral;
    let out = liquidate(&mut pool, &mut a, &config, &print(1_840, 10), T0 + 3).unwrap();
    assert!(a.base_position > 0 && a.base_position < 10_000_000, "partial: {}", a.base_position);
    assert_eq!(out.liquidator_reward - out.reserve_paid + out.insurance_share, out.penalty);
    assert!(out.liquidator_reward >= config.liquidation_reserve, "at least the keeper's floor");
    assert_eq!(pool.book.insurance_fund, out.insurance_share);
    assert!(out.penalty > 0 && out.penalty <= out.equity_before);
    assert!(a.collateral < collateral);
    let (e, req) = health(&pool, &a, &config, 1_840);
    assert!(e as f64 / req as f64 > before_e as f64 / before_req as f64, "health improved");
    assert_eq!(out.shortfall, 0);
}

#[test]
fn a_gap_through_bankruptcy_drains_sponsor_then_insurance_then_lps() {
    use crate::errors::BulkheadError as E;
    let config = config();
    let mut pool = pool(1_000_000_000_000);
    (pool.book.sponsor_capital, pool.book.insurance_fund) = (100_000_000, 50_000_000);
    let mut a = account(2_500_000_000, &mut pool);
    execute(&mut pool, &mut a, &config, 10_000_000, &print(2_000, 0), T0 + 1).unwrap();
    let total = pool.book.total().unwrap();
    // $2,000 -> $1,500: a $5,000 loss on $2,500 of collateral.
    let out = liquidate(&mut pool, &mut a, &config, &print(1_500, 0), T0 + 2).unwrap();
    assert_eq!(a.base_position, 0, "bankrupt: closed in full");
    assert_eq!((out.penalty, out.fee, a.collateral), (0, 0, 0), "no penalty or fee from nothing");
    // The loss beyond collateral: $5,000 less what the account held after paying to open.
    let shortfall = out.shortfall;
    assert!(shortfall > 2_500_000_000 && shortfall < 2_530_000_000, "{shortfall}");
    assert_eq!((pool.book.sponsor_capital, pool.book.insurance_fund), (0, 0));
    let l = pool.losses;
    assert_eq!((l.sponsor_absorbed, l.insurance_absorbed), (100_000_000, 50_000_000));
    assert_eq!((l.lp_absorbed, l.unrecovered), (shortfall - 150_000_000, shortfall - 150_000_000));
    assert_eq!(
        out.reserve_paid, config.liquidation_reserve,
        "the keeper's floor, from the position's reserve"
    );
    assert_eq!(
        out.liquidator_reward, out.reserve_paid,
        "a bankrupt account pays no penalty, but its reserve"
    );
    assert_eq!(
        pool.book.total().unwrap(),
        total - out.liquidator_reward,
        "the waterfall moves value inside the book; only the reward leaves"
    );
    assert_eq!(
        liquidate(&mut pool, &mut a, &config, &print(1_500, 0), T0 + 3).unwrap_err(),
        E::NotLiquidatable.into()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random trades, price moves and liquidation attempts: the book identities hold (the book
    /// total falls only by the liquidators' rewards, which leave the vault), every liquidation
    /// strictly improves its account's health or closes it, never takes a penalty beyond the
    /// account's equity, and the loss totals add up.
    #[test]
    fn liquidations_keep_the_book(steps in steps(), collateral in 200_000_000u64..5_000_000_000,
                                  sponsor in 0u64..2_000_000_000, insurance in 0u64..2_000_000_000) {
        let mut config = config();
        let mut pool = pool(1_000_000_000_000);
        (pool.book.sponsor_capital, pool.book.insurance_fund) = (sponsor, insurance);
        let mut accounts: Vec<_> = (0..6).map(|_| account(collateral, &mut pool)).collect();
        let mut total = pool.book.total().unwrap();
        let mut now = T0;
        for s in &steps {
            if let Some(c) = s.change {
                c.apply(&mut config);
            }
            now += s.dt;
            let update = print(s.dollars, s.conf_bps);
            let _ = execute(&mut pool, &mut accounts[s.who], &config, s.size, &update, now);
            check_book(&pool, &accounts, total);
            for i in 0..accounts.len() {
                let before = accounts[i];
                // Health before, once its funding is settled (as the liquidation first does).
                let (mut settled_pool, mut settled) = (pool, before);
                funding::accrue(&mut settled_pool, &config, now).unwrap();
                funding::settle(&mut settled_pool, &mut settled, 0);
                let (e0, r0) = health(&settled_pool, &settled, &config, s.dollars);
                match liquidate(&mut pool, &mut accounts[i], &config, &update, now) {
                    Ok(out) => {
                        let a = accounts[i];
                        prop_assert!(out.penalty <= out.equity_before);
                        prop_assert_eq!(out.liquidator_reward - out.reserve_paid + out.insurance_share, out.penalty);
                        // The keeper's floor: every liquidation pays at least the reserve the
                        // position posted (the test config's), bankrupt and small ones included.
                        prop_assert!(out.liquidator_reward >= before.liquidation_reserve,
                                     "reward {} below the floor {}", out.liquidator_reward, before.liquidation_reserve);
                        prop_assert!(a.base_position.unsigned_abs() < before.base_position.unsigned_abs());
                        prop_assert!(a.base_position == 0 || (a.base_position > 0) == (before.base_position > 0));
                        if a.base_position != 0 {
                            let (e1, r1) = health(&pool, &a, &config, s.dollars);
                            prop_assert!(e1 as f64 / r1 as f64 > e0 as f64 / r0 as f64, "health did not improve");
                        }
                        total -= out.liquidator_reward;
                    }
                    Err(e) => {
                        prop_assert_eq!(e, BulkheadError::NotLiquidatable.into());
                        prop_assert!(bytemuck::bytes_of(&accounts[i]) == bytemuck::bytes_of(&before));
                    }
                }
                check_book(&pool, &accounts, total);
            }
            let l = pool.losses;
            prop_assert_eq!(l.shortfalls, l.sponsor_absorbed + l.insurance_absorbed + l.lp_absorbed);
        }
    }
}

//! Executed trades on the real .so: fills at the band edge, PnL between traders and LP capital,
//! fees, payoff locks, the initial-margin boundary, caps, slippage, flips, price impact, funding and
//! borrow, and the margin-checked `withdraw_collateral`.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::TradeExecuted;
use bulkhead_tests::*;

/// One unit of the underlying (lots).
const UNIT: i64 = 1_000_000;

/// The account's collateral moved by exactly what the event says: PnL, fee, impact, funding and
/// the liquidation reserve (posted by an open, returned by a close).
fn assert_reconciles(before: u64, ev: &TradeExecuted) {
    let expected = before as i128 + ev.realized_pnl as i128 - ev.fee as i128 - ev.impact_paid as i128
        + ev.impact_rebate as i128
        - ev.funding_paid as i128
        + ev.funding_received as i128
        + ev.reserve_moved as i128;
    assert_eq!(
        ev.account_collateral as i128, expected,
        "fee {} impact {}/{} funding {}/{}",
        ev.fee, ev.impact_paid, ev.impact_rebate, ev.funding_paid, ev.funding_received
    );
}

#[test]
fn fills_at_the_band_edge_and_books_pnl_fees_and_locks() {
    let Market { mut env, keys, trader, .. } = market();
    let margin = keys.margin(&trader.address());
    let vault_before = env.token_balance(&keys.vault);
    let total_before = env.pool(&keys.pool).book.total().unwrap();

    // $2,000 +/- $1 (k = 1): the buy fills at $2,001. Fee 10 bps of $2,001; the lock is the 100%
    // payoff cap of the entry notional.
    env.set_price(&keys, usd(2_000), usd(1) as u64);
    let ev = executed(&env.trade(&keys, &trader, UNIT));
    assert_eq!(
        (ev.oracle_price, ev.fill_price, ev.fee, ev.realized_pnl),
        (price_e9(2_000), price_e9(2_001), 2_001_000, 0)
    );
    let long = env.pool(&keys.pool).market.long;
    assert_eq!((ev.base_position, ev.locked, long.locked), (UNIT, 2_001_000_000, 2_001_000_000));
    assert_eq!((long.open_interest, long.entry_notional), (UNIT as u64, 2_001_000_000));
    assert_reconciles(MARKET_COLLATERAL, &ev);
    let account = env.margin(&margin);
    assert_eq!(
        (account.base_position, account.entry_notional, account.locked),
        (UNIT, 2_001_000_000, 2_001_000_000)
    );

    // Sold at $2,100 - $1: +$98 realized, paid from LP capital out of the released lock.
    env.set_price(&keys, usd(2_100), usd(1) as u64);
    let before = env.margin(&margin).collateral;
    let lp_before = env.pool(&keys.pool).book.lp_capital;
    let ev = executed(&env.trade(&keys, &trader, -UNIT));
    assert_eq!(
        (ev.fill_price, ev.realized_pnl, ev.fee, ev.base_position),
        (price_e9(2_099), 98_000_000, 2_099_000, 0)
    );
    assert_reconciles(before, &ev);
    let pool = env.pool(&keys.pool);
    assert_eq!(
        pool.book.lp_capital,
        lp_before - 98_000_000 + 2_099_000 + ev.funding_paid - ev.funding_received
    );
    assert_eq!(
        (pool.market.long.open_interest, pool.market.long.entry_notional, pool.market.locked()),
        (0, 0, 0)
    );

    // Trades move book entries only: the vault and the book total never changed.
    assert_eq!(env.token_balance(&keys.vault), vault_before);
    assert_eq!(pool.book.total().unwrap(), total_before);
    assert_eq!(pool.book.trader_collateral, env.margin(&margin).collateral);
}

#[test]
fn initial_margin_at_the_adverse_edge_is_exact() {
    let Market { mut env, keys, .. } = market();
    // $2,000 +/- $10: the buy fills at $2,010 (notional $2,010, fee $2.01) and is valued at
    // $1,990 ($20 of loss); 10% IM of $1,990 is $199. So $221.01 is exactly enough, with the $1
    // liquidation reserve the open posts on top.
    env.set_price(&keys, usd(2_000), usd(10) as u64);
    let reserve = env.config(&keys).liquidation_reserve;
    let enough = env.funded_trader(&keys, 221_010_000 + reserve);
    let short_by_one = env.funded_trader(&keys, 221_009_999 + reserve);
    executed(&env.trade(&keys, &enough, UNIT));
    assert_eq!(cancel_reason(&env.trade(&keys, &short_by_one, UNIT)), Some(code(E::InitialMarginViolated)));
    assert_eq!(env.margin(&keys.margin(&short_by_one.address())).base_position, 0);
}

#[test]
fn reducing_is_allowed_below_initial_margin() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, 4 * UNIT));
    env.set_price(&keys, usd(1_900), 0);
    assert_eq!(cancel_reason(&env.trade(&keys, &trader, UNIT / 1_000)), Some(code(E::InitialMarginViolated)));
    executed(&env.trade(&keys, &trader, -UNIT));
}

#[test]
fn caps_and_minimum_size() {
    let mut params = default_params();
    params.max_open_interest = 3 * UNIT as u64;
    params.max_position_size = 2 * UNIT as u64;
    params.impact_skew_scale = 1_000 * params.max_open_interest; // 10 bps at the cap
    let Market { mut env, keys, trader, .. } = market_with(params);
    env.deposit(&keys, &trader, 9 * MARKET_COLLATERAL).unwrap();
    let other = env.funded_trader(&keys, 10 * MARKET_COLLATERAL);
    let third = env.funded_trader(&keys, 10 * MARKET_COLLATERAL);

    // Size bounds depend only on the position and the configuration: an order outside them is
    // refused when it is made (nothing moves, nothing is charged), not cancelled at execution.
    let refuse = |env: &mut Env, who: &Trader, size: i64, e: E| {
        env.assert_rejected(
            ix_request_trade(&keys, &who.address(), Order::market(size)),
            &[&who.keypair],
            custom(e),
        );
    };
    refuse(&mut env, &trader, 2 * UNIT + 1, E::PositionTooLarge);
    executed(&env.trade(&keys, &trader, 2 * UNIT));
    assert_eq!(cancel_reason(&env.trade(&keys, &other, UNIT + 1)), Some(code(E::OpenInterestCapExceeded)));
    executed(&env.trade(&keys, &other, UNIT));
    executed(&env.trade(&keys, &third, -2 * UNIT)); // shorts have their own cap
                                                    // No dust: not below the minimum, neither opening nor by a partial close.
    assert_eq!(
        cancel_reason(&env.trade(&keys, &third, 2 * UNIT - 1_000)),
        None,
        "down to the minimum is fine"
    );
    let fourth = env.funded_trader(&keys, MARKET_COLLATERAL);
    refuse(&mut env, &fourth, -999, E::PositionTooSmall);
    refuse(&mut env, &trader, -(2 * UNIT - 500), E::PositionTooSmall);
    executed(&env.trade(&keys, &trader, -2 * UNIT));
}

#[test]
fn the_slippage_bound_is_all_in() {
    let Market { mut env, keys, .. } = market();
    let trader = env.funded_trader(&keys, 50 * MARKET_COLLATERAL);
    env.set_price(&keys, usd(2_000), usd(1) as u64);
    let order =
        |size, worst| Order { size_delta: size, worst_price: worst, reduce_only: false, tip_lamports: 0 };
    // A 100-unit buy fills at $2,001 and pays impact: 1e8^2 / 2e12 = 5,000 lots of $2,001, so its
    // all-in price is $2,001.10 a unit.
    let ask = price_e9(2_001);
    assert_eq!(
        cancel_reason(&env.order(&keys, &trader, order(100 * UNIT, ask))),
        Some(code(E::SlippageExceeded))
    );
    let ev = executed(&env.order(&keys, &trader, order(100 * UNIT, ask + ask / 20_000)));
    assert_eq!((ev.fill_price, ev.impact_paid), (ask, 10_005_000));
    // Selling back narrows the skew: the rebate improves the all-in price above the bid.
    let bid = price_e9(1_999);
    assert_eq!(
        cancel_reason(&env.order(&keys, &trader, order(-50 * UNIT, bid + bid / 10_000))),
        Some(code(E::SlippageExceeded))
    );
    let ev = executed(&env.order(&keys, &trader, order(-50 * UNIT, bid)));
    assert!(ev.impact_rebate > 0 && ev.impact_paid == 0);
}

#[test]
fn flip_closes_then_opens_the_other_side() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, UNIT));
    env.set_price(&keys, usd(2_100), 0);
    let ev = executed(&env.trade(&keys, &trader, -3 * UNIT));
    assert_eq!((ev.base_position, ev.realized_pnl), (-2 * UNIT, 100_000_000));
    let account = env.margin(&keys.margin(&trader.address()));
    assert_eq!(
        (account.base_position, account.entry_notional, account.locked),
        (-2 * UNIT, 4_200_000_000, 4_200_000_000)
    );
    let market = env.pool(&keys.pool).market;
    assert_eq!((market.long.open_interest, market.long.locked, market.long.positions), (0, 0, 0));
    assert_eq!(
        (market.short.open_interest, market.short.entry_notional, market.short.locked),
        (2 * UNIT as u64, 4_200_000_000, 4_200_000_000)
    );
    // The long left its side with its second-moment term; the short's side holds only the new one.
    let square = bulkhead::math::nav::square_term(2 * UNIT as u64, 4_200_000_000);
    assert_eq!(bulkhead::math::wide::U128::from_pod(&market.short.entry_square), square);
    assert_eq!(
        bulkhead::math::wide::U128::from_pod(&market.long.entry_square),
        bulkhead::math::wide::U128::ZERO
    );
}

#[test]
fn profit_is_capped_at_the_lock() {
    let mut params = default_params();
    params.max_payoff_bps = 5_000; // profit capped at 50% of the entry notional
    let Market { mut env, keys, trader, .. } = market_with(params);
    let ev = executed(&env.trade(&keys, &trader, UNIT));
    assert_eq!(ev.locked, 1_000_000_000);
    env.set_price(&keys, usd(4_000), 0);
    // A partial close releases half the lock and is paid at most that.
    let ev = executed(&env.trade(&keys, &trader, -UNIT / 2));
    assert_eq!((ev.realized_pnl, ev.locked), (500_000_000, 500_000_000));
    let ev = executed(&env.trade(&keys, &trader, -UNIT / 2));
    assert_eq!((ev.realized_pnl, ev.locked, env.pool(&keys.pool).market.locked()), (500_000_000, 0, 0));
}

#[test]
fn locks_stay_within_the_utilisation_ceiling() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let keys = env.create_pool(mint, 1);
    let lp = env.trader(&mint, 100_000_000_000);
    env.add_liquidity(&keys, &lp, 10_000_000_000); // $10,000 of LP capital, at most 90% locked
    let trader = env.funded_trader(&keys, 10_000_000_000);
    assert_eq!(cancel_reason(&env.trade(&keys, &trader, 4_600_000)), Some(code(E::InsufficientLiquidity)));
    let ev = executed(&env.trade(&keys, &trader, 4_400_000));
    assert_eq!((ev.locked, env.pool(&keys.pool).market.locked()), (8_800_000_000, 8_800_000_000));
    // Reducing needs no free capital.
    executed(&env.trade(&keys, &trader, -4_400_000));
}

#[test]
fn impact_is_paid_on_widening_and_rebated_on_narrowing() {
    let Market { mut env, keys, .. } = market();
    let trader = env.funded_trader(&keys, 50 * MARKET_COLLATERAL);
    let other = env.funded_trader(&keys, 50 * MARKET_COLLATERAL);
    // 0 -> 100 units long: f(1e8) = 1e16 / 2e12 = 5,000 lots at $2,000 = $10.
    let ev = executed(&env.trade(&keys, &trader, 100 * UNIT));
    assert_eq!((ev.impact_paid, ev.impact_rebate, ev.book.impact_pool), (10_000_000, 0, 10_000_000));
    // 100 -> 50: Φ falls from 5,000 to 1,250 lots, 3/4 of it: $7.50 of the $10 pool, pro rata.
    let ev = executed(&env.trade(&keys, &other, -50 * UNIT));
    assert_eq!((ev.impact_paid, ev.impact_rebate, ev.book.impact_pool), (0, 7_500_000, 2_500_000));
    // 50 -> -50 crosses zero (the first trader closes): the pool's $2.50 back for the part to
    // zero, f(-50) = $2.50 paid for the part beyond it.
    let ev = executed(&env.trade(&keys, &trader, -100 * UNIT));
    assert_eq!((ev.impact_paid, ev.impact_rebate, ev.book.impact_pool), (2_500_000, 2_500_000, 2_500_000));
}

/// Issue 14: "impact paid at a low price is rebated at a high price out of other traders'
/// payments". A widens the skew at $2,000 on top of B's, the price rises 20%, A closes: on the
/// landed program A was rebated its potential at $2,400, $36, $6 more than the $30 it paid, out of
/// B's $10. Now the rebate is the pool's balance pro rata to the potential A removes, so A gets
/// back what it paid and B's impact stays for B.
#[test]
fn a_round_trip_across_a_rise_is_rebated_what_it_paid_not_others_impact() {
    let Market { mut env, keys, .. } = market();
    let (a, b) =
        (env.funded_trader(&keys, 50 * MARKET_COLLATERAL), env.funded_trader(&keys, 50 * MARKET_COLLATERAL));
    env.set_price(&keys, usd(2_000), 0);
    let paid_b = executed(&env.trade(&keys, &b, 100 * UNIT)).impact_paid; // Φ 0 -> 5,000 lots
    let paid_a = executed(&env.trade(&keys, &a, 100 * UNIT)).impact_paid; // Φ 5,000 -> 20,000 lots
    assert_eq!((paid_b, paid_a), (10_000_000, 30_000_000));
    env.set_price(&keys, usd(2_400), 0);
    let close_a = executed(&env.trade(&keys, &a, -100 * UNIT));
    assert_eq!(close_a.impact_rebate, 30_000_000, "3/4 of the potential, 3/4 of the $40 pool");
    assert!(close_a.impact_rebate <= paid_a, "the round trip earned nothing from impact");
    let close_b = executed(&env.trade(&keys, &b, -100 * UNIT));
    assert_eq!((close_b.impact_rebate, close_b.book.impact_pool), (paid_b, 0), "B's impact was still there");
}

/// Issue 14: "a flat book leaves a stranded balance", and impact paid before a fall was rebated
/// at the old price out of others' payments. Before a trade prices its impact, the impact pool's
/// surplus over what today's skew could be rebated at its fill price moves to LP capital.
#[test]
fn the_impact_pools_surplus_goes_to_the_lps() {
    let Market { mut env, keys, .. } = market();
    let (a, b) =
        (env.funded_trader(&keys, 50 * MARKET_COLLATERAL), env.funded_trader(&keys, 50 * MARKET_COLLATERAL));
    env.set_price(&keys, usd(2_000), 0);
    assert_eq!(executed(&env.trade(&keys, &a, 100 * UNIT)).impact_paid, 10_000_000); // Φ 5,000 lots
                                                                                     // A 20% fall: the whole skew is now worth $8 of rebates; the other $2 is the LPs'. B widens
                                                                                     // the skew by one unit (Φ 5,000 -> 5,100 lots) at the new price, after the surplus left.
    env.set_price(&keys, usd(1_600), 0);
    let lp_before = env.pool(&keys.pool).book.lp_capital;
    let ev = executed(&env.trade(&keys, &b, UNIT));
    assert_eq!((ev.impact_paid, ev.book.impact_pool), (160_000, 8_160_000));
    assert_eq!(ev.book.lp_capital - lp_before, 2_000_000 + ev.fee, "the surplus, and the fee");
    // Both close: the close to a flat book is rebated what is left (at most its potential's value
    // at its price, so after the sweep exactly the balance), and nothing is stranded.
    executed(&env.trade(&keys, &b, -UNIT));
    let last = executed(&env.trade(&keys, &a, -100 * UNIT));
    assert_eq!((last.book.impact_pool, last.impact_rebate), (0, 8_000_000));
}

#[test]
fn the_heavy_side_pays_funding_and_the_light_side_receives_it() {
    let Market { mut env, keys, trader, .. } = market();
    env.deposit(&keys, &trader, 9 * MARKET_COLLATERAL).unwrap();
    let whale = env.funded_trader(&keys, 50 * MARKET_COLLATERAL);
    executed(&env.trade(&keys, &whale, 30 * UNIT)); // $60,000 long
    executed(&env.trade(&keys, &trader, -10 * UNIT)); // $20,000 short
    let (long_en, short_en) = (60_000_000_000u128, 20_000_000_000u128);
    let start = env.pool(&keys.pool).market;
    // 30 days: the longs pay max 50%/yr * (60k - 20k) / 80k = 25%/yr on their notional.
    env.advance(30 * 86_400);
    let t_before = env.margin(&keys.margin(&trader.address())).collateral;
    let w_before = env.margin(&keys.margin(&whale.address())).collateral;
    env.withdraw(&keys, &trader, 1).unwrap();
    env.withdraw(&keys, &whale, 1).unwrap();
    let market = env.pool(&keys.pool).market;
    let growth = |after: bulkhead::state::market::SideState,
                  before: bulkhead::state::market::SideState,
                  paid: bool| {
        let (a, b) = if paid {
            (after.funding_paid_index, before.funding_paid_index)
        } else {
            (after.funding_received_index, before.funding_received_index)
        };
        u128::from_le_bytes(bytemuck_bytes(a)) - u128::from_le_bytes(bytemuck_bytes(b))
    };
    let g = growth(market.long, start.long, true);
    assert_eq!(
        g,
        growth(market.short, start.short, false),
        "one growth, paid by one side and received by the other"
    );
    assert_eq!(growth(market.short, start.short, true), 0);
    // Per second, in index units (2^60 = 100%): floor(5,000 bps a year), scaled by the skew.
    let per_second = (5_000u128 << 60) / (10_000 * 31_536_000) * (long_en - short_en) / (long_en + short_en);
    assert_eq!(g, per_second * 30 * 86_400, "exact: rate times seconds");
    let received = (short_en * g) >> 60;
    let paid = (long_en * g).div_ceil(1 << 60);
    // The short received its funding, and paid no borrow on its lock: the lighter side balances
    // the book (issue 14; on the landed program both sides paid borrow at the pool's utilisation).
    let t_after = env.margin(&keys.margin(&trader.address())).collateral;
    assert_eq!(t_after + 1 - t_before, received as u64, "the light side's carry is its funding alone");
    assert_eq!(market.short.borrow_index, start.short.borrow_index, "the light side's borrow index stayed");
    assert!(
        u128::from_le_bytes(bytemuck_bytes(market.long.borrow_index))
            > u128::from_le_bytes(bytemuck_bytes(start.long.borrow_index))
    );
    let w_after = env.margin(&keys.margin(&whale.address())).collateral;
    assert!(
        w_before - w_after > paid as u64,
        "the heavy side paid at least its funding (and the 1 unit withdrawn)"
    );
}

/// The little-endian bytes of a stored 128-bit index.
fn bytemuck_bytes(x: anchor_lang::pod::PodU128) -> [u8; 16] {
    anchor_lang::bytemuck::cast(x)
}

#[test]
fn the_borrow_fee_rises_with_utilisation() {
    // One long, no short: funding goes to the LPs too, so isolate borrow with equal sides.
    let owed_at = |lots: i64| {
        let Market { mut env, keys, .. } = market();
        let trader = env.funded_trader(&keys, 300 * MARKET_COLLATERAL);
        let short = env.funded_trader(&keys, 300 * MARKET_COLLATERAL);
        executed(&env.trade(&keys, &trader, lots));
        executed(&env.trade(&keys, &short, -lots));
        env.advance(365 * 86_400);
        let before = env.margin(&keys.margin(&trader.address())).collateral;
        env.withdraw(&keys, &trader, 1).unwrap();
        before - 1 - env.margin(&keys.margin(&trader.address())).collateral
    };
    // Per dollar locked, 40% utilisation (2 x $200k of $1M) costs more than 4%.
    let (low, high) = (owed_at(10 * UNIT), owed_at(100 * UNIT));
    assert!(high > 10 * low, "borrow at 40% utilisation {high} vs 4% {low}");
    // 4% utilisation: 100 + 900 * 4/80 = 145 bps a year on the $20,000 lock = $290.
    assert!((289_000_000..=291_000_000).contains(&low), "{low}");
}

#[test]
fn withdrawals_keep_initial_margin_and_unrealized_profit_stays() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, UNIT)); // collateral 998,000,000 less funding; IM 200,000,000
    let free = env.margin(&keys.margin(&trader.address())).collateral - 200_000_000;
    let over = ix_withdraw(&keys, &trader.address(), &trader.token_account, free + 1);
    env.publish(&keys, env.now(), env.now() - 1);
    env.assert_rejected(over, &[&trader.keypair], custom(E::InsufficientCollateral));
    env.withdraw(&keys, &trader, free - 1_000).expect("the free collateral, less funding since");
    // +$100 unrealized: not withdrawable, and the requirement grew to 210,000,000.
    env.set_price(&keys, usd(2_100), 0);
    let ix = ix_withdraw(&keys, &trader.address(), &trader.token_account, 1);
    env.assert_rejected(ix, &[&trader.keypair], custom(E::InsufficientCollateral));
    // Realized by closing, the profit can leave.
    executed(&env.trade(&keys, &trader, -UNIT));
    let collateral = env.margin(&keys.margin(&trader.address())).collateral;
    assert!(collateral > 200_000_000 + 90_000_000);
    env.withdraw(&keys, &trader, collateral).expect("everything once flat");
}

#[test]
fn reduce_only_orders_never_grow_or_flip() {
    let Market { mut env, keys, trader, .. } = market();
    let reduce = |size| Order { reduce_only: true, ..Order::market(size) };
    // Nothing to reduce is known when the order is made: refused then, nothing moves.
    let ix = ix_request_trade(&keys, &trader.address(), reduce(-UNIT));
    env.assert_rejected(ix, &[&trader.keypair], custom(E::NothingToReduce));
    executed(&env.trade(&keys, &trader, UNIT));
    let ix = ix_request_trade(&keys, &trader.address(), reduce(UNIT));
    env.assert_rejected(ix, &[&trader.keypair], custom(E::NothingToReduce));
    let ev = executed(&env.order(&keys, &trader, reduce(-5 * UNIT)));
    assert_eq!((ev.size_delta, ev.base_position), (-UNIT, 0), "clamped to the position");
}

/// Issue 14: funding's direction and rate come from the lot skew, never from entry notionals. The
/// longs hold 10 units bought at $1,000 ($10,000), the shorts 6 units sold at $2,000 ($12,000): the
/// LPs are short 4 units, so the longs pay (on the landed program the shorts, the heavier notional,
/// paid the longs). The rate is 50%/yr x 4 / 16; the shorts, whose notional is the larger, receive
/// at most what the longs pay (`light_growth`), so the LPs fund none of it.
#[test]
fn the_side_with_more_lots_pays_funding_whatever_the_notionals() {
    let Market { mut env, keys, .. } = market();
    env.set_price(&keys, usd(1_000), 0);
    let long = env.funded_trader(&keys, 5 * MARKET_COLLATERAL);
    executed(&env.trade(&keys, &long, 10 * UNIT));
    env.set_price(&keys, usd(2_000), 0);
    let short = env.funded_trader(&keys, 5 * MARKET_COLLATERAL);
    executed(&env.trade(&keys, &short, -6 * UNIT));
    let start = env.pool(&keys.pool).market;
    assert_eq!((start.long.entry_notional, start.short.entry_notional), (10_000_000_000, 12_000_000_000));
    env.advance(30 * 86_400);
    env.withdraw(&keys, &long, 1).unwrap(); // settles the long (and accrues the pool)
    let market = env.pool(&keys.pool).market;
    let grew = |a: anchor_lang::pod::PodU128, b: anchor_lang::pod::PodU128| {
        u128::from_le_bytes(bytemuck_bytes(a)) - u128::from_le_bytes(bytemuck_bytes(b))
    };
    let paid = grew(market.long.funding_paid_index, start.long.funding_paid_index);
    assert_eq!(
        grew(market.short.funding_paid_index, start.short.funding_paid_index),
        0,
        "the shorts pay nothing"
    );
    let per_second = (5_000u128 << 60) / (10_000 * 31_536_000) * 4 / 16;
    assert_eq!(paid, per_second * 30 * 86_400, "the longs pay 50%/yr x 4/16");
    let received = grew(market.short.funding_received_index, start.short.funding_received_index);
    assert_eq!(received, paid * 10_000_000_000 / 12_000_000_000, "scaled to what the longs pay");
    assert!(12_000_000_000 * received <= 10_000_000_000 * paid, "the LPs fund none of it");
}

/// Issue 14's review: the lighter side pays no borrow, so its locks must not raise the rate the
/// heavier side pays either (else an LP who opens a large, slightly lighter short makes the longs
/// pay the borrow of a full pool on capital nobody pays for). Twin pools with the same long; one
/// also holds a short one unit lighter: the longs' borrow index grows no faster there.
#[test]
fn the_lighter_sides_locks_do_not_raise_the_heavier_sides_borrow() {
    let Twins { mut env, a, b, .. } = twins();
    let longs: Vec<_> = [a, b].iter().map(|k| env.funded_trader(k, 50 * MARKET_COLLATERAL)).collect();
    executed(&env.trade(&a, &longs[0], 30 * UNIT));
    executed(&env.trade(&b, &longs[1], 30 * UNIT));
    let short = env.funded_trader(&b, 50 * MARKET_COLLATERAL);
    executed(&env.trade(&b, &short, -29 * UNIT));
    let start = [env.pool(&a.pool).market.long.borrow_index, env.pool(&b.pool).market.long.borrow_index];
    let short_start = env.pool(&b.pool).market.short.borrow_index;
    env.advance(86_400);
    env.withdraw(&a, &longs[0], 1).unwrap();
    env.withdraw(&b, &longs[1], 1).unwrap();
    let grew = |keys: &PoolKeys, from| {
        u128::from_le_bytes(bytemuck_bytes(env.pool(&keys.pool).market.long.borrow_index))
            - u128::from_le_bytes(bytemuck_bytes(from))
    };
    let (alone, beside_a_short) = (grew(&a, start[0]), grew(&b, start[1]));
    assert!(alone > 0);
    // Not raised (counted, the short's locks would have taken the rate from 1.7% to 2.3%/yr); a
    // little lower, since the short's fees grew LP capital.
    assert!(
        beside_a_short <= alone,
        "the light short's locks raised the longs' borrow: {beside_a_short} > {alone}"
    );
    assert!(beside_a_short * 1_000 >= alone * 999, "{beside_a_short} vs {alone}");
    assert_eq!(env.pool(&b.pool).market.short.borrow_index, short_start, "and the light short paid none");
}

/// Issue 14: "funding owed to the light side beyond free capital becomes `unpaid_funding` and is
/// never paid ($19,541 in one run) while LPs keep the heavy side's payment". A pool at its 95%
/// utilisation ceiling, a heavy long and a light short, a year at 1,000%/yr: when the short
/// settles, free capital pays part of what it is owed and the rest is its claim. On the landed
/// program that rest was forfeited. Now no LP can withdraw the capital the claim needs, and once
/// the long's payment comes in, the short's next settlement pays the claim in full.
#[test]
fn funding_free_capital_cannot_pay_is_a_claim_paid_first_from_later_inflows() {
    let mut params = default_params();
    (params.max_utilisation_bps, params.max_funding_rate_bps_per_year) = (9_500, 100_000);
    params.borrow_rate_max_bps_per_year = 1_000;
    (params.borrow_rate_base_bps_per_year, params.borrow_rate_optimal_bps_per_year) = (0, 0);
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let keys = env.create_pool_with(mint, 1, params);
    let lp = env.trader(&mint, 100_000_000_000);
    let lp_tokens = env.add_liquidity(&keys, &lp, 9_500_000_000); // $9,500 of LP capital
    let long = env.funded_trader(&keys, 200_000_000_000); // pays about $86,000 of funding in the year
    let short = env.funded_trader(&keys, 1_000_000_000);
    env.set_price(&keys, usd(2_000), 0);
    executed(&env.trade(&keys, &long, 4_400_000)); // $8,800 locked
    executed(&env.trade(&keys, &short, -50_000)); // $100 locked: $600 of capital free
    env.advance(365 * 86_400);
    env.withdraw(&keys, &short, 1).unwrap();
    let owed = env.margin(&keys.margin(&short.address()));
    let pool = env.pool(&keys.pool);
    assert!(owed.funding_claim > 100_000_000, "free capital paid only part: claim {}", owed.funding_claim);
    assert_eq!(pool.market.unpaid_funding, owed.funding_claim);
    assert_eq!(pool.book.free_capital(pool.market.locked()), 0, "all the free capital went to the short");
    // No LP can leave with capital the claim needs.
    let out = env.remove_liquidity(&keys, &lp, lp_tokens, 1_000_000);
    assert_eq!(cancel_reason(&out), Some(code(E::InsufficientLiquidity)));
    // The long settles: its funding comes into LP capital, and the claim is paid first.
    env.withdraw(&keys, &long, 1).unwrap();
    let collateral = env.margin(&keys.margin(&short.address())).collateral;
    env.withdraw(&keys, &short, 1).unwrap();
    let paid = env.margin(&keys.margin(&short.address()));
    assert_eq!(paid.funding_claim, 0);
    assert!(paid.collateral + 1 >= collateral + owed.funding_claim, "the claim was paid in full");
    assert_eq!(env.pool(&keys.pool).market.unpaid_funding, 0);
}

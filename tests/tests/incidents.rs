//! Scenarios from real incidents, replayed on the real .so. The other three of issue 7's list live
//! next to the mechanism they exercise: a gap through bankruptcy in `waterfall.rs`, self-
//! liquidation through a second wallet (Euler 2023) in `liquidation.rs`, a hostile mint draining
//! one pool's vault in `solvency.rs`.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{Liquidated, ShortfallCovered};
use bulkhead_tests::*;

const UNIT: i64 = 1_000_000;

/// Mango Markets, October 2022: the attacker pumped the oracle price of a thin market, then
/// borrowed and withdrew against the unrealized profit. Here a print far from Pyth's EMA is refused
/// for a withdrawal; once the EMA has caught up, unrealized profit still counts for nothing until a
/// trade realizes it; and the trade that realizes it is paid at most its payoff cap.
#[test]
fn mango_an_oracle_pump_cannot_be_withdrawn() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, 4 * UNIT)); // $8,000 on $1,000
    let collateral = env.margin(&keys.margin(&trader.address())).collateral;
    let ix = |amount| ix_withdraw(&keys, &trader.address(), &trader.token_account, amount);

    // The pump: $2,000 -> $6,000 in one print, the EMA still at $2,000.
    env.set_quote(&keys, Quote { price: usd(6_000), conf: 0, exponent: -8, ema: usd(2_000) });
    env.assert_rejected(ix(1), &[&trader.keypair], custom(E::OracleEmaDeviation));
    // The pump holds until the EMA follows: the $16,000 of unrealized profit still backs nothing.
    env.set_price(&keys, usd(6_000), 0);
    env.assert_rejected(ix(collateral + 1), &[&trader.keypair], custom(E::InsufficientCollateral));
    // Free collateral (collateral less 10% of the $24,000 notional, profit not counted) is zero.
    env.assert_rejected(ix(1), &[&trader.keypair], custom(E::InsufficientCollateral));

    // Realizing it: the profit is capped at the position's lock (100% of its $8,000 entry), which
    // LP capital has held since the open.
    let lock = env.margin(&keys.margin(&trader.address())).locked;
    let lp_before = env.pool(&keys.pool).book.lp_capital;
    let ev = executed(&env.trade(&keys, &trader, -4 * UNIT));
    assert_eq!(ev.realized_pnl, lock as i64);
    assert_eq!(lock, 8_000_000_000);
    assert!(lp_before - env.pool(&keys.pool).book.lp_capital <= lock, "the LPs lose at most the lock");
}

/// JELLY on Hyperliquid, March 2025: in a thin market the attacker opened opposite positions from
/// two wallets, squeezed the price, and left the losing side to the pool's vault. Here the caps
/// bound what the attacker can open, a bankrupt side goes down the waterfall, and the winning side
/// is paid at most its lock: the LPs' loss is bounded by the locks the caps allowed.
#[test]
fn jelly_a_thin_market_squeeze_is_bounded_by_the_caps_and_the_locks() {
    let mut params = default_params();
    (params.max_open_interest, params.max_position_size) = (5 * UNIT as u64, 3 * UNIT as u64);
    params.impact_skew_scale = 500 * UNIT as u64;
    params.gap_bps = 400; // maintenance covers it and the 1% of impact a close can pay at the cap
    let Market { mut env, keys, .. } = market_with(params);
    let sponsor = env.sponsor(&keys, 100_000_000);
    env.sponsor_deposit(&keys, &sponsor, 100_000_000).unwrap();

    // The caps: one account at most 3 units, one side at most 5.
    let whale = env.funded_trader(&keys, 10 * MARKET_COLLATERAL);
    let ix = ix_request_trade(&keys, &whale.address(), Order::market(4 * UNIT));
    env.assert_rejected(ix, &[&whale.keypair], custom(E::PositionTooLarge));
    let (long, short) =
        (env.funded_trader(&keys, MARKET_COLLATERAL), env.funded_trader(&keys, MARKET_COLLATERAL));
    executed(&env.trade(&keys, &whale, -3 * UNIT));
    assert_eq!(cancel_reason(&env.trade(&keys, &short, -3 * UNIT)), Some(code(E::OpenInterestCapExceeded)));

    // The attacker: long 2 units from one wallet, short 2 from another, then a 3x squeeze.
    executed(&env.trade(&keys, &long, 2 * UNIT));
    executed(&env.trade(&keys, &short, -2 * UNIT));
    let lock = env.margin(&keys.margin(&long.address())).locked;
    let lp_before = env.pool(&keys.pool).book.lp_capital;
    let short_collateral = env.margin(&keys.margin(&short.address())).collateral;
    env.set_price(&keys, usd(6_000), 0);

    let liquidator = env.trader(&keys.mint, 0);
    let result = env.liquidate(&keys, &liquidator, &short.address());
    let liquidated: Liquidated = event(&result);
    let covered: ShortfallCovered = event(&result);
    assert_eq!(liquidated.base_position, 0, "the bankrupt short closes in full");
    assert_eq!(covered.sponsor, 100_000_000, "the sponsor's tranche absorbs first");
    let won = executed(&env.trade(&keys, &long, -2 * UNIT));
    assert_eq!(won.realized_pnl, lock as i64, "the winning side is paid its lock, not the squeeze");

    let lp_after = env.pool(&keys.pool).book.lp_capital;
    let attacker_gain = won.realized_pnl - short_collateral as i64;
    assert!(lp_before - lp_after <= lock, "the LPs lose at most the lock: {}", lp_before - lp_after);
    assert!(attacker_gain < lock as i64, "the attacker nets less than the lock");
    assert!(env.token_balance(&keys.vault) >= env.pool(&keys.pool).book.total().unwrap());
}

/// A donation into a pool's vault (a plain SPL transfer) is not a claim: it changes no book entry,
/// no share price and no margin, so it cannot be used to move an NAV or a health check.
#[test]
fn a_donation_changes_no_price_share_or_margin() {
    let Twins { mut env, a, b, lp, ta, tb } = twins();
    let mint = a.mint;
    // Both pools trade at the same times, so their histories are the same but for the donation.
    env.request_trade(&a, &ta, Order::market(4 * UNIT)).unwrap();
    env.request_trade(&b, &tb, Order::market(4 * UNIT)).unwrap();
    executed(&env.execute_trade(&a, &ta.address()));
    executed(&env.execute_trade(&b, &tb.address()));

    let book = env.pool(&a.pool).book;
    let donor = env.trader(&mint, 500_000_000_000);
    env.send(
        &[ix_spl_transfer(&donor.token_account, &a.vault, &donor.address(), 500_000_000_000)],
        &[&donor.keypair],
    )
    .unwrap();
    assert_eq!(env.pool(&a.pool).book, book, "a donation is not in the book");

    // The same deposit mints the same shares in both pools; the same crash liquidates both alike.
    let (sa, sb) = (env.lp_token_account(&a, &lp.address()), env.lp_token_account(&b, &lp.address()));
    let (la, lb) = (lp.lp(sa), lp.lp(sb));
    env.send(
        &[ix_request_add(&a, &la, 1_000_000_000, 0, 0), ix_request_add(&b, &lb, 1_000_000_000, 0, 0)],
        &[&lp.keypair],
    )
    .unwrap();
    let (ma, mb) = (
        executed_liquidity(&env.execute_liquidity(&a, &la)),
        executed_liquidity(&env.execute_liquidity(&b, &lb)),
    );
    assert_eq!((ma.shares, ma.nav), (mb.shares, mb.nav));
    env.set_price(&a, usd(1_830), 0);
    env.set_price(&b, usd(1_830), 0);
    let liquidator = env.trader(&mint, 0);
    let la: Liquidated = event(&env.liquidate(&a, &liquidator, &ta.address()));
    let lb: Liquidated = event(&env.liquidate(&b, &liquidator, &tb.address()));
    assert_eq!((la.size_delta, la.penalty), (lb.size_delta, lb.penalty));
    assert_eq!(env.token_balance(&a.vault) - env.pool(&a.pool).book.total().unwrap(), 500_000_000_000);
}

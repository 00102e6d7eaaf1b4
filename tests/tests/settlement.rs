//! `settle_pnl` on the real .so (issue 14): a loser's loss up to its collateral into LP capital at
//! a fresh print, the entry moved to the mark and the lock raised by as much, so nothing the
//! account can be paid changes; an LP who leaves after the keeper settled is paid for the loss;
//! who may choose the print gains nothing by it; every refusal, byte for byte.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::PnlSettled;
use bulkhead::math::liquidation::equity;
use bulkhead_tests::*;
use solana_signer::Signer;

/// One unit of the underlying (lots).
const UNIT: i64 = 1_000_000;

/// [`market`] with the trader long 4 units at $2,000 ($8,000 on $1,000) and the price down to
/// $1,900: a $400 loss, the account still above maintenance.
fn losing() -> Market {
    let mut m = market();
    executed(&m.env.trade(&m.keys, &m.trader, 4 * UNIT));
    m.env.set_price(&m.keys, usd(1_900), 0);
    m
}

#[test]
fn a_loss_moves_to_lp_capital_and_nothing_the_account_can_be_paid_changes() {
    let Market { mut env, keys, trader, .. } = losing();
    let bystander = Bystander::new(&mut env, keys.mint);
    let owner = trader.address();
    let before = env.position(&keys, &owner);
    let pool_before = env.pool(&keys.pool);
    let vault = env.token_balance(&keys.vault);

    let ev: PnlSettled = event(&env.settle_pnl(&keys, &owner));
    let after = env.position(&keys, &owner);
    let pool = env.pool(&keys.pool);
    // Funding and borrow of the few seconds since the fill settle first; then the $400 loss.
    let paid = ev.funding_paid - ev.funding_received;
    assert_eq!(ev.realized_loss, 400_000_000);
    assert_eq!(after.collateral, before.collateral - paid - 400_000_000);
    assert_eq!(
        (after.base, after.entry, after.locked),
        (before.base, before.entry - 400_000_000, before.locked + 400_000_000)
    );
    assert_eq!(after.entry, 4 * 1_900_000_000, "the entry is the mark now");
    // The account's equity at the mid is what it was (less the fees it paid).
    let (e0, e1) = (equity(&before, price_e9(1_900)), equity(&after, price_e9(1_900)));
    assert!(!e0.negative && !e1.negative);
    assert_eq!(e0.magnitude.lo - e1.magnitude.lo, paid * 1_000_000_000);
    // LP capital got the loss and the fees; free capital grew by the fees alone.
    assert_eq!(pool.book.lp_capital, pool_before.book.lp_capital + paid + 400_000_000);
    assert_eq!(pool.market.long.locked, pool_before.market.long.locked + 400_000_000);
    let free = |p: &bulkhead::state::Pool| p.book.lp_capital - p.market.locked();
    assert_eq!(free(&pool), free(&pool_before) + paid);
    // No token moved; the book still matches the vault; the event says it all.
    assert_eq!(env.token_balance(&keys.vault), vault);
    assert_eq!(pool.book.total().unwrap(), vault);
    assert_eq!((ev.book, ev.sequence, ev.owner), (pool.book, pool_before.sequence + 1, owner));
    assert_eq!(
        (ev.entry_notional, ev.locked, ev.account_collateral),
        (after.entry, after.locked, after.collateral)
    );
    assert_eq!(ev.oracle_price, price_e9(1_900));
    bystander.assert_untouched(&env);

    // Settled again at the same price: nothing more to realize.
    let again: PnlSettled = event(&env.settle_pnl(&keys, &owner));
    assert_eq!(again.realized_loss, 0);
}

/// The first finding: the redeem NAV counts no loser's loss, so an LP who leaves pays the
/// loss to those who stay. A second LP with half the pool leaves while the trader is down $400:
/// without a settlement it is paid $200 less than its share of the true value; after the keeper
/// settles the loser at the withdrawal's print, within the band and rounding.
#[test]
fn an_lp_who_leaves_after_the_keeper_settled_is_paid_for_the_loss() {
    for settle in [false, true] {
        let Market { mut env, keys, trader, .. } = losing();
        let second = env.trader(&keys.mint, 2 * MARKET_LP_CAPITAL);
        let shares = env.add_liquidity(&keys, &second, MARKET_LP_CAPITAL);
        let held = env.token_balance(&shares);
        let tokens = second.lp(shares);
        env.open_lp_account(&keys, &second);
        env.send(&[ix_request_remove(&keys, &tokens, held, 0, 0)], &[&second.keypair]).unwrap();
        let target = env.lp_account(&keys.lp_account(&second.address())).request.target_time;
        env.set_time(target);
        if settle {
            env.settle_pnl(&keys, &trader.address()).unwrap();
        }
        // The true value at the withdrawal's print: LP capital, plus the loser's loss and fees.
        let pool = env.pool(&keys.pool);
        let account = env.margin(&keys.margin(&trader.address()));
        let loss = account.entry_notional - 4 * 1_900_000_000;
        let supply = (env.mint_supply(&keys.lp_mint) + pool.market.dead_lp_shares) as u128;
        let fair = (pool.book.lp_capital + loss) as u128 * held as u128 / supply;
        let ev = executed_liquidity(&env.execute_liquidity(&keys, &tokens));
        let short = fair as u64 - ev.amount;
        if settle {
            assert!(short < 1_000_000, "still short ${}", short as f64 / 1e6);
        } else {
            assert!((199_000_000..=201_000_000).contains(&short), "short {short}");
        }
    }
}

#[test]
fn a_winner_settles_only_its_fees() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, 4 * UNIT));
    env.set_price(&keys, usd(2_100), 0);
    env.advance(86_400);
    let before = env.position(&keys, &trader.address());
    let ev: PnlSettled = event(&env.settle_pnl(&keys, &trader.address()));
    let after = env.position(&keys, &trader.address());
    assert_eq!(ev.realized_loss, 0);
    assert!(ev.funding_paid > 0, "a day of borrow and funding settled");
    assert_eq!(after.collateral, before.collateral - ev.funding_paid + ev.funding_received);
    assert_eq!((after.entry, after.locked), (before.entry, before.locked));
}

/// The trader as his own keeper, choosing the print to settle at: twins trade the same, one is
/// settled at $1,850 on the way down and the other never; both close at $1,950. The two end with
/// the same collateral (to within the funding their different entry notionals accrued over the
/// close's two seconds), and the two pools' LP capital agrees to the same units.
#[test]
fn the_print_a_settlement_uses_moves_no_value() {
    let Twins { mut env, a, b, ta, tb, .. } = twins();
    executed(&env.trade(&a, &ta, 4 * UNIT));
    executed(&env.trade(&b, &tb, 4 * UNIT));
    env.set_price(&a, usd(1_850), 0);
    env.set_price(&b, usd(1_850), 0);
    let ev: PnlSettled = event(&env.settle_pnl(&a, &ta.address()));
    assert_eq!(ev.realized_loss, 600_000_000);
    env.set_price(&a, usd(1_950), 0);
    env.set_price(&b, usd(1_950), 0);
    executed(&env.trade(&a, &ta, -4 * UNIT));
    executed(&env.trade(&b, &tb, -4 * UNIT));
    let (ca, cb) =
        (env.margin(&a.margin(&ta.address())).collateral, env.margin(&b.margin(&tb.address())).collateral);
    assert!(ca.abs_diff(cb) <= 100, "settled {ca} vs unsettled {cb}");
    let (la, lb) = (env.pool(&a.pool).book.lp_capital, env.pool(&b.pool).book.lp_capital);
    assert!(la.abs_diff(lb) <= 100, "LP capital {la} vs {lb}");
    assert_eq!(la + ca, lb + cb, "what one side lost the other kept");
}

/// A loser below its collateral (bankrupt, not yet liquidated) realizes only its collateral; the
/// rest stays for the liquidation and the waterfall.
#[test]
fn a_bankrupt_account_realizes_only_its_collateral() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, 4 * UNIT));
    env.set_price(&keys, usd(1_500), 0); // a $2,000 loss on about $992
    let before = env.position(&keys, &trader.address());
    let ev: PnlSettled = event(&env.settle_pnl(&keys, &trader.address()));
    let after = env.position(&keys, &trader.address());
    assert_eq!(after.collateral, 0);
    assert_eq!(ev.realized_loss + ev.funding_paid - ev.funding_received, before.collateral);
    assert_eq!(after.entry, before.entry - ev.realized_loss);
    assert!(after.entry > 4 * 1_500_000_000, "the loss beyond the collateral stays unrealized");
    let liquidator = env.trader(&keys.mint, 0);
    let covered: bulkhead::events::ShortfallCovered =
        event(&env.liquidate(&keys, &liquidator, &trader.address()));
    assert!(covered.shortfall > 0);
}

#[test]
fn refusals_change_nothing() {
    let Twins { mut env, a, b, ta, tb, .. } = twins();
    executed(&env.trade(&a, &ta, 4 * UNIT));
    env.set_price(&a, usd(1_900), 0);
    let now = env.now();
    env.publish(&a, now, now - 1);
    let keeper = env.keeper.insecure_clone();
    // A flat account has nothing to settle.
    env.assert_rejected(
        ix_settle_pnl(&b, &keeper.pubkey(), &tb.address()),
        &[&keeper],
        custom(E::NothingToSettle),
    );
    // Another pool's account.
    let foreign = swap_account(
        ix_settle_pnl(&b, &keeper.pubkey(), &tb.address()),
        &b.margin(&tb.address()),
        a.margin(&ta.address()),
    );
    env.assert_rejected(foreign, &[&keeper], custom(E::WrongPool));
    // Another pool's risk parameters.
    let params =
        swap_account(ix_settle_pnl(&a, &keeper.pubkey(), &ta.address()), &a.risk_params, b.risk_params);
    env.assert_rejected(params, &[&keeper], custom(E::WrongRiskParams));
    // A print older than the liquidation age.
    env.advance(60);
    env.assert_rejected(
        ix_settle_pnl(&a, &keeper.pubkey(), &ta.address()),
        &[&keeper],
        custom(E::OracleStale),
    );
}

/// A losing short: its entry notional grows to the mark by the loss, its lock by as much.
#[test]
fn a_losing_short_moves_its_entry_up_to_the_mark() {
    let Market { mut env, keys, trader, .. } = market();
    executed(&env.trade(&keys, &trader, -4 * UNIT));
    env.set_price(&keys, usd(2_100), 0);
    let before = env.position(&keys, &trader.address());
    let lp_before = env.pool(&keys.pool).book.lp_capital;
    let ev: PnlSettled = event(&env.settle_pnl(&keys, &trader.address()));
    let after = env.position(&keys, &trader.address());
    assert_eq!(ev.realized_loss, 400_000_000);
    assert_eq!((after.entry, after.locked), (before.entry + 400_000_000, before.locked + 400_000_000));
    assert_eq!(after.entry, 4 * 2_100_000_000, "the entry is the mark now");
    let paid = ev.funding_paid - ev.funding_received;
    assert_eq!(after.collateral, before.collateral - paid - 400_000_000);
    assert_eq!(env.pool(&keys.pool).book.lp_capital, lp_before + paid + 400_000_000);
    let (e0, e1) = (equity(&before, price_e9(2_100)), equity(&after, price_e9(2_100)));
    assert_eq!(e0.magnitude.lo - e1.magnitude.lo, paid * 1_000_000_000);
}

//! `liquidate` on the real .so: the trigger at the mid, the minimal partial close to maintenance +
//! buffer, the penalty split and the reward transfer, the pending request it cancels, a second
//! wallet that liquidates its owner (Euler), and every refusal, byte for byte.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{Liquidated, RequestCancelled};
use bulkhead::math::liquidation::{reaches_target, Terms};
use bulkhead::state::RiskConfig;
use bulkhead_tests::*;

/// One unit of the underlying (lots).
const UNIT: i64 = 1_000_000;

/// [`market`] with the trader long 4 units ($8,000 on $1,000: 8x) and the price at $1,830, where
/// equity (about $312) is below 5% of the notional ($366); and a liquidator with an empty token
/// account of the mint.
fn underwater() -> (Market, Trader) {
    let mut m = market();
    executed(&m.env.trade(&m.keys, &m.trader, 4 * UNIT));
    m.env.set_price(&m.keys, usd(1_830), 0);
    let liquidator = m.env.trader(&m.keys.mint, 0);
    (m, liquidator)
}

#[test]
fn closes_just_enough_and_splits_the_penalty() {
    let (Market { mut env, keys, trader, .. }, liquidator) = underwater();
    let before = env.position(&keys, &trader.address());
    let vault_before = env.token_balance(&keys.vault);
    let sequence = env.pool(&keys.pool).sequence;

    let ev: Liquidated = event(&env.liquidate(&keys, &liquidator, &trader.address()));
    let after = env.margin(&keys.margin(&trader.address()));
    assert!(ev.size_delta < 0 && ev.size_delta > -4 * UNIT, "partial: {}", ev.size_delta);
    assert_eq!(after.base_position, 4 * UNIT + ev.size_delta);
    assert_eq!((ev.oracle_price, ev.fill_price), (price_e9(1_830), price_e9(1_830)));
    // Minimal: closing one lot less would not reach maintenance + buffer.
    let config = env.config(&keys);
    let terms = Terms {
        maintenance_bps: config.maintenance_margin_bps,
        buffer_bps: config.liquidation_buffer_bps,
        penalty_bps: config.liquidation_penalty_bps + config.taker_fee_bps,
        min_position: config.min_position_size,
    };
    let closed = ev.size_delta.unsigned_abs();
    assert!(reaches_target(&before, &terms, ev.oracle_price, ev.fill_price, closed));
    assert!(!reaches_target(&before, &terms, ev.oracle_price, ev.fill_price, closed - 1));
    // The penalty: 2% of the closed notional, half to the liquidator, half to insurance.
    let notional = closed * 1_830;
    assert_eq!(ev.penalty, (notional * 200).div_ceil(10_000));
    assert_eq!((ev.liquidator_reward, ev.insurance_share), (ev.penalty / 2, ev.penalty - ev.penalty / 2));
    assert_eq!(ev.reserve_paid, 0, "a partial liquidation whose share is above the floor keeps the reserve");
    assert_eq!(
        env.margin(&keys.margin(&trader.address())).liquidation_reserve,
        env.config(&keys).liquidation_reserve
    );
    assert_eq!(env.token_balance(&liquidator.token_account), ev.liquidator_reward);
    assert_eq!(env.token_balance(&keys.vault), vault_before - ev.liquidator_reward);
    let pool = env.pool(&keys.pool);
    assert_eq!(pool.book.insurance_fund, ev.insurance_share);
    assert_eq!((ev.book, ev.sequence, pool.sequence), (pool.book, sequence + 1, sequence + 1));
    assert_eq!(pool.book.total().unwrap(), env.token_balance(&keys.vault));
    assert_eq!(ev.account_collateral, after.collateral);
    assert_eq!(ev.shortfall, 0);
    assert_eq!((pool.market.long.open_interest, pool.market.long.positions), (after.base_position as u64, 1));

    // Now above maintenance: a second liquidation is refused and changes nothing.
    let ix = ix_liquidate(&keys, &liquidator.address(), &trader.address(), &liquidator.token_account);
    env.assert_rejected(ix, &[&liquidator.keypair], custom(E::NotLiquidatable));
}

#[test]
fn refusals_change_nothing() {
    let (Market { mut env, keys, trader, .. }, liquidator) = underwater();
    let (owner, l) = (trader.address(), liquidator.address());
    let ix = |reward: &Address| ix_liquidate(&keys, &l, &owner, reward);
    let now = env.now();
    env.publish(&keys, now, now - 1);

    // The owner cannot liquidate itself, even to its own token account.
    let own = ix_liquidate(&keys, &owner, &owner, &trader.token_account);
    env.assert_rejected(own, &[&trader.keypair], custom(E::CannotLiquidateSelf));
    // The reward goes to a wallet's token account of the mint: not another pool's vault (a PDA's),
    // not a token account of another mint.
    let other_mint = env.create_mint(6);
    let other = env.create_pool(keys.mint, 2);
    env.assert_rejected(ix(&other.vault), &[&liquidator.keypair], custom(E::TokenOwnerMismatch));
    let wrong_mint = env.create_token_account(&other_mint, &l, 0);
    env.assert_rejected(ix(&wrong_mint), &[&liquidator.keypair], custom(E::TokenMintMismatch));
    env.assert_rejected(ix(&keys.lp_escrow), &[&liquidator.keypair], custom(E::TokenMintMismatch));
    // Another pool's margin account.
    let stranger = env.funded_trader(&other, MARKET_COLLATERAL);
    let cross =
        swap_account(ix(&liquidator.token_account), &keys.margin(&owner), other.margin(&stranger.address()));
    env.assert_rejected(cross, &[&liquidator.keypair], custom(E::WrongPool));

    // The print: at most 5 s old, never older than the pool's newest, confidence within 4%.
    let reward = liquidator.token_account;
    env.publish(&keys, now - 6, now - 7);
    env.assert_rejected(ix(&reward), &[&liquidator.keypair], custom(E::OracleStale));
    // Another account's execution makes the pool's newest print the current second's.
    let other_trader = env.funded_trader(&keys, MARKET_COLLATERAL);
    executed(&env.trade(&keys, &other_trader, -UNIT));
    let now = env.now();
    assert_eq!(env.pool(&keys.pool).market.last_oracle_publish_time, now);
    env.publish(&keys, now - 1, now - 2);
    env.assert_rejected(ix(&reward), &[&liquidator.keypair], custom(E::OraclePublishTimeRegressed));
    // Wider than the 10% every liquidation accepts (the reduce bound's 4% is not the limit).
    env.set_price(&keys, usd(1_830), (usd(1_830) / 9) as u64);
    env.assert_rejected(ix(&reward), &[&liquidator.keypair], custom(E::OracleConfidenceTooWide));

    // Healthy at $2,000.
    env.set_price(&keys, usd(2_000), 0);
    env.assert_rejected(ix(&reward), &[&liquidator.keypair], custom(E::NotLiquidatable));
    // A flat account is never liquidatable.
    let flat = env.funded_trader(&keys, MARKET_COLLATERAL);
    let flat_ix = ix_liquidate(&keys, &l, &flat.address(), &reward);
    env.assert_rejected(flat_ix, &[&liquidator.keypair], custom(E::NotLiquidatable));
}

#[test]
fn the_wider_reduce_bound_and_no_ema_bound_let_a_crash_be_liquidated() {
    let (Market { mut env, keys, trader, .. }, liquidator) = underwater();
    // A crash: far from the EMA (which a withdrawal would refuse), with a 3% band.
    env.set_quote(
        &keys,
        Quote { price: usd(1_830), conf: (usd(1_830) * 3 / 100) as u64, exponent: -8, ema: usd(2_000) },
    );
    let ev: Liquidated = event(&env.liquidate(&keys, &liquidator, &trader.address()));
    // Health at the mid, the close at the bid.
    assert_eq!((ev.oracle_price, ev.fill_price), (price_e9(1_830), price_e9(1_830) * 97 / 100));
}

/// Issue 14: "prints wider than the reduce bound block a liquidation the mid says is due". A
/// crash print with an 8% band (the reduce bound is 4%): the landed program refused it
/// (`OracleConfidenceTooWide`), so the account could not be liquidated until the band narrowed.
/// Now it is liquidated at its mid, and the close fills at the band edge like any close.
#[test]
fn a_crash_wider_than_the_reduce_bound_is_still_liquidated() {
    let (Market { mut env, keys, trader, .. }, liquidator) = underwater();
    env.set_quote(
        &keys,
        Quote { price: usd(1_830), conf: (usd(1_830) * 8 / 100) as u64, exponent: -8, ema: usd(2_000) },
    );
    let ev: Liquidated = event(&env.liquidate(&keys, &liquidator, &trader.address()));
    assert!(env.config(&keys).oracle_reduce_max_conf_bps < 800, "wider than the reduce bound");
    assert_eq!((ev.oracle_price, ev.fill_price), (price_e9(1_830), price_e9(1_830) * 92 / 100));
    assert_eq!(ev.base_position, 0, "closing at an 8% discount costs more than it frees: closed in full");
}

#[test]
fn a_pending_request_never_blocks_it_and_its_tip_goes_to_the_liquidator() {
    let (Market { mut env, keys, trader, .. }, liquidator) = underwater();
    let order = Order { tip_lamports: 7_000, ..Order::market(UNIT) };
    env.request_trade(&keys, &trader, order).unwrap();
    let lamports = env.lamports(&liquidator.address());
    let result = env.liquidate(&keys, &liquidator, &trader.address());
    let meta = result.as_ref().unwrap();
    let cancelled = &events::<RequestCancelled>(meta)[0];
    assert_eq!(
        (cancelled.reason, cancelled.caller, cancelled.tip_lamports),
        (2, liquidator.address(), 7_000)
    );
    let ev: Liquidated = event(&result);
    assert_eq!((ev.cancelled_tip_lamports, ev.sequence), (7_000, cancelled.sequence + 1));
    assert_eq!(env.lamports(&liquidator.address()), lamports + 7_000);
    assert!(!env.margin(&keys.margin(&trader.address())).request.is_pending());
}

/// Euler 2023: an owner liquidating its own account through a second wallet. The colluding wallet's
/// reward is less than what the owner loses by being liquidated instead of closing the same size
/// itself: the penalty is at least the liquidator's share plus 5% of it.
#[test]
fn a_second_wallet_gets_less_than_its_owner_loses() {
    let Twins { mut env, a, b, ta: honest, tb: owner, .. } = twins();
    let mint = a.mint;
    executed(&env.trade(&a, &honest, 4 * UNIT));
    executed(&env.trade(&b, &owner, 4 * UNIT));
    env.set_price(&a, usd(1_830), 0);
    env.set_price(&b, usd(1_830), 0);

    let colluder = env.trader(&mint, 0);
    let ev: Liquidated = event(&env.liquidate(&b, &colluder, &owner.address()));
    executed(&env.trade(&a, &honest, ev.size_delta));
    let honest_after = env.margin(&a.margin(&honest.address()));
    let owner_after = env.margin(&b.margin(&owner.address()));
    assert_eq!(honest_after.base_position, owner_after.base_position, "the same size closed");
    let reward = env.token_balance(&colluder.token_account);
    assert!(reward > 0);
    let together = owner_after.collateral + reward;
    assert!(
        together < honest_after.collateral,
        "self-liquidation paid: {together} vs {}",
        honest_after.collateral
    );
    // What the pair gave up is the insurance share (to within the 2 s of funding the honest close
    // accrued).
    let lost = honest_after.collateral - together;
    assert!(lost.abs_diff(ev.insurance_share) < 10_000, "{lost} vs {}", ev.insurance_share);
}

/// Issue 14: "keepers earn ~0.4% of notional and $0 on a bankrupt account". A minimum-size
/// position ($2 at $2,000) on $0.50 of margin, gapped to bankruptcy: on the landed program its
/// liquidation paid the keeper nothing, so nobody would run it. Now the position posted a $1
/// liquidation reserve when it opened, which no loss can reach, and the liquidation pays it.
#[test]
fn a_keeper_earns_its_floor_on_a_small_bankrupt_account() {
    let Market { mut env, keys, trader, .. } = market();
    let reserve = env.config(&keys).liquidation_reserve;
    let small = env.funded_trader(&keys, 500_000 + reserve);
    let others = env.margin(&keys.margin(&trader.address())).collateral;
    let min = env.config(&keys).min_position_size as i64;
    let open = executed(&env.trade(&keys, &small, min));
    assert_eq!(open.reserve_moved, -(reserve as i64), "the open posted the reserve");
    assert_eq!(env.margin(&keys.margin(&small.address())).liquidation_reserve, reserve);
    let margin = env.margin(&keys.margin(&small.address()));
    assert_eq!(
        env.pool(&keys.pool).book.trader_collateral,
        others + margin.collateral + reserve,
        "still the trader's"
    );
    env.set_price(&keys, usd(1_400), 0); // -30%: $0.60 of loss on $0.498 of collateral
    let liquidator = env.trader(&keys.mint, 0);
    let vault = env.token_balance(&keys.vault);
    let ev: Liquidated = event(&env.liquidate(&keys, &liquidator, &small.address()));
    assert_eq!((ev.size_delta, ev.base_position, ev.penalty), (-min, 0, 0), "bankrupt: closed, no penalty");
    assert!(ev.shortfall > 0);
    assert_eq!((ev.reserve_paid, ev.liquidator_reward), (reserve, reserve), "the floor, from the reserve");
    assert_eq!(env.token_balance(&liquidator.token_account), reserve);
    assert_eq!(env.token_balance(&keys.vault), vault - reserve);
    let pool = env.pool(&keys.pool);
    assert_eq!(
        (
            pool.book.trader_collateral - others,
            env.margin(&keys.margin(&small.address())).liquidation_reserve
        ),
        (0, 0)
    );
    assert_eq!(pool.book.total().unwrap(), vault - reserve);
}

/// A close returns the reserve: a position that is closed, not liquidated, costs nothing for it.
#[test]
fn a_close_returns_the_reserve() {
    let Market { mut env, keys, trader, .. } = market();
    let before = env.margin(&keys.margin(&trader.address())).collateral;
    let open = executed(&env.trade(&keys, &trader, UNIT));
    let close = executed(&env.trade(&keys, &trader, -UNIT));
    let reserve = env.config(&keys).liquidation_reserve as i64;
    assert_eq!((open.reserve_moved, close.reserve_moved), (-reserve, reserve));
    let costs = open.fee + close.fee + open.impact_paid + close.funding_paid;
    let pnl = close.realized_pnl + close.impact_rebate as i64;
    assert_eq!(
        env.margin(&keys.margin(&trader.address())).collateral as i64,
        before as i64 + pnl - costs as i64
    );
    assert_eq!(
        env.pool(&keys.pool).book.trader_collateral,
        env.margin(&keys.margin(&trader.address())).collateral
    );
}

/// Issue 14: a liquidation's close must not pay price impact beyond the account's equity, or it
/// leaves bad debt the liquidation existed to prevent. Strong impact (up to 10% of a close's
/// notional at the cap) needs maintenance to cover it with the gap, so within the gap assumption
/// the equity always pays the close's impact; a fall far beyond it (-22%) and a heavy short book
/// make the long's close cost more impact (about 6% of its notional) than its equity. The close
/// pays impact first, up to the equity, then the penalty from what is left: the rest of the
/// position is not under water and there is no shortfall.
#[test]
fn a_liquidation_never_pays_impact_beyond_the_equity() {
    let params = RiskConfig {
        max_open_interest: 100 * UNIT as u64,
        max_position_size: 100 * UNIT as u64,
        impact_skew_scale: 1_000 * UNIT as u64,
        initial_margin_bps: 2_000,
        maintenance_margin_bps: 1_100,
        gap_bps: 100,
        ..default_params()
    };
    let Market { mut env, keys, trader, .. } = market_with(params);
    let bystander = Bystander::new(&mut env, keys.mint);
    executed(&env.trade(&keys, &trader, 2 * UNIT));
    let whale = env.funded_trader(&keys, 400_000_000_000);
    executed(&env.trade(&keys, &whale, -60 * UNIT));
    env.set_price(&keys, usd(1_560), 0);
    let liquidator = env.trader(&keys.mint, 0);

    let before = env.position(&keys, &trader.address());
    let equity_at_mid = bulkhead::math::liquidation::equity(&before, price_e9(1_560));
    assert!(!equity_at_mid.negative, "solvent at the mid");
    let ev: Liquidated = event(&env.liquidate(&keys, &liquidator, &trader.address()));
    let after = env.position(&keys, &trader.address());
    let equity_after = bulkhead::math::liquidation::equity(&after, ev.oracle_price);
    assert!(!equity_after.negative, "the rest of the position is under water: {equity_after:?}");
    assert!(ev.impact_paid <= ev.equity_before, "impact {} > equity {}", ev.impact_paid, ev.equity_before);
    assert!(ev.impact_paid > 0, "the close paid what impact its equity could");
    assert!(ev.liquidator_reward >= env.config(&keys).liquidation_reserve, "the keeper's floor");
    assert_eq!(ev.shortfall, 0, "no bad debt from its own impact");
    let pool = env.pool(&keys.pool);
    assert_eq!(pool.book.total().unwrap(), env.token_balance(&keys.vault));
    bystander.assert_untouched(&env);
}

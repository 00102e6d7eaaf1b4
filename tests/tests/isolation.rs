//! Two pools sharing a mint: everything that happens in one leaves every byte of the other unchanged.

use bulkhead_tests::*;
use solana_signer::Signer as _;

#[test]
fn activity_in_one_pool_leaves_the_other_untouched() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let a = env.create_pool(mint, 1);
    let b = env.create_pool(mint, 2);
    let alice = env.trader(&mint, 10_000_000_000);
    let bob = env.trader(&mint, 10_000_000_000);
    let lp = env.trader(&mint, 100 * MARKET_LP_CAPITAL);
    let b_lp_tokens = env.add_liquidity(&b, &lp, MARKET_LP_CAPITAL);
    env.open_margin(&b, &bob);
    env.deposit(&b, &bob, 250_000_000).unwrap();
    executed(&env.trade(&b, &bob, 100_000));

    let mut pool_b_accounts = b.accounts().to_vec();
    pool_b_accounts.extend([b.margin(&bob.address()), b.lp_account(&lp.address()), b_lp_tokens]);
    let before: Vec<_> = pool_b_accounts.iter().map(|k| env.svm.get_account(k)).collect();

    // Everything pool A can do: LP flows, requests executed, cancelled and refused, price moves,
    // time, withdrawals with and without a position, a failed overdraw, closing, attesting.
    let a_lp = env.add_liquidity(&a, &lp, MARKET_LP_CAPITAL);
    env.open_margin(&a, &alice);
    env.open_margin(&a, &bob);
    env.deposit(&a, &alice, 600_000_000).unwrap();
    env.deposit(&a, &bob, 300_000_000).unwrap();
    executed(&env.trade(&a, &alice, 1_000_000));
    env.set_price(&a, usd(2_300), usd(2) as u64);
    executed(&env.trade(&a, &bob, -500_000));
    assert!(env.request_trade(&a, &alice, Order::market(100_000_000)).is_err(), "too large to ever execute");
    let bound = Order { worst_price: 1, ..Order::market(1_000) };
    assert!(cancel_reason(&env.order(&a, &alice, bound)).is_some(), "slippage");
    env.request_trade(&a, &alice, Order { tip_lamports: 1_000, ..Order::market(-1_000_000) }).unwrap();
    env.send(&[ix_cancel_trade(&a, &alice.address(), &alice.address())], &[&alice.keypair]).unwrap();
    env.advance(86_400);
    env.set_price(&a, usd(1_700), 0);
    env.withdraw(&a, &alice, 1_000).unwrap();
    executed(&env.trade(&a, &alice, -1_000_000));
    executed(&env.trade(&a, &bob, 500_000));
    assert!(env.withdraw(&a, &bob, 10_000_000_000).is_err());
    let rest = env.margin(&a.margin(&bob.address())).collateral;
    env.withdraw(&a, &bob, rest).unwrap();
    env.send(&[ix_close_margin(&a, &bob.address())], &[&bob.keypair]).unwrap();
    executed_liquidity(&env.remove_liquidity(&a, &lp, a_lp, MARKET_LP_CAPITAL / 2));
    env.send(&[ix_attest(&a)], &[]).unwrap();
    let keeper = env.keeper.insecure_clone();
    env.send(&[ix_execute_trade(&a, &keeper.pubkey(), &alice.address())], &[&keeper])
        .expect_err("nothing pending");

    let after: Vec<_> = pool_b_accounts.iter().map(|k| env.svm.get_account(k)).collect();
    assert_eq!(before, after, "pool B changed while only pool A was used");
    assert_eq!(env.token_balance(&b.vault), env.pool(&b.pool).book.total().unwrap());
    assert!(env.token_balance(&a.vault) >= env.pool(&a.pool).book.total().unwrap());
}

//! Two pools sharing a mint: everything that happens in one leaves every byte of the other unchanged.

use bulkhead_tests::*;

#[test]
fn activity_in_one_pool_leaves_the_other_untouched() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let a = env.create_pool(mint, 1);
    let b = env.create_pool(mint, 2);
    let alice = env.trader(&mint, 1_000_000);
    let bob = env.trader(&mint, 1_000_000);
    env.open_margin(&b, &bob);
    env.deposit(&b, &bob, 250_000).unwrap();

    let pool_b_accounts =
        [b.pool, b.risk_params, b.vault, b.vault_authority, b.lp_mint, b.margin(&bob.address())];
    let before: Vec<_> = pool_b_accounts.iter().map(|k| env.svm.get_account(k)).collect();

    // Everything pool A can do, including a failed overdraw.
    env.open_margin(&a, &alice);
    env.open_margin(&a, &bob);
    env.deposit(&a, &alice, 600_000).unwrap();
    env.deposit(&a, &bob, 300_000).unwrap();
    env.withdraw(&a, &alice, 100_000).unwrap();
    assert!(env.withdraw(&a, &bob, 300_001).is_err());
    env.withdraw(&a, &bob, 300_000).unwrap();
    env.send(&[ix_close_margin(&a, &bob.address())], &[&bob.keypair]).unwrap();
    env.send(&[ix_attest(&a)], &[]).unwrap();

    let after: Vec<_> = pool_b_accounts.iter().map(|k| env.svm.get_account(k)).collect();
    assert_eq!(before, after, "pool B changed while only pool A was used");
    assert_eq!(env.token_balance(&a.vault), 500_000);
    assert_eq!(env.pool(&a.pool).book.trader_collateral, 500_000);
    assert_eq!(env.token_balance(&b.vault), 250_000);
}

//! `attest_solvency` on the real .so.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{Liquidated, SolvencyAttested};
use bulkhead_tests::*;
use solana_instruction::error::InstructionError;

/// One pool whose only trader has deposited 700 units.
fn pool_with_700_deposited() -> (Env, PoolKeys) {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let a = env.create_pool(mint, 1);
    let trader = env.trader(&mint, 1_000);
    env.open_margin(&a, &trader);
    env.deposit(&a, &trader, 700).unwrap();
    (env, a)
}

#[test]
fn attests_book_against_the_real_balance() {
    let (mut env, a) = pool_with_700_deposited();

    let meta = env.send(&[ix_attest(&a)], &[]).expect("attest");
    let ev = &events::<SolvencyAttested>(&meta)[0];
    let pool = env.pool(&a.pool);
    assert_eq!(
        (ev.pool, ev.sequence, ev.book_total, ev.vault_balance, ev.surplus),
        (a.pool, pool.sequence, 700, 700, 0)
    );
    assert_eq!(ev.book, pool.book);

    // A donation (a plain SPL transfer into the vault) changes the balance, never the book.
    let donor = env.trader(&a.mint, 300);
    env.send(&[ix_spl_transfer(&donor.token_account, &a.vault, &donor.address(), 300)], &[&donor.keypair])
        .expect("donation");
    let meta = env.send(&[ix_attest(&a)], &[]).expect("attest after donation");
    let ev = &events::<SolvencyAttested>(&meta)[0];
    assert_eq!((ev.book_total, ev.vault_balance, ev.surplus), (700, 1_000, 300));
    assert_eq!(env.pool(&a.pool).book, pool.book);
}

/// A hostile mint (a permanent delegate, or a freeze-and-burn) drains part of one pool's vault.
/// The attestation turns that pool reduce-only: risk-increasing requests and LP flows fail with a
/// pinned error and change nothing, while closes, liquidations and withdrawals of free collateral
/// keep working; a top-up turns it back. The other pool of the same mint stays byte-identical.
#[test]
fn a_drained_vault_turns_only_its_pool_reduce_only() {
    const UNIT: i64 = 1_000_000;
    let Market { mut env, keys: a, lp, lp_tokens, trader } = market();
    let b = env.create_pool(a.mint, 2);
    let b_lp = env.add_liquidity(&b, &lp, MARKET_LP_CAPITAL);
    let b_trader = env.funded_trader(&b, MARKET_COLLATERAL);
    executed(&env.trade(&b, &b_trader, UNIT));
    let mut pool_b = b.accounts().to_vec();
    pool_b.extend([b.margin(&b_trader.address()), b.lp_account(&lp.address()), b_lp]);
    let b_before: Vec<_> = pool_b.iter().map(|k| env.svm.get_account(k)).collect();

    executed(&env.trade(&a, &trader, 4 * UNIT));
    let late = env.funded_trader(&a, MARKET_COLLATERAL);
    env.request_trade(&a, &late, Order::market(UNIT)).unwrap(); // pending when the drain is found

    // The drain: no instruction of the program can do it, so it is written directly.
    let book_total = env.pool(&a.pool).book.total().unwrap();
    let mut vault = env.account(&a.vault);
    vault.data[64..72].copy_from_slice(&(book_total - 1_000).to_le_bytes());
    env.svm.set_account(a.vault, vault).unwrap();
    let sequence = env.pool(&a.pool).sequence;
    let ev: SolvencyAttested = event(&env.send(&[ix_attest(&a)], &[]));
    assert_eq!((ev.deficit, ev.surplus, ev.reduce_only, ev.sequence), (1_000, 0, 1, sequence + 1));
    assert_eq!(env.pool(&a.pool).reduce_only, 1);
    // Attesting again keeps the flag; like every event it joins the pool's log (sequence + 1).
    let ev: SolvencyAttested = event(&env.send(&[ix_attest(&a)], &[]));
    assert_eq!((ev.reduce_only, ev.sequence), (1, sequence + 2));

    // Refused, byte for byte: opening or adding, LP deposits and withdrawals.
    let newcomer = env.funded_trader(&a, MARKET_COLLATERAL);
    let open = ix_request_trade(&a, &newcomer.address(), Order::market(UNIT));
    env.assert_rejected(open, &[&newcomer.keypair], custom(E::PoolReduceOnly));
    let add = ix_request_trade(&a, &trader.address(), Order::market(UNIT));
    env.assert_rejected(add, &[&trader.keypair], custom(E::PoolReduceOnly));
    let tokens = lp.lp(lp_tokens);
    env.assert_rejected(
        ix_request_add(&a, &tokens, 100_000_000, 0, 0),
        &[&lp.keypair],
        custom(E::PoolReduceOnly),
    );
    env.assert_rejected(
        ix_request_remove(&a, &tokens, 1_000, 0, 0),
        &[&lp.keypair],
        custom(E::PoolReduceOnly),
    );
    // The order requested before the drain is cancelled at execution with that error.
    assert_eq!(cancel_reason(&env.execute_trade(&a, &late.address())), Some(code(E::PoolReduceOnly)));

    // Still working: reducing, withdrawing free collateral, liquidating.
    let ev = executed(&env.trade(&a, &trader, -UNIT));
    assert_eq!(ev.base_position, 3 * UNIT);
    env.withdraw(&a, &newcomer, MARKET_COLLATERAL).expect("free collateral");
    env.set_price(&a, usd(1_720), 0);
    let liquidator = env.trader(&a.mint, 0);
    let liquidated: Liquidated = event(&env.liquidate(&a, &liquidator, &trader.address()));
    assert!(liquidated.size_delta < 0);

    // A top-up covers the book again: the pool trades again.
    let book_total = env.pool(&a.pool).book.total().unwrap();
    let gap = book_total - env.token_balance(&a.vault);
    let donor = env.trader(&a.mint, gap);
    env.send(&[ix_spl_transfer(&donor.token_account, &a.vault, &donor.address(), gap)], &[&donor.keypair])
        .unwrap();
    let ev: SolvencyAttested = event(&env.send(&[ix_attest(&a)], &[]));
    assert_eq!((ev.deficit, ev.surplus, ev.reduce_only), (0, 0, 0));
    executed(&env.trade(&a, &late, UNIT));

    let b_after: Vec<_> = pool_b.iter().map(|k| env.svm.get_account(k)).collect();
    assert_eq!(b_before, b_after, "pool B changed while pool A was drained");
}

#[test]
fn rejects_another_pools_vault_and_forged_pools() {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let a = env.create_pool(mint, 1);
    let b = env.create_pool(mint, 2);
    env.assert_rejected(with_account(ix_attest(&a), 1, b.vault), &[], custom(E::WrongVault));
    let forged = Address::new_unique();
    let data = env.account(&a.pool).data;
    env.put(forged, Address::new_unique(), data);
    env.assert_rejected(with_account(ix_attest(&a), 0, forged), &[], InstructionError::IllegalOwner);
    env.assert_rejected(
        with_account(ix_attest(&a), 0, a.risk_params),
        &[],
        InstructionError::AccountDataTooSmall,
    );
}

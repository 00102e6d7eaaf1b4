//! `attest_solvency` on the real .so.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::SolvencyAttested;
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
    let ev = &events::<SolvencyAttested>(&meta.logs)[0];
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
    let ev = &events::<SolvencyAttested>(&meta.logs)[0];
    assert_eq!((ev.book_total, ev.vault_balance, ev.surplus), (700, 1_000, 300));
    assert_eq!(env.pool(&a.pool).book, pool.book);
}

#[test]
fn fails_when_the_vault_is_short() {
    let (mut env, a) = pool_with_700_deposited();
    // No instruction can drain a vault, so the shortfall is written directly.
    let mut vault = env.account(&a.vault);
    vault.data[64..72].copy_from_slice(&699u64.to_le_bytes());
    env.svm.set_account(a.vault, vault).unwrap();
    env.assert_rejected(ix_attest(&a), &[], custom(E::VaultShort));
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

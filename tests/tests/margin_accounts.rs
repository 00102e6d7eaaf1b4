//! `open_margin_account` and `close_margin_account` on the real .so.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{MarginAccountClosed, MarginAccountOpened};
use bulkhead::state::margin_account::MARGIN_ACCOUNT_SIZE;
use bulkhead_tests::*;
use solana_instruction::error::InstructionError;

/// Account indexes in `OpenMarginAccount` and `CloseMarginAccount`.
const POOL: usize = 1;
const MARGIN: usize = 2;

fn setup() -> (Env, PoolKeys, PoolKeys, Trader) {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let a = env.create_pool(mint, 1);
    let b = env.create_pool(mint, 2);
    let trader = env.trader(&mint, 1_000_000);
    (env, a, b, trader)
}

#[test]
fn opens_and_closes_with_rent_back_to_the_owner() {
    let (mut env, a, _b, trader) = setup();
    let margin = a.margin(&trader.address());
    let lamports_before = env.account(&trader.address()).lamports;
    let meta = env.send(&[ix_open_margin(&a, &trader.address())], &[&trader.keypair]).expect("open");

    let account = env.margin(&margin);
    assert_eq!((account.pool, account.owner, account.collateral), (a.pool, trader.address(), 0));
    assert_eq!(env.account(&margin).data.len(), MARGIN_ACCOUNT_SIZE);
    let rent = env.account(&margin).lamports;
    assert_eq!(env.account(&trader.address()).lamports, lamports_before - rent);
    let pool = env.pool(&a.pool);
    assert_eq!((pool.open_margin_accounts, pool.sequence), (1, 2));
    let ev = events::<MarginAccountOpened>(&meta);
    assert_eq!(
        (ev[0].pool, ev[0].sequence, ev[0].margin_account, ev[0].owner),
        (a.pool, 2, margin, trader.address())
    );

    let meta = env.send(&[ix_close_margin(&a, &trader.address())], &[&trader.keypair]).expect("close");
    assert!(env
        .svm
        .get_account(&margin)
        .is_none_or(|acc| acc.lamports == 0 && acc.data.iter().all(|b| *b == 0)));
    assert_eq!(env.account(&trader.address()).lamports, lamports_before, "rent returned in full");
    let pool = env.pool(&a.pool);
    assert_eq!((pool.open_margin_accounts, pool.sequence), (0, 3));
    let ev = events::<MarginAccountClosed>(&meta);
    assert_eq!((ev[0].sequence, ev[0].margin_account), (3, margin));

    // Closed accounts can be opened again.
    env.send(&[ix_open_margin(&a, &trader.address())], &[&trader.keypair]).expect("reopen");
}

#[test]
fn open_rejects_bad_input() {
    let (mut env, a, b, trader) = setup();
    env.watch(&[a.margin(&trader.address()), b.margin(&trader.address())]);
    let mallory = env.trader(&a.mint, 0);

    // Not signed by the owner.
    let mut ix = ix_open_margin(&a, &trader.address());
    ix.accounts[0].is_signer = false;
    env.assert_rejected(ix, &[], InstructionError::MissingRequiredSignature);
    // Mallory signs but the margin PDA is the trader's.
    let ix = with_account(ix_open_margin(&a, &mallory.address()), MARGIN, a.margin(&trader.address()));
    env.assert_rejected(ix, &[&mallory.keypair], InstructionError::InvalidSeeds);
    // Pool A with the margin PDA of pool B.
    let ix = with_account(ix_open_margin(&a, &trader.address()), MARGIN, b.margin(&trader.address()));
    env.assert_rejected(ix, &[&trader.keypair], InstructionError::InvalidSeeds);
    // A forged pool: Pool bytes owned by another program.
    let forged = Address::new_unique();
    let data = env.account(&a.pool).data;
    env.put(forged, Address::new_unique(), data);
    let ix = with_account(ix_open_margin(&a, &trader.address()), POOL, forged);
    env.assert_rejected(ix, &[&trader.keypair], InstructionError::IllegalOwner);
    // A program-owned account that is not a pool (its risk parameters).
    let ix = with_account(ix_open_margin(&a, &trader.address()), POOL, a.risk_params);
    env.assert_rejected(ix, &[&trader.keypair], InstructionError::AccountDataTooSmall);

    // Re-initialization.
    env.open_margin(&a, &trader);
    env.assert_rejected(
        ix_open_margin(&a, &trader.address()),
        &[&trader.keypair],
        InstructionError::Custom(SYSTEM_ACCOUNT_ALREADY_IN_USE),
    );
}

#[test]
fn close_rejects_bad_input() {
    let (mut env, a, b, trader) = setup();
    let margin_a = env.open_margin(&a, &trader);
    let margin_b = env.open_margin(&b, &trader);
    let mallory = env.trader(&a.mint, 0);
    env.open_margin(&a, &mallory);

    // Mallory closes the trader's account.
    let ix = with_account(ix_close_margin(&a, &mallory.address()), MARGIN, margin_a);
    env.assert_rejected(ix, &[&mallory.keypair], custom(E::WrongOwner));
    // Not signed.
    let mut ix = ix_close_margin(&a, &trader.address());
    ix.accounts[0].is_signer = false;
    env.assert_rejected(ix, &[], InstructionError::MissingRequiredSignature);
    // Pool A with pool B's margin account.
    let ix = with_account(ix_close_margin(&a, &trader.address()), MARGIN, margin_b);
    env.assert_rejected(ix, &[&trader.keypair], custom(E::WrongPool));
    // A forged margin account (right bytes, another program's).
    let forged = Address::new_unique();
    let data = env.account(&margin_a).data;
    env.put(forged, Address::new_unique(), data);
    let ix = with_account(ix_close_margin(&a, &trader.address()), MARGIN, forged);
    env.assert_rejected(ix, &[&trader.keypair], InstructionError::IllegalOwner);
    // Not empty.
    env.deposit(&a, &trader, 10).expect("deposit");
    env.assert_rejected(
        ix_close_margin(&a, &trader.address()),
        &[&trader.keypair],
        custom(E::MarginAccountNotEmpty),
    );
}

#[test]
fn an_account_with_a_pending_request_cannot_close() {
    let (mut env, a, _b, trader) = setup();
    env.open_margin(&a, &trader);
    // A reduce-only order on a flat account can never execute: refused when made, for free.
    let order = Order { tip_lamports: 5_000, reduce_only: true, ..Order::market(1_000) };
    let ix = ix_request_trade(&a, &trader.address(), order);
    env.assert_rejected(ix, &[&trader.keypair], custom(E::NothingToReduce));
    // Any other order needs collateral covering its expiry fee, which cannot be withdrawn while it
    // is pending, so a pending request always comes with collateral: the account is not empty.
    env.deposit(&a, &trader, 1_000_000).unwrap();
    env.request_trade(&a, &trader, Order { tip_lamports: 5_000, ..Order::market(1_000) }).expect("request");
    env.assert_rejected(
        ix_withdraw(&a, &trader.address(), &trader.token_account, 1_000_000),
        &[&trader.keypair],
        custom(E::RequestPending),
    );
    env.assert_rejected(
        ix_close_margin(&a, &trader.address()),
        &[&trader.keypair],
        custom(E::MarginAccountNotEmpty),
    );
    env.send(&[ix_cancel_trade(&a, &trader.address(), &trader.address())], &[&trader.keypair])
        .expect("cancel");
    env.withdraw(&a, &trader, 1_000_000).expect("withdraw once no request is pending");
    env.send(&[ix_close_margin(&a, &trader.address())], &[&trader.keypair])
        .expect("close once no request is pending");
}

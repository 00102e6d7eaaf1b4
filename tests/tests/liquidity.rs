//! `add_liquidity` and `remove_liquidity` on the real .so: share pricing, the first-deposit guard,
//! slippage, cooldown, the open-interest reserve, donation and just-in-time attacks, and foreign or
//! forged accounts.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::LiquidityMoved;
use bulkhead::math::shares::{DEAD_LP_SHARES, MIN_FIRST_LP_DEPOSIT};
use bulkhead_tests::*;
use solana_instruction::error::InstructionError;

/// Account indexes shared by `AddLiquidity` and `RemoveLiquidity`.
const RISK_PARAMS: usize = 2;
const LP_POSITION: usize = 3;
const VAULT: usize = 4;
const VAULT_AUTHORITY: usize = 5;
const LP_MINT: usize = 6;
const USER_LP_TOKEN: usize = 8;
const TOKEN_PROGRAM_IX: usize = 10;

const UNIT: i64 = 1_000_000;
const HOUR: i64 = 3_600;

fn fresh_pool() -> (Env, PoolKeys) {
    let mut env = Env::new();
    env.set_time(1_000_000);
    let mint = env.create_mint(6);
    let keys = env.create_pool(mint, 1);
    (env, keys)
}

fn liquidity_event(result: TxResult) -> LiquidityMoved {
    let meta = result.unwrap_or_else(|e| panic!("failed: {:?}\n{}", e.err, e.meta.logs.join("\n")));
    events::<LiquidityMoved>(&meta.logs)[0]
}

#[test]
fn first_deposit_is_guarded_and_later_ones_mint_pro_rata() {
    let (mut env, keys) = fresh_pool();
    let alice = env.trader(&keys.mint, 10_000_000_000);
    let alice_lp = env.lp_token_account(&keys, &alice.address());
    env.watch(&[keys.lp_position(&alice.address())]);
    let add = |amount, lp: &Address, who: &Trader| {
        ix_add_liquidity(&keys, &who.address(), &who.token_account, lp, amount, 0)
    };
    env.assert_rejected(
        add(MIN_FIRST_LP_DEPOSIT - 1, &alice_lp, &alice),
        &[&alice.keypair],
        custom(E::FirstDepositTooSmall),
    );
    env.assert_rejected(add(0, &alice_lp, &alice), &[&alice.keypair], custom(E::ZeroAmount));

    let ev = liquidity_event(env.send(&[add(1_000_000_000, &alice_lp, &alice)], &[&alice.keypair]));
    assert_eq!(
        (ev.amount, ev.shares, ev.share_supply),
        (1_000_000_000, 1_000_000_000 - DEAD_LP_SHARES, 1_000_000_000)
    );
    assert_eq!(env.token_balance(&alice_lp), 1_000_000_000 - DEAD_LP_SHARES);
    let pool = env.pool(&keys.pool);
    assert_eq!((pool.book.lp_capital, pool.market.dead_lp_shares), (1_000_000_000, DEAD_LP_SHARES));
    let position = env.lp_position(&keys.lp_position(&alice.address()));
    assert_eq!(
        (position.pool, position.owner, position.last_add_ts),
        (keys.pool, alice.address(), env.now())
    );

    // Bob adds half as much at an unchanged NAV: half the supply.
    let bob = env.trader(&keys.mint, 10_000_000_000);
    let bob_lp = env.lp_token_account(&keys, &bob.address());
    env.watch(&[keys.lp_position(&bob.address())]);
    let ev = liquidity_event(env.send(&[add(500_000_000, &bob_lp, &bob)], &[&bob.keypair]));
    assert_eq!(ev.shares, 500_000_000);
    // Slippage: asking for one share more than the price gives.
    let ix = ix_add_liquidity(&keys, &bob.address(), &bob.token_account, &bob_lp, 500_000_000, 500_000_001);
    env.assert_rejected(ix, &[&bob.keypair], custom(E::SlippageExceeded));
}

#[test]
fn remove_waits_for_the_cooldown_and_pays_at_nav() {
    let (mut env, keys) = fresh_pool();
    let alice = env.trader(&keys.mint, 10_000_000_000);
    let lp = env.add_liquidity(&keys, &alice, 1_000_000_000);
    let remove =
        |shares, min| ix_remove_liquidity(&keys, &alice.address(), &alice.token_account, &lp, shares, min);
    env.assert_rejected(remove(1_000, 0), &[&alice.keypair], custom(E::LpCooldownActive));
    env.set_time(env.now() + HOUR);
    env.set_price(&keys, usd(2_000), 0);
    env.assert_rejected(remove(0, 0), &[&alice.keypair], custom(E::ZeroAmount));
    env.assert_rejected(remove(100_000_000, 100_000_001), &[&alice.keypair], custom(E::SlippageExceeded));
    let before = env.token_balance(&alice.token_account);
    let ev = liquidity_event(env.send(&[remove(100_000_000, 100_000_000)], &[&alice.keypair]));
    assert_eq!((ev.amount, ev.shares), (100_000_000, 100_000_000));
    assert_eq!(env.token_balance(&alice.token_account), before + 100_000_000);
    assert_eq!(env.token_balance(&lp), 900_000_000 - DEAD_LP_SHARES);
    assert_eq!(env.pool(&keys.pool).book.lp_capital, 900_000_000);
    // More shares than held: the token program refuses the burn (SPL InsufficientFunds = 1).
    env.assert_rejected(remove(900_000_000, 0), &[&alice.keypair], InstructionError::Custom(1));
}

#[test]
fn open_interest_reserves_lp_capital() {
    let Market { mut env, keys, lp, lp_tokens, trader } = market();
    // $1,000,000 of LP capital; a 100-unit long reserves $200,000 of it at 100%.
    let whale = env.trader(&keys.mint, 100_000_000_000);
    env.open_margin(&keys, &whale);
    env.deposit(&keys, &whale, 50_000_000_000).unwrap();
    env.trade(&keys, &whale, 100 * UNIT).unwrap();
    env.set_time(env.now() + HOUR);
    env.set_price(&keys, usd(2_000), 0);
    let shares = env.token_balance(&lp_tokens);
    let ix = ix_remove_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, shares, 0);
    env.assert_rejected(ix, &[&lp.keypair], custom(E::InsufficientLiquidity));
    // What the reserve leaves is removable.
    let ix = ix_remove_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, shares / 2, 0);
    env.send(&[ix], &[&lp.keypair]).expect("half is free");
    let _ = trader;
}

#[test]
fn a_donation_to_the_vault_changes_no_share_price() {
    let shares_for_bob = |donate: bool| {
        let (mut env, keys) = fresh_pool();
        let alice = env.trader(&keys.mint, 10_000_000_000);
        env.add_liquidity(&keys, &alice, MIN_FIRST_LP_DEPOSIT);
        if donate {
            // The classic inflation attack: a large direct transfer into the vault.
            let tx = ix_spl_transfer(&alice.token_account, &keys.vault, &alice.address(), 5_000_000_000);
            env.send(&[tx], &[&alice.keypair]).unwrap();
        }
        let bob = env.trader(&keys.mint, 10_000_000_000);
        let bob_lp = env.add_liquidity(&keys, &bob, 1_000_000);
        (env.token_balance(&bob_lp), env.pool(&keys.pool).book.lp_capital)
    };
    let (plain, book) = shares_for_bob(false);
    let (donated, book_donated) = shares_for_bob(true);
    assert_eq!(plain, 1_000_000, "a fair price: one share per unit");
    assert_eq!(donated, plain, "the donation does not dilute the next LP");
    assert_eq!(book_donated, book, "donated tokens are not LP capital");
}

#[test]
fn just_in_time_liquidity_gains_nothing_from_a_known_loss() {
    let Market { mut env, keys, lp: _, lp_tokens: _, trader } = market();
    // The trader holds a long that is $100 under water.
    env.trade(&keys, &trader, UNIT).unwrap();
    env.set_price(&keys, usd(1_900), 0);
    // A JIT LP adds right before the loss is realized ...
    let jit = env.trader(&keys.mint, 100_000_000_000);
    let deposit = 10_000_000_000;
    let jit_lp = env.add_liquidity(&keys, &jit, deposit);
    env.trade(&keys, &trader, -UNIT).unwrap();
    // ... cannot leave within the cooldown ...
    let shares = env.token_balance(&jit_lp);
    let ix = ix_remove_liquidity(&keys, &jit.address(), &jit.token_account, &jit_lp, shares, 0);
    env.assert_rejected(ix.clone(), &[&jit.keypair], custom(E::LpCooldownActive));
    // ... and after it, takes out no more than it put in (it paid for the loss in the NAV it
    // entered at, and shares only in the fees since).
    env.set_time(env.now() + HOUR);
    env.set_price(&keys, usd(1_900), 0);
    let before = env.token_balance(&jit.token_account);
    env.send(&[ix], &[&jit.keypair]).expect("after the cooldown");
    let out = env.token_balance(&jit.token_account) - before;
    let fees_share = 1_900_000 * deposit / (MARKET_LP_CAPITAL + deposit) + 1;
    assert!(out <= deposit + fees_share, "JIT LP took {out} for {deposit}");
}

#[test]
fn adding_a_dust_amount_mints_no_zero_shares() {
    let Market { mut env, keys, trader, .. } = market();
    // LP capital grows by fees so one unit is worth less than one share.
    env.trade(&keys, &trader, UNIT).unwrap();
    env.trade(&keys, &trader, -UNIT).unwrap();
    let dust = env.trader(&keys.mint, 10);
    let lp = env.lp_token_account(&keys, &dust.address());
    env.watch(&[keys.lp_position(&dust.address())]);
    let ix = ix_add_liquidity(&keys, &dust.address(), &dust.token_account, &lp, 1, 0);
    env.assert_rejected(ix, &[&dust.keypair], custom(E::ZeroShares));
}

#[test]
fn rejects_foreign_forged_and_fake_accounts() {
    let Market { mut env, keys, lp, lp_tokens, .. } = market();
    let other = env.create_pool(keys.mint, 2);
    env.set_time(env.now() + HOUR);
    env.set_price(&keys, usd(2_000), 0);
    let add = ix_add_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, 1_000_000, 0);
    let remove = ix_remove_liquidity(&keys, &lp.address(), &lp.token_account, &lp_tokens, 1_000_000, 0);
    for (name, base) in [("add", add), ("remove", remove)] {
        println!("{name}");
        let cases = [
            (RISK_PARAMS, other.risk_params, custom(E::WrongPool)),
            (VAULT, other.vault, custom(E::WrongVault)),
            (VAULT_AUTHORITY, other.vault_authority, custom(E::WrongVaultAuthority)),
            (LP_MINT, other.lp_mint, custom(E::WrongPool)),
            (USER_LP_TOKEN, lp.token_account, InstructionError::Custom(ANCHOR_DUPLICATE_MUTABLE_ACCOUNT)),
            (
                USER_LP_TOKEN,
                env.create_token_account(&other.lp_mint, &lp.address(), 0),
                custom(E::TokenMintMismatch),
            ),
        ];
        for (index, address, expected) in cases {
            env.assert_rejected(with_account(base.clone(), index, address), &[&lp.keypair], expected);
        }
        let impostor = env.impostor_program();
        env.assert_rejected(
            with_account(base.clone(), TOKEN_PROGRAM_IX, impostor),
            &[&lp.keypair],
            InstructionError::IncorrectProgramId,
        );
    }
    // remove_liquidity with someone else's LP position, a forged one, another pool's one.
    let mallory = env.trader(&keys.mint, 10_000_000_000);
    let mallory_lp = env.lp_token_account(&keys, &mallory.address());
    let steal = ix_remove_liquidity(&keys, &mallory.address(), &mallory.token_account, &mallory_lp, 1, 0);
    let lp_position = keys.lp_position(&lp.address());
    env.assert_rejected(
        with_account(steal.clone(), LP_POSITION, lp_position),
        &[&mallory.keypair],
        custom(E::WrongOwner),
    );
    let forged = Address::new_unique();
    let data = env.account(&lp_position).data;
    env.put(forged, Address::new_unique(), data);
    env.assert_rejected(
        with_account(steal, LP_POSITION, forged),
        &[&mallory.keypair],
        InstructionError::IllegalOwner,
    );
    let other_lp = env.trader(&keys.mint, 10_000_000_000);
    env.set_price(&other, usd(2_000), 0);
    let other_lp_tokens = env.add_liquidity(&other, &other_lp, 1_000_000_000);
    let _ = other_lp_tokens;
    let ix = with_account(
        ix_remove_liquidity(
            &keys,
            &other_lp.address(),
            &other_lp.token_account,
            &env.lp_token_account(&keys, &other_lp.address()),
            1,
            0,
        ),
        LP_POSITION,
        other.lp_position(&other_lp.address()),
    );
    env.assert_rejected(ix, &[&other_lp.keypair], custom(E::WrongPool));
}

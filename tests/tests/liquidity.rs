//! LP requests on the real .so: deposits escrowed in the vault and withdrawals escrowed in the LP
//! escrow, share pricing at the two NAVs, the first-deposit guard, slippage, the withdrawal delay,
//! locked capital, donation and just-in-time attacks, and foreign or forged accounts.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::RequestCancelled;
use bulkhead::events::{LiquidityRequested, DIRECTION_DEPOSIT, DIRECTION_WITHDRAW};
use bulkhead::math::shares::{DEAD_LP_SHARES, MIN_FIRST_LP_DEPOSIT};
use bulkhead::state::request::{REQUEST_ADD_LIQUIDITY, REQUEST_REMOVE_LIQUIDITY};
use bulkhead_tests::*;
use solana_instruction::error::InstructionError;
use solana_signer::Signer as _;

const UNIT: i64 = 1_000_000;
const HOUR: i64 = 3_600;

fn fresh_pool() -> (Env, PoolKeys) {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let keys = env.create_pool(mint, 1);
    (env, keys)
}

/// A wallet with collateral and an empty LP token account, its LP account watched.
fn lp_wallet(env: &mut Env, keys: &PoolKeys, collateral: u64) -> (Trader, LpTokens) {
    let t = env.trader(&keys.mint, collateral);
    let shares = env.lp_token_account(keys, &t.address());
    env.open_lp_account(keys, &t);
    let tokens = t.lp(shares);
    (t, tokens)
}

#[test]
fn lp_accounts_open_and_close_like_margin_accounts() {
    let (mut env, keys) = fresh_pool();
    let alice = env.trader(&keys.mint, 10_000_000_000);
    let lp_account = keys.lp_account(&alice.address());
    env.watch(&[lp_account]);
    let wallet = env.lamports(&alice.address());
    // A request needs the account first (Anchor v2 loads a missing account as too small).
    let tokens = alice.lp(env.lp_token_account(&keys, &alice.address()));
    let ix = ix_request_add(&keys, &tokens, 1_000_000_000, 0, 0);
    env.assert_rejected(ix, &[&alice.keypair], InstructionError::AccountDataTooSmall);
    env.open_lp_account(&keys, &alice);
    let acc = env.lp_account(&lp_account);
    assert_eq!((acc.pool, acc.owner, acc.request.kind), (keys.pool, alice.address(), 0));
    env.assert_rejected(
        ix_open_lp_account(&keys, &alice.address()),
        &[&alice.keypair],
        InstructionError::Custom(SYSTEM_ACCOUNT_ALREADY_IN_USE),
    );
    // Not closable while a request is pending, nor by someone else.
    env.send(&[ix_request_add(&keys, &tokens, 1_000_000_000, 0, 0)], &[&alice.keypair]).unwrap();
    env.assert_rejected(
        ix_close_lp_account(&keys, &alice.address()),
        &[&alice.keypair],
        custom(E::RequestPending),
    );
    executed_liquidity(&env.execute_liquidity(&keys, &tokens));
    let mallory = env.trader(&keys.mint, 0);
    let steal = swap_account(
        ix_close_lp_account(&keys, &mallory.address()),
        &keys.lp_account(&mallory.address()),
        lp_account,
    );
    env.assert_rejected(steal, &[&mallory.keypair], custom(E::WrongOwner));
    env.send(&[ix_close_lp_account(&keys, &alice.address())], &[&alice.keypair]).expect("close");
    assert_eq!(env.lamports(&alice.address()), wallet, "rent back in full; the shares stay in the wallet");
    assert!(env.token_balance(&tokens.shares) > 0);
}

#[test]
fn a_deposit_escrows_collateral_then_mints_at_its_print() {
    let (mut env, keys) = fresh_pool();
    let (alice, tokens) = lp_wallet(&mut env, &keys, 10_000_000_000);
    let meta = env.request_add(&keys, &alice, &tokens, 1_000_000_000, 0, 7_000).unwrap();
    let ev = event::<LiquidityRequested>(&Ok(meta));
    assert_eq!((ev.kind, ev.amount, ev.tip_lamports), (REQUEST_ADD_LIQUIDITY as u64, 1_000_000_000, 7_000));
    assert_eq!(ev.target_time, ev.request_time + 2);
    // The collateral is in the vault as a pending deposit; no share exists yet.
    let pool = env.pool(&keys.pool);
    assert_eq!((pool.book.pending_deposits, pool.book.lp_capital), (1_000_000_000, 0));
    assert_eq!((env.token_balance(&keys.vault), env.mint_supply(&keys.lp_mint)), (1_000_000_000, 0));
    let lp_account = env.lp_account(&keys.lp_account(&alice.address()));
    assert_eq!(
        (lp_account.owner, lp_account.pool, lp_account.request.amount),
        (alice.address(), keys.pool, 1_000_000_000)
    );

    let keeper_before = env.lamports(&env.keeper.pubkey());
    let ev = executed_liquidity(&env.execute_liquidity(&keys, &tokens));
    assert_eq!(
        (ev.amount, ev.shares, ev.share_supply, ev.direction),
        (1_000_000_000, 1_000_000_000 - DEAD_LP_SHARES, 1_000_000_000, DIRECTION_DEPOSIT)
    );
    assert_eq!(env.lamports(&env.keeper.pubkey()), keeper_before + 7_000, "the tip went to the keeper");
    let pool = env.pool(&keys.pool);
    assert_eq!(
        (pool.book.pending_deposits, pool.book.lp_capital, pool.market.dead_lp_shares),
        (0, 1_000_000_000, DEAD_LP_SHARES)
    );
    assert_eq!(env.token_balance(&tokens.shares), 1_000_000_000 - DEAD_LP_SHARES);

    // Bob adds half as much at an unchanged NAV: half the supply.
    let (bob, bob_tokens) = lp_wallet(&mut env, &keys, 10_000_000_000);
    let ev = executed_liquidity(&env.add_liquidity_to(&keys, &bob, bob_tokens.shares, 500_000_000));
    assert_eq!(ev.shares, 500_000_000);
}

#[test]
fn failed_deposits_are_refunded() {
    let (mut env, keys) = fresh_pool();
    let (alice, tokens) = lp_wallet(&mut env, &keys, 10_000_000_000);
    env.assert_rejected(ix_request_add(&keys, &tokens, 0, 0, 0), &[&alice.keypair], custom(E::ZeroAmount));
    // Too small a first deposit, and a slippage bound the NAV cannot meet: cancelled at execution,
    // collateral back in the wallet less the expiry fee (both are checks the owner or the order of
    // executions steers), nothing left pending. With no shares yet the fee is the protocol's: in
    // LP capital it would belong to whoever deposits first.
    let mut fees = 0;
    for (amount, min_out, reason) in [
        (MIN_FIRST_LP_DEPOSIT - 1, 0, E::FirstDepositTooSmall),
        (1_000_000_000, 1_000_000_000, E::SlippageExceeded),
    ] {
        env.send(&[ix_request_add(&keys, &tokens, amount, min_out, 0)], &[&alice.keypair]).unwrap();
        assert_eq!(env.token_balance(&alice.token_account), 10_000_000_000 - fees - amount);
        let result = env.execute_liquidity(&keys, &tokens);
        assert_eq!(cancel_reason(&result), Some(code(reason)));
        let fee = event::<RequestCancelled>(&result).expiry_fee;
        assert_eq!(fee, amount.div_ceil(1_000), "10 bps of the deposit, rounded up");
        fees += fee;
        assert_eq!(env.token_balance(&alice.token_account), 10_000_000_000 - fees);
        let book = env.pool(&keys.pool).book;
        assert_eq!((book.pending_deposits, book.lp_capital, book.protocol_fees), (0, 0, fees));
        assert_eq!(env.token_balance(&keys.vault), fees);
    }
    // Dust into a pool whose shares are worth more than a unit mints zero shares: cancelled, and
    // its fee (rounded up, at most the deposit) is all of it.
    env.send(&[ix_request_add(&keys, &tokens, 1_000_000_000, 0, 0)], &[&alice.keypair]).unwrap();
    executed_liquidity(&env.execute_liquidity(&keys, &tokens));
    let trader = env.funded_trader(&keys, MARKET_COLLATERAL);
    executed(&env.trade(&keys, &trader, UNIT / 10));
    executed(&env.trade(&keys, &trader, -UNIT / 10));
    let (dust, dust_tokens) = lp_wallet(&mut env, &keys, 10);
    env.send(&[ix_request_add(&keys, &dust_tokens, 1, 0, 0)], &[&dust.keypair]).unwrap();
    let result = env.execute_liquidity(&keys, &dust_tokens);
    assert_eq!(cancel_reason(&result), Some(code(E::ZeroShares)));
    assert_eq!(event::<RequestCancelled>(&result).expiry_fee, 1);
    assert_eq!(env.token_balance(&dust.token_account), 9);
}

#[test]
fn a_withdrawal_escrows_its_shares_and_waits_for_the_delay() {
    let (mut env, keys) = fresh_pool();
    let (alice, tokens) = lp_wallet(&mut env, &keys, 10_000_000_000);
    executed_liquidity(&env.add_liquidity_to(&keys, &alice, tokens.shares, 1_000_000_000));
    let held = env.token_balance(&tokens.shares);
    let meta = env.send(&[ix_request_remove(&keys, &tokens, 100_000_000, 0, 0)], &[&alice.keypair]).unwrap();
    let ev = event::<LiquidityRequested>(&Ok(meta));
    assert_eq!((ev.kind, ev.target_time), (REQUEST_REMOVE_LIQUIDITY as u64, ev.request_time + HOUR));
    // The shares left the wallet at once and sit in the pool's escrow; the supply is unchanged.
    assert_eq!(env.token_balance(&tokens.shares), held - 100_000_000);
    assert_eq!(env.token_balance(&keys.lp_escrow), 100_000_000);
    // No print before the delay is the pinned one.
    let keeper = env.keeper.insecure_clone();
    env.advance(HOUR - 1);
    let now = env.now();
    env.publish(&keys, now, now - 1);
    env.assert_rejected(
        ix_execute_liquidity(&keys, &keeper.pubkey(), &tokens),
        &[&keeper],
        custom(E::OracleNotPinnedPrint),
    );
    // The print at the delay executes it: burned from the escrow, paid at the redeem NAV.
    let before = env.token_balance(&alice.token_account);
    let ev = executed_liquidity(&env.execute_liquidity(&keys, &tokens));
    assert_eq!((ev.amount, ev.shares, ev.direction), (100_000_000, 100_000_000, DIRECTION_WITHDRAW));
    assert_eq!(env.token_balance(&alice.token_account), before + 100_000_000);
    assert_eq!((env.token_balance(&keys.lp_escrow), env.mint_supply(&keys.lp_mint)), (0, held - 100_000_000));
    assert_eq!(env.pool(&keys.pool).book.lp_capital, 900_000_000);
    // More shares than held: the token program refuses the escrow transfer (SPL InsufficientFunds = 1).
    env.assert_rejected(
        ix_request_remove(&keys, &tokens, held, 0, 0),
        &[&alice.keypair],
        InstructionError::Custom(1),
    );
}

#[test]
fn locked_capital_cannot_be_withdrawn() {
    let Market { mut env, keys, lp, lp_tokens, .. } = market();
    // $1,000,000 of LP capital; $400,000 of longs lock $400,000 (100% payoff cap). A withdrawal
    // must leave locked <= 90% of the rest, so at most about $555,000 can leave.
    for _ in 0..2 {
        let whale = env.funded_trader(&keys, 100 * MARKET_COLLATERAL);
        executed(&env.trade(&keys, &whale, 100 * UNIT));
    }
    let shares = env.token_balance(&lp_tokens);
    let r = env.remove_liquidity(&keys, &lp, lp_tokens, shares * 6 / 10);
    assert_eq!(cancel_reason(&r), Some(code(E::InsufficientLiquidity)));
    // Utilisation is steered by the order of executions (anyone's), so the cancellation costs the
    // expiry fee: 10 bps of the shares, rounded up, burned for the LPs who stay.
    let fee = event::<RequestCancelled>(&r).expiry_fee;
    assert_eq!(fee, (shares * 6 / 10).div_ceil(1_000));
    assert_eq!(env.token_balance(&lp_tokens), shares - fee, "the escrowed shares came back, less the fee");
    assert_eq!(env.token_balance(&keys.lp_escrow), 0);
    // Half is free.
    let ev = executed_liquidity(&env.remove_liquidity(&keys, &lp, lp_tokens, shares / 2));
    assert!(ev.amount > 499_000_000_000);
}

#[test]
fn owners_cancel_before_their_print_and_anyone_expires_after_the_window() {
    let (mut env, keys) = fresh_pool();
    let (alice, tokens) = lp_wallet(&mut env, &keys, 10_000_000_000);
    executed_liquidity(&env.add_liquidity_to(&keys, &alice, tokens.shares, 1_000_000_000));
    let held = env.token_balance(&tokens.shares);
    let mallory = env.trader(&keys.mint, 0);
    let cancel = |caller: &Address| ix_cancel_liquidity(&keys, caller, &tokens);

    // A withdrawal: the owner cancels during its delay and gets shares and tip back.
    env.request_remove(&keys, &alice, &tokens, 1_000_000, 0, 9_000).unwrap();
    env.assert_rejected(cancel(&mallory.address()), &[&mallory.keypair], custom(E::RequestNotCancellable));
    env.advance(HOUR - 1);
    let lamports = env.lamports(&alice.address());
    env.send(&[cancel(&alice.address())], &[&alice.keypair]).unwrap();
    assert_eq!((env.token_balance(&tokens.shares), env.lamports(&alice.address())), (held, lamports + 9_000));

    // A deposit: once its print exists the owner can no longer cancel; after the window anyone
    // expires it, gets the tip, and the collateral goes back to the owner less the expiry fee
    // (10 bps), which stays with the LPs.
    env.request_add(&keys, &alice, &tokens, 5_000_000, 0, 9_000).unwrap();
    env.advance(2);
    env.assert_rejected(cancel(&alice.address()), &[&alice.keypair], custom(E::RequestNotCancellable));
    env.advance(60);
    env.assert_rejected(cancel(&mallory.address()), &[&mallory.keypair], custom(E::RequestNotCancellable));
    env.advance(1);
    let keeper = env.keeper.insecure_clone();
    env.assert_rejected(
        ix_execute_liquidity(&keys, &keeper.pubkey(), &tokens),
        &[&keeper],
        custom(E::RequestExpired),
    );
    let before = (env.lamports(&mallory.address()), env.token_balance(&alice.token_account));
    let capital = env.pool(&keys.pool).book.lp_capital;
    let ev: RequestCancelled = event(&env.send(&[cancel(&mallory.address())], &[&mallory.keypair]));
    assert_eq!(ev.expiry_fee, 5_000);
    assert_eq!(env.lamports(&mallory.address()), before.0 + 9_000);
    assert_eq!(env.token_balance(&alice.token_account), before.1 + 5_000_000 - 5_000);
    assert_eq!(env.pool(&keys.pool).book.pending_deposits, 0);
    assert_eq!(env.pool(&keys.pool).book.lp_capital, capital + 5_000);
    env.assert_rejected(cancel(&mallory.address()), &[&mallory.keypair], custom(E::NoPendingRequest));

    // A withdrawal that expires burns the fee's shares (10 bps of them) for the LPs who stay.
    env.request_remove(&keys, &alice, &tokens, 1_000_000, 0, 0).unwrap();
    let request = env.lp_account(&keys.lp_account(&alice.address())).request;
    env.set_time(request.deadline + 1);
    let (held, supply) = (env.token_balance(&tokens.shares), env.mint_supply(&keys.lp_mint));
    let ev: RequestCancelled = event(&env.send(&[cancel(&mallory.address())], &[&mallory.keypair]));
    assert_eq!(ev.expiry_fee, 1_000);
    assert_eq!(env.token_balance(&tokens.shares), held + 1_000_000 - 1_000);
    assert_eq!(env.mint_supply(&keys.lp_mint), supply - 1_000);
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
    let Market { mut env, keys, trader, .. } = market();
    // The trader holds a long that is $100 under water.
    executed(&env.trade(&keys, &trader, UNIT));
    env.set_price(&keys, usd(1_900), 0);
    // A JIT LP deposits right before the loss is realized: it is minted at a NAV that already
    // counts the loss, so it pays for it ...
    let jit = env.trader(&keys.mint, 100_000_000_000);
    let deposit = 10_000_000_000;
    let jit_lp = env.add_liquidity(&keys, &jit, deposit);
    executed(&env.trade(&keys, &trader, -UNIT));
    // ... and its withdrawal waits the delay, then takes out no more than it put in plus its share
    // of what the pool earned since.
    let shares = env.token_balance(&jit_lp);
    let before = env.token_balance(&jit.token_account);
    executed_liquidity(&env.remove_liquidity(&keys, &jit, jit_lp, shares));
    let out = env.token_balance(&jit.token_account) - before;
    let fees_share = 1_900_000 * deposit / (MARKET_LP_CAPITAL + deposit) + 1;
    assert!(out <= deposit + fees_share, "JIT LP took {out} for {deposit}");
}

#[test]
fn rejects_foreign_forged_and_fake_accounts() {
    let Market { mut env, keys, lp, lp_tokens, .. } = market();
    let other = env.create_pool(keys.mint, 2);
    let tokens = lp.lp(lp_tokens);
    let add = ix_request_add(&keys, &tokens, 1_000_000, 0, 0);
    let remove = ix_request_remove(&keys, &tokens, 1_000_000, 0, 0);
    let cancel = ix_cancel_liquidity(&keys, &lp.address(), &tokens);
    for (name, base) in [("add", add.clone()), ("remove", remove.clone()), ("cancel", cancel.clone())] {
        println!("{name}");
        let mut cases = vec![(keys.risk_params, other.risk_params, custom(E::WrongRiskParams))];
        if name != "remove" {
            cases.push((keys.vault, other.vault, custom(E::WrongVault)));
        }
        if name != "add" {
            cases.push((keys.lp_escrow, other.lp_escrow, custom(E::WrongLpEscrow)));
        }
        for (slot, address, expected) in cases {
            env.assert_rejected(swap_account(base.clone(), &slot, address), &[&lp.keypair], expected);
        }
        let impostor = env.impostor_program();
        env.assert_rejected(
            swap_account(base.clone(), &TOKEN_PROGRAM, impostor),
            &[&lp.keypair],
            InstructionError::IncorrectProgramId,
        );
    }
    // Another pool's LP mint token account; the pool's own vault as the LP's token account.
    let foreign = env.create_token_account(&other.lp_mint, &lp.address(), 0);
    env.assert_rejected(
        swap_account(remove.clone(), &lp_tokens, foreign),
        &[&lp.keypair],
        custom(E::TokenMintMismatch),
    );
    env.assert_rejected(
        swap_account(add.clone(), &lp.token_account, keys.vault),
        &[&lp.keypair],
        InstructionError::Custom(ANCHOR_DUPLICATE_MUTABLE_ACCOUNT),
    );
    // Executing someone's request into another wallet's token accounts.
    env.send(&[remove], &[&lp.keypair]).unwrap();
    let mallory = env.trader(&keys.mint, 0);
    let mallory_lp = env.lp_token_account(&keys, &mallory.address());
    let keeper = env.keeper.insecure_clone();
    let execute = ix_execute_liquidity(&keys, &keeper.pubkey(), &tokens);
    env.assert_rejected(
        swap_account(execute.clone(), &lp.token_account, mallory.token_account),
        &[&keeper],
        custom(E::TokenOwnerMismatch),
    );
    env.assert_rejected(
        swap_account(execute.clone(), &lp_tokens, mallory_lp),
        &[&keeper],
        custom(E::TokenOwnerMismatch),
    );
    // Another pool's LP account, and a forged one.
    let (other_lp, other_tokens) = lp_wallet(&mut env, &other, 10_000_000_000);
    executed_liquidity(&env.add_liquidity_to(&other, &other_lp, other_tokens.shares, 1_000_000_000));
    let ix =
        swap_account(execute.clone(), &keys.lp_account(&lp.address()), other.lp_account(&other_lp.address()));
    env.assert_rejected(ix, &[&keeper], custom(E::WrongPool));
    let forged = Address::new_unique();
    let data = env.account(&keys.lp_account(&lp.address())).data;
    env.put(forged, Address::new_unique(), data);
    let ix = swap_account(execute, &keys.lp_account(&lp.address()), forged);
    env.assert_rejected(ix, &[&keeper], InstructionError::IllegalOwner);
}

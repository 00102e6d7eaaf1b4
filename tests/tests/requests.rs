//! The life of a trade request on the real .so: what a request records, who may execute, cancel or
//! expire it and when, where its tip goes, and every account or argument that is refused.

use bulkhead::engine::request::{CANCELLED_BY_OWNER, EXPIRED};
use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{RequestCancelled, TradeRequested, REQUEST_TRADE};
use bulkhead_tests::*;
use solana_instruction::error::InstructionError;
use solana_signer::Signer as _;

const UNIT: i64 = 1_000_000;
const TIP: u64 = 25_000;

fn tipped(size: i64) -> Order {
    Order { tip_lamports: TIP, ..Order::market(size) }
}

#[test]
fn a_request_records_the_order_and_holds_its_tip() {
    let Market { mut env, keys, trader, .. } = market();
    let margin = keys.margin(&trader.address());
    let (rent, wallet) = (env.lamports(&margin), env.lamports(&trader.address()));
    // The client funds the tip with a System transfer in the request's transaction.
    let now = env.now();
    let ev = event::<TradeRequested>(&env.request_trade(
        &keys,
        &trader,
        Order { worst_price: 7, ..tipped(-UNIT) },
    ));
    assert_eq!((ev.size_delta, ev.worst_price, ev.reduce_only, ev.tip_lamports), (-UNIT, 7, 0, TIP));
    assert_eq!((ev.request_time, ev.target_time, ev.deadline), (now, now + 2, now + 62));
    let request = env.margin(&margin).request;
    assert_eq!(
        (request.kind, request.time, request.size_delta, request.limit, request.tip_lamports),
        (REQUEST_TRADE, now, -UNIT, 7, TIP)
    );
    assert_eq!((env.lamports(&margin), env.lamports(&trader.address())), (rent + TIP, wallet - TIP));
    // One request at a time.
    env.assert_rejected(
        ix_request_trade(&keys, &trader.address(), tipped(UNIT)),
        &[&trader.keypair],
        custom(E::RequestPending),
    );
}

#[test]
fn the_keeper_executes_with_the_pinned_print_and_earns_the_tip() {
    let Market { mut env, keys, trader, .. } = market();
    env.request_trade(&keys, &trader, tipped(UNIT)).unwrap();
    let keeper_before = env.lamports(&env.keeper.pubkey());
    let ev = executed(&env.execute_trade(&keys, &trader.address()));
    assert_eq!((ev.keeper, ev.tip_lamports, ev.size_delta), (env.keeper.pubkey(), TIP, UNIT));
    assert_eq!(env.lamports(&env.keeper.pubkey()), keeper_before + TIP);
    assert!(!env.margin(&keys.margin(&trader.address())).request.is_pending());
    // Nothing pending any more.
    let keeper = env.keeper.insecure_clone();
    env.assert_rejected(
        ix_execute_trade(&keys, &keeper.pubkey(), &trader.address()),
        &[&keeper],
        custom(E::NoPendingRequest),
    );
}

#[test]
fn a_failed_check_cancels_the_request_and_still_pays_the_keeper() {
    let Market { mut env, keys, trader, .. } = market();
    env.request_trade(&keys, &trader, tipped(50 * UNIT)).unwrap(); // $100,000 on $1,000 of collateral
    let keeper_before = env.lamports(&env.keeper.pubkey());
    let before = env.margin(&keys.margin(&trader.address()));
    let result = env.execute_trade(&keys, &trader.address());
    let ev = event::<RequestCancelled>(&result);
    assert_eq!(
        (ev.kind, ev.reason, ev.caller, ev.tip_lamports),
        (REQUEST_TRADE as u64, code(E::InitialMarginViolated), env.keeper.pubkey(), TIP)
    );
    assert_eq!(env.lamports(&env.keeper.pubkey()), keeper_before + TIP);
    let after = env.margin(&keys.margin(&trader.address()));
    // Initial margin is the one check its owner controls (collateral is his to add): failing it
    // costs the expiry fee, 10 bps of $100,000 at the newest ask, so it is no free walk-away.
    assert_eq!(ev.expiry_fee, 100_000_000);
    assert_eq!(
        (after.base_position, after.collateral, after.request.kind),
        (0, before.collateral - 100_000_000, 0),
        "nothing but the tip and the fee moved"
    );
}

#[test]
fn owners_cancel_until_the_print_exists_and_anyone_expires_after_the_window() {
    let Market { mut env, keys, trader, .. } = market();
    let mallory = env.trader(&keys.mint, 0);
    let cancel = |caller: &Address| ix_cancel_trade(&keys, caller, &trader.address());

    // Before the target time: the owner cancels and gets the tip back; nobody else can.
    env.request_trade(&keys, &trader, tipped(UNIT)).unwrap();
    env.assert_rejected(cancel(&mallory.address()), &[&mallory.keypair], custom(E::RequestNotCancellable));
    env.advance(1);
    let wallet = env.lamports(&trader.address());
    let ev = event::<RequestCancelled>(&env.send(&[cancel(&trader.address())], &[&trader.keypair]));
    assert_eq!((ev.reason, ev.caller), (CANCELLED_BY_OWNER, trader.address()));
    assert_eq!(env.lamports(&trader.address()), wallet + TIP);

    // From the target time on the owner cannot withdraw it: only execution or expiry ends it.
    env.request_trade(&keys, &trader, tipped(UNIT)).unwrap();
    env.advance(2);
    env.assert_rejected(cancel(&trader.address()), &[&trader.keypair], custom(E::RequestNotCancellable));
    env.advance(60); // at the deadline: still executable, not yet expirable
    env.assert_rejected(cancel(&mallory.address()), &[&mallory.keypair], custom(E::RequestNotCancellable));
    env.advance(1);
    let keeper = env.keeper.insecure_clone();
    let request = env.margin(&keys.margin(&trader.address())).request;
    let target = request.time + 2;
    env.publish(&keys, target, target - 1);
    env.assert_rejected(
        ix_execute_trade(&keys, &keeper.pubkey(), &trader.address()),
        &[&keeper],
        custom(E::RequestExpired),
    );
    let before = env.lamports(&mallory.address());
    let collateral = env.margin(&keys.margin(&trader.address())).collateral;
    let ev = event::<RequestCancelled>(&env.send(&[cancel(&mallory.address())], &[&mallory.keypair]));
    assert_eq!((ev.reason, ev.caller, ev.tip_lamports), (EXPIRED, mallory.address(), TIP));
    assert_eq!(env.lamports(&mallory.address()), before + TIP);
    // Letting it lapse cost the owner the expiry fee: 10 bps of 1 unit at the newest $2,000 ask.
    assert_eq!(ev.expiry_fee, 2_000_000);
    assert_eq!(env.margin(&keys.margin(&trader.address())).collateral, collateral - 2_000_000);
    env.assert_rejected(cancel(&mallory.address()), &[&mallory.keypair], custom(E::NoPendingRequest));
}

#[test]
fn an_owner_who_expires_its_own_request_forfeits_the_tip() {
    // Holding back an unfavourable execution and clearing it oneself must not refund the tip.
    let Market { mut env, keys, trader, .. } = market();
    env.request_trade(&keys, &trader, tipped(UNIT)).unwrap();
    env.advance(63);
    let (wallet, pool) = (env.lamports(&trader.address()), env.lamports(&keys.pool));
    let cancel = ix_cancel_trade(&keys, &trader.address(), &trader.address());
    let ev = event::<RequestCancelled>(&env.send(&[cancel], &[&trader.keypair]));
    assert_eq!((ev.reason, ev.caller), (EXPIRED, trader.address()));
    assert_eq!(env.lamports(&trader.address()), wallet, "no tip back");
    assert_eq!(env.lamports(&keys.pool), pool + TIP, "forfeited to the pool account");
}

#[test]
fn an_execution_at_the_deadline_still_counts() {
    let Market { mut env, keys, trader, .. } = market();
    env.request_trade(&keys, &trader, Order::market(UNIT)).unwrap();
    env.advance(62);
    executed(&env.execute_trade(&keys, &trader.address()));
}

#[test]
fn rejects_bad_requests_and_accounts() {
    let Market { mut env, keys, trader, .. } = market();
    let other = env.create_pool(keys.mint, 2);
    env.open_margin(&other, &trader);
    let mallory = env.trader(&keys.mint, 1_000_000_000);
    env.open_margin(&keys, &mallory);
    let request = |owner: &Address| ix_request_trade(&keys, owner, Order::market(UNIT));
    let victim = keys.margin(&trader.address());

    env.assert_rejected(
        ix_request_trade(&keys, &trader.address(), Order::market(0)),
        &[&trader.keypair],
        custom(E::ZeroAmount),
    );
    // Mallory requests on the trader's margin account.
    env.assert_rejected(
        swap_account(request(&mallory.address()), &keys.margin(&mallory.address()), victim),
        &[&mallory.keypair],
        custom(E::WrongOwner),
    );
    let mut unsigned = request(&trader.address());
    unsigned.accounts[0].is_signer = false;
    env.assert_rejected(unsigned, &[], InstructionError::MissingRequiredSignature);
    // Another pool's margin account and risk parameters; forged pool and margin account.
    env.assert_rejected(
        swap_account(request(&trader.address()), &victim, other.margin(&trader.address())),
        &[&trader.keypair],
        custom(E::WrongPool),
    );
    env.assert_rejected(
        swap_account(request(&trader.address()), &keys.risk_params, other.risk_params),
        &[&trader.keypair],
        custom(E::WrongRiskParams),
    );
    for real in [keys.pool, victim] {
        let forged = Address::new_unique();
        let data = env.account(&real).data;
        env.put(forged, Address::new_unique(), data);
        env.assert_rejected(
            swap_account(request(&trader.address()), &real, forged),
            &[&trader.keypair],
            InstructionError::IllegalOwner,
        );
    }
    // A tip the margin account does not hold above its rent (not funded in the transaction).
    let unfunded = Order { tip_lamports: 1, ..Order::market(UNIT) };
    env.assert_rejected(
        ix_request_trade(&keys, &trader.address(), unfunded),
        &[&trader.keypair],
        custom(E::TipNotFunded),
    );
    let short = [
        ix_fund_tip(&trader.address(), &victim, 999),
        ix_request_trade(&keys, &trader.address(), Order { tip_lamports: 1_000, ..Order::market(UNIT) }),
    ];
    let failed = env.send(&short, &[&trader.keypair]).expect_err("999 lamports do not fund a 1,000 tip");
    assert_eq!(
        failed.err,
        solana_transaction_error::TransactionError::InstructionError(1, custom(E::TipNotFunded))
    );

    // Execute and cancel with another pool's accounts.
    env.request_trade(&keys, &trader, Order::market(UNIT)).unwrap();
    let keeper = env.keeper.insecure_clone();
    let execute = ix_execute_trade(&keys, &keeper.pubkey(), &trader.address());
    env.assert_rejected(
        swap_account(execute.clone(), &keys.risk_params, other.risk_params),
        &[&keeper],
        custom(E::WrongRiskParams),
    );
    env.assert_rejected(
        swap_account(execute.clone(), &victim, other.margin(&trader.address())),
        &[&keeper],
        custom(E::WrongPool),
    );
    let cancel = ix_cancel_trade(&keys, &trader.address(), &trader.address());
    env.assert_rejected(
        swap_account(cancel, &victim, other.margin(&trader.address())),
        &[&trader.keypair],
        custom(E::WrongPool),
    );
    let mut unsigned = execute;
    unsigned.accounts[0].is_signer = false;
    env.assert_rejected(unsigned, &[], InstructionError::MissingRequiredSignature);
    // Sizes no position may reach are refused when requested (nothing moves, nothing is charged).
    env.send(&[ix_cancel_trade(&keys, &trader.address(), &trader.address())], &[&trader.keypair]).unwrap();
    for size in [i64::MAX, i64::MIN] {
        let ix = ix_request_trade(&keys, &trader.address(), Order::market(size));
        env.assert_rejected(ix, &[&trader.keypair], custom(E::PositionTooLarge));
    }
}

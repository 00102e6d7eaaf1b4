//! Issue 15: a pool's own governors (its authority, its guardian, an authority that is also an LP
//! or a trader) cannot turn the pool against its LPs. Each test is an attack seen on the landed
//! program (8c231dc), on the real .so, with what it got then and what it gets now.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{Liquidated, ParamsProposed, Paused};
use bulkhead::state::pause::*;
use bulkhead_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

const UNIT: i64 = 1_000_000;
const DAY: i64 = 86_400;

/// The creator's keypair, to sign beside a borrowed `env`.
fn creator(env: &Env) -> Keypair {
    env.creator.insecure_clone()
}

/// The authority re-paused LP withdrawals every day for 30 days and kept exits shut 30 days of 30.
/// Now exits pause one day in seven whoever signs: the authority's and a guardian's attempts
/// together shut them 5 days of 30 (days 0, 7, 14, 21, 28), and every other attempt is refused
/// with `ExitPauseBudgetExhausted`, byte for byte.
#[test]
fn lp_exits_cannot_be_kept_shut() {
    let Market { mut env, keys, .. } = market();
    let authority = creator(&env);
    let guardian = env.keypair();
    env.svm.airdrop(&guardian.pubkey(), 1_000_000_000).unwrap();
    env.as_creator(ix_set_guardian(&keys, &authority.pubkey(), guardian.pubkey())).unwrap();
    let start = env.now();
    let mut shut_days = vec![];
    for day in 0..30 {
        env.set_time(start + day * DAY + 60);
        let signer = if day % 2 == 0 { &authority } else { &guardian };
        let ix = ix_pause(&keys, &signer.pubkey(), LP_WITHDRAWALS, MAX_PAUSE_SECS);
        if env.pool(&keys.pool).pauses.exit_pause_started + EXIT_PAUSE_WINDOW_SECS <= env.now() {
            let ev: Paused = event(&env.send(&[ix], &[signer]));
            assert_eq!((ev.until, ev.exits_until), (0, env.now() + DAY));
            shut_days.push(day);
        } else {
            env.assert_rejected(ix, &[signer], custom(E::ExitPauseBudgetExhausted));
        }
        // Mid-day: an LP withdrawal request is refused exactly on the shut days.
        env.set_time(start + day * DAY + DAY / 2);
        let paused = env.pool(&keys.pool).pauses.paused(env.now()) & LP_WITHDRAWALS != 0;
        assert_eq!(paused, shut_days.last() == Some(&day), "day {day}");
    }
    assert_eq!(shut_days, vec![0, 7, 14, 21, 28]);
}

/// The authority kept liquidations paused for 8 days while its own second wallet's long sank 2%
/// a day: the long went bankrupt and the sponsor tranche paid for it. Now the pause lapses after a
/// day, a second one is refused, and the keeper liquidates the long with equity left: the sponsor
/// and insurance are untouched.
#[test]
fn liquidations_cannot_be_held_shut_while_a_loser_sinks() {
    let Market { mut env, keys, trader, .. } = market();
    let sponsor = env.sponsor(&keys, 1_000_000_000);
    env.sponsor_deposit(&keys, &sponsor, 1_000_000_000).unwrap();
    let liquidator = env.trader(&keys.mint, 0);
    executed(&env.trade(&keys, &trader, 4 * UNIT));
    let authority = creator(&env);
    let pause = ix_pause(&keys, &authority.pubkey(), LIQUIDATIONS, MAX_PAUSE_SECS);
    let start = env.now();
    let mut liquidated = None;
    for day in 1..=8 {
        env.set_time(start + day * DAY);
        env.set_price(&keys, usd(2_000 - 40 * day), 0);
        if day == 3 {
            event::<Paused>(&env.send(std::slice::from_ref(&pause), &[&authority]));
        } else if day > 3 && liquidated.is_none() {
            env.assert_rejected(pause.clone(), &[&authority], custom(E::ExitPauseBudgetExhausted));
            let result = env.liquidate(&keys, &liquidator, &trader.address());
            if result.is_ok() {
                liquidated = Some((day, event::<Liquidated>(&result)));
            }
        }
    }
    let (day, ev) = liquidated.expect("liquidated once the day's pause lapsed");
    assert_eq!(day, 4, "the first day the long was below maintenance");
    assert_eq!(ev.shortfall, 0);
    let pool = env.pool(&keys.pool);
    assert_eq!((pool.losses.sponsor_absorbed, pool.losses.insurance_absorbed), (0, 0));
    assert_eq!(pool.book.sponsor_capital, 1_000_000_000);
}

/// The authority kept LP exits paused through a harmful change's timelock: 23 of 23 exit attempts
/// were refused before it applied. Now queuing the change ends the exit pause, exits cannot be
/// paused again while it can apply (`ExitsOpenForQueuedChange`, for the authority and the
/// guardian alike), and the LP leaves before the eta; once the change is cancelled exits may be
/// paused again within the day's episode.
#[test]
fn a_queued_change_keeps_exits_open_for_its_whole_notice() {
    let Market { mut env, keys, lp, lp_tokens, .. } = market();
    let authority = creator(&env);
    let me = authority.pubkey();
    let guardian = env.keypair();
    env.svm.airdrop(&guardian.pubkey(), 1_000_000_000).unwrap();
    env.as_creator(ix_set_guardian(&keys, &me, guardian.pubkey())).unwrap();
    let exits = LP_WITHDRAWALS | EXECUTIONS;
    event::<Paused>(&env.as_creator(ix_pause(&keys, &me, exits | DEPOSITS, MAX_PAUSE_SECS)));
    let mut harmful = env.config(&keys);
    harmful.taker_fee_bps += 25;
    let ev: ParamsProposed = event(&env.as_creator(ix_propose_params(&keys, &me, harmful)));
    assert_eq!(env.pool(&keys.pool).pauses.paused(env.now()), DEPOSITS, "only the exits opened");
    for signer in [&authority, &guardian] {
        let again = ix_pause(&keys, &signer.pubkey(), LP_WITHDRAWALS, 60);
        env.assert_rejected(again, &[signer], custom(E::ExitsOpenForQueuedChange));
    }
    let tokens = lp.lp(lp_tokens);
    let shares = env.token_balance(&lp_tokens) / 2;
    env.send(&[ix_request_remove(&keys, &tokens, shares, 0, 0)], &[&lp.keypair]).unwrap();
    let moved = executed_liquidity(&env.execute_liquidity(&keys, &tokens));
    assert!(moved.shares == shares && env.now() < ev.eta, "left before the change could apply");
    env.as_creator(ix_cancel_params(&keys, &me)).unwrap();
    event::<Paused>(&env.as_creator(ix_pause(&keys, &me, LP_WITHDRAWALS, 60)));
}

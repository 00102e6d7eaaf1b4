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

/// A guardian and the pool's authority, with a harmful change (a taker fee raise) to propose.
fn guarded() -> (Market, Keypair, Keypair) {
    let mut m = market();
    let authority = creator(&m.env);
    let guardian = m.env.keypair();
    m.env.svm.airdrop(&guardian.pubkey(), 1_000_000_000).unwrap();
    m.env.watch(&[guardian.pubkey()]);
    m.env.as_creator(ix_set_guardian(&m.keys, &authority.pubkey(), guardian.pubkey())).unwrap();
    (m, authority, guardian)
}

fn fee_raise(env: &Env, keys: &PoolKeys) -> bulkhead::state::RiskConfig {
    let mut c = env.config(keys);
    c.taker_fee_bps += 25;
    c
}

/// The guardian vetoed; the authority removed it and re-proposed in the same transaction, so the
/// veto was undone at once. Now removing a guardian is a change of its own behind the timelock:
/// the re-proposal replaces it, so the guardian is still there and vetoes again. Queued alone,
/// the removal cannot be vetoed by the guardian (`GuardianChangeNotVetoable`, byte for byte), and
/// once it applies every later change waits a full timelock. Handing the pool to a second key no
/// longer clears the guardian either.
#[test]
fn a_veto_stands_until_the_guardians_removal_applies() {
    let (Market { mut env, keys, .. }, authority, guardian) = guarded();
    let me = authority.pubkey();
    let harmful = fee_raise(&env, &keys);
    env.as_creator(ix_propose_params(&keys, &me, harmful)).unwrap();
    env.send(&[ix_cancel_params(&keys, &guardian.pubkey())], &[&guardian]).unwrap();
    let undo = [ix_set_guardian(&keys, &me, Address::default()), ix_propose_params(&keys, &me, harmful)];
    env.send(&undo, &[&authority]).unwrap();
    assert_eq!(env.pool(&keys.pool).guardian, guardian.pubkey(), "the guardian is still there");
    let pending = env.risk_params(&keys.risk_params).pending;
    assert_eq!((pending.sets, pending.config.taker_fee_bps), (0, harmful.taker_fee_bps));
    env.send(&[ix_cancel_params(&keys, &guardian.pubkey())], &[&guardian]).unwrap();

    // The removal alone: the guardian cannot veto it, and it waits the timelock.
    let ev: ParamsProposed = event(&env.as_creator(ix_set_guardian(&keys, &me, Address::default())));
    assert_eq!((ev.sets, ev.guardian, ev.changed), (2, Address::default(), 0));
    let veto = ix_cancel_params(&keys, &guardian.pubkey());
    env.assert_rejected(veto, &[&guardian], custom(E::GuardianChangeNotVetoable));
    env.assert_rejected(ix_apply_params(&keys), &[], custom(E::TimelockNotElapsed));
    // A handover to the authority's own second key keeps the guardian (and cancels the queue).
    let second = env.keypair();
    env.svm.airdrop(&second.pubkey(), 1_000_000_000).unwrap();
    env.as_creator(ix_propose_authority(&keys, &me, second.pubkey())).unwrap();
    env.send(&[ix_accept_authority(&keys, &second.pubkey())], &[&second]).unwrap();
    assert_eq!(env.pool(&keys.pool).guardian, guardian.pubkey());
    assert_eq!(env.risk_params(&keys.risk_params).pending.active, 0);
    let ev: ParamsProposed =
        event(&env.send(&[ix_set_guardian(&keys, &second.pubkey(), Address::default())], &[&second]));
    env.set_time(ev.eta);
    let ev: bulkhead::events::GuardianSet = event(&env.send(&[ix_apply_params(&keys)], &[]));
    assert_eq!((ev.guardian, env.pool(&keys.pool).guardian), (Address::default(), Address::default()));
    // From now on a harmful change still waits its whole timelock, with exits open.
    let ev: ParamsProposed =
        event(&env.send(&[ix_propose_params(&keys, &second.pubkey(), harmful)], &[&second]));
    assert_eq!(ev.eta, env.now() + i64::from(harmful.timelock_secs));
}

/// A queued change was a snapshot of the whole configuration: one queued before an at-once
/// timelock raise to 14 days applied after the old timelock and set the timelock back; an older
/// queued change undid an emergency cut of a cap. Now a queued change is a diff: it
/// waits the longer timelock, installs only the fields it changed, and an at-once change of a
/// field drops it from the queued change.
#[test]
fn a_queued_change_is_a_diff_that_cannot_undo_an_at_once_change() {
    let Market { mut env, keys, .. } = market();
    let me = creator(&env).pubkey();
    let base = env.config(&keys);
    // A fee raise and a position-cap raise, queued together.
    let mut queued = fee_raise(&env, &keys);
    queued.max_position_size *= 2;
    let ev: ParamsProposed = event(&env.as_creator(ix_propose_params(&keys, &me, queued)));
    let proposed_at = env.now();
    assert_eq!(ev.changed.count_ones(), 2);
    // At once: the timelock raised to 14 days and an emergency cut of the cap.
    let mut emergency = base;
    emergency.timelock_secs = 14 * DAY as u32;
    emergency.max_position_size = base.max_position_size / 2;
    let applied: bulkhead::events::ParamsApplied =
        event(&env.as_creator(ix_propose_params(&keys, &me, emergency)));
    assert_eq!(applied.at_once, 1);
    let pending = env.risk_params(&keys.risk_params).pending;
    assert_eq!(pending.changed.count_ones(), 1, "the cap left the queued change");
    assert_eq!(pending.eta, proposed_at + 14 * DAY);
    env.set_time(proposed_at + i64::from(base.timelock_secs));
    env.assert_rejected(ix_apply_params(&keys), &[], custom(E::TimelockNotElapsed));
    env.set_time(proposed_at + 14 * DAY);
    let ev: bulkhead::events::ParamsApplied = event(&env.send(&[ix_apply_params(&keys)], &[]));
    let now = env.config(&keys);
    assert_eq!(ev.config, now);
    assert_eq!(
        (now.taker_fee_bps, now.max_position_size, now.timelock_secs),
        (queued.taker_fee_bps, emergency.max_position_size, emergency.timelock_secs),
        "the fee applied; the cut and the longer timelock stayed"
    );
}

/// A sponsor's unbond request never lapsed: a standing request made months before turned the
/// unbonding delay into an instant exit ahead of a visible loss. Now matured capital must be
/// withdrawn within `SPONSOR_CLAIM_WINDOW_SECS` (`UnbondingLapsed` after, byte for byte), and a new
/// request waits the whole delay again. The window (2 days) is longer than any one pause.
#[test]
fn a_sponsors_standing_unbond_request_lapses() {
    use bulkhead::instructions::sponsor::SPONSOR_CLAIM_WINDOW_SECS as WINDOW;
    let Market { mut env, keys, .. } = market();
    let sponsor = env.sponsor(&keys, 1_000_000_000);
    env.sponsor_deposit(&keys, &sponsor, 1_000_000_000).unwrap();
    let delay = env.config(&keys).sponsor_unbonding_secs as i64;
    let unbond = ix_request_sponsor_unbond(&keys, &sponsor.address(), 1_000_000_000);
    env.send(std::slice::from_ref(&unbond), &[&sponsor.keypair]).unwrap();
    let ready = env.now() + delay;
    let withdraw = ix_sponsor_withdraw(&keys, &sponsor.address(), &sponsor.token_account);
    // Months later, a loss is coming: the standing request has lapsed.
    env.set_time(ready + WINDOW + 1);
    env.assert_rejected(withdraw.clone(), &[&sponsor.keypair], custom(E::UnbondingLapsed));
    env.send(std::slice::from_ref(&unbond), &[&sponsor.keypair]).unwrap();
    env.assert_rejected(withdraw.clone(), &[&sponsor.keypair], custom(E::UnbondingNotReady));
    // Matured again: a day's pause of pool withdrawals from maturity leaves a day to claim it.
    let ready = env.now() + delay;
    env.set_time(ready);
    let authority = creator(&env);
    let pause = ix_pause(&keys, &authority.pubkey(), POOL_WITHDRAWALS, MAX_PAUSE_SECS);
    env.send(&[pause], &[&authority]).unwrap();
    env.set_time(ready + WINDOW);
    let before = env.token_balance(&sponsor.token_account);
    env.send(&[withdraw], &[&sponsor.keypair]).unwrap();
    let after = env.token_balance(&sponsor.token_account);
    assert_eq!(after, before + 1_000_000_000, "claimed at the window's last second");
}

/// With the landed 24-hour unbonding and a 1-hour LP delay, one exit pause let the sponsor leave
/// before the LPs: LPs who reacted to its unbond request were paused for a day and the sponsor
/// withdrew first. Now the unbonding must outlast an LP exit plus a day's exit pause (the landed
/// default is refused with `SponsorUnbondingNotAboveLpDelay`), and at the new default an LP who
/// reacts leaves, after the authority's day of exit pause, before the sponsor's capital matures.
#[test]
fn the_sponsor_cannot_leave_before_lps_who_react() {
    let mut landed = default_params();
    landed.sponsor_unbonding_secs = 86_400;
    assert_eq!(
        landed.validate().unwrap_err(),
        anchor_lang::prelude::ProgramError::Custom(6000 + E::SponsorUnbondingNotAboveLpDelay as u32)
    );
    let Market { mut env, keys, lp, lp_tokens, .. } = market();
    let sponsor = env.sponsor(&keys, 1_000_000_000);
    env.sponsor_deposit(&keys, &sponsor, 1_000_000_000).unwrap();
    let unbond = ix_request_sponsor_unbond(&keys, &sponsor.address(), 1_000_000_000);
    env.send(&[unbond], &[&sponsor.keypair]).unwrap();
    let ready = env.pool(&keys.pool).sponsor_unbonding_ready_at;
    // The authority pauses exits for its day at once.
    let authority = creator(&env);
    env.send(&[ix_pause(&keys, &authority.pubkey(), EXIT_OPERATIONS, MAX_PAUSE_SECS)], &[&authority])
        .unwrap();
    let tokens = lp.lp(lp_tokens);
    let shares = env.token_balance(&lp_tokens) / 2;
    let request = ix_request_remove(&keys, &tokens, shares, 0, 0);
    env.assert_rejected(request.clone(), &[&lp.keypair], custom(E::OperationPaused));
    env.advance(DAY);
    env.send(&[request], &[&lp.keypair]).unwrap();
    let moved = executed_liquidity(&env.execute_liquidity(&keys, &tokens));
    assert!(moved.shares == shares && env.now() < ready, "the LP left before the sponsor could");
    let withdraw = ix_sponsor_withdraw(&keys, &sponsor.address(), &sponsor.token_account);
    env.assert_rejected(withdraw, &[&sponsor.keypair], custom(E::UnbondingNotReady));
}

/// `withdraw_insurance` had no delay: the authority pulled the insurance just before a visible
/// bankruptcy and the LPs absorbed it. Now insurance leaves only after an announcement that waits
/// the timelock (`WithdrawalNotAnnounced`, `TimelockNotElapsed`, byte for byte), keeps exits open
/// meanwhile, can be vetoed by the guardian, cannot be cancelled by a stranger's `apply_params`,
/// and allows out at most what it named. The bankruptcy that comes during the notice is covered
/// by the insurance still in the pool.
#[test]
fn insurance_leaves_only_on_notice() {
    let (Market { mut env, keys, trader, .. }, authority, guardian) = guarded();
    let me = authority.pubkey();
    let insurance = 2_000_000_000; // $2,000
    let donor = env.trader(&keys.mint, insurance);
    env.fund_insurance(&keys, &donor, insurance).unwrap();
    let treasury = env.create_token_account(&keys.mint, &me, 0);
    let pull = |amount| ix_withdraw_insurance(&keys, &me, None, &treasury, amount);
    env.assert_rejected(pull(1), &[&authority], custom(E::WithdrawalNotAnnounced));
    // Announced; the guardian vetoes; announced again.
    event::<ParamsProposed>(&env.as_creator(ix_announce_insurance(&keys, &me, 1_000)));
    env.send(&[ix_cancel_params(&keys, &guardian.pubkey())], &[&guardian]).unwrap();
    env.assert_rejected(pull(1), &[&authority], custom(E::WithdrawalNotAnnounced));
    let ev: ParamsProposed = event(&env.as_creator(ix_announce_insurance(&keys, &me, 1_000)));
    assert_eq!(ev.sets, 4);
    env.assert_rejected(pull(1), &[&authority], custom(E::TimelockNotElapsed));
    env.assert_rejected(ix_apply_params(&keys), &[], custom(E::NoPendingChange));
    let exits = ix_pause(&keys, &me, LIQUIDATIONS, 60);
    env.assert_rejected(exits, &[&authority], custom(E::ExitsOpenForQueuedChange));
    env.set_time(ev.eta);
    env.assert_rejected(pull(1_001), &[&authority], custom(E::WithdrawalNotAnnounced));
    env.send(&[pull(1_000)], &[&authority]).unwrap();
    assert_eq!(env.risk_params(&keys.risk_params).pending.active, 0, "spent");

    // The rest announced; the loss comes during the notice and the insurance still in the pool
    // covers it, LPs absorb nothing.
    let rest = insurance - 1_000;
    let ev: ParamsProposed = event(&env.as_creator(ix_announce_insurance(&keys, &me, rest)));
    env.set_price(&keys, usd(2_000), 0);
    executed(&env.trade(&keys, &trader, 4 * UNIT));
    env.set_price(&keys, usd(1_500), 0);
    let liquidator = env.trader(&keys.mint, 0);
    env.liquidate(&keys, &liquidator, &trader.address()).unwrap();
    let pool = env.pool(&keys.pool);
    assert!(pool.losses.insurance_absorbed > 0 && pool.losses.lp_absorbed == 0, "{:?}", pool.losses);
    env.set_time(ev.eta);
    let left = env.pool(&keys.pool).book.insurance_fund;
    assert_eq!(left, rest - pool.losses.insurance_absorbed);
    env.send(&[pull(left)], &[&authority]).unwrap();
    assert_eq!(env.token_balance(&treasury), 1_000 + left);
}

/// An authority cut fees and borrow at once, parked a hedged pair of its own at the utilisation
/// ceiling for almost nothing, then queued a harmful change: every LP withdrawal failed with
/// `InsufficientLiquidity` through the notice. Now fee and borrow cuts wait the timelock like any
/// change that is not risk-reducing, so holding the ceiling costs the rates in force, and a cut
/// is itself announced.
#[test]
fn fee_and_borrow_cuts_wait_the_timelock() {
    let Market { mut env, keys, .. } = market();
    let me = creator(&env).pubkey();
    let mut cut = env.config(&keys);
    (cut.taker_fee_bps, cut.borrow_rate_base_bps_per_year) = (0, 0);
    cut.borrow_rate_optimal_bps_per_year = 0;
    cut.borrow_rate_max_bps_per_year = 1;
    let ev: ParamsProposed = event(&env.as_creator(ix_propose_params(&keys, &me, cut)));
    assert_eq!(ev.eta, env.now() + i64::from(cut.timelock_secs));
    assert_eq!(ev.changed.count_ones(), 4);
    assert_ne!(env.config(&keys), cut, "nothing changed yet");
    let pause = ix_pause(&keys, &me, LP_WITHDRAWALS, 60);
    env.assert_rejected(pause, &[&creator(&env)], custom(E::ExitsOpenForQueuedChange));
}

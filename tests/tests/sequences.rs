//! Seeded, reproducible random sequences over three pools of one mint, one of them thin, on the
//! real .so (the marginfi fuzz model: an action enum drawn into sequences, the books checked
//! against real balances after every step). Actions: trade requests (with full closes among them),
//! keeper executions, owner cancellations, expiries, price moves, time jumps, deposits,
//! withdrawals, LP deposits and withdrawals, liquidations, and insurance and sponsor deposits.
//! After every step:
//! - **the frame condition**: the only accounts that changed are the acting pool's own, the
//!   caller's own wallet and token accounts, and the keeper (the fee payer is not watched);
//! - for every pool: vault == book total (no donation happens here, so every token that moved is in
//!   the book) and the book total == the sum of its parts; trader collateral == the sum of margin
//!   accounts; pending deposits and escrowed shares == the sum of requests; each side's open
//!   interest, entry notional and position count == the sum of its positions; locks == the sum
//!   of positions' locks <= LP capital; shortfalls == what the tranches absorbed;
//! - tokens are conserved: the sum of every token account of the mint never changes;
//! - every requested close executes.

use bulkhead::events::TradeExecuted;
use bulkhead::state::request::{REQUEST_ADD_LIQUIDITY, REQUEST_REMOVE_LIQUIDITY};
use bulkhead::state::RiskConfig;
use bulkhead_tests::*;
use solana_account::Account;
use solana_signer::Signer as _;
use std::collections::BTreeMap;

const UNIT: i64 = 1_000_000;

/// One pool of the world: its keys, traders and LPs (with their LP token accounts).
struct World {
    keys: PoolKeys,
    traders: Vec<Trader>,
    lps: Vec<(Trader, Address)>,
    /// Whether each trader's pending request is a full close (which must execute).
    closing: Vec<bool>,
    /// Liquidates this pool's accounts (its token account receives the rewards).
    liquidator: Trader,
    /// The pool's sponsor (the creator) with a token account of the mint.
    sponsor: Trader,
    /// The wallet and token accounts of the last step's caller.
    caller: Vec<Address>,
}

impl World {
    fn accounts(&self) -> Vec<Address> {
        let mut all = self.keys.accounts().to_vec();
        all.extend(self.traders.iter().map(|t| self.keys.margin(&t.address())));
        all.extend(self.lps.iter().flat_map(|(t, shares)| [self.keys.lp_account(&t.address()), *shares]));
        all
    }
}

/// Whether `address` is an SPL token account of `mint` (a vault, an escrow of the LP mint is not).
/// The committed IDL, for the auditor.
const IDL: &str = include_str!("../../idl/bulkhead.json");

fn is_token_of(env: &Env, address: &Address, mint: &Address) -> bool {
    env.svm.get_account(address).is_some_and(|a| {
        a.owner == bulkhead_tests::TOKEN_PROGRAM && a.data.len() == 165 && a.data[..32] == mint.as_ref()[..]
    })
}

fn snapshot(env: &Env, accounts: &[Address]) -> BTreeMap<Address, Option<Account>> {
    accounts.iter().map(|a| (*a, env.svm.get_account(a))).collect()
}

fn check_pool(env: &Env, w: &World, step: usize) {
    let pool = env.pool(&w.keys.pool);
    let margins: Vec<_> = w.traders.iter().map(|t| env.margin(&w.keys.margin(&t.address()))).collect();
    let b = pool.book;
    let parts = [
        b.trader_collateral,
        b.lp_capital,
        b.insurance_fund,
        b.sponsor_capital,
        b.protocol_fees,
        b.dust,
        b.pending_deposits,
        b.impact_pool,
    ];
    assert_eq!(pool.book.total().unwrap(), parts.iter().sum::<u64>(), "step {step}: book total == its parts");
    assert_eq!(env.token_balance(&w.keys.vault), b.total().unwrap(), "step {step}: vault == book");
    for (side, long) in [(&pool.market.long, true), (&pool.market.short, false)] {
        let on: Vec<_> =
            margins.iter().filter(|m| m.base_position != 0 && (m.base_position > 0) == long).collect();
        let oi: u64 = on.iter().map(|m| m.base_position.unsigned_abs()).sum();
        assert_eq!(side.open_interest, oi, "step {step}: open interest == sum of positions");
        assert_eq!(side.entry_notional, on.iter().map(|m| m.entry_notional).sum::<u64>(), "step {step}");
        assert_eq!(side.positions, on.len() as u64, "step {step}: position count");
    }
    let l = pool.losses;
    assert_eq!(l.shortfalls, l.sponsor_absorbed + l.insurance_absorbed + l.lp_absorbed, "step {step}");
    let collateral: u64 = margins.iter().map(|m| m.collateral + m.liquidation_reserve).sum();
    assert_eq!(
        pool.book.trader_collateral, collateral,
        "step {step}: book == sum of margin accounts and reserves"
    );
    let (mut pending, mut escrowed) = (0, 0);
    for (t, _) in &w.lps {
        if let Some(acc) = env.svm.get_account(&w.keys.lp_account(&t.address())) {
            let r = load::<bulkhead::state::LpAccount>(&acc.data).request;
            match r.kind {
                REQUEST_ADD_LIQUIDITY => pending += r.amount,
                REQUEST_REMOVE_LIQUIDITY => escrowed += r.amount,
                _ => {}
            }
        }
    }
    assert_eq!(pool.book.pending_deposits, pending, "step {step}: pending deposits == sum of requests");
    assert_eq!(
        env.token_balance(&w.keys.lp_escrow),
        escrowed,
        "step {step}: escrow == sum of withdrawal requests"
    );
    assert!(env.token_balance(&w.keys.vault) >= pool.book.total().unwrap(), "step {step}: vault >= book");
    assert!(pool.book.lp_capital >= pool.market.locked(), "step {step}: LP capital >= locked");
    let locked: u64 = margins.iter().map(|m| m.locked).sum();
    assert_eq!(pool.market.locked(), locked, "step {step}: locks == sum of positions' locks");
}

/// The default parameters with the shortest LP withdrawal delay, so LP executions do not push the
/// clock past every pending trade's window.
fn params() -> RiskConfig {
    let mut p = default_params();
    p.lp_withdraw_delay_secs = 60;
    p
}

fn thin_params() -> RiskConfig {
    let mut p = params();
    p.max_open_interest = 20 * UNIT as u64;
    p.max_position_size = 5 * UNIT as u64;
    // Strong impact (up to 10% of a close's notional at the cap) needs maintenance to cover it on
    // top of the gap: a thin pool at 5x.
    p.impact_skew_scale = 200 * UNIT as u64;
    (p.initial_margin_bps, p.maintenance_margin_bps, p.gap_bps) = (2_000, 1_500, 500);
    p
}

fn world(env: &mut Env, mint: Address, pool_id: u64, params: RiskConfig, lp_capital: u64) -> World {
    let keys = env.create_pool_with(mint, pool_id, params);
    let mut lps = Vec::new();
    for _ in 0..2 {
        let lp = env.trader(&mint, 20 * lp_capital);
        let shares = env.add_liquidity(&keys, &lp, lp_capital);
        lps.push((lp, shares));
    }
    // Three traders with room, one levered enough to be liquidated by the random walk.
    let traders = [5, 5, 5, 1].iter().map(|k| env.funded_trader(&keys, k * MARKET_COLLATERAL / 2)).collect();
    let liquidator = env.trader(&mint, 0);
    let sponsor = env.sponsor(&keys, 1_000 * MARKET_COLLATERAL);
    env.sponsor_deposit(&keys, &sponsor, MARKET_COLLATERAL / 2).unwrap();
    World { keys, traders, lps, closing: vec![false; 4], liquidator, sponsor, caller: Vec::new() }
}

/// What a step did, counted so each seed is known to exercise every path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Did {
    Request,
    Execute,
    Cancelled,
    Close,
    Expire,
    OwnerCancel,
    Price,
    Time,
    Deposit,
    Withdraw,
    LpExecute,
    LpExpire,
    LpRequest,
    LeveredOpen,
    Liquidate,
    NotLiquidatable,
    Insurance,
    Governance,
    Nothing,
}

/// One random step on pool `w`.
fn step(env: &mut Env, w: &mut World, rng: &mut Rng, step: usize) -> Did {
    let keeper = env.keeper.insecure_clone();
    let config = env.config(&w.keys);
    // Half the time, a trader with a pending request (so requests are executed as keepers would).
    let waiting: Vec<usize> = (0..w.traders.len())
        .filter(|&j| env.margin(&w.keys.margin(&w.traders[j].address())).request.is_pending())
        .collect();
    let i = if !waiting.is_empty() && rng.below(2) == 0 {
        waiting[rng.below(waiting.len() as u64) as usize]
    } else {
        rng.below(w.traders.len() as u64) as usize
    };
    let margin = env.margin(&w.keys.margin(&w.traders[i].address()));
    let pending = margin.request.is_pending();
    // A pending request is mostly executed; otherwise mostly a new request.
    let roll = rng.below(20);
    let action = match (pending, roll) {
        (true, 0..=9) => 3,
        (true, 10..=11) => 4,
        (false, 0..=6) => 0,
        // Liquidation (12) is drawn three times as often as the others.
        _ => [5, 6, 7, 8, 9, 10, 11, 12, 12, 12, 13, 14][rng.below(12) as usize],
    };
    let t = &w.traders[i];
    w.caller = vec![t.address(), t.token_account];
    match action {
        0 if !pending => {
            // A trade request, a full close one time in three.
            let close = margin.base_position != 0 && rng.below(3) == 0;
            let order = if close {
                Order { reduce_only: true, ..Order::market(-margin.base_position) }
            } else {
                // Mostly within margin; one in four large enough to fail a check and be cancelled.
                let bound = if rng.below(4) == 0 { 40 * UNIT } else { 3 * UNIT };
                Order::market(rng.signed(bound) | 1)
            };
            let requested =
                env.request_trade(&w.keys, &w.traders[i], Order { tip_lamports: rng.below(10_000), ..order });
            if let Err(e) = requested {
                // An order that may add risk must be covered by the account's collateral up to its
                // expiry fee (a wiped-out account's is refused), and one whose size can never
                // execute is refused when made; nothing else is.
                use bulkhead::errors::BulkheadError as E;
                let expected = [E::InsufficientCollateral, E::PositionTooLarge, E::PositionTooSmall];
                let refused = expected.iter().any(|r| {
                    e.err == solana_transaction_error::TransactionError::InstructionError(1, custom(*r))
                });
                assert!(refused, "unexpected refusal {:?}", e.err);
                return Did::Nothing;
            }
            w.closing[i] = close;
            Did::Request
        }
        3 if pending => {
            let closing = std::mem::take(&mut w.closing[i]);
            if env.now() > margin.request.deadline {
                env.send(&[ix_cancel_trade(&w.keys, &keeper.pubkey(), &w.traders[i].address())], &[&keeper])
                    .unwrap();
                return Did::Expire;
            }
            let result = env.execute_trade(&w.keys, &w.traders[i].address());
            let ev = events::<TradeExecuted>(result.as_ref().unwrap());
            if closing {
                assert_eq!(
                    ev.len(),
                    1,
                    "step {step}: a requested close did not execute: {:?}",
                    cancel_reason(&result)
                );
                assert_eq!(ev[0].base_position, 0);
                return Did::Close;
            }
            if ev.is_empty() {
                Did::Cancelled
            } else {
                Did::Execute
            }
        }
        4 if pending && env.now() < margin.request.time + i64::from(config.execution_delay_secs) => {
            let t = &w.traders[i];
            env.send(&[ix_cancel_trade(&w.keys, &t.address(), &t.address())], &[&t.keypair]).unwrap();
            w.closing[i] = false;
            Did::OwnerCancel
        }
        5 => {
            // The price moves by up to 3% (one time in four up to 12%), with a confidence of up to
            // 0.5%.
            let q = env.quote(&w.keys);
            let range = if rng.below(4) == 0 { 1_200 } else { 300 };
            let price = (q.price + rng.signed(range) * q.price / 10_000).max(usd(200));
            let conf = (rng.below(50) as i64 * price / 10_000) as u64;
            env.set_quote(&w.keys, Quote { price, conf, exponent: -8, ema: (q.ema * 3 + price) / 4 });
            Did::Price
        }
        6 => {
            // Mostly seconds; one jump in four up to a day (past every window and LP delay).
            let range = if rng.below(4) == 0 { 90_000 } else { 20 };
            env.advance(1 + rng.below(range) as i64);
            Did::Time
        }
        7 => {
            let t = &w.traders[i];
            env.deposit(&w.keys, t, 1 + rng.below(MARKET_COLLATERAL)).unwrap();
            Did::Deposit
        }
        8 => {
            let t = &w.traders[i];
            let amount = 1 + rng.below(margin.collateral.max(1));
            let _ = env.withdraw(&w.keys, t, amount); // may exceed free collateral
            Did::Withdraw
        }
        12 => {
            // The levered trader: flat, it opens at about 7x; otherwise, mostly after a 10% move
            // against it, a keeper tries to liquidate it (or, one time in three, someone else).
            let levered = &w.traders[3];
            let m = env.margin(&w.keys.margin(&levered.address()));
            // (A wiped-out account cannot cover an open's expiry fee: it sits out.)
            if m.base_position == 0 && !m.request.is_pending() && m.collateral >= 1_000_000 {
                w.caller = vec![levered.address(), levered.token_account];
                let q = env.quote(&w.keys);
                let lots = (m.collateral as i128 * 7 * 100_000_000 / q.price as i128) as i64;
                let lots = if rng.below(2) == 0 { lots } else { -lots }.clamp(-4 * UNIT, 4 * UNIT) | 1;
                let _ = env.trade(&w.keys, levered, lots).unwrap();
                return Did::LeveredOpen;
            }
            if rng.below(3) != 0 {
                let q = env.quote(&w.keys);
                let price = if m.base_position > 0 { q.price * 9 / 10 } else { q.price * 11 / 10 };
                env.set_quote(&w.keys, Quote { price, conf: q.conf, exponent: -8, ema: price });
            }
            w.caller = vec![w.liquidator.address(), w.liquidator.token_account];
            let owner = if rng.below(3) == 0 { w.traders[i].address() } else { levered.address() };
            match env.liquidate(&w.keys, &w.liquidator, &owner) {
                Ok(_) => Did::Liquidate,
                Err(e) => {
                    let expected = solana_transaction_error::TransactionError::InstructionError(
                        0,
                        custom(bulkhead::errors::BulkheadError::NotLiquidatable),
                    );
                    assert_eq!(e.err, expected, "step {step}: a liquidation failed otherwise");
                    Did::NotLiquidatable
                }
            }
        }
        13 => {
            w.caller = vec![w.sponsor.address(), w.sponsor.token_account];
            let amount = 1 + rng.below(MARKET_COLLATERAL / 10);
            if rng.below(2) == 0 {
                env.fund_insurance(&w.keys, &w.sponsor, amount).unwrap();
            } else {
                env.sponsor_deposit(&w.keys, &w.sponsor, amount).unwrap();
            }
            Did::Insurance
        }
        9..=11 => {
            let j = rng.below(w.lps.len() as u64) as usize;
            let (lp, shares) = (&w.lps[j].0, w.lps[j].1);
            w.caller = vec![lp.address(), lp.token_account, shares];
            let tokens = lp.lp(shares);
            let lp_account = env
                .svm
                .get_account(&w.keys.lp_account(&lp.address()))
                .map(|a| load::<bulkhead::state::LpAccount>(&a.data));
            match lp_account.filter(|a| a.request.is_pending()) {
                Some(a) if env.now() > a.request.deadline => {
                    env.send(&[ix_cancel_liquidity(&w.keys, &keeper.pubkey(), &tokens)], &[&keeper]).unwrap();
                    Did::LpExpire
                }
                Some(_) => {
                    env.execute_liquidity(&w.keys, &tokens).unwrap();
                    Did::LpExecute
                }
                None if rng.below(2) == 0 => {
                    let amount = 10_000 + rng.below(env.token_balance(&lp.token_account) / 4);
                    env.send(&[ix_request_add(&w.keys, &tokens, amount, 0, 0)], &[&lp.keypair]).unwrap();
                    Did::LpRequest
                }
                None => {
                    let held = env.token_balance(&shares);
                    let amount = 1 + rng.below(held / 2 + 1);
                    env.send(&[ix_request_remove(&w.keys, &tokens, amount, 0, 0)], &[&lp.keypair]).unwrap();
                    Did::LpRequest
                }
            }
        }
        14 => {
            // Governance joins the log: a pause resumed in the same step (so later steps are not
            // held back), or a change that applies at once (a timelock one second longer).
            let me = env.creator.pubkey();
            if rng.below(2) == 0 {
                use bulkhead::state::pause::{ALL_OPERATIONS, EXIT_OPERATIONS};
                let mut ops = 1 + rng.below(u64::from(ALL_OPERATIONS)) as u8;
                // Exits pause one day in seven (issue 15): past that budget, the other bits.
                if env.send(&[ix_pause(&w.keys, &me, ops, 60)], &[&env.creator.insecure_clone()]).is_err() {
                    ops = (ops & !EXIT_OPERATIONS).max(bulkhead::state::pause::DEPOSITS);
                    env.as_creator(ix_pause(&w.keys, &me, ops, 60)).unwrap();
                }
                env.as_creator(ix_resume(&w.keys, &me, ops)).unwrap();
            } else {
                let mut longer = config;
                longer.timelock_secs += 1;
                env.as_creator(ix_propose_params(&w.keys, &me, longer)).unwrap();
            }
            Did::Governance
        }
        _ => Did::Nothing,
    }
}

#[test]
fn random_sequences_over_three_pools_keep_every_book() {
    for seed in [1u64, 42, 2026] {
        let mut rng = Rng(seed);
        let mut env = Env::new();
        let mint = env.create_mint(6);
        let mut worlds = vec![
            world(&mut env, mint, 1, params(), MARKET_LP_CAPITAL),
            world(&mut env, mint, 2, params(), MARKET_LP_CAPITAL / 10),
            world(&mut env, mint, 3, thin_params(), 5_000_000_000),
        ];
        let mut did: BTreeMap<Did, usize> = BTreeMap::new();
        let tokens: Vec<Address> =
            env.watched().iter().copied().filter(|a| is_token_of(&env, a, &mint)).collect();
        let supply: u64 = tokens.iter().map(|a| env.token_balance(a)).sum();
        for n in 0..300 {
            let k = rng.below(3) as usize;
            let others: Vec<Address> =
                worlds.iter().enumerate().filter(|(j, _)| *j != k).flat_map(|(_, w)| w.accounts()).collect();
            let before = snapshot(&env, &others);
            let world_before = env.snapshot();
            *did.entry(step(&mut env, &mut worlds[k], &mut rng, n)).or_default() += 1;
            assert_eq!(snapshot(&env, &others), before, "seed {seed} step {n}: another pool changed");
            // The frame condition over every account the test created.
            let mut allowed = worlds[k].accounts();
            allowed.extend(worlds[k].caller.iter().copied());
            allowed.push(env.keeper.pubkey());
            for (address, state) in env.snapshot() {
                if world_before.get(&address) != Some(&state) {
                    assert!(
                        allowed.contains(&address),
                        "seed {seed} step {n}: {address} changed outside the frame"
                    );
                }
            }
            let now: u64 = tokens.iter().map(|a| env.token_balance(a)).sum();
            assert_eq!(now, supply, "seed {seed} step {n}: tokens created or destroyed");
            for w in &worlds {
                check_pool(&env, w, n);
            }
        }
        // Close everything: every close executes, every lock is released.
        let keeper = env.keeper.insecure_clone();
        for w in &mut worlds {
            for t in &w.traders {
                let m = env.margin(&w.keys.margin(&t.address()));
                if m.request.is_pending() {
                    env.advance(120);
                    env.send(&[ix_cancel_trade(&w.keys, &keeper.pubkey(), &t.address())], &[&keeper])
                        .unwrap();
                }
                let m = env.margin(&w.keys.margin(&t.address()));
                if m.base_position != 0 {
                    let ev = executed(&env.order(
                        &w.keys,
                        t,
                        Order { reduce_only: true, ..Order::market(-m.base_position) },
                    ));
                    assert_eq!(ev.base_position, 0);
                }
            }
            assert_eq!(env.pool(&w.keys.pool).market.locked(), 0);
            check_pool(&env, w, usize::MAX);
            env.send(&[ix_attest(&w.keys)], &[]).expect("vault >= book");
        }
        // The transactions alone rebuild every pool's sequence, book and hash, exactly as the pools stand.
        let mut auditor = bulkhead_audit::Auditor::new(IDL).unwrap();
        for tx in env.log() {
            auditor.transaction(&bulkhead_audit::Recorded::from_rpc(tx).unwrap()).unwrap();
        }
        for w in &worlds {
            let pool = env.pool(&w.keys.pool);
            let report = &auditor.pools()[&w.keys.pool.to_bytes()];
            let book = anchor_lang::bytemuck::cast::<_, [u64; 8]>(pool.book);
            assert!(report.matches(pool.sequence, &pool.state_hash, &book), "seed {seed}: {report:?}");
        }
        println!("seed {seed}: {did:?}");
        for kind in [
            Did::Request,
            Did::Execute,
            Did::Cancelled,
            Did::Close,
            Did::Expire,
            Did::Price,
            Did::Time,
            Did::Withdraw,
            Did::LpRequest,
            Did::LpExecute,
            Did::LeveredOpen,
            Did::Liquidate,
            Did::NotLiquidatable,
            Did::Insurance,
            Did::Governance,
        ] {
            assert!(did.get(&kind).copied().unwrap_or(0) >= 3, "seed {seed}: too few {kind:?}: {did:?}");
        }
    }
}

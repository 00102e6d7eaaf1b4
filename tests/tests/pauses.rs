//! Pauses on the real .so, driven by the table in `docs/design.md` ("Pauses"): every instruction of
//! the IDL has a row, every row has a case here, and each case is checked both ways. A pausable
//! instruction fails with `OperationPaused` while any of its bits is paused (an execution too: the
//! request waits, and its expiry after the pause is free) and runs with every other bit paused; a
//! "never" instruction runs with every bit paused. Then expiry, early resume, the guardian's budget, and a
//! pause of pool A that leaves pool B byte-identical.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{Paused, Resumed};
use bulkhead::state::pause::*;
use bulkhead::state::PauseState;
use bulkhead_tests::*;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::collections::BTreeMap;

const UNIT: i64 = 1_000_000;
const PAUSED: u64 = 6000 + E::OperationPaused as u64;

/// [`market`] plus a sponsor tranche, a liquidator, a fresh wallet and the LP's share account.
struct W {
    env: Env,
    keys: PoolKeys,
    trader: Trader,
    lp: LpTokens,
    lp_key: Keypair,
    sponsor: Trader,
    liquidator: Trader,
    fresh: Trader,
    /// Pool id 5 of the creator: the pool `create_pool`'s case creates.
    new_pool: PoolKeys,
}

fn world() -> W {
    let Market { mut env, keys, lp, lp_tokens, trader } = market();
    let sponsor = env.sponsor(&keys, 10 * MARKET_COLLATERAL);
    env.sponsor_deposit(&keys, &sponsor, MARKET_COLLATERAL).unwrap();
    let (liquidator, fresh) = (env.trader(&keys.mint, 0), env.trader(&keys.mint, MARKET_COLLATERAL));
    let new_pool = PoolKeys::derive(&env.creator.pubkey(), 5, keys.mint);
    W { lp: lp.lp(lp_tokens), lp_key: lp.keypair, env, keys, trader, sponsor, liquidator, fresh, new_pool }
}

impl W {
    /// The trader, as a value the world can be borrowed beside.
    fn trader(&self) -> Trader {
        Trader { keypair: self.trader.keypair.insecure_clone(), token_account: self.trader.token_account }
    }

    fn creator(&self) -> Keypair {
        self.env.creator.insecure_clone()
    }

    /// Pauses `ops` for a day. While a queued change can apply, exits cannot be paused
    /// (`ExitsOpenForQueuedChange`, checked here): the rest of `ops` is paused.
    fn pause(&mut self, mut ops: u8) {
        let creator = self.creator();
        let queued = self.env.risk_params(&self.keys.risk_params).pending.keeps_exits_open(self.env.now());
        if queued && ops & EXIT_OPERATIONS != 0 {
            let exits = ix_pause(&self.keys, &creator.pubkey(), ops, MAX_PAUSE_SECS);
            self.env.assert_rejected(exits, &[&creator], custom(E::ExitsOpenForQueuedChange));
            ops &= !EXIT_OPERATIONS;
        }
        let ix = ix_pause(&self.keys, &creator.pubkey(), ops, MAX_PAUSE_SECS);
        event::<Paused>(&self.env.as_creator(ix));
    }

    /// Pins the pending request of the trader (or, with `lp`, of the LP).
    fn pin(&mut self, lp: bool) {
        let request = if lp {
            self.env.lp_account(&self.keys.lp_account(&self.lp.owner)).request
        } else {
            self.env.margin(&self.keys.margin(&self.trader.address())).request
        };
        let keys = self.keys;
        self.env.pin(&keys, &request);
    }

    fn raised_maintenance(&self) -> bulkhead::state::RiskConfig {
        let mut c = self.env.config(&self.keys);
        c.maintenance_margin_bps += 100;
        c
    }
}

/// What a case sends: the instruction and its signers.
type Act = (Instruction, Vec<Keypair>);

struct Case {
    name: &'static str,
    /// Each bit alone holds the instruction back; empty: never paused.
    bits: &'static [u8],
    setup: fn(&mut W),
    act: fn(&mut W) -> Act,
}

fn nothing(_: &mut W) {}

fn cases() -> Vec<Case> {
    let case = |name, bits, setup, act| Case { name, bits, setup, act };
    vec![
        case("request_trade", &[RISK_INCREASING, EXECUTIONS], nothing, |w| {
            (
                ix_request_trade(&w.keys, &w.trader.address(), Order::market(UNIT)),
                vec![w.trader.keypair.insecure_clone()],
            )
        }),
        case(
            "execute_trade",
            &[RISK_INCREASING, EXECUTIONS],
            |w| {
                let (keys, t) = (w.keys, w.trader());
                w.env.request_trade(&keys, &t, Order::market(UNIT)).unwrap();
                w.pin(false);
            },
            |w| {
                let keeper = w.env.keeper.insecure_clone();
                (ix_execute_trade(&w.keys, &keeper.pubkey(), &w.trader.address()), vec![keeper])
            },
        ),
        case("request_add_liquidity", &[LP_DEPOSITS, EXECUTIONS], nothing, |w| {
            (ix_request_add(&w.keys, &w.lp, 1_000_000, 0, 0), vec![w.lp_key.insecure_clone()])
        }),
        case("request_remove_liquidity", &[LP_WITHDRAWALS, EXECUTIONS], nothing, |w| {
            (ix_request_remove(&w.keys, &w.lp, 1_000, 0, 0), vec![w.lp_key.insecure_clone()])
        }),
        case(
            "execute_liquidity",
            &[EXECUTIONS, LP_DEPOSITS],
            |w| {
                w.env.send(&[ix_request_add(&w.keys, &w.lp, 1_000_000, 0, 0)], &[&w.lp_key]).unwrap();
                w.pin(true);
            },
            |w| {
                let keeper = w.env.keeper.insecure_clone();
                (ix_execute_liquidity(&w.keys, &keeper.pubkey(), &w.lp), vec![keeper])
            },
        ),
        case(
            "execute_liquidity",
            &[EXECUTIONS, LP_WITHDRAWALS],
            |w| {
                w.env.send(&[ix_request_remove(&w.keys, &w.lp, 1_000_000, 0, 0)], &[&w.lp_key]).unwrap();
                w.pin(true);
            },
            |w| {
                let keeper = w.env.keeper.insecure_clone();
                (ix_execute_liquidity(&w.keys, &keeper.pubkey(), &w.lp), vec![keeper])
            },
        ),
        case("deposit_collateral", &[DEPOSITS], nothing, |w| {
            let t = &w.trader;
            (ix_deposit(&w.keys, &t.address(), &t.token_account, 1), vec![t.keypair.insecure_clone()])
        }),
        // A top-up of an account with a position never pauses (issue 15).
        case(
            "deposit_collateral",
            &[],
            |w| {
                let (keys, t) = (w.keys, w.trader());
                executed(&w.env.trade(&keys, &t, UNIT));
            },
            |w| {
                let t = &w.trader;
                (ix_deposit(&w.keys, &t.address(), &t.token_account, 1), vec![t.keypair.insecure_clone()])
            },
        ),
        case("fund_insurance", &[DEPOSITS], nothing, |w| {
            let t = &w.trader;
            (ix_fund_insurance(&w.keys, &t.address(), &t.token_account, 1), vec![t.keypair.insecure_clone()])
        }),
        case("sponsor_deposit", &[DEPOSITS], nothing, |w| {
            let s = &w.sponsor;
            (ix_sponsor_deposit(&w.keys, &s.address(), &s.token_account, 1), vec![s.keypair.insecure_clone()])
        }),
        case(
            "liquidate",
            &[LIQUIDATIONS],
            |w| {
                let keys = w.keys;
                let t = w.trader();
                executed(&w.env.trade(&keys, &t, 4 * UNIT));
                w.env.set_price(&keys, usd(1_830), 0);
            },
            |w| {
                let l = &w.liquidator;
                let ix = ix_liquidate(&w.keys, &l.address(), &w.trader.address(), &l.token_account);
                (ix, vec![l.keypair.insecure_clone()])
            },
        ),
        case(
            "sponsor_withdraw",
            &[POOL_WITHDRAWALS],
            |w| {
                let ix = ix_request_sponsor_unbond(&w.keys, &w.sponsor.address(), 1_000);
                w.env.send(&[ix], &[&w.sponsor.keypair]).unwrap();
                w.env.advance(default_params().sponsor_unbonding_secs as i64);
            },
            |w| {
                let s = &w.sponsor;
                (
                    ix_sponsor_withdraw(&w.keys, &s.address(), &s.token_account),
                    vec![s.keypair.insecure_clone()],
                )
            },
        ),
        case(
            "collect_fees",
            &[POOL_WITHDRAWALS],
            |w| {
                let mut config = w.env.config(&w.keys);
                config.protocol_fee_share_bps = 1_000;
                w.env.as_creator(ix_propose_params(&w.keys, &w.env.creator.pubkey(), config)).unwrap();
                w.env.advance(i64::from(config.timelock_secs));
                w.env.send(&[ix_apply_params(&w.keys)], &[]).unwrap();
                let (keys, t) = (w.keys, w.trader());
                w.env.set_price(&keys, usd(2_000), 0);
                executed(&w.env.trade(&keys, &t, UNIT));
            },
            |w| {
                let creator = w.creator();
                (
                    ix_collect_fees(&w.keys, &creator.pubkey(), None, &w.sponsor.token_account, 1),
                    vec![creator],
                )
            },
        ),
        case(
            "withdraw_insurance",
            &[POOL_WITHDRAWALS],
            |w| {
                let (keys, t) = (w.keys, w.trader());
                w.env.fund_insurance(&keys, &t, 1_000).unwrap();
                w.env.announce_insurance(&keys, 1);
            },
            |w| {
                let creator = w.creator();
                (
                    ix_withdraw_insurance(&w.keys, &creator.pubkey(), None, &w.sponsor.token_account, 1),
                    vec![creator],
                )
            },
        ),
        // Never paused.
        case("announce_insurance_withdrawal", &[], nothing, |w| {
            let creator = w.creator();
            (ix_announce_insurance(&w.keys, &creator.pubkey(), 1), vec![creator])
        }),
        case("withdraw_collateral", &[], nothing, |w| {
            let t = &w.trader;
            (ix_withdraw(&w.keys, &t.address(), &t.token_account, 1), vec![t.keypair.insecure_clone()])
        }),
        case(
            "cancel_trade_request",
            &[],
            |w| {
                let keys = w.keys;
                let t = w.trader();
                w.env.request_trade(&keys, &t, Order::market(UNIT)).unwrap();
            },
            |w| {
                let t = w.trader.address();
                (ix_cancel_trade(&w.keys, &t, &t), vec![w.trader.keypair.insecure_clone()])
            },
        ),
        case(
            "cancel_liquidity_request",
            &[],
            |w| {
                w.env.send(&[ix_request_add(&w.keys, &w.lp, 1_000_000, 0, 0)], &[&w.lp_key]).unwrap();
            },
            |w| (ix_cancel_liquidity(&w.keys, &w.lp.owner, &w.lp), vec![w.lp_key.insecure_clone()]),
        ),
        case("open_margin_account", &[], nothing, |w| {
            (ix_open_margin(&w.keys, &w.fresh.address()), vec![w.fresh.keypair.insecure_clone()])
        }),
        case(
            "close_margin_account",
            &[],
            |w| {
                let keys = w.keys;
                let t = w.trader();
                w.env.withdraw(&keys, &t, MARKET_COLLATERAL).unwrap();
            },
            |w| (ix_close_margin(&w.keys, &w.trader.address()), vec![w.trader.keypair.insecure_clone()]),
        ),
        case("open_lp_account", &[], nothing, |w| {
            (ix_open_lp_account(&w.keys, &w.fresh.address()), vec![w.fresh.keypair.insecure_clone()])
        }),
        case("close_lp_account", &[], nothing, |w| {
            (ix_close_lp_account(&w.keys, &w.lp.owner), vec![w.lp_key.insecure_clone()])
        }),
        case("request_sponsor_unbond", &[], nothing, |w| {
            (
                ix_request_sponsor_unbond(&w.keys, &w.sponsor.address(), 1),
                vec![w.sponsor.keypair.insecure_clone()],
            )
        }),
        case("attest_solvency", &[], nothing, |w| (ix_attest(&w.keys), vec![])),
        case(
            "settle_pnl",
            &[],
            |w| {
                let keys = w.keys;
                let t = w.trader();
                executed(&w.env.trade(&keys, &t, 4 * UNIT));
                w.env.set_price(&keys, usd(1_900), 0);
            },
            |w| {
                let keeper = w.env.keeper.insecure_clone();
                (ix_settle_pnl(&w.keys, &keeper.pubkey(), &w.trader.address()), vec![keeper])
            },
        ),
        case("refresh_price", &[], nothing, |w| {
            // A print newer than any the pool has seen, so the refresh changes something.
            let now = w.env.now() + 1;
            w.env.set_time(now);
            let update = w.env.print(&w.keys, now, now - 1);
            w.env.put_price_update_at(w.keys.recent_price_update, &update);
            let keeper = w.env.keeper.insecure_clone();
            (ix_refresh_price(&w.keys, &keeper.pubkey(), &w.keys.recent_price_update), vec![keeper])
        }),
        case(
            "create_pool",
            &[],
            |w| {
                let quote = Quote { price: usd(2_000), conf: 0, exponent: -8, ema: usd(2_000) };
                let new_pool = w.new_pool;
                w.env.set_quote(&new_pool, quote);
            },
            |w| {
                let creator = w.creator();
                let ix = ix_create_pool(
                    &creator.pubkey(),
                    &w.new_pool,
                    default_params(),
                    feed_id(5),
                    BASE_DECIMALS,
                );
                (ix, vec![creator])
            },
        ),
        case("propose_authority", &[], nothing, |w| {
            let creator = w.creator();
            (ix_propose_authority(&w.keys, &creator.pubkey(), w.fresh.address()), vec![creator])
        }),
        case(
            "accept_authority",
            &[],
            |w| {
                let ix = ix_propose_authority(&w.keys, &w.env.creator.pubkey(), w.fresh.address());
                w.env.as_creator(ix).unwrap();
            },
            |w| (ix_accept_authority(&w.keys, &w.fresh.address()), vec![w.fresh.keypair.insecure_clone()]),
        ),
        case("set_guardian", &[], nothing, |w| {
            let creator = w.creator();
            (ix_set_guardian(&w.keys, &creator.pubkey(), w.fresh.address()), vec![creator])
        }),
        case("propose_params", &[], nothing, |w| {
            let creator = w.creator();
            (ix_propose_params(&w.keys, &creator.pubkey(), w.raised_maintenance()), vec![creator])
        }),
        case(
            "cancel_params",
            &[],
            |w| {
                let ix = ix_propose_params(&w.keys, &w.env.creator.pubkey(), w.raised_maintenance());
                w.env.as_creator(ix).unwrap();
            },
            |w| {
                let creator = w.creator();
                (ix_cancel_params(&w.keys, &creator.pubkey()), vec![creator])
            },
        ),
        case(
            "apply_params",
            &[],
            |w| {
                let ix = ix_propose_params(&w.keys, &w.env.creator.pubkey(), w.raised_maintenance());
                w.env.as_creator(ix).unwrap();
                w.env.advance(i64::from(default_params().timelock_secs));
            },
            |w| (ix_apply_params(&w.keys), vec![]),
        ),
        case("pause", &[], nothing, |w| {
            let creator = w.creator();
            (ix_pause(&w.keys, &creator.pubkey(), ALL_OPERATIONS, 60), vec![creator])
        }),
        case("resume", &[], nothing, |w| {
            let creator = w.creator();
            (ix_resume(&w.keys, &creator.pubkey(), ALL_OPERATIONS), vec![creator])
        }),
    ]
}

/// The pause table of `docs/design.md`: instruction -> the bit names its row lists (empty: never).
fn table() -> BTreeMap<String, Vec<String>> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/design.md")).unwrap();
    let start = doc.find("<!-- pause-table").expect("the pause table's start marker");
    let end = doc.find("<!-- /pause-table -->").expect("the pause table's end marker");
    let mut rows = BTreeMap::new();
    for line in doc[start..end].lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let name = cells[1].trim_matches('`').to_string();
        let bits = if cells[2] == "never" {
            vec![]
        } else {
            BIT_NAMES
                .iter()
                .filter(|(n, _)| cells[2].contains(&format!("`{n}`")))
                .map(|(n, _)| n.to_string())
                .collect()
        };
        assert!(cells[2] == "never" || !bits.is_empty(), "{name}: a row names bits or says never");
        assert!(rows.insert(name.clone(), bits).is_none(), "{name}: two rows");
    }
    rows
}

const BIT_NAMES: [(&str, u8); OPERATIONS] = [
    ("RISK_INCREASING", RISK_INCREASING),
    ("LP_DEPOSITS", LP_DEPOSITS),
    ("LP_WITHDRAWALS", LP_WITHDRAWALS),
    ("DEPOSITS", DEPOSITS),
    ("EXECUTIONS", EXECUTIONS),
    ("LIQUIDATIONS", LIQUIDATIONS),
    ("POOL_WITHDRAWALS", POOL_WITHDRAWALS),
];

fn idl_instructions() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/bulkhead.json")).unwrap();
    let idl: serde_json::Value = serde_json::from_str(&text).unwrap();
    idl["instructions"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect()
}

/// The meta-test: every instruction of the IDL is in the table, every row is an instruction of the
/// IDL, and every row has a case here that pauses exactly the bits the row names.
#[test]
fn the_pause_table_covers_every_instruction_and_every_row_is_tested() {
    let table = table();
    let idl = idl_instructions();
    for name in &idl {
        assert!(
            table.contains_key(name),
            "`{name}` is in the IDL but in neither list of docs/design.md (Pauses)"
        );
    }
    for name in table.keys() {
        assert!(idl.contains(name), "`{name}` is in the pause table but not in the IDL");
    }
    let cases = cases();
    for (name, bits) in &table {
        let mine: Vec<&Case> = cases.iter().filter(|c| c.name == name).collect();
        assert!(!mine.is_empty(), "`{name}` has no case");
        let named = bits.iter().fold(0u8, |m, b| m | BIT_NAMES.iter().find(|(n, _)| n == b).unwrap().1);
        let tested = mine.iter().flat_map(|c| c.bits).fold(0u8, |m, b| m | b);
        assert_eq!(named, tested, "`{name}`: the table's bits and the cases' bits");
    }
}

/// Runs `case` on a fresh world with `ops` paused between its setup and its act.
fn run(case: &Case, ops: u8) -> (W, Act) {
    let mut w = world();
    (case.setup)(&mut w);
    if ops != 0 {
        w.pause(ops);
    }
    let act = (case.act)(&mut w);
    (w, act)
}

fn succeeds(w: &mut W, (ix, signers): Act, what: &str) {
    let signers: Vec<&Keypair> = signers.iter().collect();
    let result = w.env.send(&[ix], &signers);
    assert!(result.is_ok(), "{what}: {:?}", result.as_ref().err().map(|e| (&e.err, &e.meta.logs)));
    assert_ne!(cancel_reason(&result), Some(PAUSED), "{what}: not cancelled as paused");
}

#[test]
fn each_pausable_instruction_is_held_back_by_each_of_its_bits_and_only_by_them() {
    for case in cases().iter().filter(|c| !c.bits.is_empty()) {
        for bit in case.bits {
            let (mut w, (ix, signers)) = run(case, *bit);
            let signers: Vec<&Keypair> = signers.iter().collect();
            w.env.assert_rejected(ix, &signers, custom(E::OperationPaused));
        }
        let all: u8 = case.bits.iter().fold(0, |m, b| m | b);
        let (mut w, act) = run(case, ALL_OPERATIONS & !all);
        succeeds(&mut w, act, &format!("{} with every other bit paused", case.name));
    }
}

#[test]
fn instructions_that_are_never_paused_run_with_everything_paused() {
    for case in cases().iter().filter(|c| c.bits.is_empty()) {
        let (mut w, act) = run(case, ALL_OPERATIONS);
        succeeds(&mut w, act, case.name);
    }
}

#[test]
fn reducing_and_closing_a_position_run_with_everything_paused() {
    let mut w = world();
    let (keys, trader) = (w.keys, w.trader());
    executed(&w.env.trade(&keys, &trader, 2 * UNIT));
    w.pause(ALL_OPERATIONS);
    let ev = executed(&w.env.trade(&keys, &trader, -UNIT));
    assert_eq!(ev.base_position, UNIT);
    let ev = executed(&w.env.trade(&keys, &trader, -UNIT));
    assert_eq!(ev.base_position, 0);
    // Opening again adds risk: refused at the request.
    let open = ix_request_trade(&keys, &trader.address(), Order::market(UNIT));
    w.env.assert_rejected(open, &[&trader.keypair], custom(E::OperationPaused));
}

#[test]
fn a_pause_ends_by_itself_or_when_the_authority_resumes() {
    let mut w = world();
    let (keys, trader, creator) = (w.keys, w.trader(), w.creator());
    let at = w.env.now();
    let ev: Paused = event(&w.env.as_creator(ix_pause(&keys, &creator.pubkey(), DEPOSITS, 600)));
    assert_eq!((ev.ops, ev.until, ev.paused), (u64::from(DEPOSITS), at + 600, u64::from(DEPOSITS)));
    assert_eq!(w.env.pool(&keys.pool).pauses.paused_until[3], at + 600);
    let deposit = ix_deposit(&keys, &trader.address(), &trader.token_account, 1);
    w.env.set_time(at + 599);
    w.env.assert_rejected(deposit.clone(), &[&trader.keypair], custom(E::OperationPaused));
    w.env.set_time(at + 600);
    assert!(w.env.deposit(&keys, &trader, 1).is_ok(), "expired by itself");

    w.env.as_creator(ix_pause(&keys, &creator.pubkey(), DEPOSITS | LIQUIDATIONS, MAX_PAUSE_SECS)).unwrap();
    let ev: Resumed = event(&w.env.as_creator(ix_resume(&keys, &creator.pubkey(), DEPOSITS)));
    assert_eq!((ev.ops, ev.paused), (u64::from(DEPOSITS), u64::from(LIQUIDATIONS)));
    assert!(w.env.deposit(&keys, &trader, 1).is_ok(), "resumed early");
    // Refusals, byte for byte.
    let me = creator.pubkey();
    for (ops, secs, err) in [
        (0, 60, E::InvalidPauseMask),
        (1 << OPERATIONS, 60, E::InvalidPauseMask),
        (DEPOSITS, 0, E::PauseTooLong),
        (DEPOSITS, MAX_PAUSE_SECS + 1, E::PauseTooLong),
    ] {
        w.env.assert_rejected(ix_pause(&keys, &me, ops, secs), &[&creator], custom(err));
    }
    w.env.assert_rejected(ix_resume(&keys, &me, 0), &[&creator], custom(E::InvalidPauseMask));
    let stranger = w.fresh.keypair.insecure_clone();
    let them = stranger.pubkey();
    w.env.assert_rejected(
        ix_pause(&keys, &them, DEPOSITS, 60),
        &[&stranger],
        custom(E::NotAuthorityOrGuardian),
    );
    w.env.assert_rejected(ix_resume(&keys, &them, DEPOSITS), &[&stranger], custom(E::NotAuthority));
    let mut unsigned = ix_pause(&keys, &me, DEPOSITS, 60);
    unsigned.accounts[0].is_signer = false;
    w.env.assert_rejected(
        unsigned,
        &[],
        solana_instruction::error::InstructionError::MissingRequiredSignature,
    );
}

#[test]
fn the_guardian_pauses_three_times_in_seven_days_and_cannot_resume() {
    let mut w = world();
    let (keys, creator) = (w.keys, w.creator());
    let guardian = w.fresh.keypair.insecure_clone();
    w.env.as_creator(ix_set_guardian(&keys, &creator.pubkey(), guardian.pubkey())).unwrap();
    let start = w.env.now();
    for i in 0..GUARDIAN_PAUSE_BUDGET as u64 {
        let ev: Paused =
            event(&w.env.send(&[ix_pause(&keys, &guardian.pubkey(), DEPOSITS, 3_600)], &[&guardian]));
        assert_eq!(ev.guardian_budget_left, GUARDIAN_PAUSE_BUDGET as u64 - 1 - i);
        w.env.advance(86_400);
    }
    let pause = ix_pause(&keys, &guardian.pubkey(), DEPOSITS, 3_600);
    w.env.assert_rejected(pause.clone(), &[&guardian], custom(E::PauseBudgetExhausted));
    w.env.assert_rejected(
        ix_resume(&keys, &guardian.pubkey(), DEPOSITS),
        &[&guardian],
        custom(E::NotAuthority),
    );
    // The authority's pauses are not budgeted.
    w.env.as_creator(ix_pause(&keys, &creator.pubkey(), DEPOSITS, 3_600)).unwrap();
    // Seven days after the first, one more.
    w.env.set_time(start + GUARDIAN_BUDGET_WINDOW_SECS);
    let ev: Paused = event(&w.env.send(std::slice::from_ref(&pause), &[&guardian]));
    assert_eq!(ev.guardian_budget_left, 0);
    // Removed through the timelock, the guardian pauses nothing.
    w.env.as_creator(ix_set_guardian(&keys, &creator.pubkey(), Address::default())).unwrap();
    w.env.set_time(w.env.risk_params(&keys.risk_params).pending.eta);
    w.env.send(&[ix_apply_params(&keys)], &[]).unwrap();
    w.env.set_time(start + 2 * GUARDIAN_BUDGET_WINDOW_SECS);
    w.env.assert_rejected(pause, &[&guardian], custom(E::NotAuthorityOrGuardian));
}

#[test]
fn pausing_pool_a_leaves_pool_b_byte_identical_and_running() {
    let Twins { mut env, a, b, tb, .. } = twins();
    let creator = env.creator.insecure_clone();
    let before = env.snapshot_of(&b.accounts());
    env.as_creator(ix_pause(&a, &creator.pubkey(), ALL_OPERATIONS, MAX_PAUSE_SECS)).unwrap();
    assert_eq!(env.snapshot_of(&b.accounts()), before, "pool b's accounts are byte-identical");
    assert_eq!(env.pool(&b.pool).pauses, PauseState::default());
    executed(&env.trade(&b, &tb, UNIT));
    assert!(env.deposit(&b, &tb, 1).is_ok());
}

/// Exits share one budget at its edges, by the authority and by the guardian: an episode's pauses
/// end a day after it began (a later, longer one is cut to that second), the second before a week
/// has passed no signer begins another (`ExitPauseBudgetExhausted`, byte for byte), and at the
/// week's second either may.
#[test]
fn exit_pauses_share_a_day_in_seven_at_the_window_edges() {
    let mut w = world();
    let (keys, creator) = (w.keys, w.creator());
    let guardian = w.fresh.keypair.insecure_clone();
    w.env.as_creator(ix_set_guardian(&keys, &creator.pubkey(), guardian.pubkey())).unwrap();
    let start = w.env.now();
    let ev: Paused =
        event(&w.env.send(&[ix_pause(&keys, &guardian.pubkey(), LIQUIDATIONS, 60)], &[&guardian]));
    assert_eq!(ev.exits_until, start + 60);
    w.env.set_time(start + EXIT_PAUSE_BUDGET_SECS - 1);
    let long = ix_pause(&keys, &creator.pubkey(), LP_WITHDRAWALS | DEPOSITS, MAX_PAUSE_SECS);
    let ev: Paused = event(&w.env.as_creator(long));
    assert_eq!((ev.exits_until, ev.until), (start + EXIT_PAUSE_BUDGET_SECS, w.env.now() + 86_400));
    w.env.set_time(start + EXIT_PAUSE_BUDGET_SECS);
    assert_eq!(w.env.pool(&keys.pool).pauses.paused(w.env.now()), DEPOSITS, "exits open at the day's end");
    w.env.set_time(start + EXIT_PAUSE_WINDOW_SECS - 1);
    for signer in [&creator, &guardian] {
        let ix = ix_pause(&keys, &signer.pubkey(), EXECUTIONS, 60);
        w.env.assert_rejected(ix, &[signer], custom(E::ExitPauseBudgetExhausted));
    }
    w.env.set_time(start + EXIT_PAUSE_WINDOW_SECS);
    event::<Paused>(&w.env.send(&[ix_pause(&keys, &guardian.pubkey(), EXECUTIONS, 60)], &[&guardian]));
}

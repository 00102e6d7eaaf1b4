//! The account-substitution matrix, generated from the committed IDL's account lists: every
//! instruction x every account slot x every substitute, on the real .so. An instruction in the IDL
//! without a baseline here fails the test, so every new instruction joins the matrix.
//!
//! The world: pools A and B of one mint and pool C of another, each with an LP, a trader with a
//! position, a victim, a sponsor tranche. For each instruction a baseline that succeeds is built on
//! pool A (it is sent last, proving it valid); then each slot is replaced, one at a time, by
//! - `other_pool`: the matching account of pool B (same mint); for a user's token account, which no
//!   pool owns, pool B's vault;
//! - `other_mint`: the matching account of pool C (another mint);
//! - `forged`: a copy of the account (same data and lamports) owned by another program; for a
//!   program slot, an executable impostor program;
//! - `system`: a copy owned by the System program;
//! - `token_2022`: a copy owned by Token-2022; for a program slot, the Token-2022 program.
//!
//! Signer slots of roles (owner, sponsor, the caller of a cancellation) are replaced by a stranger
//! who signs. The permissionless callers (keeper, liquidator, funder, creator) have no wrong value
//! and are not substituted; nor are a new pool's mint by another real mint (`FREE_CHOICE`). A
//! substitute equal to the original (B's mint is A's) is skipped.
//!
//! Every case must fail, change no byte or lamport of any account of any pool or user, and fail
//! with the error pinned in `tests/golden/substitution.txt`. `BULKHEAD_BLESS=1` rewrites that file
//! (review its diff: a changed error is a changed interface).

use bulkhead_tests::*;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer as _;
use solana_transaction_error::TransactionError;
use std::collections::BTreeMap;

const UNIT: i64 = 1_000_000;
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/golden/substitution.txt");
const TOKEN_2022: Address = anchor_lang::address!("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
/// Signer slots anyone may fill: there is no wrong value to substitute.
const PERMISSIONLESS: &[&str] = &["keeper", "liquidator", "funder", "creator"];
/// Slots whose value the caller chooses among valid accounts: another pool's mint is a valid
/// collateral for a new pool. Only the forged, system and Token-2022 copies are wrong there.
const FREE_CHOICE: &[(&str, &str)] = &[("create_pool", "collateral_mint")];

/// A wallet with a token account of each mint.
struct Wallet {
    keypair: Keypair,
    /// Token account of A's and B's mint.
    m: Address,
    /// Token account of C's mint.
    n: Address,
}

impl Wallet {
    fn address(&self) -> Address {
        self.keypair.pubkey()
    }

    /// This wallet as a [`Trader`] of `keys`' pool.
    fn of(&self, keys: &PoolKeys, world: &World) -> Trader {
        let token = if keys.mint == world.c.mint { self.n } else { self.m };
        Trader { keypair: self.keypair.insecure_clone(), token_account: token }
    }
}

struct World {
    env: Env,
    a: PoolKeys,
    b: PoolKeys,
    c: PoolKeys,
    lp: Wallet,
    /// LP share accounts of `lp` in A, B, C.
    shares: [Address; 3],
    trader: Wallet,
    victim: Wallet,
    sponsor: Wallet,
    liquidator: Wallet,
    /// A wallet with no account anywhere (for the `open_*` and `close_*` baselines).
    fresh: Wallet,
    /// Pool id 9 of the creator, on A's mint: the pool `create_pool`'s baseline creates.
    new_pool: PoolKeys,
    /// The authorities of A (the creator), B and C: one each, so that another pool's account in
    /// a governance instruction is another authority's.
    authorities: [Keypair; 3],
    /// The custodians of A, B and C (set through the timelock), who co-sign pool-money movements.
    custodians: [Keypair; 3],
}

impl World {
    fn pools(&self) -> [PoolKeys; 3] {
        [self.a, self.b, self.c]
    }

    /// Each pool with its authority.
    fn governed(&self) -> [(PoolKeys, Keypair); 3] {
        let pools = self.pools();
        [0, 1, 2].map(|i| (pools[i], self.authorities[i].insecure_clone()))
    }

    fn wallet(&mut self, amount: u64) -> Wallet {
        let t = self.env.trader(&self.a.mint, amount);
        let n = self.env.create_token_account(&self.c.mint, &t.address(), amount);
        Wallet { keypair: t.keypair, m: t.token_account, n }
    }

    fn lp_tokens(&self, i: usize) -> LpTokens {
        let keys = self.pools()[i];
        self.lp.of(&keys, self).lp(self.shares[i])
    }

    /// For every address of pool A's side of the world, its counterpart in B and in C.
    fn counterparts(&self) -> (BTreeMap<Address, Address>, BTreeMap<Address, Address>) {
        let (mut b, mut c) = (BTreeMap::new(), BTreeMap::new());
        let mut add = |x: Address, y: Address, z: Address| {
            b.insert(x, y);
            c.insert(x, z);
        };
        for (i, x) in self.a.accounts().iter().enumerate() {
            add(*x, self.b.accounts()[i], self.c.accounts()[i]);
        }
        for (i, x) in self.new_pool.accounts().iter().enumerate() {
            add(*x, self.b.accounts()[i], self.c.accounts()[i]);
        }
        for w in [&self.lp, &self.trader, &self.victim, &self.sponsor, &self.liquidator, &self.fresh] {
            let o = w.address();
            add(self.a.margin(&o), self.b.margin(&o), self.c.margin(&o));
            add(self.a.lp_account(&o), self.b.lp_account(&o), self.c.lp_account(&o));
            add(w.m, self.b.vault, w.n);
        }
        add(self.shares[0], self.shares[1], self.shares[2]);
        add(self.a.mint, self.b.mint, self.c.mint);
        // One event authority serves every pool: it has no other pool's counterpart, only forgeries.
        add(*EVENT_AUTHORITY, *EVENT_AUTHORITY, *EVENT_AUTHORITY);
        (b, c)
    }
}

/// Pools A and B on one mint, C on another, each with $1,000,000 of LP capital, a sponsor tranche,
/// a trader long 1 unit on $5,000 and a victim long 4 units on $1,000.
fn world() -> World {
    let mut env = Env::new();
    let (m, n) = (env.create_mint(6), env.create_mint(6));
    let (a, b, c) = (env.create_pool(m, 1), env.create_pool(m, 2), env.create_pool(n, 3));
    let new_pool = PoolKeys::derive(&env.creator.pubkey(), 9, m);
    let env_creator = env.creator.insecure_clone();
    let placeholder = || Wallet { keypair: Keypair::new(), m: Address::default(), n: Address::default() };
    let mut w = World {
        env,
        a,
        b,
        c,
        lp: placeholder(),
        shares: [Address::default(); 3],
        trader: placeholder(),
        victim: placeholder(),
        sponsor: placeholder(),
        liquidator: placeholder(),
        fresh: placeholder(),
        new_pool,
        authorities: [env_creator.insecure_clone(), Keypair::new(), Keypair::new()],
        custodians: [Keypair::new(), Keypair::new(), Keypair::new()],
    };
    w.lp = w.wallet(10 * MARKET_LP_CAPITAL);
    w.trader = w.wallet(100 * MARKET_COLLATERAL);
    w.victim = w.wallet(10 * MARKET_COLLATERAL);
    w.liquidator = w.wallet(0);
    w.fresh = w.wallet(MARKET_COLLATERAL);
    let creator = w.env.creator.insecure_clone();
    let (sm, sn) = (
        w.env.create_token_account(&m, &creator.pubkey(), 100 * MARKET_COLLATERAL),
        w.env.create_token_account(&n, &creator.pubkey(), 100 * MARKET_COLLATERAL),
    );
    w.sponsor = Wallet { keypair: creator, m: sm, n: sn };
    for (keys, authority) in w.governed().into_iter().skip(1) {
        w.env.svm.airdrop(&authority.pubkey(), 1_000_000_000).unwrap();
        w.env.watch(&[authority.pubkey()]);
        let ix = ix_propose_authority(&keys, &w.sponsor.address(), authority.pubkey());
        w.env.send(&[ix], &[&w.sponsor.keypair]).unwrap();
        w.env.send(&[ix_accept_authority(&keys, &authority.pubkey())], &[&authority]).unwrap();
    }
    // Each pool gets its own custodian and a 10% protocol share, through the timelock.
    for (i, (keys, authority)) in w.governed().into_iter().enumerate() {
        let custodian = w.custodians[i].pubkey();
        w.env.svm.airdrop(&custodian, 1_000_000_000).unwrap();
        w.env.watch(&[custodian]);
        let mut config = w.env.config(&keys);
        config.protocol_fee_share_bps = 1_000;
        let ix = ix_propose_consented(&keys, &authority.pubkey(), config, custodian, (None, Some(custodian)));
        let incoming = w.custodians[i].insecure_clone();
        w.env.send(&[ix], &[&authority, &incoming]).unwrap();
    }
    w.env.advance(i64::from(default_params().timelock_secs));
    for keys in w.pools() {
        w.env.send(&[ix_apply_params(&keys)], &[]).unwrap();
    }
    for (i, keys) in w.pools().iter().enumerate() {
        let lp = w.lp.of(keys, &w);
        w.shares[i] = w.env.add_liquidity(keys, &lp, MARKET_LP_CAPITAL);
        let sponsor = w.sponsor.of(keys, &w);
        w.env.sponsor_deposit(keys, &sponsor, MARKET_COLLATERAL).unwrap();
        for (who, collateral, size) in [(&w.trader, 5, UNIT), (&w.victim, 1, 4 * UNIT)] {
            let t = who.of(keys, &w);
            w.env.open_margin(keys, &t);
            w.env.deposit(keys, &t, collateral * MARKET_COLLATERAL).unwrap();
            executed(&w.env.trade(keys, &t, size));
        }
    }
    w
}

/// Pins every pool's pending request of `name` (an execution), moves the clock past the grace and
/// publishes each pool's recent print: a late execution, which reads both price slots. Returns
/// pool A's recent print account.
fn late(w: &mut World, name: &str) -> Option<Address> {
    let pools = w.pools();
    let owner = if name == "execute_trade" { w.trader.address() } else { w.lp.address() };
    let request = |env: &Env, keys: &PoolKeys| {
        if name == "execute_trade" {
            env.margin(&keys.margin(&owner)).request
        } else {
            env.lp_account(&keys.lp_account(&owner)).request
        }
    };
    for keys in pools {
        let r = request(&w.env, &keys);
        w.env.pin(&keys, &r);
    }
    w.env.advance(bulkhead::engine::request::EXECUTION_GRACE_SECS + 1);
    let mut recent = None;
    for keys in pools {
        let r = request(&w.env, &keys);
        let got = w.env.recent_for(&keys, r.target_time);
        if keys.pool == w.a.pool {
            recent = got;
        }
    }
    assert!(recent.is_some(), "the execution is late");
    recent
}

/// Prepares the world for `name` and returns its baseline on pool A and its signers.
fn baseline(w: &mut World, name: &str) -> (Instruction, Vec<Keypair>) {
    let (a, pools) = (w.a, w.pools());
    let keeper = w.env.keeper.insecure_clone();
    let trader = w.trader.of(&a, w);
    let signer = |k: &Keypair| vec![k.insecure_clone()];
    match name {
        "create_pool" => {
            let quote = Quote { price: usd(2_000), conf: 0, exponent: -8, ema: usd(2_000) };
            w.env.set_quote(&w.new_pool, quote);
            let creator = w.env.creator.insecure_clone();
            let ix =
                ix_create_pool(&creator.pubkey(), &w.new_pool, default_params(), feed_id(9), BASE_DECIMALS);
            (ix, signer(&creator))
        }
        "open_margin_account" => (ix_open_margin(&a, &w.fresh.address()), signer(&w.fresh.keypair)),
        "close_margin_account" => {
            for keys in pools {
                let fresh = w.fresh.of(&keys, w);
                w.env.open_margin(&keys, &fresh);
            }
            (ix_close_margin(&a, &w.fresh.address()), signer(&w.fresh.keypair))
        }
        "deposit_collateral" => {
            (ix_deposit(&a, &trader.address(), &trader.token_account, 1), signer(&trader.keypair))
        }
        "withdraw_collateral" => {
            for keys in pools {
                let now = w.env.now();
                w.env.publish(&keys, now, now - 1);
            }
            (ix_withdraw(&a, &trader.address(), &trader.token_account, 1), signer(&trader.keypair))
        }
        "request_trade" => {
            (ix_request_trade(&a, &trader.address(), Order::market(UNIT)), signer(&trader.keypair))
        }
        "cancel_trade_request" | "execute_trade" => {
            for keys in pools {
                let t = w.trader.of(&keys, w);
                w.env.request_trade(&keys, &t, Order::market(UNIT)).unwrap();
            }
            if name == "cancel_trade_request" {
                (ix_cancel_trade(&a, &trader.address(), &trader.address()), signer(&trader.keypair))
            } else {
                // Late, so that its recent print is read and every slot counts.
                let recent = late(w, name);
                (ix_execute_trade_with(&a, &keeper.pubkey(), &trader.address(), recent), signer(&keeper))
            }
        }
        "open_lp_account" => (ix_open_lp_account(&a, &w.fresh.address()), signer(&w.fresh.keypair)),
        "close_lp_account" => {
            for keys in pools {
                let fresh = w.fresh.of(&keys, w);
                w.env.open_lp_account(&keys, &fresh);
            }
            (ix_close_lp_account(&a, &w.fresh.address()), signer(&w.fresh.keypair))
        }
        "request_add_liquidity" => {
            (ix_request_add(&a, &w.lp_tokens(0), 1_000_000, 0, 0), signer(&w.lp.keypair))
        }
        "request_remove_liquidity" => {
            (ix_request_remove(&a, &w.lp_tokens(0), 1_000, 0, 0), signer(&w.lp.keypair))
        }
        "cancel_liquidity_request" | "execute_liquidity" => {
            for (i, keys) in pools.iter().enumerate() {
                let ix = ix_request_add(keys, &w.lp_tokens(i), 1_000_000, 0, 0);
                w.env.send(&[ix], &[&w.lp.keypair]).unwrap();
            }
            if name == "cancel_liquidity_request" {
                (ix_cancel_liquidity(&a, &w.lp.address(), &w.lp_tokens(0)), signer(&w.lp.keypair))
            } else {
                let recent = late(w, name);
                (ix_execute_liquidity_with(&a, &keeper.pubkey(), &w.lp_tokens(0), recent), signer(&keeper))
            }
        }
        "attest_solvency" => (ix_attest(&a), vec![]),
        "refresh_price" => {
            let now = w.env.now() + 1;
            w.env.set_time(now);
            for keys in pools {
                let update = w.env.print(&keys, now, now - 1);
                w.env.put_price_update_at(keys.recent_price_update, &update);
            }
            (ix_refresh_price(&a, &keeper.pubkey(), &a.recent_price_update), signer(&keeper))
        }
        "liquidate" => {
            for keys in pools {
                w.env.set_price(&keys, usd(1_830), 0);
            }
            let l = &w.liquidator;
            (ix_liquidate(&a, &l.address(), &w.victim.address(), &l.m), signer(&l.keypair))
        }
        "settle_pnl" => {
            for keys in pools {
                w.env.set_price(&keys, usd(1_900), 0);
            }
            (ix_settle_pnl(&a, &keeper.pubkey(), &w.victim.address()), signer(&keeper))
        }
        "fund_insurance" => {
            (ix_fund_insurance(&a, &trader.address(), &trader.token_account, 1), signer(&trader.keypair))
        }
        "sponsor_deposit" => {
            (ix_sponsor_deposit(&a, &w.sponsor.address(), &w.sponsor.m, 1), signer(&w.sponsor.keypair))
        }
        "request_sponsor_unbond" => {
            (ix_request_sponsor_unbond(&a, &w.sponsor.address(), 1), signer(&w.sponsor.keypair))
        }
        "sponsor_withdraw" => {
            for keys in pools {
                let ix = ix_request_sponsor_unbond(&keys, &w.sponsor.address(), 1_000);
                w.env.send(&[ix], &[&w.sponsor.keypair]).unwrap();
            }
            w.env.advance(default_params().sponsor_unbonding_secs as i64);
            let custodian = w.custodians[0].insecure_clone();
            let ix =
                ix_sponsor_withdraw_with(&a, &w.sponsor.address(), Some(custodian.pubkey()), &w.sponsor.m);
            (ix, vec![w.sponsor.keypair.insecure_clone(), custodian])
        }
        "collect_fees" | "withdraw_insurance" => {
            let creator = w.env.creator.insecure_clone();
            for keys in pools {
                let t = w.trader.of(&keys, w);
                w.env.fund_insurance(&keys, &t, 1_000).unwrap();
            }
            let (me, custodian) = (creator.pubkey(), w.custodians[0].insecure_clone());
            let c = Some(custodian.pubkey());
            if name == "withdraw_insurance" {
                w.env.announce_insurance(&a, 1);
            }
            let ix = if name == "collect_fees" {
                ix_collect_fees(&a, &me, c, &w.sponsor.m, 1)
            } else {
                ix_withdraw_insurance(&a, &me, c, &w.sponsor.m, 1)
            };
            (ix, vec![creator, custodian])
        }
        "announce_insurance_withdrawal" => {
            let creator = w.env.creator.insecure_clone();
            (ix_announce_insurance(&a, &creator.pubkey(), 1), signer(&creator))
        }
        "propose_authority" | "set_guardian" | "propose_params" => {
            let creator = w.env.creator.insecure_clone();
            let (me, fresh) = (creator.pubkey(), w.fresh.address());
            let ix = match name {
                "propose_authority" => ix_propose_authority(&a, &me, fresh),
                "set_guardian" => ix_set_guardian(&a, &me, fresh),
                // Keeping the pool's custodian: a change of custodian needs its consent.
                _ => ix_propose_change(&a, &me, raised_maintenance(w), w.env.pool(&a.pool).custodian),
            };
            (ix, signer(&creator))
        }
        "pause" | "resume" => {
            let creator = w.env.creator.insecure_clone();
            let me = creator.pubkey();
            let ix = if name == "pause" {
                ix_pause(&a, &me, bulkhead::state::pause::DEPOSITS, 60)
            } else {
                ix_resume(&a, &me, bulkhead::state::pause::DEPOSITS)
            };
            (ix, signer(&creator))
        }
        "accept_authority" => {
            for (keys, authority) in w.governed() {
                let ix = ix_propose_authority(&keys, &authority.pubkey(), w.fresh.address());
                w.env.send(&[ix], &[&authority]).unwrap();
            }
            (ix_accept_authority(&a, &w.fresh.address()), signer(&w.fresh.keypair))
        }
        "cancel_params" | "apply_params" => {
            let creator = w.env.creator.insecure_clone();
            for (keys, authority) in w.governed() {
                let custodian = w.env.pool(&keys.pool).custodian;
                let ix = ix_propose_change(&keys, &authority.pubkey(), raised_maintenance(w), custodian);
                w.env.send(&[ix], &[&authority]).unwrap();
            }
            if name == "cancel_params" {
                (ix_cancel_params(&a, &creator.pubkey()), signer(&creator))
            } else {
                w.env.advance(i64::from(default_params().timelock_secs));
                (ix_apply_params(&a), vec![])
            }
        }
        other => panic!("instruction `{other}` is in the IDL but has no baseline in the substitution matrix"),
    }
}

/// The default parameters with maintenance margin 1% higher: a timelocked change.
fn raised_maintenance(w: &World) -> bulkhead::state::RiskConfig {
    let mut config = w.env.config(&w.a);
    config.maintenance_margin_bps += 100;
    config
}

/// The IDL's instructions: name and account slots (name, signer).
fn idl() -> Vec<(String, Vec<(String, bool)>)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/bulkhead.json")).unwrap();
    let idl: serde_json::Value = serde_json::from_str(&text).unwrap();
    idl["instructions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ix| {
            let slots = ix["accounts"].as_array().unwrap().iter();
            let slots =
                slots.map(|a| (a["name"].as_str().unwrap().to_string(), a["signer"].as_bool() == Some(true)));
            (ix["name"].as_str().unwrap().to_string(), slots.collect())
        })
        .collect()
}

/// The error names of the IDL by code.
fn error_names() -> BTreeMap<u32, String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/bulkhead.json")).unwrap();
    let idl: serde_json::Value = serde_json::from_str(&text).unwrap();
    idl["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].as_u64().unwrap() as u32, e["name"].as_str().unwrap().to_string()))
        .collect()
}

/// A copy of `original` (or an empty account) at a new address, owned by `owner`.
fn copy(env: &mut Env, original: &Address, owner: Address) -> Address {
    let data = env.svm.get_account(original).map(|a| a.data).unwrap_or_default();
    let address = Address::new_unique();
    env.put(address, owner, data);
    address
}

fn describe(err: &TransactionError, names: &BTreeMap<u32, String>) -> String {
    match err {
        TransactionError::InstructionError(0, solana_instruction::error::InstructionError::Custom(code)) => {
            format!("{code} {}", names.get(code).map_or("(not bulkhead's)", String::as_str))
        }
        other => format!("{other:?}"),
    }
}

#[test]
fn every_substitution_in_every_slot_fails_with_its_pinned_error_and_changes_nothing() {
    let names = error_names();
    let mut lines = Vec::new();
    let mut cases = 0;
    for (name, slots) in idl() {
        let mut w = world();
        let (ix, signers) = baseline(&mut w, &name);
        assert_eq!(ix.accounts.len(), slots.len(), "{name}: the builder's accounts are the IDL's");
        let (to_b, to_c) = w.counterparts();
        let impostor = w.env.impostor_program();
        for (i, (slot, is_signer)) in slots.iter().enumerate() {
            let original = ix.accounts[i].pubkey;
            let mut substitutes: Vec<(&str, Address, Option<Keypair>)> = Vec::new();
            if *is_signer {
                if PERMISSIONLESS.contains(&slot.as_str()) {
                    continue;
                }
                let stranger = w.env.trader(&w.a.mint, 1_000).keypair;
                substitutes.push(("stranger", stranger.pubkey(), Some(stranger)));
            } else if w.env.svm.get_account(&original).is_some_and(|a| a.executable) {
                substitutes.push(("forged", impostor, None));
                substitutes.push(("token_2022", TOKEN_2022, None));
            } else {
                let free = FREE_CHOICE.contains(&(name.as_str(), slot.as_str()));
                for (kind, map) in
                    [("other_pool", &to_b), ("other_mint", &to_c)].into_iter().filter(|_| !free)
                {
                    let sub = map
                        .get(&original)
                        .copied()
                        .unwrap_or_else(|| panic!("{name}.{slot}: no counterpart"));
                    if sub != original {
                        substitutes.push((kind, sub, None));
                    }
                }
                let forged_owner = Address::new_unique();
                substitutes.push(("forged", copy(&mut w.env, &original, forged_owner), None));
                substitutes.push(("system", copy(&mut w.env, &original, SYSTEM_PROGRAM), None));
                substitutes.push(("token_2022", copy(&mut w.env, &original, TOKEN_2022), None));
            }
            for (kind, sub, stranger) in substitutes {
                let mut bad = ix.clone();
                bad.accounts[i].pubkey = sub;
                // An optional signer slot left empty in the baseline is not marked a signer.
                bad.accounts[i].is_signer |= stranger.is_some();
                let mut sign: Vec<&Keypair> = signers.iter().filter(|k| k.pubkey() != original).collect();
                if let Some(s) = stranger.as_ref() {
                    sign.push(s);
                }
                let before = w.env.snapshot();
                let result = w.env.send(&[bad], &sign);
                let err = match result {
                    Ok(meta) => panic!("{name}.{slot} <- {kind}: succeeded\n{}", meta.logs.join("\n")),
                    Err(failed) => failed.err,
                };
                let after = w.env.snapshot();
                for (address, state) in &before {
                    assert_eq!(state, &after[address], "{name}.{slot} <- {kind}: {address} changed");
                }
                lines.push(format!("{name} {slot} {kind} -> {}", describe(&err, &names)));
                cases += 1;
            }
        }
        let sign: Vec<&Keypair> = signers.iter().collect();
        w.env.send(&[ix], &sign).unwrap_or_else(|e| panic!("{name}: the baseline fails: {:?}", e.err));
    }
    assert!(cases >= 450, "{cases} cases");
    let text = lines.join("\n") + "\n";
    if std::env::var_os("BULKHEAD_BLESS").is_some() {
        std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/golden")).unwrap();
        std::fs::write(GOLDEN, &text).unwrap();
        return;
    }
    let golden =
        std::fs::read_to_string(GOLDEN).expect("tests/golden/substitution.txt (BULKHEAD_BLESS=1 writes it)");
    for (got, want) in text.lines().zip(golden.lines()) {
        assert_eq!(got, want, "an error changed (BULKHEAD_BLESS=1 to accept, after review)");
    }
    assert_eq!(text.lines().count(), golden.lines().count(), "the matrix changed size");
}

//! Pools, traders and LPs, and the two-step flows: a request, then the keeper's execution at the
//! pinned print (the harness publishes the pool's current quote as the first print at or after
//! the request's target time, as Hermes would serve it).

use crate::*;
use bulkhead::engine::request::EXECUTION_GRACE_SECS;
use bulkhead::events::{LiquidityMoved, RequestCancelled, TradeExecuted};
use bulkhead::state::{seeds, RiskConfig};
use litesvm::types::TransactionMetadata;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The program's default parameter set ([`bulkhead::state::DEFAULT_RISK_CONFIG`], the one the
/// deploy script and the host tests use too): 10% initial margin (10x), 5% maintenance covering a
/// 4.5% gap and 10 bps of impact, a 2% penalty (half to the liquidator), a 2% liquidation buffer,
/// a 100% payoff cap, a 2 s execution delay, a 60 s window, a one-hour LP withdrawal delay and a
/// one-day sponsor unbonding delay.
pub fn default_params() -> RiskConfig {
    bulkhead::state::DEFAULT_RISK_CONFIG
}

/// Lots per unit of the underlying in the default test pools (10^6).
pub const BASE_DECIMALS: i8 = 6;

/// Every address of one pool.
#[derive(Clone, Copy, Debug)]
pub struct PoolKeys {
    pub pool: Address,
    pub risk_params: Address,
    pub vault: Address,
    pub vault_authority: Address,
    pub lp_mint: Address,
    pub lp_escrow: Address,
    pub attestation: Address,
    pub mint: Address,
    pub pool_id: u64,
    /// This pool's `PriceUpdateV2` account (see [`Env::set_price`]).
    pub price_update: Address,
    /// A second `PriceUpdateV2` account of this pool's feed: a late execution's recent print.
    pub recent_price_update: Address,
}

impl PoolKeys {
    /// Derives a pool's addresses from its creator and id.
    pub fn derive(creator: &Address, pool_id: u64, mint: Address) -> Self {
        let pda = |s: &[&[u8]]| Address::find_program_address(s, &bulkhead::ID).0;
        let pool = pda(&[seeds::POOL, creator.as_ref(), &pool_id.to_le_bytes()]);
        PoolKeys {
            pool,
            risk_params: pda(&[seeds::RISK_PARAMS, pool.as_ref()]),
            vault: pda(&[seeds::VAULT, pool.as_ref()]),
            vault_authority: pda(&[seeds::VAULT_AUTHORITY, pool.as_ref()]),
            lp_mint: pda(&[seeds::LP_MINT, pool.as_ref()]),
            lp_escrow: pda(&[seeds::LP_ESCROW, pool.as_ref()]),
            attestation: pda(&[seeds::ATTESTATION, pool.as_ref()]),
            mint,
            pool_id,
            price_update: Address::find_program_address(&[b"price", pool.as_ref()], &PYTH_RECEIVER).0,
            recent_price_update: Address::find_program_address(&[b"recent", pool.as_ref()], &PYTH_RECEIVER).0,
        }
    }

    /// `["lp", pool, owner]`.
    pub fn lp_account(&self, owner: &Address) -> Address {
        Address::find_program_address(&[seeds::LP_ACCOUNT, self.pool.as_ref(), owner.as_ref()], &bulkhead::ID)
            .0
    }

    /// `["margin", pool, owner]`.
    pub fn margin(&self, owner: &Address) -> Address {
        Address::find_program_address(&[seeds::MARGIN, self.pool.as_ref(), owner.as_ref()], &bulkhead::ID).0
    }

    /// Every account the pool owns or is made of.
    pub fn accounts(&self) -> [Address; 9] {
        [
            self.recent_price_update,
            self.pool,
            self.risk_params,
            self.attestation,
            self.vault,
            self.vault_authority,
            self.lp_mint,
            self.lp_escrow,
            self.price_update,
        ]
    }
}

/// A funded wallet with a token account of one mint.
pub struct Trader {
    pub keypair: Keypair,
    pub token_account: Address,
}

impl Trader {
    pub fn address(&self) -> Address {
        self.keypair.pubkey()
    }

    /// This wallet as an LP of `keys`' pool with LP token account `shares`.
    pub fn lp(&self, shares: Address) -> LpTokens {
        LpTokens { owner: self.address(), collateral: self.token_account, shares }
    }
}

impl Env {
    /// A funded wallet holding `amount` of `mint`.
    pub fn trader(&mut self, mint: &Address, amount: u64) -> Trader {
        let keypair = self.keypair();
        self.svm.airdrop(&keypair.pubkey(), 10_000_000_000).unwrap();
        let token_account = self.create_token_account(mint, &keypair.pubkey(), amount);
        self.watch(&[keypair.pubkey()]);
        Trader { keypair, token_account }
    }

    /// A token account of the pool's LP mint owned by `owner`.
    pub fn lp_token_account(&mut self, keys: &PoolKeys, owner: &Address) -> Address {
        self.create_token_account(&keys.lp_mint, owner, 0)
    }

    /// Opens `lp`'s LP account in the pool unless it exists.
    pub fn open_lp_account(&mut self, keys: &PoolKeys, lp: &Trader) {
        let address = keys.lp_account(&lp.address());
        self.watch(&[address]);
        if self.svm.get_account(&address).is_none_or(|a| a.data.is_empty()) {
            self.send(&[ix_open_lp_account(keys, &lp.address())], &[&lp.keypair]).expect("open_lp_account");
        }
    }

    /// Creates a pool of `mint` with the default parameters and a $2,000 price, watching all its
    /// accounts.
    pub fn create_pool(&mut self, mint: Address, pool_id: u64) -> PoolKeys {
        self.create_pool_with(mint, pool_id, default_params())
    }

    /// Creates a pool of `mint` with `params` and a $2,000 price, watching all its accounts.
    pub fn create_pool_with(&mut self, mint: Address, pool_id: u64, params: RiskConfig) -> PoolKeys {
        let quote = Quote { price: usd(2_000), conf: 0, exponent: -8, ema: usd(2_000) };
        self.create_pool_quoted(mint, pool_id, params, quote, BASE_DECIMALS)
    }

    /// Creates a pool of `mint` with `params`, `roles` and a $2,000 price, watching all its
    /// accounts; `custodian` (the one `roles` names, if any) signs its consent.
    pub fn create_pool_roles(
        &mut self,
        mint: Address,
        pool_id: u64,
        params: RiskConfig,
        roles: bulkhead::state::PoolRoles,
        custodian: Option<&Keypair>,
    ) -> PoolKeys {
        let keys = PoolKeys::derive(&self.creator.pubkey(), pool_id, mint);
        self.set_quote(&keys, Quote { price: usd(2_000), conf: 0, exponent: -8, ema: usd(2_000) });
        let ix = ix_create_pool_roles(
            &self.creator.pubkey(),
            &keys,
            (params, feed_id(pool_id), BASE_DECIMALS),
            roles,
        );
        let creator = self.creator.insecure_clone();
        let signers: Vec<&Keypair> = std::iter::once(&creator).chain(custodian).collect();
        self.send(&[ix], &signers)
            .unwrap_or_else(|e| panic!("create_pool: {:?}\n{}", e.err, e.meta.logs.join("\n")));
        self.watch(&keys.accounts());
        keys
    }

    /// Creates a pool at `quote` with `base_decimals`, watching all its accounts.
    pub fn create_pool_quoted(
        &mut self,
        mint: Address,
        pool_id: u64,
        params: RiskConfig,
        quote: Quote,
        base_decimals: i8,
    ) -> PoolKeys {
        let keys = PoolKeys::derive(&self.creator.pubkey(), pool_id, mint);
        self.set_quote(&keys, quote);
        let ix = ix_create_pool(&self.creator.pubkey(), &keys, params, feed_id(pool_id), base_decimals);
        let creator = self.creator.insecure_clone();
        self.send(&[ix], &[&creator])
            .unwrap_or_else(|e| panic!("create_pool: {:?}\n{}", e.err, e.meta.logs.join("\n")));
        self.watch(&keys.accounts());
        keys
    }

    /// The configured risk parameters of a pool.
    pub fn config(&self, keys: &PoolKeys) -> RiskConfig {
        self.risk_params(&keys.risk_params).config
    }

    /// Moves the clock to the request's stored target time (if it is not there yet) and publishes
    /// the pool's current quote as its pinned print: `publish_time = T`, `prev_publish_time = T - 1`.
    pub fn pin(&mut self, keys: &PoolKeys, request: &bulkhead::state::Request) {
        let target = request.target_time;
        if self.now() < target {
            self.set_time(target);
        }
        self.publish(keys, target, target - 1);
    }

    /// The recent print a keeper passes with an execution of a request pinned at `target`: when
    /// the execution is late (`EXECUTION_GRACE_SECS` after `target` on the pool's clock), the
    /// pool's current quote published now at [`PoolKeys::recent_price_update`]; else none.
    pub fn recent_for(&mut self, keys: &PoolKeys, target: i64) -> Option<Address> {
        let newest = self.pool(&keys.pool).market.last_oracle_publish_time;
        let now = self.now();
        if now.max(newest) <= target + EXECUTION_GRACE_SECS {
            return None;
        }
        let update = self.print(keys, now.max(newest), now.max(newest) - 1);
        self.put_price_update_at(keys.recent_price_update, &update);
        Some(keys.recent_price_update)
    }

    /// Installs `config` in the pool through its governance, as its authority (the creator) would:
    /// proposed, then, when it is not risk-reducing, applied by anyone once the timelock passed.
    pub fn govern(&mut self, keys: &PoolKeys, config: RiskConfig) {
        let creator = self.creator.pubkey();
        self.as_creator(ix_propose_params(keys, &creator, config)).expect("propose_params");
        let pending = self.risk_params(&keys.risk_params).pending;
        if pending.active == 1 {
            self.set_time(pending.eta);
            self.send(&[ix_apply_params(keys)], &[]).expect("apply_params");
        }
        assert_eq!(self.config(keys), config);
    }

    /// The creator (as authority) announces an insurance withdrawal of `amount` and the clock
    /// moves past the timelock, so `withdraw_insurance` may move it.
    pub fn announce_insurance(&mut self, keys: &PoolKeys, amount: u64) {
        let me = self.creator.pubkey();
        self.as_creator(ix_announce_insurance(keys, &me, amount)).expect("announce_insurance_withdrawal");
        let timelock = self.config(keys).timelock_secs;
        self.advance(i64::from(timelock));
    }

    /// Sends `ix` signed by the creator: the authority (and sponsor) of every pool it creates.
    pub fn as_creator(&mut self, ix: Instruction) -> TxResult {
        let creator = self.creator.insecure_clone();
        self.send(&[ix], &[&creator])
    }

    /// Requests `order` for `trader`, funding its tip in the same transaction as a client does.
    pub fn request_trade(&mut self, keys: &PoolKeys, trader: &Trader, order: Order) -> TxResult {
        let margin = keys.margin(&trader.address());
        let ix = ix_request_trade(keys, &trader.address(), order);
        self.send_tipped(&trader.keypair, &margin, order.tip_lamports, ix)
    }

    /// Sends `ix` signed by `owner`, preceded by a System transfer of `tip` lamports from `owner` to
    /// `account` when `tip > 0`.
    pub fn send_tipped(&mut self, owner: &Keypair, account: &Address, tip: u64, ix: Instruction) -> TxResult {
        let mut ixs = Vec::new();
        if tip > 0 {
            ixs.push(ix_fund_tip(&owner.pubkey(), account, tip));
        }
        ixs.push(ix);
        self.send(&ixs, &[owner])
    }

    /// Requests an LP deposit, funding its tip.
    pub fn request_add(
        &mut self,
        keys: &PoolKeys,
        lp: &Trader,
        tokens: &LpTokens,
        amount: u64,
        min_out: u64,
        tip: u64,
    ) -> TxResult {
        let ix = ix_request_add(keys, tokens, amount, min_out, tip);
        self.send_tipped(&lp.keypair, &keys.lp_account(&lp.address()), tip, ix)
    }

    /// Requests an LP withdrawal, funding its tip.
    pub fn request_remove(
        &mut self,
        keys: &PoolKeys,
        lp: &Trader,
        tokens: &LpTokens,
        shares: u64,
        min_out: u64,
        tip: u64,
    ) -> TxResult {
        let ix = ix_request_remove(keys, tokens, shares, min_out, tip);
        self.send_tipped(&lp.keypair, &keys.lp_account(&lp.address()), tip, ix)
    }

    /// Executes `owner`'s pending trade request at its pinned print, as the keeper (with a recent
    /// print of the current quote when the execution is late).
    pub fn execute_trade(&mut self, keys: &PoolKeys, owner: &Address) -> TxResult {
        let request = self.margin(&keys.margin(owner)).request;
        self.pin(keys, &request);
        let recent = self.recent_for(keys, request.target_time);
        let keeper = self.keeper.insecure_clone();
        self.send(&[ix_execute_trade_with(keys, &keeper.pubkey(), owner, recent)], &[&keeper])
    }

    /// Requests a market order of `size_delta` lots and executes it at the pool's current quote.
    /// The execution transaction's result: it succeeds also when an order check cancels the
    /// request (see [`executed`]).
    pub fn trade(&mut self, keys: &PoolKeys, trader: &Trader, size_delta: i64) -> TxResult {
        self.order(keys, trader, Order::market(size_delta))
    }

    /// Requests `order` and executes it at the pool's current quote.
    pub fn order(&mut self, keys: &PoolKeys, trader: &Trader, order: Order) -> TxResult {
        self.request_trade(keys, trader, order)?;
        self.execute_trade(keys, &trader.address())
    }

    /// Opens `trader`'s margin account in `pool`.
    pub fn open_margin(&mut self, keys: &PoolKeys, trader: &Trader) -> Address {
        let margin = keys.margin(&trader.address());
        self.watch(&[margin]);
        self.send(&[ix_open_margin(keys, &trader.address())], &[&trader.keypair])
            .expect("open_margin_account");
        margin
    }

    /// Deposits `amount` from `trader`'s token account into `pool`.
    pub fn deposit(&mut self, keys: &PoolKeys, trader: &Trader, amount: u64) -> TxResult {
        let ix = ix_deposit(keys, &trader.address(), &trader.token_account, amount);
        self.send(&[ix], &[&trader.keypair])
    }

    /// Withdraws `amount` from `trader`'s margin account in `pool` (republishing the current quote
    /// as a fresh print first, as a one-step read needs).
    pub fn withdraw(&mut self, keys: &PoolKeys, trader: &Trader, amount: u64) -> TxResult {
        let now = self.now();
        self.publish(keys, now, now - 1);
        let ix = ix_withdraw(keys, &trader.address(), &trader.token_account, amount);
        self.send(&[ix], &[&trader.keypair])
    }

    /// A trader with `collateral` deposited in a new margin account of `keys`' pool.
    pub fn funded_trader(&mut self, keys: &PoolKeys, collateral: u64) -> Trader {
        let t = self.trader(&keys.mint, collateral.max(1).saturating_mul(10));
        self.open_margin(keys, &t);
        if collateral > 0 {
            self.deposit(keys, &t, collateral).expect("deposit");
        }
        t
    }

    /// Requests a deposit of `amount` from `lp` and executes it.
    pub fn add_liquidity_to(
        &mut self,
        keys: &PoolKeys,
        lp: &Trader,
        shares: Address,
        amount: u64,
    ) -> TxResult {
        let tokens = lp.lp(shares);
        self.open_lp_account(keys, lp);
        self.send(&[ix_request_add(keys, &tokens, amount, 0, 0)], &[&lp.keypair])?;
        self.execute_liquidity(keys, &tokens)
    }

    /// Adds `amount` of liquidity from `lp` with a fresh LP token account; returns that account.
    pub fn add_liquidity(&mut self, keys: &PoolKeys, lp: &Trader, amount: u64) -> Address {
        let shares = self.lp_token_account(keys, &lp.address());
        let ev = executed_liquidity(&self.add_liquidity_to(keys, lp, shares, amount));
        assert!(ev.shares > 0);
        shares
    }

    /// Requests the withdrawal of `shares` by `lp` and executes it after the withdrawal delay.
    pub fn remove_liquidity(
        &mut self,
        keys: &PoolKeys,
        lp: &Trader,
        lp_tokens: Address,
        shares: u64,
    ) -> TxResult {
        let tokens = lp.lp(lp_tokens);
        self.open_lp_account(keys, lp);
        self.send(&[ix_request_remove(keys, &tokens, shares, 0, 0)], &[&lp.keypair])?;
        self.execute_liquidity(keys, &tokens)
    }

    /// Liquidates `owner`'s account in `keys`' pool as `liquidator`, the reward to the liquidator's
    /// token account, after republishing the pool's current quote as a fresh print.
    pub fn liquidate(&mut self, keys: &PoolKeys, liquidator: &Trader, owner: &Address) -> TxResult {
        let now = self.now();
        self.publish(keys, now, now - 1);
        let ix = ix_liquidate(keys, &liquidator.address(), owner, &liquidator.token_account);
        self.send(&[ix], &[&liquidator.keypair])
    }

    /// `settle_pnl` of `owner`'s account in `keys`' pool by the keeper, after republishing the pool's
    /// current quote as a fresh print.
    pub fn settle_pnl(&mut self, keys: &PoolKeys, owner: &Address) -> TxResult {
        let now = self.now();
        self.publish(keys, now, now - 1);
        let keeper = self.keeper.insecure_clone();
        self.send(&[ix_settle_pnl(keys, &keeper.pubkey(), owner)], &[&keeper])
    }

    /// The pool's sponsor (the harness's creator, who sponsors every pool it creates) with a new
    /// token account of the pool's mint holding `amount`.
    pub fn sponsor(&mut self, keys: &PoolKeys, amount: u64) -> Trader {
        let keypair = self.creator.insecure_clone();
        let token_account = self.create_token_account(&keys.mint, &keypair.pubkey(), amount);
        Trader { keypair, token_account }
    }

    /// `sponsor_deposit` of `amount` by the sponsor.
    pub fn sponsor_deposit(&mut self, keys: &PoolKeys, sponsor: &Trader, amount: u64) -> TxResult {
        let ix = ix_sponsor_deposit(keys, &sponsor.address(), &sponsor.token_account, amount);
        self.send(&[ix], &[&sponsor.keypair])
    }

    /// `fund_insurance` of `amount` by `funder`.
    pub fn fund_insurance(&mut self, keys: &PoolKeys, funder: &Trader, amount: u64) -> TxResult {
        let ix = ix_fund_insurance(keys, &funder.address(), &funder.token_account, amount);
        self.send(&[ix], &[&funder.keypair])
    }

    /// Executes `lp`'s pending LP request at its pinned print, as the keeper (with a recent print
    /// of the current quote when the execution is late).
    pub fn execute_liquidity(&mut self, keys: &PoolKeys, lp: &LpTokens) -> TxResult {
        let request = self.lp_account(&keys.lp_account(&lp.owner)).request;
        self.pin(keys, &request);
        let recent = self.recent_for(keys, request.target_time);
        let keeper = self.keeper.insecure_clone();
        self.send(&[ix_execute_liquidity_with(keys, &keeper.pubkey(), lp, recent)], &[&keeper])
    }

    /// `refresh_price` of the pool's current quote published at `publish_time`, by the keeper.
    pub fn refresh_price(&mut self, keys: &PoolKeys, publish_time: i64) -> TxResult {
        let update = self.print(keys, publish_time, publish_time - 1);
        self.put_price_update_at(keys.recent_price_update, &update);
        let keeper = self.keeper.insecure_clone();
        self.send(&[ix_refresh_price(keys, &keeper.pubkey(), &keys.recent_price_update)], &[&keeper])
    }
}

/// The `TradeExecuted` event of an execution; panics (with the cancellation reason) otherwise.
pub fn executed(result: &TxResult) -> TradeExecuted {
    cancelled_or(result, events::<TradeExecuted>)
}

/// The `LiquidityMoved` event of an LP execution; panics (with the cancellation reason) otherwise.
pub fn executed_liquidity(result: &TxResult) -> LiquidityMoved {
    cancelled_or(result, events::<LiquidityMoved>)
}

/// The reason of the `RequestCancelled` event of a transaction, or `None` when it emitted none.
pub fn cancel_reason(result: &TxResult) -> Option<u64> {
    let meta = result.as_ref().unwrap_or_else(|e| panic!("failed: {:?}\n{}", e.err, e.meta.logs.join("\n")));
    events::<RequestCancelled>(meta).first().map(|e| e.reason)
}

fn cancelled_or<E: Copy>(result: &TxResult, found: impl Fn(&TransactionMetadata) -> Vec<E>) -> E {
    let meta = result.as_ref().unwrap_or_else(|e| panic!("failed: {:?}\n{}", e.err, e.meta.logs.join("\n")));
    if let Some(c) = events::<RequestCancelled>(meta).first() {
        panic!("request cancelled with reason {}\n{}", c.reason, meta.logs.join("\n"));
    }
    found(meta)[0]
}

/// A pool with $1,000,000 of LP capital at a $2,000 price and a trader with $1,000 of collateral
/// in a margin account; the clock near t = 1,000,000.
pub struct Market {
    pub env: Env,
    pub keys: PoolKeys,
    pub lp: Trader,
    pub lp_tokens: Address,
    pub trader: Trader,
}

/// LP capital of [`market`] (collateral units: $1,000,000).
pub const MARKET_LP_CAPITAL: u64 = 1_000_000_000_000;
/// The trader's collateral in [`market`] (collateral units: $1,000).
pub const MARKET_COLLATERAL: u64 = 1_000_000_000;

/// [`Market`] with the default parameters.
pub fn market() -> Market {
    market_with(default_params())
}

/// [`Market`] with `params`.
pub fn market_with(params: RiskConfig) -> Market {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let keys = env.create_pool_with(mint, 1, params);
    let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
    let lp_tokens = env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
    let trader = env.funded_trader(&keys, MARKET_COLLATERAL);
    Market { env, keys, lp, lp_tokens, trader }
}

/// Two pools of one mint with the default parameters (ids 1 and 2), each with $1,000,000 of LP
/// capital from one LP and a trader with $1,000 of collateral: a pool and its twin, for tests that
/// compare what one event does against a pool it did not happen to.
pub struct Twins {
    pub env: Env,
    pub a: PoolKeys,
    pub b: PoolKeys,
    pub lp: Trader,
    /// The trader in `a`.
    pub ta: Trader,
    /// The trader in `b`.
    pub tb: Trader,
}

/// See [`Twins`].
pub fn twins() -> Twins {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let (a, b) = (env.create_pool(mint, 1), env.create_pool(mint, 2));
    let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
    env.add_liquidity(&a, &lp, MARKET_LP_CAPITAL);
    env.add_liquidity(&b, &lp, MARKET_LP_CAPITAL);
    let (ta, tb) = (env.funded_trader(&a, MARKET_COLLATERAL), env.funded_trader(&b, MARKET_COLLATERAL));
    Twins { env, a, b, lp, ta, tb }
}

/// Another pool of the same mint (id 99), with an LP and an open position, snapshotted whole: an
/// attack on one pool must not move a byte of it (`assert_untouched`).
pub struct Bystander(std::collections::BTreeMap<Address, Option<solana_account::Account>>);

impl Bystander {
    /// Creates the pool and takes its snapshot.
    pub fn new(env: &mut Env, mint: Address) -> Self {
        let keys = env.create_pool(mint, 99);
        let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
        env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
        let t = env.funded_trader(&keys, MARKET_COLLATERAL);
        executed(&env.trade(&keys, &t, 1_000_000));
        let mut accounts = keys.accounts().to_vec();
        accounts.extend([keys.margin(&t.address()), keys.lp_account(&lp.address())]);
        Bystander(env.snapshot_of(&accounts))
    }

    /// Asserts that no account of the bystander pool changed.
    pub fn assert_untouched(&self, env: &Env) {
        for (address, state) in &self.0 {
            assert_eq!(&env.svm.get_account(address), state, "bystander pool account {address} changed");
        }
    }
}

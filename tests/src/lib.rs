//! LiteSVM harness for bulkhead: loads the real `target/deploy/bulkhead.so`, builds instructions with
//! the program's Anchor-generated client types, and snapshots accounts so negative tests can prove
//! that nothing moved. Shared by the integration tests, the benchmark and the demo.

use anchor_lang::{InstructionData, ToAccountMetas};
use bulkhead::state::{seeds, LpPosition, MarginAccount, Pool, RiskConfig, RiskParams};
use litesvm::types::{FailedTransactionMetadata, TransactionMetadata};
use litesvm::LiteSVM;
use solana_account::Account;
use solana_instruction::{error::InstructionError, Instruction};
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;
use std::collections::BTreeMap;

pub mod pyth;

pub use anchor_lang::prelude::Address;
pub use bulkhead::oracle::PYTH_RECEIVER;

/// The SPL Token program, as LiteSVM ships it.
pub const TOKEN_PROGRAM: Address = anchor_lang::address!("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// The system program.
pub const SYSTEM_PROGRAM: Address = Address::new_from_array([0; 32]);
/// Anchor's `ConstraintExecutable`: a non-executable account passed where a program belongs.
pub const ANCHOR_CONSTRAINT_EXECUTABLE: u32 = 2007;
/// Anchor's `ConstraintDuplicateMutableAccount`: one account in two writable slots.
pub const ANCHOR_DUPLICATE_MUTABLE_ACCOUNT: u32 = 2040;
/// The system program's `AccountAlreadyInUse`: `init` on an account that already exists.
pub const SYSTEM_ACCOUNT_ALREADY_IN_USE: u32 = 0;
/// SPL token account size (bytes).
pub const TOKEN_ACCOUNT_LEN: usize = 165;
/// SPL mint size (bytes).
pub const MINT_LEN: usize = 82;

/// Path of the program built by `scripts/build-sbf.sh`.
pub fn program_path() -> String {
    format!("{}/../target/deploy/bulkhead.so", env!("CARGO_MANIFEST_DIR"))
}

/// Outcome of one transaction.
pub type TxResult = Result<TransactionMetadata, FailedTransactionMetadata>;

/// A valid parameter set: 10% initial margin (10x), 5% maintenance, 2% penalty.
pub fn default_params() -> RiskConfig {
    RiskConfig {
        initial_margin_bps: 1_000,
        maintenance_margin_bps: 500,
        liquidation_penalty_bps: 200,
        liquidator_share_bps: 5_000,
        taker_fee_bps: 10,
        oracle_max_staleness_secs: 60,
        oracle_max_conf_bps: 200,
        oracle_conf_multiplier_bps: 10_000,
        oracle_reduce_staleness_secs: 240,
        oracle_reduce_max_conf_bps: 400,
        borrow_rate_bps_per_year: 1_000,
        skew_spread_bps: 0,
        lp_cooldown_secs: 3_600,
        reserve_ratio_bps: 10_000,
        max_open_interest: 1_000_000_000,
        max_position_size: 100_000_000,
        min_position_size: 1_000,
    }
}

/// Every address of one pool.
#[derive(Clone, Copy, Debug)]
pub struct PoolKeys {
    pub pool: Address,
    pub risk_params: Address,
    pub vault: Address,
    pub vault_authority: Address,
    pub lp_mint: Address,
    pub mint: Address,
    pub pool_id: u64,
    /// This pool's `PriceUpdateV2` account (see [`Env::set_price`]).
    pub price_update: Address,
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
            mint,
            pool_id,
            price_update: Address::find_program_address(&[b"price", pool.as_ref()], &PYTH_RECEIVER).0,
        }
    }

    /// `["lp", pool, owner]`.
    pub fn lp_position(&self, owner: &Address) -> Address {
        Address::find_program_address(
            &[seeds::LP_POSITION, self.pool.as_ref(), owner.as_ref()],
            &bulkhead::ID,
        )
        .0
    }

    /// `["margin", pool, owner]`.
    pub fn margin(&self, owner: &Address) -> Address {
        Address::find_program_address(&[seeds::MARGIN, self.pool.as_ref(), owner.as_ref()], &bulkhead::ID).0
    }
}

/// A trader with a funded wallet and a token account of one mint.
pub struct Trader {
    pub keypair: Keypair,
    pub token_account: Address,
}

impl Trader {
    pub fn address(&self) -> Address {
        self.keypair.pubkey()
    }
}

/// The LiteSVM world: the program, a fee payer that takes part in nothing else, and a registry of
/// every address the test created, for whole-world snapshots.
pub struct Env {
    pub svm: LiteSVM,
    pub fee_payer: Keypair,
    pub creator: Keypair,
    watched: Vec<Address>,
    /// Next seed for [`Env::keypair`] when keys are deterministic (benchmarks), else `None`.
    next_seed: Option<u64>,
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    /// Loads the program from `target/deploy/bulkhead.so`; every key is random.
    pub fn new() -> Self {
        Self::with_seeds(None)
    }

    /// Like [`Env::new`] but every keypair comes from a fixed seed, so PDA bump searches (and so
    /// compute units) are the same on every run. For benchmarks.
    pub fn deterministic() -> Self {
        Self::with_seeds(Some(1))
    }

    fn with_seeds(next_seed: Option<u64>) -> Self {
        let mut svm = LiteSVM::new();
        svm.add_program_from_file(bulkhead::ID, program_path())
            .expect("target/deploy/bulkhead.so: run scripts/build-sbf.sh first");
        let mut env =
            Env { svm, fee_payer: Keypair::new(), creator: Keypair::new(), watched: Vec::new(), next_seed };
        env.fee_payer = env.keypair();
        env.creator = env.keypair();
        let (fee_payer, creator) = (env.fee_payer.pubkey(), env.creator.pubkey());
        env.svm.airdrop(&fee_payer, 100_000_000_000).unwrap();
        env.svm.airdrop(&creator, 100_000_000_000).unwrap();
        env.watch(&[creator]);
        env
    }

    /// A new keypair: random, or from the next fixed seed in a deterministic environment.
    pub fn keypair(&mut self) -> Keypair {
        match self.next_seed.as_mut() {
            None => Keypair::new(),
            Some(seed) => {
                *seed += 1;
                let mut secret = [0xB5; 32];
                secret[..8].copy_from_slice(&seed.to_le_bytes());
                Keypair::new_from_array(secret)
            }
        }
    }

    /// Adds addresses to the set every snapshot covers.
    pub fn watch(&mut self, addresses: &[Address]) {
        for a in addresses {
            if !self.watched.contains(a) {
                self.watched.push(*a);
            }
        }
    }

    /// Writes an account directly (test fixtures only) and watches it.
    pub fn put(&mut self, address: Address, owner: Address, data: Vec<u8>) {
        let lamports = self.svm.minimum_balance_for_rent_exemption(data.len()).max(1);
        self.svm
            .set_account(address, Account { lamports, data, owner, executable: false, rent_epoch: 0 })
            .unwrap();
        self.watch(&[address]);
    }

    /// Deploys a copy of the bulkhead program at a new address: a real executable program that is
    /// not the one an instruction expects (a fake token program, say).
    pub fn impostor_program(&mut self) -> Address {
        let address = Address::new_unique();
        self.svm.add_program_from_file(address, program_path()).unwrap();
        address
    }

    /// A new SPL mint with `decimals`, its authority a throwaway key.
    pub fn create_mint(&mut self, decimals: u8) -> Address {
        let mint = Address::new_unique();
        self.put(mint, TOKEN_PROGRAM, mint_data(&Address::new_unique(), decimals));
        mint
    }

    /// A new SPL token account of `mint` owned by `owner`, holding `amount`.
    pub fn create_token_account(&mut self, mint: &Address, owner: &Address, amount: u64) -> Address {
        let account = Address::new_unique();
        self.put(account, TOKEN_PROGRAM, token_account_data(mint, owner, amount));
        account
    }

    /// A funded trader holding `amount` of `mint`.
    pub fn trader(&mut self, mint: &Address, amount: u64) -> Trader {
        let keypair = self.keypair();
        self.svm.airdrop(&keypair.pubkey(), 10_000_000_000).unwrap();
        let token_account = self.create_token_account(mint, &keypair.pubkey(), amount);
        self.watch(&[keypair.pubkey()]);
        Trader { keypair, token_account }
    }

    /// The cluster clock's unix timestamp (seconds).
    pub fn now(&self) -> i64 {
        self.svm.get_sysvar::<solana_clock::Clock>().unix_timestamp
    }

    /// Moves the cluster clock to `unix_timestamp` (seconds) and the slot forward by one.
    pub fn set_time(&mut self, unix_timestamp: i64) {
        let mut clock = self.svm.get_sysvar::<solana_clock::Clock>();
        clock.unix_timestamp = unix_timestamp;
        clock.slot += 1;
        self.svm.set_sysvar(&clock);
    }

    /// Writes `update` as the pool's price account, owned by the Pyth receiver.
    pub fn put_price_update(&mut self, keys: &PoolKeys, update: &pyth::PriceUpdateV2) {
        self.put(keys.price_update, PYTH_RECEIVER, update.account_data());
    }

    /// Publishes a fully verified price for the pool's feed at the current time: `price` and `conf`
    /// are Pyth mantissas with exponent -8 (so `usd(2_000)` is $2,000).
    pub fn set_price(&mut self, keys: &PoolKeys, price: i64, conf: u64) {
        let now = self.now();
        self.put_price_update(keys, &pyth::PriceUpdateV2::new(feed_id(keys.pool_id), price, conf, -8, now));
    }

    /// A token account of the pool's LP mint owned by `owner`.
    pub fn lp_token_account(&mut self, keys: &PoolKeys, owner: &Address) -> Address {
        self.create_token_account(&keys.lp_mint, owner, 0)
    }

    /// Sends one transaction paid by the fee payer and signed by `signers`; expires the blockhash
    /// afterwards so an identical transaction can be sent again.
    pub fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxResult {
        let mut all: Vec<&Keypair> = vec![&self.fee_payer];
        all.extend_from_slice(signers);
        let msg = Message::new(ixs, Some(&self.fee_payer.pubkey()));
        let tx = Transaction::new(&all, msg, self.svm.latest_blockhash());
        let result = self.svm.send_transaction(tx);
        self.svm.expire_blockhash();
        result
    }

    /// Every watched account's full state (lamports, owner, data), absent ones as `None`.
    pub fn snapshot(&self) -> BTreeMap<Address, Option<Account>> {
        self.watched.iter().map(|a| (*a, self.svm.get_account(a))).collect()
    }

    /// Sends `ix` expecting it to fail with `expected` on instruction 0, and asserts that no watched
    /// account (every pool account, vault, mint, wallet and token account of the test) changed a byte
    /// or a lamport. Only the dedicated fee payer pays the fee.
    pub fn assert_rejected(&mut self, ix: Instruction, signers: &[&Keypair], expected: InstructionError) {
        let before = self.snapshot();
        let result = self.send(&[ix], signers);
        let failed = match result {
            Ok(meta) => panic!("expected {expected:?}, but it succeeded:\n{}", meta.logs.join("\n")),
            Err(failed) => failed,
        };
        assert_eq!(
            failed.err,
            TransactionError::InstructionError(0, expected.clone()),
            "wrong error; logs:\n{}",
            failed.meta.logs.join("\n")
        );
        let after = self.snapshot();
        for (address, state) in &before {
            assert_eq!(state, &after[address], "account {address} changed on a rejected instruction");
        }
    }

    pub fn account(&self, address: &Address) -> Account {
        self.svm.get_account(address).unwrap_or_else(|| panic!("no account {address}"))
    }

    pub fn token_balance(&self, address: &Address) -> u64 {
        u64::from_le_bytes(self.account(address).data[64..72].try_into().unwrap())
    }

    pub fn pool(&self, address: &Address) -> Pool {
        load(&self.account(address).data)
    }

    pub fn risk_params(&self, address: &Address) -> RiskParams {
        load(&self.account(address).data)
    }

    pub fn margin(&self, address: &Address) -> MarginAccount {
        load(&self.account(address).data)
    }

    pub fn lp_position(&self, address: &Address) -> LpPosition {
        load(&self.account(address).data)
    }

    /// Creates a pool of `mint` with the default parameters and a $2,000 price, watching all its
    /// accounts.
    pub fn create_pool(&mut self, mint: Address, pool_id: u64) -> PoolKeys {
        self.create_pool_with(mint, pool_id, default_params())
    }

    /// Creates a pool of `mint` with `params` and a $2,000 price, watching all its accounts.
    pub fn create_pool_with(&mut self, mint: Address, pool_id: u64, params: RiskConfig) -> PoolKeys {
        let keys = PoolKeys::derive(&self.creator.pubkey(), pool_id, mint);
        let ix = ix_create_pool(&self.creator.pubkey(), &keys, params, feed_id(pool_id));
        let creator = self.creator.insecure_clone();
        self.send(&[ix], &[&creator]).expect("create_pool");
        self.watch(&[keys.pool, keys.risk_params, keys.vault, keys.vault_authority, keys.lp_mint]);
        self.set_price(&keys, usd(2_000), 0);
        keys
    }

    /// Adds `amount` of liquidity from `lp` (its collateral token account) to `keys`' pool, with a
    /// fresh LP token account; returns that LP token account.
    pub fn add_liquidity(&mut self, keys: &PoolKeys, lp: &Trader, amount: u64) -> Address {
        let lp_tokens = self.lp_token_account(keys, &lp.address());
        self.watch(&[keys.lp_position(&lp.address())]);
        let ix = ix_add_liquidity(keys, &lp.address(), &lp.token_account, &lp_tokens, amount, 0);
        self.send(&[ix], &[&lp.keypair]).expect("add_liquidity");
        lp_tokens
    }

    /// Trades `size_delta` lots for `trader` in `keys`' pool with no slippage bound.
    pub fn trade(&mut self, keys: &PoolKeys, trader: &Trader, size_delta: i64) -> TxResult {
        let worst = if size_delta > 0 { u64::MAX } else { 0 };
        self.send(&[ix_trade(keys, &trader.address(), size_delta, worst)], &[&trader.keypair])
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

    /// Withdraws `amount` from `trader`'s margin account in `pool`.
    pub fn withdraw(&mut self, keys: &PoolKeys, trader: &Trader, amount: u64) -> TxResult {
        let ix = ix_withdraw(keys, &trader.address(), &trader.token_account, amount);
        self.send(&[ix], &[&trader.keypair])
    }
}

/// A pool with $1,000,000 of LP capital at a $2,000 price and a trader with $1,000 of collateral
/// in a margin account; the clock at t = 1,000,000.
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
    env.set_time(1_000_000);
    let mint = env.create_mint(6);
    let keys = env.create_pool_with(mint, 1, params);
    let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
    let lp_tokens = env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
    let trader = env.trader(&mint, 10 * MARKET_COLLATERAL);
    env.open_margin(&keys, &trader);
    env.deposit(&keys, &trader, MARKET_COLLATERAL).unwrap();
    Market { env, keys, lp, lp_tokens, trader }
}

/// A deterministic, non-zero Pyth feed id per test pool.
pub fn feed_id(seed: u64) -> [u8; 32] {
    let mut id = [0xAB; 32];
    id[..8].copy_from_slice(&seed.to_le_bytes());
    id
}

/// Reads a zero-copy account after its 8-byte discriminator.
pub fn load<T: anchor_lang::bytemuck::Pod>(data: &[u8]) -> T {
    anchor_lang::bytemuck::pod_read_unaligned(&data[8..8 + std::mem::size_of::<T>()])
}

/// SPL mint bytes: initialized, `decimals`, with a mint authority and no freeze authority.
pub fn mint_data(authority: &Address, decimals: u8) -> Vec<u8> {
    let mut d = vec![0u8; MINT_LEN];
    d[0..4].copy_from_slice(&1u32.to_le_bytes());
    d[4..36].copy_from_slice(authority.as_ref());
    d[44] = decimals;
    d[45] = 1;
    d
}

/// SPL token account bytes: initialized, `mint`, `owner`, `amount`.
pub fn token_account_data(mint: &Address, owner: &Address, amount: u64) -> Vec<u8> {
    let mut d = vec![0u8; TOKEN_ACCOUNT_LEN];
    d[0..32].copy_from_slice(mint.as_ref());
    d[32..64].copy_from_slice(owner.as_ref());
    d[64..72].copy_from_slice(&amount.to_le_bytes());
    d[108] = 1;
    d
}

fn instruction(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction { program_id: bulkhead::ID, accounts: accounts.to_account_metas(None), data: data.data() }
}

pub fn ix_create_pool(creator: &Address, keys: &PoolKeys, params: RiskConfig, feed: [u8; 32]) -> Instruction {
    instruction(
        bulkhead::accounts::CreatePool {
            creator: *creator,
            pool: keys.pool,
            risk_params: keys.risk_params,
            collateral_mint: keys.mint,
            vault_authority: keys.vault_authority,
            vault: keys.vault,
            lp_mint: keys.lp_mint,
            token_program: TOKEN_PROGRAM,
            system_program: SYSTEM_PROGRAM,
        },
        bulkhead::instruction::CreatePool {
            pool_id: keys.pool_id,
            authority: *creator,
            oracle_feed_id: feed,
            params,
        },
    )
}

pub fn ix_open_margin(keys: &PoolKeys, owner: &Address) -> Instruction {
    instruction(
        bulkhead::accounts::OpenMarginAccount {
            owner: *owner,
            pool: keys.pool,
            margin_account: keys.margin(owner),
            system_program: SYSTEM_PROGRAM,
        },
        bulkhead::instruction::OpenMarginAccount {},
    )
}

pub fn ix_close_margin(keys: &PoolKeys, owner: &Address) -> Instruction {
    instruction(
        bulkhead::accounts::CloseMarginAccount {
            owner: *owner,
            pool: keys.pool,
            margin_account: keys.margin(owner),
        },
        bulkhead::instruction::CloseMarginAccount {},
    )
}

pub fn ix_deposit(keys: &PoolKeys, owner: &Address, user_token: &Address, amount: u64) -> Instruction {
    instruction(
        bulkhead::accounts::DepositCollateral {
            owner: *owner,
            pool: keys.pool,
            margin_account: keys.margin(owner),
            vault: keys.vault,
            user_token_account: *user_token,
            token_program: TOKEN_PROGRAM,
        },
        bulkhead::instruction::DepositCollateral { amount },
    )
}

pub fn ix_withdraw(keys: &PoolKeys, owner: &Address, user_token: &Address, amount: u64) -> Instruction {
    instruction(
        bulkhead::accounts::WithdrawCollateral {
            owner: *owner,
            pool: keys.pool,
            risk_params: keys.risk_params,
            margin_account: keys.margin(owner),
            vault: keys.vault,
            vault_authority: keys.vault_authority,
            user_token_account: *user_token,
            price_update: keys.price_update,
            token_program: TOKEN_PROGRAM,
        },
        bulkhead::instruction::WithdrawCollateral { amount },
    )
}

pub fn ix_trade(keys: &PoolKeys, owner: &Address, size_delta: i64, worst_price: u64) -> Instruction {
    instruction(
        bulkhead::accounts::Trade {
            owner: *owner,
            pool: keys.pool,
            risk_params: keys.risk_params,
            margin_account: keys.margin(owner),
            price_update: keys.price_update,
        },
        bulkhead::instruction::Trade { size_delta, worst_price },
    )
}

pub fn ix_add_liquidity(
    keys: &PoolKeys,
    owner: &Address,
    user_token: &Address,
    user_lp_token: &Address,
    amount: u64,
    min_shares_out: u64,
) -> Instruction {
    instruction(
        bulkhead::accounts::AddLiquidity {
            owner: *owner,
            pool: keys.pool,
            risk_params: keys.risk_params,
            lp_position: keys.lp_position(owner),
            vault: keys.vault,
            vault_authority: keys.vault_authority,
            lp_mint: keys.lp_mint,
            user_token_account: *user_token,
            user_lp_token_account: *user_lp_token,
            price_update: keys.price_update,
            token_program: TOKEN_PROGRAM,
            system_program: SYSTEM_PROGRAM,
        },
        bulkhead::instruction::AddLiquidity { amount, min_shares_out },
    )
}

pub fn ix_remove_liquidity(
    keys: &PoolKeys,
    owner: &Address,
    user_token: &Address,
    user_lp_token: &Address,
    shares: u64,
    min_amount_out: u64,
) -> Instruction {
    instruction(
        bulkhead::accounts::RemoveLiquidity {
            owner: *owner,
            pool: keys.pool,
            risk_params: keys.risk_params,
            lp_position: keys.lp_position(owner),
            vault: keys.vault,
            vault_authority: keys.vault_authority,
            lp_mint: keys.lp_mint,
            user_token_account: *user_token,
            user_lp_token_account: *user_lp_token,
            price_update: keys.price_update,
            token_program: TOKEN_PROGRAM,
        },
        bulkhead::instruction::RemoveLiquidity { shares, min_amount_out },
    )
}

/// A Pyth mantissa at exponent -8 for `dollars`.
pub const fn usd(dollars: i64) -> i64 {
    dollars * 100_000_000
}

/// `dollars` per unit of the underlying as a program price (6-decimal collateral: collateral units
/// per base lot x 1e9).
pub const fn price_e9(dollars: u64) -> u64 {
    // 1 unit = 1e6 lots, $1 = 1e6 collateral units: dollars per lot = dollars units; x 1e9.
    dollars * 1_000_000_000
}

pub fn ix_attest(keys: &PoolKeys) -> Instruction {
    instruction(
        bulkhead::accounts::AttestSolvency { pool: keys.pool, vault: keys.vault },
        bulkhead::instruction::AttestSolvency {},
    )
}

/// An SPL Token `Transfer` (instruction 3) of `amount` from `source` to `destination`, signed by `owner`.
pub fn ix_spl_transfer(source: &Address, destination: &Address, owner: &Address, amount: u64) -> Instruction {
    let mut data = vec![3u8];
    data.extend_from_slice(&amount.to_le_bytes());
    Instruction {
        program_id: TOKEN_PROGRAM,
        accounts: vec![
            solana_instruction::AccountMeta::new(*source, false),
            solana_instruction::AccountMeta::new(*destination, false),
            solana_instruction::AccountMeta::new_readonly(*owner, true),
        ],
        data,
    }
}

/// `Custom(6000 + e)`: the instruction error a `BulkheadError` becomes.
pub fn custom(e: bulkhead::errors::BulkheadError) -> InstructionError {
    InstructionError::Custom(6000 + e as u32)
}

/// Replaces the account at `index` of `ix` (tests swap in another pool's or a forged account).
pub fn with_account(mut ix: Instruction, index: usize, address: Address) -> Instruction {
    ix.accounts[index].pubkey = address;
    ix
}

/// Decodes every `Program data:` event of type `E` from a transaction's logs.
pub fn events<E: anchor_lang::Discriminator + anchor_lang::bytemuck::Pod>(logs: &[String]) -> Vec<E> {
    use base64::Engine;
    logs.iter()
        .filter_map(|l| l.strip_prefix("Program data: "))
        .filter_map(|b64| {
            let mut parts =
                b64.split(' ').map(|p| base64::engine::general_purpose::STANDARD.decode(p).unwrap());
            let first = parts.next()?;
            // Anchor v2 logs the discriminator and the payload as one or two data slices.
            let bytes: Vec<u8> = first.into_iter().chain(parts.flatten()).collect();
            (bytes.len() >= 8 && &bytes[..8] == E::DISCRIMINATOR)
                .then(|| anchor_lang::bytemuck::pod_read_unaligned(&bytes[8..8 + std::mem::size_of::<E>()]))
        })
        .collect()
}

//! LiteSVM harness for bulkhead: loads the real `target/deploy/bulkhead.so`, builds instructions with
//! the program's Anchor-generated client types, publishes Pyth prints the way the receiver lays them
//! out, plays the keeper for two-step executions, and snapshots accounts so negative tests can prove
//! that nothing moved. Shared by the integration tests, the benchmark and the demo.
//!
//! - this file: the world ([`Env`]): accounts, clock, prices, transactions, snapshots;
//! - [`ix`]: one builder per instruction;
//! - [`flows`]: pools, traders and LPs, and request-then-execute flows;
//! - [`pyth`]: `PriceUpdateV2` bytes made from mirrors of the receiver's types.

// Every helper returns LiteSVM's own transaction result, whose error carries the whole failed
// transaction's metadata (logs, CUs) for assertions; boxing it would only hide it from the tests.
#![allow(clippy::result_large_err)]

use bulkhead::state::{LpAccount, MarginAccount, Pool, RiskParams};
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

pub mod fairness;
pub mod flows;
pub mod ix;
pub mod pyth;

pub use anchor_lang::prelude::Address;
pub use bulkhead::oracle::PYTH_RECEIVER;
pub use flows::*;
pub use ix::*;

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

/// Where the tests deploy the TEST-ONLY DAO stand-in (`programs/dao-signer`).
pub const DAO_SIGNER: Address = Address::new_from_array([0xDA; 32]);
/// Where [`Env::deploy_forger`] puts the TEST-ONLY hostile program.
pub const FORGER: Address = Address::new_from_array([0xF0; 32]);

/// `inner` (a bulkhead instruction whose first account is the DAO's PDA) wrapped in an
/// instruction of the DAO stand-in, which invokes it with `invoke_signed`, the PDA signing: how a
/// governance program executes a passed proposal.
pub fn via_dao(inner: Instruction, bump: u8) -> Instruction {
    let mut accounts = vec![solana_instruction::AccountMeta::new_readonly(inner.program_id, false)];
    accounts.extend(
        inner.accounts.iter().map(|m| solana_instruction::AccountMeta { is_signer: false, ..m.clone() }),
    );
    let mut data = vec![bump];
    data.extend_from_slice(&inner.data);
    Instruction { program_id: DAO_SIGNER, accounts, data }
}

/// Path of the program built by `scripts/build-sbf.sh`.
pub fn program_path() -> String {
    format!("{}/../target/deploy/bulkhead.so", env!("CARGO_MANIFEST_DIR"))
}

/// Outcome of one transaction.
pub type TxResult = Result<TransactionMetadata, FailedTransactionMetadata>;

/// A pool's current oracle price as the harness publishes it: Pyth mantissas at `exponent`.
#[derive(Clone, Copy, Debug)]
pub struct Quote {
    pub price: i64,
    pub conf: u64,
    pub exponent: i32,
    /// Pyth's EMA price (same exponent); equal to `price` unless a test sets it.
    pub ema: i64,
}

/// The LiteSVM world: the program, a fee payer that takes part in nothing else, a keeper, and a
/// registry of every address the test created, for whole-world snapshots.
pub struct Env {
    pub svm: LiteSVM,
    pub fee_payer: Keypair,
    pub creator: Keypair,
    /// Executes requests and receives their tips.
    pub keeper: Keypair,
    watched: Vec<Address>,
    /// Each pool's current price (by price-account address), republished as pinned prints.
    quotes: BTreeMap<Address, Quote>,
    /// Next seed for [`Env::keypair`] when keys are deterministic (benchmarks), else `None`.
    next_seed: Option<u64>,
    /// Every transaction sent, in order, as `getTransaction` returns it (see [`Env::log`]).
    log: Vec<serde_json::Value>,
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
        let mut env = Env {
            svm,
            fee_payer: Keypair::new(),
            creator: Keypair::new(),
            keeper: Keypair::new(),
            watched: Vec::new(),
            quotes: BTreeMap::new(),
            next_seed,
            log: Vec::new(),
        };
        env.fee_payer = env.keypair();
        env.creator = env.keypair();
        env.keeper = env.keypair();
        for k in [env.fee_payer.pubkey(), env.creator.pubkey(), env.keeper.pubkey()] {
            env.svm.airdrop(&k, 100_000_000_000).unwrap();
        }
        env.watch(&[env.creator.pubkey(), env.keeper.pubkey()]);
        env.set_time(1_000_000);
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

    /// Every watched address.
    pub fn watched(&self) -> &[Address] {
        &self.watched
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

    /// A new address for a fixture account: unique, and in a deterministic environment the same on
    /// every run (so two runs of one scenario produce the same bytes).
    pub fn new_address(&mut self) -> Address {
        match self.next_seed {
            None => Address::new_unique(),
            Some(_) => self.keypair().pubkey(),
        }
    }

    /// A new SPL mint with `decimals`, its authority a throwaway key.
    pub fn create_mint(&mut self, decimals: u8) -> Address {
        let (mint, authority) = (self.new_address(), self.new_address());
        self.put(mint, TOKEN_PROGRAM, mint_data(&authority, decimals));
        mint
    }

    /// A new SPL token account of `mint` owned by `owner`, holding `amount`.
    pub fn create_token_account(&mut self, mint: &Address, owner: &Address, amount: u64) -> Address {
        let account = self.new_address();
        self.put(account, TOKEN_PROGRAM, token_account_data(mint, owner, amount));
        account
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

    /// Moves the cluster clock forward by `seconds`.
    pub fn advance(&mut self, seconds: i64) {
        self.set_time(self.now() + seconds);
    }

    /// Writes `update` at `at`, owned by the Pyth receiver.
    pub fn put_price_update_at(&mut self, at: Address, update: &pyth::PriceUpdateV2) {
        self.put(at, PYTH_RECEIVER, update.account_data());
    }

    /// Sets the pool's current price (Pyth mantissas at exponent -8, so `usd(2_000)` is $2,000)
    /// and publishes it as a fresh print at the current time.
    pub fn set_price(&mut self, keys: &PoolKeys, price: i64, conf: u64) {
        self.set_quote(keys, Quote { price, conf, exponent: -8, ema: price });
    }

    /// Sets the pool's current quote and publishes it as a fresh print at the current time.
    pub fn set_quote(&mut self, keys: &PoolKeys, quote: Quote) {
        self.quotes.insert(keys.price_update, quote);
        let now = self.now();
        self.publish(keys, now, now - 1);
    }

    /// The pool's current quote.
    pub fn quote(&self, keys: &PoolKeys) -> Quote {
        self.quotes[&keys.price_update]
    }

    /// Publishes the pool's current quote as a print with these times.
    pub fn publish(&mut self, keys: &PoolKeys, publish_time: i64, prev_publish_time: i64) {
        let update = self.print(keys, publish_time, prev_publish_time);
        self.put_price_update_at(keys.price_update, &update);
    }

    /// The pool's current quote as a print with these times.
    pub fn print(&self, keys: &PoolKeys, publish_time: i64, prev_publish_time: i64) -> pyth::PriceUpdateV2 {
        let q = self.quote(keys);
        let mut update =
            pyth::PriceUpdateV2::new(feed_id(keys.pool_id), q.price, q.conf, q.exponent, publish_time);
        update.price_message.prev_publish_time = prev_publish_time;
        update.price_message.ema_price = q.ema;
        update
    }

    /// Sends one transaction paid by the fee payer and signed by `signers`; expires the blockhash
    /// afterwards so an identical transaction can be sent again.
    pub fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxResult {
        let mut all: Vec<&Keypair> = vec![&self.fee_payer];
        all.extend_from_slice(signers);
        let msg = Message::new(ixs, Some(&self.fee_payer.pubkey()));
        let tx = Transaction::new(&all, msg.clone(), self.svm.latest_blockhash());
        let signature = tx.signatures[0];
        let result = self.svm.send_transaction(tx);
        self.svm.expire_blockhash();
        let (meta, err) = match &result {
            Ok(meta) => (meta, None),
            Err(failed) => (&failed.meta, Some(&failed.err)),
        };
        self.log.push(rpc_transaction(&msg, &signature.to_string(), err, meta));
        result
    }

    /// Deploys the TEST-ONLY DAO stand-in (`programs/dao-signer`) at [`DAO_SIGNER`] and returns
    /// its signing PDA `["dao"]` and bump: an authority with no keypair, as a DAO's treasury or a
    /// multisig's vault is. See [`via_dao`].
    pub fn deploy_dao(&mut self) -> (Address, u8) {
        let path = format!("{}/../target/deploy/dao_signer.so", env!("CARGO_MANIFEST_DIR"));
        self.svm
            .add_program_from_file(DAO_SIGNER, path)
            .expect("target/deploy/dao_signer.so: run scripts/build-sbf.sh");
        Address::find_program_address(&[b"dao"], &DAO_SIGNER)
    }

    /// Deploys the TEST-ONLY hostile program (`programs/forger`) at [`FORGER`]: it logs fake
    /// events, invokes itself with event-shaped data, invokes bulkhead unsigned, or floods the log.
    pub fn deploy_forger(&mut self) {
        let path = format!("{}/../target/deploy/forger.so", env!("CARGO_MANIFEST_DIR"));
        self.svm
            .add_program_from_file(FORGER, path)
            .expect("target/deploy/forger.so: run scripts/build-sbf.sh");
    }

    /// Every transaction sent so far, failed ones included, in execution order and in the shape
    /// `getTransaction` (`encoding: "json"`) returns: what an auditor reads from the cluster.
    pub fn log(&self) -> &[serde_json::Value] {
        &self.log
    }

    /// Every watched account's full state (lamports, owner, data), absent ones as `None`.
    pub fn snapshot(&self) -> BTreeMap<Address, Option<Account>> {
        self.snapshot_of(&self.watched)
    }

    /// The full state of `addresses` (lamports, owner, data), absent ones as `None`.
    pub fn snapshot_of(&self, addresses: &[Address]) -> BTreeMap<Address, Option<Account>> {
        addresses.iter().map(|a| (*a, self.svm.get_account(a))).collect()
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

    pub fn lamports(&self, address: &Address) -> u64 {
        self.svm.get_account(address).map_or(0, |a| a.lamports)
    }

    pub fn token_balance(&self, address: &Address) -> u64 {
        u64::from_le_bytes(self.account(address).data[64..72].try_into().unwrap())
    }

    /// Total supply of an SPL mint.
    pub fn mint_supply(&self, mint: &Address) -> u64 {
        u64::from_le_bytes(self.account(mint).data[36..44].try_into().unwrap())
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

    /// The margin account of `owner` in `keys`' pool as liquidation sees it
    /// (`engine::liquidation::position_of`).
    pub fn position(&self, keys: &PoolKeys, owner: &Address) -> bulkhead::math::liquidation::Position {
        bulkhead::engine::liquidation::position_of(&self.margin(&keys.margin(owner)))
    }

    pub fn lp_account(&self, address: &Address) -> LpAccount {
        load(&self.account(address).data)
    }
}

/// SplitMix64: a tiny seeded generator, so randomized tests (price paths, action sequences) are
/// reproducible from their seed.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in `-n..=n`.
    pub fn signed(&mut self, n: i64) -> i64 {
        self.below(2 * n as u64 + 1) as i64 - n
    }
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

/// A Pyth mantissa at exponent -8 for `dollars`.
pub const fn usd(dollars: i64) -> i64 {
    dollars * 100_000_000
}

/// `dollars` per unit of the underlying as a program price for a pool of 6-decimal collateral and
/// 6 base decimals (collateral units per lot x 1e9).
pub const fn price_e9(dollars: u64) -> u64 {
    // 1 unit = 1e6 lots, $1 = 1e6 collateral units: dollars per lot = dollars units; x 1e9.
    dollars * 1_000_000_000
}

/// `Custom(6000 + e)`: the instruction error a `BulkheadError` becomes.
pub fn custom(e: bulkhead::errors::BulkheadError) -> InstructionError {
    InstructionError::Custom(6000 + e as u32)
}

/// The error code a `BulkheadError` has in events (`RequestCancelled::reason`).
pub fn code(e: bulkhead::errors::BulkheadError) -> u64 {
    6000 + e as u64
}

/// Replaces the account at `index` of `ix` (tests swap in another pool's or a forged account).
pub fn with_account(mut ix: Instruction, index: usize, address: Address) -> Instruction {
    ix.accounts[index].pubkey = address;
    ix
}

/// Replaces every slot of `ix` holding `old` by `new`, so a test names the account it swaps rather
/// than a position in the account list.
pub fn swap_account(mut ix: Instruction, old: &Address, new: Address) -> Instruction {
    let mut found = false;
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == *old) {
        meta.pubkey = new;
        found = true;
    }
    assert!(found, "{old} is not an account of this instruction");
    ix
}

/// bulkhead's event authority PDA `["__event_authority"]`, the signer of its self-CPI events.
pub static EVENT_AUTHORITY: std::sync::LazyLock<Address> = std::sync::LazyLock::new(|| {
    Address::find_program_address(&[bulkhead::events::EVENT_AUTHORITY_SEED], &bulkhead::ID).0
});

/// The data of every self-CPI event of a transaction, in execution order: its inner
/// instructions that start with Anchor's event tag (`EVENT_IX_TAG ‖ discriminator ‖ event`), tag
/// stripped. (The verifier in `audit/` also checks the program and the event authority.)
pub fn event_data(meta: &TransactionMetadata) -> Vec<Vec<u8>> {
    meta.inner_instructions
        .iter()
        .flatten()
        .map(|inner| &inner.instruction.data)
        .filter(|data| data.starts_with(anchor_lang::event::EVENT_IX_TAG_LE))
        .map(|data| data[8..].to_vec())
        .collect()
}

/// Decodes every self-CPI event of type `E` of a transaction.
pub fn events<E: anchor_lang::Discriminator + anchor_lang::bytemuck::Pod>(
    meta: &TransactionMetadata,
) -> Vec<E> {
    event_data(meta)
        .iter()
        .filter(|bytes| bytes.len() == 8 + std::mem::size_of::<E>() && &bytes[..8] == E::DISCRIMINATOR)
        .map(|bytes| anchor_lang::bytemuck::pod_read_unaligned(&bytes[8..]))
        .collect()
}

/// A transaction as `getTransaction` (`encoding: "json"`) returns it, from what LiteSVM recorded:
/// signature, account keys, error, inner instructions (base58 data) and log messages.
pub fn rpc_transaction(
    msg: &Message,
    signature: &str,
    err: Option<&TransactionError>,
    meta: &TransactionMetadata,
) -> serde_json::Value {
    let inner: Vec<serde_json::Value> = meta
        .inner_instructions
        .iter()
        .enumerate()
        .map(|(index, list)| {
            let instructions: Vec<serde_json::Value> = list
                .iter()
                .map(|ii| {
                    serde_json::json!({
                        "programIdIndex": ii.instruction.program_id_index,
                        "accounts": ii.instruction.accounts,
                        "data": bs58::encode(&ii.instruction.data).into_string(),
                        "stackHeight": ii.stack_height,
                    })
                })
                .collect();
            serde_json::json!({ "index": index, "instructions": instructions })
        })
        .collect();
    serde_json::json!({
        "transaction": {
            "signatures": [signature],
            "message": { "accountKeys": msg.account_keys.iter().map(|k| k.to_string()).collect::<Vec<_>>() },
        },
        "meta": {
            "err": err.map(|e| serde_json::Value::String(format!("{e:?}"))).unwrap_or(serde_json::Value::Null),
            "innerInstructions": inner,
            "logMessages": meta.logs,
        },
    })
}

/// The one event of type `E` of a successful transaction; panics with the logs otherwise.
pub fn event<E: anchor_lang::Discriminator + anchor_lang::bytemuck::Pod>(result: &TxResult) -> E {
    let meta = result.as_ref().unwrap_or_else(|e| panic!("failed: {:?}\n{}", e.err, e.meta.logs.join("\n")));
    let found = events::<E>(meta);
    assert_eq!(
        found.len(),
        1,
        "expected one {} event; logs:\n{}",
        std::any::type_name::<E>(),
        meta.logs.join("\n")
    );
    found[0]
}

//! `create_pool` on the real .so: the happy path and every way to get it wrong.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::PoolCreated;
use bulkhead::state::{RiskConfig, CURRENT_VERSION};
use bulkhead_tests::*;
use solana_instruction::error::InstructionError;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// Index of each account in `CreatePool`.
const POOL: usize = 1;
const RISK_PARAMS: usize = 2;
const MINT: usize = 3;
const VAULT_AUTHORITY: usize = 4;
const VAULT: usize = 5;
const LP_MINT: usize = 6;
const TOKEN_PROGRAM_IX: usize = 7;

fn setup() -> (Env, PoolKeys) {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let keys = PoolKeys::derive(&env.creator.pubkey(), 7, mint);
    env.watch(&[keys.pool, keys.risk_params, keys.vault, keys.vault_authority, keys.lp_mint]);
    (env, keys)
}

fn create_ix(env: &Env, keys: &PoolKeys) -> solana_instruction::Instruction {
    ix_create_pool(&env.creator.pubkey(), keys, default_params(), feed_id(1))
}

#[test]
fn creates_pool_params_vault_and_lp_mint() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let meta = env.send(&[create_ix(&env, &keys)], &[&creator]).expect("create_pool");

    let pool = env.pool(&keys.pool);
    assert_eq!(pool.version, CURRENT_VERSION);
    assert_eq!(pool.pool_id, 7);
    assert_eq!(pool.sequence, 1);
    assert_eq!(pool.creator, creator.pubkey());
    assert_eq!(pool.authority, creator.pubkey());
    assert_eq!(pool.collateral_mint, keys.mint);
    assert_eq!(pool.oracle_feed_id, feed_id(1));
    assert_eq!(pool.collateral_decimals, 6);
    assert_eq!(
        (pool.vault, pool.vault_authority, pool.lp_mint, pool.risk_params),
        (keys.vault, keys.vault_authority, keys.lp_mint, keys.risk_params)
    );
    assert_eq!(pool.book.total().unwrap(), 0);
    assert_eq!(env.account(&keys.pool).owner, bulkhead::ID);
    assert_eq!(env.account(&keys.pool).data.len(), bulkhead::state::pool::POOL_SIZE);

    let rp = env.risk_params(&keys.risk_params);
    assert_eq!(rp.pool, keys.pool);
    assert_eq!(rp.config, default_params());
    assert_eq!((rp.version, rp.bump), (CURRENT_VERSION, env.pool(&keys.pool).risk_params_bump));

    // The vault is an SPL token account of the collateral mint owned by the vault-authority PDA.
    let vault = env.account(&keys.vault);
    assert_eq!(vault.owner, TOKEN_PROGRAM);
    assert_eq!(&vault.data[0..32], keys.mint.as_ref());
    assert_eq!(&vault.data[32..64], keys.vault_authority.as_ref());
    assert_eq!(env.token_balance(&keys.vault), 0);

    // The LP mint: same decimals, minted only by the vault authority, no freeze authority.
    let lp = env.account(&keys.lp_mint);
    assert_eq!(lp.owner, TOKEN_PROGRAM);
    assert_eq!(&lp.data[0..4], &1u32.to_le_bytes());
    assert_eq!(&lp.data[4..36], keys.vault_authority.as_ref());
    assert_eq!(lp.data[44], 6);
    assert_eq!(&lp.data[46..50], &0u32.to_le_bytes(), "no freeze authority");

    let ev = events::<PoolCreated>(&meta.logs);
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].pool, ev[0].sequence, ev[0].pool_id), (keys.pool, 1, 7));
    assert_eq!((ev[0].vault, ev[0].lp_mint, ev[0].collateral_mint), (keys.vault, keys.lp_mint, keys.mint));
    assert_eq!(ev[0].oracle_feed_id, feed_id(1));
}

#[test]
fn each_invalid_risk_parameter_has_its_own_error() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let cases: Vec<(fn(&mut RiskConfig), E)> = vec![
        (|p| p.initial_margin_bps = 10_001, E::InitialMarginOutOfRange),
        (|p| p.initial_margin_bps = 10, E::InitialMarginOutOfRange),
        (|p| p.maintenance_margin_bps = p.initial_margin_bps, E::MaintenanceMarginNotBelowInitial),
        (|p| p.maintenance_margin_bps = 0, E::MaintenanceMarginNotBelowInitial),
        (|p| p.liquidation_penalty_bps = p.maintenance_margin_bps, E::PenaltyNotBelowMaintenance),
        (|p| p.liquidator_share_bps = 10_001, E::LiquidatorShareOutOfRange),
        (|p| p.taker_fee_bps = 501, E::TakerFeeTooHigh),
        (|p| p.max_open_interest = 0, E::OpenInterestCapZero),
        (|p| p.max_position_size = 0, E::MaxPositionSizeOutOfRange),
        (|p| p.max_position_size = p.max_open_interest + 1, E::MaxPositionSizeOutOfRange),
        (|p| p.min_position_size = 0, E::MinPositionSizeOutOfRange),
        (|p| p.min_position_size = p.max_position_size + 1, E::MinPositionSizeOutOfRange),
        (|p| p.oracle_max_staleness_secs = 0, E::OracleStalenessOutOfRange),
        (|p| p.oracle_max_staleness_secs = 601, E::OracleStalenessOutOfRange),
        (|p| p.oracle_max_conf_bps = 0, E::OracleConfidenceOutOfRange),
        (|p| p.oracle_max_conf_bps = 1_001, E::OracleConfidenceOutOfRange),
        (|p| p.oracle_conf_multiplier_bps = 50_001, E::ConfMultiplierOutOfRange),
    ];
    for (mutate, expected) in cases {
        let mut params = default_params();
        mutate(&mut params);
        let ix = ix_create_pool(&creator.pubkey(), &keys, params, feed_id(1));
        env.assert_rejected(ix, &[&creator], custom(expected));
    }
}

#[test]
fn rejects_zero_feed_id_and_default_authority() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let ix = ix_create_pool(&creator.pubkey(), &keys, default_params(), [0; 32]);
    env.assert_rejected(ix, &[&creator], custom(E::InvalidFeedId));

    let mut ix = create_ix(&env, &keys);
    // Instruction data: disc(8) | pool_id(8) | authority(32) | ...: zero the authority.
    ix.data[16..48].fill(0);
    env.assert_rejected(ix, &[&creator], custom(E::InvalidAuthority));
}

#[test]
fn rejects_a_mint_that_is_not_an_spl_token_mint() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    // Owned by another program, with valid mint bytes.
    let forged = Address::new_unique();
    env.put(forged, Address::new_unique(), mint_data(&Address::new_unique(), 6));
    let ix = with_account(create_ix(&env, &keys), MINT, forged);
    env.assert_rejected(ix, &[&creator], custom(E::InvalidMint));
    // Owned by the token program but a token account, not a mint.
    let not_a_mint = env.create_token_account(&keys.mint, &creator.pubkey(), 0);
    let ix = with_account(create_ix(&env, &keys), MINT, not_a_mint);
    env.assert_rejected(ix, &[&creator], custom(E::InvalidMint));
    // More decimals than the price scaling supports.
    let ten_decimals = env.create_mint(10);
    let ix = with_account(create_ix(&env, &keys), MINT, ten_decimals);
    env.assert_rejected(ix, &[&creator], custom(E::InvalidMint));
    // Nine decimals is the most that is accepted.
    let nine_decimals = env.create_mint(9);
    env.create_pool(nine_decimals, 9);
    assert_eq!(env.pool(&PoolKeys::derive(&creator.pubkey(), 9, nine_decimals).pool).collateral_decimals, 9);
    // Uninitialized mint bytes.
    let uninit = Address::new_unique();
    env.put(uninit, TOKEN_PROGRAM, vec![0; MINT_LEN]);
    let ix = with_account(create_ix(&env, &keys), MINT, uninit);
    env.assert_rejected(ix, &[&creator], custom(E::InvalidMint));
}

#[test]
fn rejects_wrong_signer() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    // Someone else signs for a pool PDA derived from the creator's key.
    let mallory = Keypair::new();
    env.svm.airdrop(&mallory.pubkey(), 10_000_000_000).unwrap();
    env.watch(&[mallory.pubkey()]);
    let ix = ix_create_pool(&mallory.pubkey(), &keys, default_params(), feed_id(1));
    env.assert_rejected(ix, &[&mallory], InstructionError::InvalidSeeds);
    // The creator's key without its signature.
    let mut ix = create_ix(&env, &keys);
    ix.accounts[0].is_signer = false;
    env.assert_rejected(ix, &[], InstructionError::MissingRequiredSignature);
    assert!(env.svm.get_account(&keys.pool).is_none());
    let _ = creator;
}

#[test]
fn rejects_accounts_of_another_pool() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let other = env.create_pool(keys.mint, 99);
    for (index, address) in [
        (POOL, other.pool),
        (RISK_PARAMS, other.risk_params),
        (VAULT_AUTHORITY, other.vault_authority),
        (VAULT, other.vault),
        (LP_MINT, other.lp_mint),
    ] {
        let ix = with_account(create_ix(&env, &keys), index, address);
        env.assert_rejected(ix, &[&creator], InstructionError::InvalidSeeds);
    }
}

#[test]
fn rejects_a_fake_token_program() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let impostor = env.impostor_program();
    let ix = with_account(create_ix(&env, &keys), TOKEN_PROGRAM_IX, impostor);
    env.assert_rejected(ix, &[&creator], InstructionError::IncorrectProgramId);
    // A non-executable account in the program slot fails Anchor's executable check (2007).
    let ix = with_account(create_ix(&env, &keys), TOKEN_PROGRAM_IX, keys.mint);
    env.assert_rejected(ix, &[&creator], InstructionError::Custom(ANCHOR_CONSTRAINT_EXECUTABLE));
}

#[test]
fn rejects_reinitialization() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    env.send(&[create_ix(&env, &keys)], &[&creator]).expect("first create_pool");
    // Same pool again, even with other parameters: the pool account already exists.
    let mut params = default_params();
    params.initial_margin_bps = 2_000;
    let ix = ix_create_pool(&creator.pubkey(), &keys, params, feed_id(2));
    env.assert_rejected(ix, &[&creator], InstructionError::Custom(SYSTEM_ACCOUNT_ALREADY_IN_USE));
}

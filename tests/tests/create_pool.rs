//! `create_pool` on the real .so: the happy path and every way to get it wrong.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::PoolCreated;
use bulkhead::state::{RiskConfig, CURRENT_VERSION};
use bulkhead_tests::*;
use solana_instruction::error::InstructionError;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// Pool 7's keys, a $2,000 print for its feed, and every account watched.
fn setup() -> (Env, PoolKeys) {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let keys = PoolKeys::derive(&env.creator.pubkey(), 7, mint);
    env.set_price(&keys, usd(2_000), 0);
    env.watch(&keys.accounts());
    (env, keys)
}

fn create_ix(env: &Env, keys: &PoolKeys) -> solana_instruction::Instruction {
    ix_create_pool(&env.creator.pubkey(), keys, default_params(), feed_id(keys.pool_id), BASE_DECIMALS)
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
    assert_eq!(pool.oracle_feed_id, feed_id(7));
    assert_eq!((pool.collateral_decimals, pool.base_decimals), (6, BASE_DECIMALS));
    assert_eq!(pool.market.last_accrual_ts, env.now());
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

    // The LP escrow: an empty token account of the LP mint owned by the vault authority.
    let escrow = env.account(&keys.lp_escrow);
    assert_eq!(escrow.owner, TOKEN_PROGRAM);
    assert_eq!(&escrow.data[0..32], keys.lp_mint.as_ref());
    assert_eq!(&escrow.data[32..64], keys.vault_authority.as_ref());
    assert_eq!((env.pool(&keys.pool).lp_escrow, env.token_balance(&keys.lp_escrow)), (keys.lp_escrow, 0));

    let ev = events::<PoolCreated>(&meta);
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].pool, ev[0].sequence, ev[0].pool_id), (keys.pool, 1, 7));
    assert_eq!((ev[0].vault, ev[0].lp_mint, ev[0].collateral_mint), (keys.vault, keys.lp_mint, keys.mint));
    assert_eq!(ev[0].oracle_feed_id, feed_id(7));
    assert_eq!((ev[0].lp_escrow, ev[0].base_decimals, ev[0].price), (keys.lp_escrow, 6, price_e9(2_000)));
    assert_eq!(ev[0].params, default_params());
}

/// A parameter change and the error it must give.
type ParamCase = (fn(&mut RiskConfig), E);

/// Each rule of `RiskConfig::validate` through the .so, each with its own error and no byte moved
/// (the full table of bounds is unit-tested beside `validate`).
#[test]
fn each_invalid_risk_parameter_has_its_own_error() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let cases: Vec<ParamCase> = vec![
        (|p| p.initial_margin_bps = 10_001, E::InitialMarginOutOfRange),
        (|p| p.maintenance_margin_bps = p.initial_margin_bps, E::MaintenanceMarginNotBelowInitial),
        (|p| p.liquidation_penalty_bps = p.maintenance_margin_bps, E::PenaltyNotBelowMaintenance),
        (|p| p.liquidator_share_bps = 10_001, E::LiquidatorShareOutOfRange),
        (|p| p.taker_fee_bps = 501, E::TakerFeeTooHigh),
        (|p| p.oracle_max_conf_bps = 0, E::OracleConfidenceOutOfRange),
        (|p| p.oracle_conf_multiplier_bps = 0, E::ConfMultiplierOutOfRange),
        (|p| p.oracle_conf_multiplier_bps = 9_999, E::ConfMultiplierOutOfRange),
        (|p| p.max_ema_deviation_bps = 0, E::EmaDeviationOutOfRange),
        (|p| p.fresh_price_max_age_secs = 31, E::OracleStalenessOutOfRange),
        (|p| p.execution_delay_secs = 0, E::ExecutionDelayOutOfRange),
        (|p| p.execution_window_secs = 4, E::ExecutionWindowOutOfRange),
        (|p| p.lp_withdraw_delay_secs = 0, E::LpWithdrawDelayOutOfRange),
        (|p| p.max_payoff_bps = 499, E::MaxPayoffOutOfRange),
        (|p| p.max_utilisation_bps = 9_501, E::UtilisationCeilingOutOfRange),
        (|p| p.optimal_utilisation_bps = 0, E::BorrowCurveInvalid),
        (|p| p.borrow_rate_optimal_bps_per_year = p.borrow_rate_max_bps_per_year + 1, E::BorrowCurveInvalid),
        (|p| p.borrow_rate_max_bps_per_year = 100_001, E::BorrowRateTooHigh),
        (|p| p.max_funding_rate_bps_per_year = 0, E::FundingRateOutOfRange),
        (|p| p.max_open_interest = 0, E::OpenInterestCapOutOfRange),
        (|p| p.max_position_size = p.max_open_interest + 1, E::MaxPositionSizeOutOfRange),
        (|p| p.min_position_size = 0, E::MinPositionSizeOutOfRange),
        (|p| p.impact_skew_scale = 1, E::ImpactScaleOutOfRange),
        (|p| p.gap_bps = 99, E::GapOutOfRange),
        (|p| p.gap_bps = p.maintenance_margin_bps + 1, E::MaintenanceBelowGap),
        (|p| p.sponsor_unbonding_secs = p.lp_withdraw_delay_secs.into(), E::SponsorUnbondingNotAboveLpDelay),
        (|p| p._padding = [1, 0, 0, 0], E::NonZeroPadding),
        // A 2-hour LP withdrawal delay under a 1-hour timelock (issue 15: accepted on the landed
        // program, so a change could apply before an LP who disagreed could leave).
        (|p| (p.lp_withdraw_delay_secs, p.timelock_secs) = (7_200, 3_600), E::TimelockShorterThanExit),
    ];
    for (mutate, expected) in cases {
        let mut params = default_params();
        mutate(&mut params);
        let ix = ix_create_pool(&creator.pubkey(), &keys, params, feed_id(7), BASE_DECIMALS);
        env.assert_rejected(ix, &[&creator], custom(expected));
    }
}

/// The pool's lot size must keep the feed's price within [1e5, 1e15] program units: at least 6
/// significant digits, so no price ever rounds to zero.
#[test]
fn the_lot_size_must_keep_six_significant_digits() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let ix =
        |base_decimals| ix_create_pool(&creator.pubkey(), &keys, default_params(), feed_id(7), base_decimals);
    env.assert_rejected(ix(-10), &[&creator], custom(E::BaseDecimalsOutOfRange));
    env.assert_rejected(ix(13), &[&creator], custom(E::BaseDecimalsOutOfRange));
    // $2,000 with 6-decimal collateral is 2e11 * 10^(7 - base_decimals) program units: 0 gives
    // 2e18 (above 1e15), -3 overflows u64; both are the same typed error.
    env.assert_rejected(ix(0), &[&creator], custom(E::PriceResolutionOutOfRange));
    env.assert_rejected(ix(-3), &[&creator], custom(E::PriceResolutionOutOfRange));
    // A $1e-9 product with 6-decimal collateral is 10^(6 - base_decimals) program units: at the
    // default lot size (10^-6 units) that is 1, one digit; at 10^-2 units 1e4, five; at 10^-1
    // units 1e5, exactly six.
    env.set_quote(&keys, Quote { price: 10, conf: 0, exponent: -10, ema: 10 });
    env.assert_rejected(ix(BASE_DECIMALS), &[&creator], custom(E::PriceResolutionOutOfRange));
    env.assert_rejected(ix(2), &[&creator], custom(E::PriceResolutionOutOfRange));
    env.send(&[ix(1)], &[&creator]).expect("a lot of a tenth of a unit keeps 6 digits");
    assert_eq!((env.pool(&keys.pool).base_decimals, env.pool(&keys.pool).collateral_decimals), (1, 6));
}

/// `create_pool` reads a fresh, genuine print of the pool's own feed.
#[test]
fn the_creation_print_is_checked() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let now = env.now();
    env.publish(&keys, now - 6, now - 7);
    env.assert_rejected(create_ix(&env, &keys), &[&creator], custom(E::OracleStale));
    env.set_price(&keys, usd(2_000), 0);
    let ix = ix_create_pool(&creator.pubkey(), &keys, default_params(), feed_id(8), BASE_DECIMALS);
    env.assert_rejected(ix, &[&creator], custom(E::OracleWrongFeed));
    let data = env.account(&keys.price_update).data;
    env.put(keys.price_update, Address::new_unique(), data);
    env.assert_rejected(create_ix(&env, &keys), &[&creator], custom(E::OracleWrongOwner));
}

#[test]
fn rejects_zero_feed_id_and_default_authority() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let ix = ix_create_pool(&creator.pubkey(), &keys, default_params(), [0; 32], BASE_DECIMALS);
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
    let ix = swap_account(create_ix(&env, &keys), &keys.mint, forged);
    env.assert_rejected(ix, &[&creator], custom(E::InvalidMint));
    // Owned by the token program but a token account, not a mint.
    let not_a_mint = env.create_token_account(&keys.mint, &creator.pubkey(), 0);
    let ix = swap_account(create_ix(&env, &keys), &keys.mint, not_a_mint);
    env.assert_rejected(ix, &[&creator], custom(E::InvalidMint));
    // More decimals than the price scaling supports.
    let ten_decimals = env.create_mint(10);
    let ix = swap_account(create_ix(&env, &keys), &keys.mint, ten_decimals);
    env.assert_rejected(ix, &[&creator], custom(E::InvalidMint));
    // Nine decimals is the most that is accepted.
    let nine_decimals = env.create_mint(9);
    let quote = Quote { price: usd(2_000), conf: 0, exponent: -8, ema: usd(2_000) };
    env.create_pool_quoted(nine_decimals, 9, default_params(), quote, 8);
    assert_eq!(env.pool(&PoolKeys::derive(&creator.pubkey(), 9, nine_decimals).pool).collateral_decimals, 9);
    // Uninitialized mint bytes.
    let uninit = Address::new_unique();
    env.put(uninit, TOKEN_PROGRAM, vec![0; MINT_LEN]);
    let ix = swap_account(create_ix(&env, &keys), &keys.mint, uninit);
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
    let ix = ix_create_pool(&mallory.pubkey(), &keys, default_params(), feed_id(7), BASE_DECIMALS);
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
    for (mine, theirs) in [
        (keys.pool, other.pool),
        (keys.risk_params, other.risk_params),
        (keys.attestation, other.attestation),
        (keys.vault_authority, other.vault_authority),
        (keys.vault, other.vault),
        (keys.lp_mint, other.lp_mint),
        (keys.lp_escrow, other.lp_escrow),
    ] {
        let ix = swap_account(create_ix(&env, &keys), &mine, theirs);
        env.assert_rejected(ix, &[&creator], InstructionError::InvalidSeeds);
    }
}

#[test]
fn rejects_a_fake_token_program() {
    let (mut env, keys) = setup();
    let creator = env.creator.insecure_clone();
    let impostor = env.impostor_program();
    let ix = swap_account(create_ix(&env, &keys), &TOKEN_PROGRAM, impostor);
    env.assert_rejected(ix, &[&creator], InstructionError::IncorrectProgramId);
    // A non-executable account in the program slot fails Anchor's executable check (2007).
    let ix = swap_account(create_ix(&env, &keys), &TOKEN_PROGRAM, keys.mint);
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
    let ix = ix_create_pool(&creator.pubkey(), &keys, params, feed_id(7), BASE_DECIMALS);
    env.assert_rejected(ix, &[&creator], InstructionError::Custom(SYSTEM_ACCOUNT_ALREADY_IN_USE));
}

//! `create_pool`: one derivative product's pool, risk parameters, vault, LP mint and LP escrow, in
//! one go.

// Anchor 2.0.0-rc.2's `Accounts` derive re-decodes the `#[instruction(pool_id)]` argument in its
// generated `exit_accounts`, where nothing reads it (`unused variable: pool_id`). The seeds do use
// it (tests/tests/create_pool.rs derives the pool from it), and renaming it `_pool_id` would put
// `_pool_id` into the IDL's PDA seed paths, which clients resolve by the argument's name. So the
// lint is allowed for this file only; `cargo clippy -D warnings` covers the rest of the crate.
#![allow(unused_variables)]

use crate::errors::BulkheadError;
use crate::events::PoolCreated;
use crate::math::price::{
    self, MAX_BASE_DECIMALS, MAX_CREATION_PRICE, MIN_BASE_DECIMALS, MIN_CREATION_PRICE,
};
use crate::oracle::{self, FreshRead, OraclePolicy::Increase};
use crate::state::{seeds, Attestation, Pool, PoolBook, PoolRoles, RiskConfig, RiskParams, CURRENT_VERSION};
use anchor_lang::prelude::*;
use pinocchio_token::instructions::{InitializeAccount3, InitializeMint2};
use pinocchio_token::state::{Account as TokenAccount, Mint};

/// Accounts of `create_pool`. Every account but the creator and the mint is a PDA of the new pool.
#[event_cpi]
#[derive(Accounts)]
#[instruction(pool_id: u64)]
pub struct CreatePool {
    /// Pays rent for every new account; second seed of the pool PDA.
    #[account(mut)]
    pub creator: Signer,
    /// The custodian `roles` names, signing its consent (`CustodianConsentRequired`); the program
    /// id for none.
    pub custodian: Option<Signer>,
    /// The new pool, `["pool", creator, pool_id LE]`.
    #[account(init, payer = creator, seeds = [seeds::POOL, creator.address().as_ref(), &pool_id.to_le_bytes()], bump)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters, `["risk_params", pool]`.
    #[account(init, payer = creator, seeds = [seeds::RISK_PARAMS, pool.address().as_ref()], bump)]
    pub risk_params: Account<RiskParams>,
    /// The pool's last solvency attestation, `["attestation", pool]` (empty until the first).
    #[account(init, payer = creator, seeds = [seeds::ATTESTATION, pool.address().as_ref()], bump)]
    pub attestation: Account<Attestation>,
    /// Collateral mint: an initialized SPL Token mint of at most 9 decimals, fixed for the pool's life.
    #[account(owner = Token::id() @ BulkheadError::InvalidMint)]
    pub collateral_mint: UncheckedAccount,
    /// Data-less PDA `["vault_authority", pool]` that owns the vault and is the LP mint authority.
    #[account(seeds = [seeds::VAULT_AUTHORITY, pool.address().as_ref()], bump)]
    pub vault_authority: UncheckedAccount,
    /// The pool's SPL token vault, `["vault", pool]`, created here.
    #[account(mut, seeds = [seeds::VAULT, pool.address().as_ref()], bump)]
    pub vault: UncheckedAccount,
    /// The pool's LP-share mint, `["lp_mint", pool]`, created here.
    #[account(mut, seeds = [seeds::LP_MINT, pool.address().as_ref()], bump)]
    pub lp_mint: UncheckedAccount,
    /// Token account of the LP mint for escrowed withdrawal shares, `["lp_escrow", pool]`, created
    /// here, owned by the vault authority.
    #[account(mut, seeds = [seeds::LP_ESCROW, pool.address().as_ref()], bump)]
    pub lp_escrow: UncheckedAccount,
    /// A fresh Pyth `PriceUpdateV2` of the pool's feed: its price must keep 6 significant digits
    /// at the chosen lot size.
    pub price_update: UncheckedAccount,
    /// SPL Token program (Token-2022 is refused; see `token.rs`).
    pub token_program: Program<Token>,
    /// System program.
    pub system_program: Program<System>,
}

/// Creates the pool: validates the parameters and the lot size (`base_decimals`: 10^base_decimals
/// lots per unit of the underlying), creates the vault (owned by the vault-authority PDA), the LP
/// mint (same decimals as the collateral, minted only by the vault authority, no freeze authority)
/// and the LP escrow, writes the pool and its risk parameters, checks that the feed's current
/// price in program units is within [MIN_CREATION_PRICE, MAX_CREATION_PRICE], and emits
/// `PoolCreated` (sequence 1). `roles`: the authority governs the pool and the sponsor provides
/// its first-loss tranche (neither may be the zero address: `InvalidAuthority`); the guardian and
/// the custodian are optional (the zero address for none); a custodian named here signs.
pub fn handler(
    ctx: &mut Context<CreatePool>,
    pool_id: u64,
    roles: PoolRoles,
    oracle_feed_id: [u8; 32],
    base_decimals: i8,
    params: RiskConfig,
) -> Result<()> {
    let events = crate::emitter!(ctx);
    params.validate()?;
    require!(oracle_feed_id != [0u8; 32], BulkheadError::InvalidFeedId);
    require!(roles.authority != Address::default(), BulkheadError::InvalidAuthority);
    require!(roles.sponsor != Address::default(), BulkheadError::InvalidAuthority);
    let signed = ctx.accounts.custodian.as_ref().map(|s| s.address());
    let named = roles.custodian != Address::default();
    require!(
        crate::state::pool::exactly(signed, &roles.custodian, named),
        BulkheadError::CustodianConsentRequired
    );
    require!(
        (MIN_BASE_DECIMALS..=MAX_BASE_DECIMALS).contains(&base_decimals),
        BulkheadError::BaseDecimalsOutOfRange
    );
    let decimals = crate::token::collateral_decimals(ctx.accounts.collateral_mint.account())?;

    let accounts = &mut ctx.accounts;
    let bumps = &ctx.bumps;
    let pool_key = *accounts.pool.account().address();
    let vault_authority_key = *accounts.vault_authority.account().address();

    let vault_bump = [bumps.vault];
    create_account_signed(
        accounts.creator.account(),
        accounts.vault.account(),
        TokenAccount::LEN,
        &pinocchio_token::ID,
        &[seeds::VAULT, pool_key.as_ref(), &vault_bump],
    )?;
    InitializeAccount3::new(
        accounts.vault.account(),
        accounts.collateral_mint.account(),
        &vault_authority_key,
    )
    .invoke()?;

    let lp_mint_bump = [bumps.lp_mint];
    create_account_signed(
        accounts.creator.account(),
        accounts.lp_mint.account(),
        Mint::LEN,
        &pinocchio_token::ID,
        &[seeds::LP_MINT, pool_key.as_ref(), &lp_mint_bump],
    )?;
    InitializeMint2::new(accounts.lp_mint.account(), decimals, &vault_authority_key, None).invoke()?;

    let lp_escrow_bump = [bumps.lp_escrow];
    create_account_signed(
        accounts.creator.account(),
        accounts.lp_escrow.account(),
        TokenAccount::LEN,
        &pinocchio_token::ID,
        &[seeds::LP_ESCROW, pool_key.as_ref(), &lp_escrow_bump],
    )?;
    InitializeAccount3::new(accounts.lp_escrow.account(), accounts.lp_mint.account(), &vault_authority_key)
        .invoke()?;

    let now = Clock::get()?.unix_timestamp;
    let risk_params_key = *accounts.risk_params.account().address();
    let rp = &mut accounts.risk_params;
    rp.version = CURRENT_VERSION;
    rp.bump = bumps.risk_params;
    rp.pool = pool_key;
    rp.config = params;
    let at = &mut accounts.attestation;
    (at.version, at.bump, at.pool) = (CURRENT_VERSION, bumps.attestation, pool_key);

    let pool = &mut accounts.pool;
    pool.version = CURRENT_VERSION;
    pool.bump = bumps.pool;
    pool.risk_params_bump = bumps.risk_params;
    pool.vault_bump = bumps.vault;
    pool.vault_authority_bump = bumps.vault_authority;
    pool.lp_mint_bump = bumps.lp_mint;
    pool.collateral_decimals = decimals;
    pool.base_decimals = base_decimals;
    pool.lp_escrow_bump = bumps.lp_escrow;
    pool.pool_id = pool_id;
    pool.created_at = now;
    pool.market.last_accrual_ts = now;
    pool.book = PoolBook::default();
    pool.creator = *accounts.creator.account().address();
    pool.authority = roles.authority;
    pool.guardian = roles.guardian;
    pool.custodian = roles.custodian;
    pool.sponsor = roles.sponsor;
    pool.collateral_mint = *accounts.collateral_mint.account().address();
    pool.oracle_feed_id = oracle_feed_id;
    pool.risk_params = risk_params_key;
    pool.vault = *accounts.vault.account().address();
    pool.vault_authority = vault_authority_key;
    pool.lp_mint = *accounts.lp_mint.account().address();
    pool.lp_escrow = *accounts.lp_escrow.account().address();

    let update = oracle::load(accounts.price_update.account(), pool)?;
    let mid = price::from_pyth(update.price.unsigned_abs(), update.exponent, pool.price_scale(), false);
    require!(
        matches!(mid, Ok(p) if (MIN_CREATION_PRICE..=MAX_CREATION_PRICE).contains(&p)),
        BulkheadError::PriceResolutionOutOfRange
    );
    let rule = FreshRead { now, max_age_secs: params.fresh_price_max_age_secs, policy: Increase };
    let (price, _) = oracle::read_fresh(accounts.price_update.account(), pool, &params, &rule)?;

    crate::emit!(
        events,
        pool,
        PoolCreated {
            pool_id,
            roles,
            collateral_mint: pool.collateral_mint,
            oracle_feed_id,
            vault: pool.vault,
            lp_mint: pool.lp_mint,
            lp_escrow: pool.lp_escrow,
            base_decimals: i64::from(base_decimals),
            price: price.mid,
            params
        }
    )?;
    Ok(())
}

//! `create_pool`: one derivative product's pool, risk parameters, vault and LP mint, in one go.

use crate::errors::BulkheadError;
use crate::events::PoolCreated;
use crate::state::{seeds, Pool, PoolBook, RiskConfig, RiskParams, CURRENT_VERSION};
use anchor_lang::prelude::*;
use pinocchio_token::instructions::{InitializeAccount3, InitializeMint2};
use pinocchio_token::state::{Account as TokenAccount, Mint};

/// Accounts of `create_pool`. Every account but the creator and the mint is a PDA of the new pool.
#[derive(Accounts)]
#[instruction(pool_id: u64)]
pub struct CreatePool {
    /// Pays rent for every new account; second seed of the pool PDA.
    #[account(mut)]
    pub creator: Signer,
    /// The new pool, `["pool", creator, pool_id LE]`.
    #[account(init, payer = creator, seeds = [seeds::POOL, creator.address().as_ref(), &pool_id.to_le_bytes()], bump)]
    pub pool: Account<Pool>,
    /// The pool's risk parameters, `["risk_params", pool]`.
    #[account(init, payer = creator, seeds = [seeds::RISK_PARAMS, pool.address().as_ref()], bump)]
    pub risk_params: Account<RiskParams>,
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
    /// SPL Token program (Token-2022 is refused; see `token.rs`).
    pub token_program: Program<Token>,
    /// System program.
    pub system_program: Program<System>,
}

/// Creates the pool: validates the parameters, creates the vault (owned by the vault-authority PDA)
/// and the LP mint (same decimals as the collateral, minted only by the vault authority, no freeze
/// authority), writes the pool and its risk parameters, and emits `PoolCreated` (sequence 1).
pub fn handler(
    ctx: &mut Context<CreatePool>,
    pool_id: u64,
    authority: Address,
    oracle_feed_id: [u8; 32],
    params: RiskConfig,
) -> Result<()> {
    params.validate()?;
    require!(oracle_feed_id != [0u8; 32], BulkheadError::InvalidFeedId);
    require!(authority != Address::default(), BulkheadError::InvalidAuthority);
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

    let now = Clock::get()?.unix_timestamp;
    let risk_params_key = *accounts.risk_params.account().address();
    let rp = &mut accounts.risk_params;
    rp.version = CURRENT_VERSION;
    rp.bump = bumps.risk_params;
    rp.pool = pool_key;
    rp.config = params;

    let pool = &mut accounts.pool;
    pool.version = CURRENT_VERSION;
    pool.bump = bumps.pool;
    pool.risk_params_bump = bumps.risk_params;
    pool.vault_bump = bumps.vault;
    pool.vault_authority_bump = bumps.vault_authority;
    pool.lp_mint_bump = bumps.lp_mint;
    pool.collateral_decimals = decimals;
    pool.pool_id = pool_id;
    pool.sequence = 1;
    pool.created_at = now;
    pool.book = PoolBook::default();
    pool.creator = *accounts.creator.account().address();
    pool.authority = authority;
    pool.collateral_mint = *accounts.collateral_mint.account().address();
    pool.oracle_feed_id = oracle_feed_id;
    pool.risk_params = risk_params_key;
    pool.vault = *accounts.vault.account().address();
    pool.vault_authority = vault_authority_key;
    pool.lp_mint = *accounts.lp_mint.account().address();

    emit!(PoolCreated {
        pool: pool_key,
        sequence: pool.sequence,
        book: pool.book,
        pool_id,
        authority,
        collateral_mint: pool.collateral_mint,
        oracle_feed_id,
        vault: pool.vault,
        lp_mint: pool.lp_mint,
    });
    Ok(())
}

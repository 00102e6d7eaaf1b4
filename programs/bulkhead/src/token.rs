//! SPL Token helpers: reading and checking token accounts, and the vault transfers.
//!
//! anchor-spl 2.0.0-rc.2 needs std (spl-token-2022-interface), so token CPIs go through
//! `pinocchio-token` directly. Only the original SPL Token program is accepted: Token-2022 mints can
//! carry transfer fees and hooks, under which the vault receives less than the book records.

use crate::errors::BulkheadError;
use crate::math::price::MAX_COLLATERAL_DECIMALS;
use crate::state::{seeds, Pool};
use anchor_lang::prelude::*;
use pinocchio::cpi::{Seed, Signer as CpiSigner};
use pinocchio_token::state::{Account as TokenAccount, Mint};

/// Decimals of an initialized SPL Token mint usable as collateral, or `InvalidMint`: at most
/// `MAX_COLLATERAL_DECIMALS`, which keeps every price scale factor within u64.
pub fn collateral_decimals(mint: &AccountView) -> Result<u8> {
    let mint = Mint::from_account_view(mint).map_err(|_| BulkheadError::InvalidMint)?;
    require!(mint.is_initialized(), BulkheadError::InvalidMint);
    require!(mint.decimals() <= MAX_COLLATERAL_DECIMALS, BulkheadError::InvalidMint);
    Ok(mint.decimals())
}

/// Token balance of the pool's vault (collateral units). The caller has already matched its address
/// against `pool.vault`, a token account this program created.
pub fn vault_balance(vault: &AccountView) -> Result<u64> {
    let vault = TokenAccount::from_account_view(vault).map_err(|_| BulkheadError::InvalidTokenAccount)?;
    Ok(vault.amount())
}

/// Checks that `user_token` is the signer's own initialized SPL token account of `mint` (the pool's
/// collateral or LP mint). Each failure has its own error. This pool's vault never reaches here: it
/// is the writable `vault` account too, and Anchor refuses a duplicated writable account (2040).
pub fn check_user_token_account(user_token: &AccountView, mint: &Address, user: &Address) -> Result<()> {
    let account =
        TokenAccount::from_account_view(user_token).map_err(|_| BulkheadError::InvalidTokenAccount)?;
    require!(account.is_initialized(), BulkheadError::InvalidTokenAccount);
    require!(anchor_lang::address_eq(account.mint(), mint), BulkheadError::TokenMintMismatch);
    // Another pool's vault is owned by that pool's vault-authority PDA, never by a user wallet.
    require!(anchor_lang::address_eq(account.owner(), user), BulkheadError::TokenOwnerMismatch);
    Ok(())
}

/// Checks the destination of a payout the pool makes to a role (a liquidator's reward, protocol
/// fees, an insurance withdrawal): an initialized SPL token account of the pool's collateral mint,
/// owned by `recipient` or by any wallet (an on-curve address, so a hot wallet, a cold wallet or a
/// member of a multisig). A token account owned by a PDA is refused (`TokenOwnerMismatch`) unless
/// the recipient is that PDA (a Squads vault or a DAO treasury names its own account): every
/// pool's vault is owned by its vault-authority PDA, so a payout can never move tokens into
/// another pool's vault.
pub fn check_payout_token_account(view: &AccountView, mint: &Address, recipient: &Address) -> Result<()> {
    let account = TokenAccount::from_account_view(view).map_err(|_| BulkheadError::InvalidTokenAccount)?;
    require!(account.is_initialized(), BulkheadError::InvalidTokenAccount);
    require!(anchor_lang::address_eq(account.mint(), mint), BulkheadError::TokenMintMismatch);
    let owner = account.owner();
    require!(
        anchor_lang::address_eq(owner, recipient) || owner.is_on_curve(),
        BulkheadError::TokenOwnerMismatch
    );
    Ok(())
}

/// Moves `amount` from the user's token account into one the pool owns (vault or LP escrow); the
/// user signs.
pub fn transfer_in(from: &AccountView, to: &AccountView, user: &AccountView, amount: u64) -> Result<()> {
    pinocchio_token::instructions::Transfer::new(from, to, user, amount).invoke()
}

/// Total supply of an SPL mint (the pool's LP mint, whose address the caller has checked).
pub fn mint_supply(mint: &AccountView) -> Result<u64> {
    Ok(Mint::from_account_view(mint).map_err(|_| BulkheadError::InvalidMint)?.supply())
}

/// Binds `$seeds` to what the pool's vault authority signs with: `["vault_authority", pool, bump]`.
/// Only this pool's seeds are ever available to an instruction of this pool, so the token program
/// refuses to move another pool's tokens or mint another pool's shares.
macro_rules! vault_signer {
    ($pool_key:expr, $pool:expr, $bump:ident, $seeds:ident) => {
        let $bump = [$pool.vault_authority_bump];
        let $seeds = [Seed::from(seeds::VAULT_AUTHORITY), Seed::from($pool_key.as_ref()), Seed::from(&$bump)];
    };
}

/// Moves `amount` out of a token account the pool's vault-authority PDA owns (the vault, or the LP
/// escrow), signed by that PDA.
#[inline(always)]
pub fn transfer_out(
    pool_key: &Address,
    pool: &Pool,
    from: &AccountView,
    to: &AccountView,
    vault_authority: &AccountView,
    amount: u64,
) -> Result<()> {
    vault_signer!(pool_key, pool, bump, signer_seeds);
    pinocchio_token::instructions::Transfer::new(from, to, vault_authority, amount)
        .invoke_signed(&[CpiSigner::from(&signer_seeds)])
}

/// Burns `shares` held by the pool's LP escrow, signed by the vault-authority PDA that owns it.
#[inline(always)]
pub fn burn_escrowed(
    pool_key: &Address,
    pool: &Pool,
    escrow: &AccountView,
    lp_mint: &AccountView,
    vault_authority: &AccountView,
    shares: u64,
) -> Result<()> {
    vault_signer!(pool_key, pool, bump, signer_seeds);
    pinocchio_token::instructions::Burn::new(escrow, lp_mint, vault_authority, shares)
        .invoke_signed(&[CpiSigner::from(&signer_seeds)])
}

/// Mints `shares` of the pool's LP mint to `to`, signed by the pool's vault-authority PDA.
#[inline(always)]
pub fn mint_shares(
    pool_key: &Address,
    pool: &Pool,
    lp_mint: &AccountView,
    to: &AccountView,
    vault_authority: &AccountView,
    shares: u64,
) -> Result<()> {
    vault_signer!(pool_key, pool, bump, signer_seeds);
    pinocchio_token::instructions::MintTo::new(lp_mint, to, vault_authority, shares)
        .invoke_signed(&[CpiSigner::from(&signer_seeds)])
}

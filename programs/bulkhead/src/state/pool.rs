//! One collateral pool: one derivative product, one vault, one book.

use super::{LossBook, MarketState, PauseState, PoolBook};
use anchor_lang::prelude::*;

/// A segregated collateral pool. PDA `["pool", creator, pool_id LE]`.
///
/// Addresses of the pool's own PDAs are stored (not re-derived) so that hot paths check them with
/// one 32-byte compare instead of a ~1,500 CU `create_program_address`.
#[account]
pub struct Pool {
    /// Layout version ([`super::CURRENT_VERSION`]).
    pub version: u8,
    /// Bump of this pool PDA.
    pub bump: u8,
    /// Bump of the risk-parameter PDA.
    pub risk_params_bump: u8,
    /// Bump of the vault PDA.
    pub vault_bump: u8,
    /// Bump of the vault-authority PDA (signs every transfer out of the vault).
    pub vault_authority_bump: u8,
    /// Bump of the LP-mint PDA.
    pub lp_mint_bump: u8,
    /// Decimals of the collateral mint (and of the LP mint), copied at creation.
    pub collateral_decimals: u8,
    /// Lots per unit of the underlying, as a power of ten (negative: a lot is several units);
    /// fixed at creation so the pool's price keeps at least 6 significant digits.
    pub base_decimals: i8,
    /// Bump of the LP-escrow PDA.
    pub lp_escrow_bump: u8,
    /// 1 while the pool is reduce-only: `attest_solvency` found the vault short of the book (see
    /// `BulkheadError::PoolReduceOnly`); cleared by the attestation that finds it covered again.
    pub reduce_only: u8,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding1: [u8; 6],
    /// Creator-chosen id, unique per creator; third PDA seed.
    pub pool_id: u64,
    /// Number of state-changing events this pool has emitted; every event carries the new value, so
    /// a gap in a pool's log is visible.
    pub sequence: u64,
    /// Margin accounts currently open in this pool.
    pub open_margin_accounts: u64,
    /// Unix timestamp (seconds) of creation.
    pub created_at: i64,
    /// The pool's claims ledger (collateral units).
    pub book: PoolBook,
    /// The pool's perpetual market: open interest, cost bases and funding.
    pub market: MarketState,
    /// What the waterfall has absorbed, tranche by tranche (collateral units).
    pub losses: LossBook,
    /// Sponsor capital asked to unbond (collateral units); still in the tranche until withdrawn.
    pub sponsor_unbonding: u64,
    /// Unix time (seconds) from which the unbonding amount may be withdrawn; 0 when none.
    pub sponsor_unbonding_ready_at: i64,
    /// The pool's circuit breakers: per-operation pause expiries and the guardian's budget.
    pub pauses: PauseState,
    /// Who created the pool and paid for it; second PDA seed, immutable.
    pub creator: Address,
    /// Governs the pool's risk parameters (a multisig or DAO address works as-is: it signs through
    /// CPI); changed only by `propose_authority` then `accept_authority`.
    pub authority: Address,
    /// The authority `propose_authority` named, until it signs `accept_authority`; default when
    /// none.
    pub pending_authority: Address,
    /// May cancel queued parameter changes (and pause, within limits); default when none.
    /// Appointed at once by the authority when there is none; replaced or removed only through
    /// the timelock (`set_guardian`), which it cannot veto. It survives an authority handover.
    pub guardian: Address,
    /// Co-signs every movement of pool-owned money out of the vault (protocol fees, the insurance
    /// fund, sponsor withdrawals); default when none. Set at creation (it signs), changed only
    /// through the timelock (`propose_params`) with the consent of the outgoing and the incoming
    /// custodian.
    pub custodian: Address,
    /// Provides the first-loss tranche (`sponsor_deposit`, unbonding, withdrawal); set at creation.
    pub sponsor: Address,
    /// SPL mint of the collateral; fixed at creation.
    pub collateral_mint: Address,
    /// Pyth price feed id this pool's product is priced by; fixed at creation.
    pub oracle_feed_id: [u8; 32],
    /// The pool's risk-parameter account (PDA `["risk_params", pool]`).
    pub risk_params: Address,
    /// The pool's SPL token vault (PDA `["vault", pool]`).
    pub vault: Address,
    /// The vault's owner (PDA `["vault_authority", pool]`).
    pub vault_authority: Address,
    /// The pool's LP-share mint (PDA `["lp_mint", pool]`).
    pub lp_mint: Address,
    /// Token account of the LP mint that holds shares of pending withdrawals (PDA
    /// `["lp_escrow", pool]`, owned by the vault authority).
    pub lp_escrow: Address,
    /// Running hash of the pool's event log: after each event,
    /// `sha256(previous ‖ sequence as u64 LE ‖ discriminator ‖ event bytes before its state_hash)`
    /// (all zeros before the first). Every event carries the new value (see `events::log`).
    pub state_hash: [u8; 32],
    /// Reserved for later fields without a migration; always zero.
    pub _reserved: [u8; 8],
}

impl Pool {
    /// Refuses (`CustodianSignatureRequired`) a movement of pool-owned money out of the vault
    /// without the custodian's signature, when the pool has a custodian. `signer` is the address
    /// of the optional custodian slot, which Anchor has checked is a signer when present.
    pub fn check_custodian(&self, signer: Option<&Address>) -> Result<()> {
        if self.custodian != Address::default() {
            require!(
                signer == Some(&self.custodian),
                crate::errors::BulkheadError::CustodianSignatureRequired
            );
        }
        Ok(())
    }

    /// Checks the custodian slots of a proposal naming `next` as custodian
    /// (`CustodianConsentRequired`): `(outgoing, incoming)` are the addresses of the optional
    /// slots, which Anchor has checked are signers when present. A slot that is present must hold
    /// the custodian in office (outgoing) or `next` (incoming), never the default address; and
    /// replacing the custodian needs both: the one who stops serving (when there is one) and the
    /// one who starts (when `next` is not the default address).
    pub fn check_custodian_consent(
        &self,
        next: &Address,
        (outgoing, incoming): (Option<&Address>, Option<&Address>),
    ) -> Result<()> {
        let out_needed = *next != self.custodian && self.custodian != Address::default();
        let in_needed = *next != self.custodian && *next != Address::default();
        require!(
            exactly(outgoing, &self.custodian, out_needed) && exactly(incoming, next, in_needed),
            crate::errors::BulkheadError::CustodianConsentRequired
        );
        Ok(())
    }

    /// Whether `signer` is the pool's authority or its guardian (an unset guardian, the default
    /// address, matches nobody): who may cancel a queued change or pause.
    pub fn is_authority_or_guardian(&self, signer: &Address) -> bool {
        self.authority == *signer || (self.guardian == *signer && self.guardian != Address::default())
    }

    /// `OperationPaused` when any operation of `ops` (`state::pause` bits) is paused at `now`.
    pub fn check_running(&self, ops: u8, now: i64) -> Result<()> {
        self.pauses.check(ops, now)
    }

    /// How this pool converts Pyth prices (fixed at creation).
    pub fn price_scale(&self) -> crate::math::price::PriceScale {
        crate::math::price::PriceScale {
            collateral_decimals: self.collateral_decimals,
            base_decimals: self.base_decimals,
        }
    }
}

/// Whether an optional signer slot holds `who` (never the default address), or is absent when
/// not `needed`.
pub fn exactly(slot: Option<&Address>, who: &Address, needed: bool) -> bool {
    match slot {
        Some(signer) => signer == who && *who != Address::default(),
        None => !needed,
    }
}

/// Serialized size including the 8-byte discriminator (bytes).
pub const POOL_SIZE: usize = super::account_size::<Pool>();
const _: () = assert!(POOL_SIZE == 1016 && POOL_SIZE <= 1024);

/// Who holds which role in a pool, as `create_pool` takes them.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    bytemuck::Pod,
    bytemuck::Zeroable,
    AnchorSerialize,
    AnchorDeserialize,
    IdlType,
)]
pub struct PoolRoles {
    /// Governs the pool (never the default address).
    pub authority: Address,
    /// May veto queued changes and pause within its budget; default for none.
    pub guardian: Address,
    /// Co-signs movements of pool-owned money out of the vault; default for none.
    pub custodian: Address,
    /// Provides the first-loss tranche (never the default address).
    pub sponsor: Address,
}

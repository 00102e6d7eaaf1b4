//! Events of LP deposits and withdrawals.

use crate::state::PoolBook;
use anchor_lang::prelude::*;

/// An LP deposit or withdrawal was requested; its collateral or shares are held by the pool.
#[event(bytemuck)]
pub struct LiquidityRequested {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The LP account that holds the request and its tip.
    pub lp_account: Address,
    /// The LP's wallet.
    pub owner: Address,
    /// `REQUEST_ADD_LIQUIDITY` or `REQUEST_REMOVE_LIQUIDITY`.
    pub kind: u64,
    /// Collateral units (deposit) or LP shares (withdrawal), now held by the pool.
    pub amount: u64,
    /// Minimum shares (deposit) or collateral (withdrawal) out.
    pub min_out: u64,
    /// Cluster time of the request (seconds).
    pub request_time: i64,
    /// Time of the pinned print (seconds).
    pub target_time: i64,
    /// Last second it can execute (seconds).
    pub deadline: i64,
    /// Execution tip held in the LP account (lamports).
    pub tip_lamports: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

/// An LP request executed: liquidity entered or left the pool's LP capital.
#[event(bytemuck)]
pub struct LiquidityMoved {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The LP's wallet.
    pub owner: Address,
    /// Who executed it and received the tip.
    pub keeper: Address,
    /// Collateral added or paid out (collateral units).
    pub amount: u64,
    /// LP shares minted or burned.
    pub shares: u64,
    /// NAV used for the conversion (collateral units): the mint NAV for adds, the redeem NAV for
    /// removals.
    pub nav: u64,
    /// LP shares outstanding after the change, dead shares included.
    pub share_supply: u64,
    /// 0 = added, 1 = removed (see `DIRECTION_*`).
    pub direction: u64,
    /// publish_time of the pinned print (seconds).
    pub publish_time: i64,
    /// publish_time of a late execution's second print, at the worse of whose NAV and the pinned
    /// one's it executed (seconds); 0 when it executed within the grace.
    pub late_publish_time: i64,
    /// The tip paid to the keeper (lamports).
    pub tip_lamports: u64,
    /// The pool's running event hash after this event (see `events::chain`).
    pub state_hash: [u8; 32],
}

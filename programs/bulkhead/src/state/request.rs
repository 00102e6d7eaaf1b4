//! A pending order: recorded by a `request_*` instruction (which takes no price), ended by its
//! execution at the pinned print, by its owner's cancellation before that print, or by expiry.

use anchor_lang::prelude::*;

/// No request is pending.
#[constant]
pub const REQUEST_NONE: u8 = 0;
/// A trade (`MarginAccount`).
#[constant]
pub const REQUEST_TRADE: u8 = 1;
/// An LP deposit (`LpAccount`): the collateral already sits in the vault as a pending deposit.
#[constant]
pub const REQUEST_ADD_LIQUIDITY: u8 = 2;
/// An LP withdrawal (`LpAccount`): the shares already sit in the pool's LP escrow.
#[constant]
pub const REQUEST_REMOVE_LIQUIDITY: u8 = 3;

/// One pending order of an account. All zero when none is pending.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable, IdlType)]
pub struct Request {
    /// What is pending (`REQUEST_*`).
    pub kind: u8,
    /// Trades: 1 when the order may only reduce the position (it is clamped at execution so it
    /// never grows or flips it).
    pub reduce_only: u8,
    /// Explicit padding to 8-byte alignment; always zero.
    pub _padding0: [u8; 6],
    /// Cluster unix time of the request (seconds).
    pub time: i64,
    /// `T`: the request executes at the first print at or after this time (unix seconds), set
    /// when it is made to `max(time, the pool's newest publish time) + delay` and never recomputed
    /// (see `engine::request`).
    pub target_time: i64,
    /// The last cluster second it can execute (`target_time + execution_window_secs`, set when it
    /// is made); after it anyone may expire it.
    pub deadline: i64,
    /// Execution tip held in the account on top of its rent (lamports): paid to the keeper that
    /// executes or expires the request, back to the owner who cancels it in time.
    pub tip_lamports: u64,
    /// Trades: lots to trade (> 0 buy, < 0 sell). LP requests: zero.
    pub size_delta: i64,
    /// LP deposits: collateral units; LP withdrawals: LP shares. Trades: zero.
    pub amount: u64,
    /// Trades: worst fill price, all-in (collateral units per lot x 1e9; a ceiling for buys, a
    /// floor for sells). LP deposits: minimum shares out; LP withdrawals: minimum collateral out.
    pub limit: u64,
}

impl Request {
    /// Whether a request is pending.
    pub fn is_pending(&self) -> bool {
        self.kind != REQUEST_NONE
    }
}

const _: () = assert!(core::mem::size_of::<Request>() == 64);

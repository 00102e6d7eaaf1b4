//! The pool's event chain: how every event is numbered, hashed and emitted.
//!
//! ## The envelope
//! Every event starts with `pool` (32 bytes), `sequence` (u64) and `book` (the pool's
//! [`PoolBook`], 64 bytes) and ends with `state_hash` (32 bytes); `chained!` checks the offsets of
//! each at compile time. Handlers never write these four fields: [`Emitter::emit`] (through
//! [`emit!`](crate::emit)) advances the pool's sequence, fills them from the pool and emits, so
//! no state change can be logged with a stale sequence or book, or skip one.
//!
//! ## The hash chain
//! Each pool keeps `state_hash`. An event `E` with sequence `n` (the pool's sequence after the
//! change) moves it from `h(n-1)` to
//!
//! `h(n) = sha256(h(n-1) ‖ n as u64 LE ‖ E's 8-byte discriminator ‖ E's bytes before state_hash)`
//!
//! with `h(0)` = 32 zero bytes, and the event carries `h(n)` in `state_hash`.
//!
//! ## Emission by self-CPI
//! An event is the data of an instruction bulkhead invokes on itself, signed by its event
//! authority PDA `["__event_authority"]`: `EVENT_IX_TAG (8 bytes LE) ‖ discriminator ‖ event`, the
//! layout of Anchor's `emit_cpi!`, so any Anchor or Codama indexer decodes it. The runtime
//! records it among the transaction's inner instructions, which are never truncated (log lines
//! are, past 10,000 bytes) and which no other program can produce: bulkhead's dispatcher accepts
//! the tag only with the event authority signing, and only bulkhead can sign for it. The
//! verifiers (`audit/`, `app/src/audit.ts`) read nothing else. Anchor's `emit_cpi!` is not used
//! because it serialises into two heap vectors and cannot write the hash into the event; this is
//! the same instruction, built in place on the stack.

use crate::errors::BulkheadError;
use crate::state::{Pool, PoolBook};
use anchor_lang::event::EVENT_IX_TAG_LE;
use anchor_lang::pinocchio::cpi::{invoke_signed, Seed, Signer};
use anchor_lang::pinocchio::instruction::{InstructionAccount, InstructionView};
use anchor_lang::prelude::*;

/// Seed of the event authority PDA, the signer of every self-CPI event (Anchor's).
pub const EVENT_AUTHORITY_SEED: &[u8] = b"__event_authority";

/// An event that joins its pool's hash chain: a `bytemuck` event with the envelope (checked at
/// compile time for every event by `chained!`).
pub trait Chained: anchor_lang::Discriminator + bytemuck::Pod {}

/// Byte offsets of the envelope inside an event (after its discriminator).
const POOL_AT: usize = 0;
const SEQUENCE_AT: usize = 32;
const BOOK_AT: usize = 40;
const BOOK_END: usize = BOOK_AT + core::mem::size_of::<PoolBook>();

/// Implements [`Chained`] for events, asserting the envelope's layout.
macro_rules! chained {
    ($($name:ident),* $(,)?) => {$(
        impl Chained for $name {}
        const _: () = assert!(
            core::mem::offset_of!($name, pool) == POOL_AT
                && core::mem::offset_of!($name, sequence) == SEQUENCE_AT
                && core::mem::offset_of!($name, book) == BOOK_AT
                && core::mem::offset_of!($name, state_hash) + 32 == core::mem::size_of::<$name>()
                && core::mem::size_of::<Framed<$name>>() == 16 + core::mem::size_of::<$name>()
        );
    )*};
}

use super::*;
chained!(
    PoolCreated,
    MarginAccountOpened,
    MarginAccountClosed,
    LpAccountOpened,
    LpAccountClosed,
    CollateralMoved,
    SolvencyAttested,
    PriceRefreshed,
    PnlSettled,
    TradeRequested,
    TradeExecuted,
    RequestCancelled,
    LiquidityRequested,
    LiquidityMoved,
    Liquidated,
    ShortfallCovered,
    InsuranceFunded,
    SponsorCapitalMoved,
    AuthorityProposed,
    AuthorityAccepted,
    GuardianSet,
    ParamsProposed,
    ParamsApplied,
    ParamsCancelled,
    Paused,
    Resumed,
    PoolFundsWithdrawn,
);

/// An event as the self-CPI's instruction data, laid out contiguously.
#[repr(C)]
#[derive(Clone, Copy)]
struct Framed<E> {
    tag: [u8; 8],
    discriminator: [u8; 8],
    event: E,
}

// SAFETY: `Framed<E>` is `repr(C)`: 16 bytes, then an `E` whose alignment is at most 8 (every
// field of a bulkhead event is at most 8-aligned) and whose size is a multiple of its alignment,
// so there is no padding anywhere (`chained!` checks the size of each one), and every bit pattern
// of every part is valid.
unsafe impl<E: bytemuck::Zeroable> bytemuck::Zeroable for Framed<E> {}
unsafe impl<E: bytemuck::Pod> bytemuck::Pod for Framed<E> {}

/// `h(n)` of the module docs: the pool's next running hash, from the previous one, the sequence
/// and `tagged` = the event's discriminator followed by its bytes before `state_hash`.
pub fn next_hash(previous: &[u8; 32], sequence: u64, tagged: &[u8]) -> [u8; 32] {
    // Two slices: the syscall charges each at least 10 CU.
    let mut head = [0u8; 40];
    head[..32].copy_from_slice(previous);
    head[32..].copy_from_slice(&sequence.to_le_bytes());
    solana_sha256_hasher::hashv(&[&head, tagged]).to_bytes()
}

/// What a handler emits with: the address of the instruction's `pool` account, and the event
/// authority and its bump from its `#[event_cpi]` accounts. Every instruction takes exactly one
/// pool, so [`Emitter::emit`]'s `&mut Pool` is always that account's data: an instruction that
/// ever takes two pools must build one emitter per pool.
#[derive(Clone, Copy)]
pub struct Emitter {
    authority: AccountView,
    pool: Address,
    bump: u8,
}

impl Emitter {
    /// The emitter of an instruction on the pool account `pool`, whose `#[event_cpi]` accounts
    /// are `authority` (checked against its seeds by Anchor) and `program`, which must be
    /// bulkhead itself (`WrongEventProgram`: the self-CPI needs it among the instruction's
    /// accounts).
    #[inline(always)]
    pub fn new(pool: &AccountView, authority: &AccountView, program: &AccountView, bump: u8) -> Result<Self> {
        require!(anchor_lang::address_eq(program.address(), &crate::ID), BulkheadError::WrongEventProgram);
        Ok(Emitter { authority: *authority, pool: *pool.address(), bump })
    }

    /// Emits `event` as the pool's next entry: advances `pool.sequence`, writes the envelope
    /// (the pool's address, the new sequence, its book as it stands now) into the event, extends
    /// `pool.state_hash` and writes it into the event's `state_hash`, and invokes bulkhead with
    /// `EVENT_IX_TAG ‖ discriminator ‖ event`, signed by the event authority. Call it after the
    /// change the event reports, so the book is the post-change one.
    #[inline(always)]
    pub fn emit<E: Chained>(&self, pool: &mut Pool, event: E) -> Result<()> {
        let mut framed = Framed { tag: [0; 8], discriminator: [0; 8], event };
        framed.discriminator.copy_from_slice(E::DISCRIMINATOR); // Anchor's are 8 bytes
        self.send(pool, bytemuck::bytes_of_mut(&mut framed))
    }

    /// [`Emitter::emit`] past the event's type (one copy in the binary, not one per event):
    /// `data` is `tag ‖ discriminator ‖ event`, its tag and envelope not yet written.
    #[inline(never)]
    fn send(&self, pool: &mut Pool, data: &mut [u8]) -> Result<()> {
        pool.sequence = crate::math::add(pool.sequence, 1)?;
        data[..8].copy_from_slice(EVENT_IX_TAG_LE);
        let body = &mut data[16..];
        body[POOL_AT..SEQUENCE_AT].copy_from_slice(self.pool.as_ref());
        body[SEQUENCE_AT..BOOK_AT].copy_from_slice(&pool.sequence.to_le_bytes());
        body[BOOK_AT..BOOK_END].copy_from_slice(bytemuck::bytes_of(&pool.book));
        let end = data.len();
        let hash = next_hash(&pool.state_hash, pool.sequence, &data[8..end - 32]);
        data[end - 32..].copy_from_slice(&hash);
        pool.state_hash = hash;
        let accounts = [InstructionAccount::readonly_signer(self.authority.address())];
        let ix = InstructionView { program_id: &crate::ID, data, accounts: &accounts };
        let bump = [self.bump];
        let seeds = [Seed::from(EVENT_AUTHORITY_SEED), Seed::from(&bump)];
        invoke_signed(&ix, &[&self.authority], &[Signer::from(&seeds)])
    }
}

/// `emit!(emitter, pool, Event { fields })`: builds the event from its own fields (the envelope is
/// left to [`Emitter::emit`]) and emits it as `pool`'s next entry. `pool` is a place that
/// dereferences to a mutable [`Pool`]: the emitter's pool.
#[macro_export]
macro_rules! emit {
    ($emitter:expr, $pool:expr, $name:ident { $( $field:ident $(: $value:expr)? ),* $(,)? }) => {{
        let event = $name {
            pool: ::anchor_lang::prelude::Address::default(),
            sequence: 0,
            book: ::core::default::Default::default(),
            $( $field $(: $value)?, )*
            state_hash: [0u8; 32],
        };
        $emitter.emit(&mut *$pool, event)
    }};
}

/// `Emitter` of a handler's `ctx`, whose accounts struct is `#[event_cpi]`.
#[macro_export]
macro_rules! emitter {
    ($ctx:expr) => {
        $crate::events::Emitter::new(
            $ctx.accounts.pool.account(),
            $ctx.accounts.event_authority.account(),
            $ctx.accounts.program.account(),
            $ctx.bumps.event_authority,
        )?
    };
}

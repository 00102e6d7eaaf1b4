//! Events. Every state change emits one, carrying the pool, the pool's new sequence number, the
//! post-change book and the pool's new running hash, so an auditor can rebuild each pool's history
//! from logs alone and prove it complete: a gap, a reordering or an altered event breaks the chain.
//!
//! Events are `bytemuck` (fixed `repr(C)` layout, no padding), which is byte-identical to their
//! Borsh encoding: any Anchor or Codama client decodes them as usual.
//!
//! ## The hash chain
//! Each pool keeps `state_hash`. An event `E` with sequence `n` (the pool's sequence after the
//! change) moves it from `h(n-1)` to
//!
//! `h(n) = sha256(h(n-1) ‖ n as u64 LE ‖ E's 8-byte discriminator ‖ E's bytes before state_hash)`
//!
//! with `h(0)` = 32 zero bytes, and the event carries `h(n)` in its last field, `state_hash`. The
//! log line is the usual `Program data: base64(discriminator ‖ bytes)`. The verifier (`audit/`)
//! recomputes the chain from the log alone and compares it with each event and with the pool.

use crate::state::{LossBook, Pool, PoolBook, PoolRoles, RiskConfig};
use anchor_lang::prelude::*;

/// An event that joins its pool's hash chain: a `bytemuck` event whose last 32 bytes are its
/// `state_hash` (checked at compile time for every event by `chained!`).
pub trait Chained: anchor_lang::Discriminator + bytemuck::Pod {}

/// Implements [`Chained`] for events, asserting that `state_hash` is the last field.
macro_rules! chained {
    ($($name:ident),* $(,)?) => {$(
        impl Chained for $name {}
        const _: () = assert!(
            core::mem::offset_of!($name, state_hash) + 32 == core::mem::size_of::<$name>()
                && core::mem::size_of::<Tagged<$name>>() == 8 + core::mem::size_of::<$name>()
        );
    )*};
}

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

/// An event behind its discriminator, laid out contiguously: the log line's bytes.
#[repr(C)]
#[derive(Clone, Copy)]
struct Tagged<E> {
    discriminator: [u8; 8],
    event: E,
}

// SAFETY: `Tagged<E>` is `repr(C)`: 8 bytes, then an `E` whose alignment is at most 8 (every field
// of a bulkhead event is at most 8-aligned) and whose size is a multiple of its alignment, so there
// is no padding anywhere (`chained!` checks the size of each one), and every bit pattern of both
// parts is valid.
unsafe impl<E: bytemuck::Zeroable> bytemuck::Zeroable for Tagged<E> {}
unsafe impl<E: bytemuck::Pod> bytemuck::Pod for Tagged<E> {}

/// `h(n)` of the module docs: the pool's next running hash, from the previous one, the sequence
/// and `tagged` = the event's discriminator followed by its bytes before `state_hash`.
pub fn next_hash(previous: &[u8; 32], sequence: u64, tagged: &[u8]) -> [u8; 32] {
    // Two slices: the syscall charges each at least 10 CU.
    let mut head = [0u8; 40];
    head[..32].copy_from_slice(previous);
    head[32..].copy_from_slice(&sequence.to_le_bytes());
    solana_sha256_hasher::hashv(&[&head, tagged]).to_bytes()
}

/// Emits `event` as the pool's next log entry: hashes it into `pool.state_hash` (at the pool's
/// current sequence, which the caller advanced for this change and wrote into the event), writes
/// the new hash into the event's `state_hash`, and logs `discriminator ‖ event` (`sol_log_data`),
/// in place, without an allocation.
pub fn log<E: Chained>(pool: &mut Pool, event: E) {
    let mut tagged = Tagged { discriminator: [0; 8], event };
    tagged.discriminator.copy_from_slice(E::DISCRIMINATOR); // Anchor's discriminators are 8 bytes
    let data = bytemuck::bytes_of_mut(&mut tagged);
    let end = data.len();
    let hash = next_hash(&pool.state_hash, pool.sequence, &data[..end - 32]);
    data[end - 32..].copy_from_slice(&hash);
    pool.state_hash = hash;
    sol_log_data(&[data]);
}

/// `log!(pool, Event { fields })`: builds the event (its `state_hash` filled in here) and
/// [`log`]s it to `pool`, a place that dereferences to a mutable [`Pool`].
#[macro_export]
macro_rules! log {
    ($pool:expr, $name:ident { $( $field:ident $(: $value:expr)? ),* $(,)? }) => {{
        let event = $name { $( $field $(: $value)?, )* state_hash: [0u8; 32] };
        $crate::events::log(&mut *$pool, event)
    }};
}

/// A pool was created.
#[event(bytemuck)]
pub struct PoolCreated {
    /// The new pool.
    pub pool: Address,
    /// Pool sequence number after this change (1 for creation).
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// Creator-chosen id (PDA seed).
    pub pool_id: u64,
    /// The authority, guardian, custodian and sponsor (fixed at creation; the first three change
    /// through governance).
    pub roles: PoolRoles,
    /// Collateral mint, fixed for the pool's life.
    pub collateral_mint: Address,
    /// Pyth feed id, fixed for the pool's life.
    pub oracle_feed_id: [u8; 32],
    /// The pool's vault.
    pub vault: Address,
    /// The pool's LP-share mint.
    pub lp_mint: Address,
    /// The pool's LP escrow (shares of pending withdrawals).
    pub lp_escrow: Address,
    /// Lots per unit of the underlying, as a power of ten.
    pub base_decimals: i64,
    /// The feed's price at creation (collateral units per lot x 1e9).
    pub price: u64,
    /// The pool's risk parameters.
    pub params: RiskConfig,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// A margin account was opened.
#[event(bytemuck)]
pub struct MarginAccountOpened {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The new margin account.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// An empty margin account was closed and its rent returned to its owner.
#[event(bytemuck)]
pub struct MarginAccountClosed {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The closed margin account.
    pub margin_account: Address,
    /// Its owner, who received the rent.
    pub owner: Address,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// An LP account was opened.
#[event(bytemuck)]
pub struct LpAccountOpened {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The new LP account.
    pub lp_account: Address,
    /// Its owner.
    pub owner: Address,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// An LP account with no pending request was closed and its rent returned to its owner.
#[event(bytemuck)]
pub struct LpAccountClosed {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The closed LP account.
    pub lp_account: Address,
    /// Its owner, who received the rent.
    pub owner: Address,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// Collateral moved between a user's token account and the pool's vault.
#[event(bytemuck)]
pub struct CollateralMoved {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The margin account credited or debited.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// The user's token account on the other side of the transfer.
    pub user_token_account: Address,
    /// Amount moved (collateral units).
    pub amount: u64,
    /// The margin account's collateral after this change (collateral units).
    pub account_collateral: u64,
    /// 0 = deposit into the pool, 1 = withdrawal out of it.
    pub direction: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// `CollateralMoved::direction` of a deposit; `LiquidityMoved::direction` of an add.
pub const DIRECTION_DEPOSIT: u64 = 0;
/// `CollateralMoved::direction` of a withdrawal; `LiquidityMoved::direction` of a removal.
pub const DIRECTION_WITHDRAW: u64 = 1;

/// The vault's real SPL balance was compared with the book. Like every event it advances the
/// pool's sequence and hash chain, whether or not it changed the reduce-only flag.
#[event(bytemuck)]
pub struct SolvencyAttested {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this attestation.
    pub sequence: u64,
    /// The pool's book (collateral units).
    pub book: PoolBook,
    /// Sum of the book (collateral units).
    pub book_total: u64,
    /// The vault's SPL token balance (collateral units).
    pub vault_balance: u64,
    /// vault_balance - book_total when the vault covers the book: donations and not-yet-booked
    /// tokens (collateral units); 0 otherwise.
    pub surplus: u64,
    /// book_total - vault_balance when the vault is short (collateral units); 0 otherwise.
    pub deficit: u64,
    /// 1 when the pool is reduce-only after this attestation (the vault is short), else 0.
    pub reduce_only: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// A trade was requested; it executes at the first print at or after `target_time`.
#[event(bytemuck)]
pub struct TradeRequested {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The trader's margin account, which holds the request and its tip.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// Lots to trade (> 0 buy, < 0 sell).
    pub size_delta: i64,
    /// Worst all-in fill price (collateral units per lot x 1e9).
    pub worst_price: u64,
    /// 1 when the order may only reduce the position.
    pub reduce_only: u64,
    /// Cluster time of the request (seconds).
    pub request_time: i64,
    /// Time of the pinned print: the request executes at the first print at or after it (seconds).
    pub target_time: i64,
    /// Last second it can execute; after it anyone may expire it (seconds).
    pub deadline: i64,
    /// Execution tip held in the margin account (lamports).
    pub tip_lamports: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// A trade request executed at its pinned print.
#[event(bytemuck)]
pub struct TradeExecuted {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The trader's margin account.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// Who executed it and received the tip.
    pub keeper: Address,
    /// Lots traded (> 0 bought, < 0 sold), after reduce-only clamping.
    pub size_delta: i64,
    /// Position after the trade (lots, signed).
    pub base_position: i64,
    /// publish_time of the pinned print (seconds).
    pub publish_time: i64,
    /// publish_time of a late execution's second print, at the worse of which and the pinned one
    /// it filled (seconds); 0 when it executed within the grace.
    pub late_publish_time: i64,
    /// The price of the newest print it used (collateral units per lot x 1e9).
    pub oracle_price: u64,
    /// Fill price at the adverse band edge, before impact (collateral units per lot x 1e9).
    pub fill_price: u64,
    /// PnL realized by the closed part, after the payoff cap (collateral units, signed).
    pub realized_pnl: i64,
    /// Taker fee collected into LP capital (collateral units).
    pub fee: u64,
    /// Price impact paid into the impact pool (collateral units).
    pub impact_paid: u64,
    /// Price impact rebated from the impact pool (collateral units).
    pub impact_rebate: u64,
    /// Funding and borrow the account owed, settled before the trade (collateral units).
    pub funding_paid: u64,
    /// Funding the account was owed, settled before the trade (collateral units).
    pub funding_received: u64,
    /// LP capital locked for the position's payoff after the trade (collateral units).
    pub locked: u64,
    /// The account's collateral after the trade (collateral units).
    pub account_collateral: u64,
    /// The liquidation reserve moved into the collateral by a close (> 0) or posted from it by an
    /// open (< 0) (collateral units).
    pub reserve_moved: i64,
    /// The tip paid to the keeper (lamports).
    pub tip_lamports: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// `RequestCancelled::kind` and `LiquidityRequested::kind`, as in `state::request`.
pub use crate::state::request::{REQUEST_ADD_LIQUIDITY, REQUEST_REMOVE_LIQUIDITY, REQUEST_TRADE};

/// A request ended without executing: cancelled by its owner before its print, expired after its
/// window, or cancelled by an order check that failed at execution.
#[event(bytemuck)]
pub struct RequestCancelled {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The margin or LP account that held the request.
    pub account: Address,
    /// Its owner, who got back any escrowed collateral or shares.
    pub owner: Address,
    /// Who ended it; the tip went to them (to the pool account when the owner expired its own
    /// request).
    pub caller: Address,
    /// `REQUEST_TRADE`, `REQUEST_ADD_LIQUIDITY` or `REQUEST_REMOVE_LIQUIDITY`.
    pub kind: u64,
    /// 0 = cancelled by the owner, 1 = expired, else the error code of the failed order check.
    pub reason: u64,
    /// The request's tip (lamports).
    pub tip_lamports: u64,
    /// What the expiry cost the owner (`engine::request::expiry_fee`): collateral units for a
    /// trade or an LP deposit, LP shares burned for an LP withdrawal; 0 unless it expired.
    pub expiry_fee: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

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
    /// The pool's running event hash after this event (see `events::log`).
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
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// An account below maintenance margin was liquidated (part or all of its position closed).
#[event(bytemuck)]
pub struct Liquidated {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The liquidated margin account.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// Who liquidated it.
    pub liquidator: Address,
    /// The token account that received the liquidator's reward.
    pub reward_token_account: Address,
    /// Lots traded to close (> 0 bought back a short, < 0 sold a long).
    pub size_delta: i64,
    /// The position after (lots).
    pub base_position: i64,
    /// publish_time of the print used (seconds).
    pub publish_time: i64,
    /// The print's mid (collateral units per lot x 1e9), at which health was valued.
    pub oracle_price: u64,
    /// The closing fill price, the band edge (same units).
    pub fill_price: u64,
    /// Equity before, at the mid (collateral units; 0 when negative).
    pub equity_before: u64,
    /// PnL realized by the close, after the payoff cap (collateral units).
    pub realized_pnl: i64,
    /// Taker fee collected into LP capital (collateral units).
    pub fee: u64,
    /// Impact paid into the impact pool (collateral units).
    pub impact_paid: u64,
    /// Impact rebated from the impact pool (collateral units).
    pub impact_rebate: u64,
    /// Penalty taken from the account (collateral units).
    pub penalty: u64,
    /// What the liquidator was paid, transferred out of the vault (collateral units): its share
    /// of the penalty plus `reserve_paid`.
    pub liquidator_reward: u64,
    /// Of the reward, what came from the position's liquidation reserve (collateral units): all of
    /// it when the position was closed, else only what the share fell short of it.
    pub reserve_paid: u64,
    /// The insurance fund's share of it (collateral units), first paying back unrecovered LP
    /// losses.
    pub insurance_share: u64,
    /// Loss beyond the account's collateral, covered by the waterfall (collateral units).
    pub shortfall: u64,
    /// Funding and borrow settled before the liquidation, owed and received (collateral units).
    pub funding_paid: u64,
    /// See `funding_paid`.
    pub funding_received: u64,
    /// The account's collateral after (collateral units).
    pub account_collateral: u64,
    /// Tip of the pending request this liquidation cancelled, paid to the liquidator (lamports).
    pub cancelled_tip_lamports: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// A shortfall (a loss beyond an account's collateral) was covered by the waterfall.
#[event(bytemuck)]
pub struct ShortfallCovered {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The pool's loss totals after this change (collateral units).
    pub losses: LossBook,
    /// The margin account whose loss it was.
    pub margin_account: Address,
    /// The shortfall (collateral units).
    pub shortfall: u64,
    /// Paid by the sponsor's first-loss tranche (collateral units).
    pub sponsor: u64,
    /// Paid by the insurance fund (collateral units).
    pub insurance: u64,
    /// Written off LP capital (collateral units).
    pub lp: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// Someone added to the pool's insurance fund.
#[event(bytemuck)]
pub struct InsuranceFunded {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The pool's loss totals after this change (collateral units).
    pub losses: LossBook,
    /// Who paid.
    pub funder: Address,
    /// Amount paid in (collateral units).
    pub amount: u64,
    /// Of it, what paid LPs back an unrecovered shortfall (collateral units).
    pub recovered: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// The sponsor's first-loss tranche changed: a deposit, an unbonding request, or a withdrawal.
#[event(bytemuck)]
pub struct SponsorCapitalMoved {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The sponsor.
    pub sponsor: Address,
    /// `SPONSOR_DEPOSIT`, `SPONSOR_UNBOND` or `SPONSOR_WITHDRAW`.
    pub action: u64,
    /// Amount deposited, asked to unbond, or withdrawn (collateral units).
    pub amount: u64,
    /// Capital asked to unbond after this change (collateral units).
    pub unbonding: u64,
    /// When the unbonding capital becomes withdrawable (unix seconds; 0 when none).
    pub unbonding_ready_at: i64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// `SponsorCapitalMoved::action` of a deposit.
pub const SPONSOR_DEPOSIT: u64 = 0;
/// `SponsorCapitalMoved::action` of an unbonding request.
pub const SPONSOR_UNBOND: u64 = 1;
/// `SponsorCapitalMoved::action` of a withdrawal.
pub const SPONSOR_WITHDRAW: u64 = 2;

mod governance;
pub use governance::*;

/// An open account's PnL was settled at a fresh print (`settle_pnl`): its funding and borrow,
/// and its unrealized loss up to its collateral into LP capital.
#[event(bytemuck)]
pub struct PnlSettled {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// The settled margin account.
    pub margin_account: Address,
    /// Its owner.
    pub owner: Address,
    /// Who settled it.
    pub keeper: Address,
    /// publish_time of the print used (seconds).
    pub publish_time: i64,
    /// The print's mid (collateral units per lot x 1e9), at which the loss was valued.
    pub oracle_price: u64,
    /// Loss realized into LP capital (collateral units; 0 for a winner).
    pub realized_loss: u64,
    /// Funding and borrow the account paid (collateral units, rounded up).
    pub funding_paid: u64,
    /// Funding the account received (collateral units, rounded down).
    pub funding_received: u64,
    /// What the account's funding owed beyond its collateral, through the waterfall (collateral
    /// units).
    pub shortfall: u64,
    /// The account's entry notional after (collateral units).
    pub entry_notional: u64,
    /// Its lock after (collateral units).
    pub locked: u64,
    /// Its collateral after (collateral units).
    pub account_collateral: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

/// Someone showed the pool a newer print (`refresh_price`): one-step reads now take nothing older,
/// new requests target a time after it, and an owner whose target it reaches can no longer cancel.
#[event(bytemuck)]
pub struct PriceRefreshed {
    /// The pool.
    pub pool: Address,
    /// Pool sequence number after this change.
    pub sequence: u64,
    /// The pool's book after this change (collateral units).
    pub book: PoolBook,
    /// Who showed it.
    pub caller: Address,
    /// The print's publish_time, now the pool's newest (seconds).
    pub publish_time: i64,
    /// Its band edge `price - k x conf` (collateral units per lot x 1e9, rounded down).
    pub price_low: u64,
    /// Its band edge `price + k x conf` (collateral units per lot x 1e9, rounded up).
    pub price_high: u64,
    /// The pool's running event hash after this event (see `events::log`).
    pub state_hash: [u8; 32],
}

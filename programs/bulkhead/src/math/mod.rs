//! Integer-only math. Named precision constants, checked arithmetic with a typed error.
//!
//! Upstream LLVM's BPF backend cannot link 128-bit multiply/divide nor the overflow-checked u64
//! multiply (`checked_mul`, or `*` with overflow checks on). Program code therefore never multiplies
//! integers directly: it goes through [`checked`], built from u64 operations only and
//! property-tested against u128 on the host. Each function states its rounding; amounts owed to the
//! pool round up, amounts paid out round down.

pub mod checked;
pub mod funding;
pub mod impact;
pub mod liquidation;
pub mod margin;
pub mod nav;
pub mod position;
pub mod price;
pub mod shares;
pub mod wide;

pub use checked::{add, add_signed, diff, mul, mul_div, mul_div_ceil, mul_div_floor, signed, sub};

/// Basis-point denominator: 10_000 bps = 100% = 1.0. Every `*_bps` field is a ratio in these units.
pub const BPS_DENOMINATOR: u64 = 10_000;
/// [`BPS_DENOMINATOR`] for the `u32` bps fields of the risk parameters.
pub const BPS_DENOMINATOR_U32: u32 = 10_000;
/// Prices are collateral units per base lot, scaled by 10^9.
pub const PRICE_PRECISION: u64 = 1_000_000_000;
/// Decimal exponent of [`PRICE_PRECISION`].
pub const PRICE_DECIMALS: i32 = 9;
/// Seconds in a (365-day) year, the unit of every `*_bps_per_year` rate.
pub const SECONDS_PER_YEAR: u64 = 31_536_000;

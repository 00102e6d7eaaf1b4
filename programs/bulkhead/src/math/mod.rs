//! Integer-only math. Named precision constants, checked arithmetic with a typed error.
//!
//! Upstream LLVM's BPF backend cannot link 128-bit multiply/divide nor the overflow-checked u64
//! multiply (`checked_mul`, or `*` with overflow checks on). Program code therefore never uses `*`
//! or `/` on integers directly: it goes through [`checked`], built from u64 operations only and
//! property-tested against u128 on the host.

pub mod checked;

pub use checked::{add, mul_div_ceil, mul_div_floor, sub};

/// Basis-point denominator: 10_000 bps = 100% = 1.0. Every `*_bps` field is a ratio in these units.
pub const BPS_DENOMINATOR: u64 = 10_000;
/// [`BPS_DENOMINATOR`] for the `u32` bps fields of the risk parameters.
pub const BPS_DENOMINATOR_U32: u32 = 10_000;

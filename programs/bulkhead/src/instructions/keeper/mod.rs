//! Permissionless instructions anyone may call.

pub mod attest_solvency;

pub use attest_solvency::*;

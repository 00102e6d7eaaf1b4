//! The pool's market engine: every book movement an execution, a withdrawal or an LP flow makes.
//! Each function takes one pool's state (`Pool`, `MarginAccount`, `LpAccount`) and moves value
//! between that pool's own book entries, never tokens, and never anything outside the one pool it
//! is given. Pure: host-tested on plain structs (`engine/tests.rs`) as well as through the .so.
//!
//! - [`funding`]: accrual of the funding and borrow indexes, and settlement of one account.
//! - [`book`]: collecting from and crediting to an account's collateral.
//! - [`trade`]: executing a trade request at its pinned print: fill, payoff cap, fees, impact, checks.
//! - [`nav`]: the LP NAVs for minting and redeeming.
//! - [`liquidity`]: executing LP deposit and withdrawal requests.
//! - [`request`]: request timing (target, deadline, grace), cancellation rights and tips.
//! - [`run`]: the one sequence of every valuing handler: accrue, settle, run, roll back on failure.
//! - [`liquidation`]: liquidating an account below maintenance margin at a fresh print.
//! - [`reserve`]: the liquidation reserve each position posts at open, its liquidator's floor.
//! - [`pnl`]: settling an open account's unrealized loss into LP capital at a fresh print.
//! - [`waterfall`]: covering a shortfall: sponsor tranche, insurance fund, then LP capital.
//! - [`params`]: proposing and installing a parameter change (the rules: `state::governance`).
//!
//! The functions several handlers share (`funding::accrue`, `funding::settle`, `nav::{mint_nav, redeem_nav}`,
//! and `oracle::{load, price_for, read_recent, read_fresh}`) are `#[inline(never)]`: inlined into every handler
//! (the build's inline threshold is 10,000) they made the program 58 KB larger to save about 150
//! CU per execution.

pub mod book;
pub mod funding;
pub mod liquidation;
pub mod liquidity;
pub mod nav;
pub mod params;
pub mod pnl;
pub mod request;
pub mod reserve;
pub mod run;
pub mod trade;
pub mod waterfall;

#[cfg(test)]
mod tests;

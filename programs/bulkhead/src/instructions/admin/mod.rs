//! Instructions of pool creators and authorities.

pub mod create_pool;

pub use create_pool::*;

//! The borrow rate every open position pays the pool's LPs, accrued lazily through one cumulative
//! index per pool: the index grows by price * rate * time on each touch; an account owes its size
//! times the index growth since it last settled. Conserved: what accounts pay moves from trader
//! collateral to LP capital in the book; the pool-level receivable is rounded down, each account's
//! share up.

use super::{checked, BPS_DENOMINATOR, PRICE_PRECISION, SECONDS_PER_YEAR};
use anchor_lang::prelude::*;

/// Index growth over `elapsed` seconds at `price` (collateral units per lot x 1e9) and
/// `rate_bps_per_year`, rounded down (collateral units per lot x 1e9).
pub fn index_growth(price: u64, rate_bps_per_year: u32, elapsed: u64) -> Result<u64> {
    let rate_time = checked::mul(u64::from(rate_bps_per_year), elapsed)?;
    checked::mul_div_floor(price, rate_time, BPS_DENOMINATOR * SECONDS_PER_YEAR)
}

/// What `lots` owe for an index growth of `growth` (collateral units, rounded up: owed to the pool).
pub fn owed(lots: u64, growth: u64) -> Result<u64> {
    checked::mul_div_ceil(lots, growth, PRICE_PRECISION)
}

/// What the whole open interest owes for `growth`, rounded down, for the LP NAV (collateral units).
pub fn accrued(open_interest: u64, growth: u64) -> Result<u64> {
    checked::mul_div_floor(open_interest, growth, PRICE_PRECISION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_year_at_ten_percent_costs_ten_percent() {
        let price = 1_000 * PRICE_PRECISION; // 1,000 units per lot
        let growth = index_growth(price, 1_000, SECONDS_PER_YEAR).unwrap();
        assert_eq!(owed(10, growth).unwrap(), 1_000, "10 lots, 10,000 notional, 10% a year");
    }

    proptest! {
        /// Accounts together never owe less than the pool books as receivable (conservation with
        /// rounding in the pool's favour).
        #[test]
        fn accounts_owe_at_least_the_pool_receivable(sizes in proptest::collection::vec(1u64..1_000_000_000, 1..20),
                                                    growth in 0u64..1_000_000_000_000) {
            let total: u64 = sizes.iter().sum();
            let owed_sum: u64 = sizes.iter().map(|s| owed(*s, growth).unwrap()).sum();
            prop_assert!(owed_sum >= accrued(total, growth).unwrap());
            prop_assert!(owed_sum - accrued(total, growth).unwrap() <= sizes.len() as u64);
        }
    }
}

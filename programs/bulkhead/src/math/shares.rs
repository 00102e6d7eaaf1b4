//! LP shares. Shares are minted at the NAV that favours existing LPs and redeemed at the NAV that
//! favours the LPs who stay; both round down for the LP who acts. The first deposit must be at
//! least `MIN_FIRST_LP_DEPOSIT`, and `DEAD_LP_SHARES` of it are never minted (counted as
//! outstanding forever), so the share price cannot be inflated from an empty pool.

use super::checked;
use crate::errors::BulkheadError;
use anchor_lang::prelude::*;

/// Shares withheld from the first deposit and counted as outstanding forever.
pub const DEAD_LP_SHARES: u64 = 1_000;
/// Smallest first deposit into an empty pool (collateral units).
pub const MIN_FIRST_LP_DEPOSIT: u64 = 10 * DEAD_LP_SHARES;

/// Shares to mint for `amount` (collateral units) given `supply` outstanding shares (dead included)
/// and the pool's `nav` (collateral units, the higher of the two conservative valuations).
/// Returns `(shares_to_mint, dead_shares_to_add)`.
pub fn to_mint(amount: u64, supply: u64, nav: u64) -> Result<(u64, u64)> {
    if supply == 0 {
        require!(amount >= MIN_FIRST_LP_DEPOSIT, BulkheadError::FirstDepositTooSmall);
        return Ok((amount - DEAD_LP_SHARES, DEAD_LP_SHARES));
    }
    require!(nav > 0, BulkheadError::PoolInsolvent);
    let shares = checked::mul_div_floor(amount, supply, nav)?;
    require!(shares > 0, BulkheadError::ZeroShares);
    Ok((shares, 0))
}

/// Collateral units paid for burning `shares` out of `supply` at `nav` (the lower valuation).
pub fn to_redeem(shares: u64, supply: u64, nav: u64) -> Result<u64> {
    require!(nav > 0, BulkheadError::PoolInsolvent);
    let amount = checked::mul_div_floor(shares, nav, supply)?;
    require!(amount > 0, BulkheadError::ZeroShares);
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_deposit_is_guarded() {
        assert!(to_mint(MIN_FIRST_LP_DEPOSIT - 1, 0, 0).is_err());
        assert_eq!(
            to_mint(MIN_FIRST_LP_DEPOSIT, 0, 0).unwrap(),
            (MIN_FIRST_LP_DEPOSIT - DEAD_LP_SHARES, DEAD_LP_SHARES)
        );
        assert!(to_mint(1, 1_000_000, 2_000_000).is_err(), "never mints zero");
        assert!(to_mint(10, 1_000, 0).is_err(), "no minting into a wiped-out pool");
    }

    proptest! {
        /// Adding then removing at an unchanged NAV never returns more than was added, and never
        /// dilutes the LPs already in.
        #[test]
        fn add_then_remove_never_profits(amount in 1u64..1_000_000_000_000, supply in 1_000u64..1_000_000_000_000,
                                         nav in 1u64..1_000_000_000_000) {
            if let Ok((shares, _)) = to_mint(amount, supply, nav) {
                let back = to_redeem(shares, supply + shares, nav + amount).unwrap_or(0);
                prop_assert!(back <= amount);
                // Price per share for the others does not fall.
                prop_assert!((nav + amount) as u128 * supply as u128 >= nav as u128 * (supply + shares) as u128);
            }
        }
    }
}

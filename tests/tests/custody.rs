//! Protocol fees and custody on the real .so: the protocol's share of taker and borrow fees,
//! `collect_fees` and `withdraw_insurance` by the authority, the custodian's co-signature on every
//! movement of pool-owned money (fees, insurance, sponsor capital) and never on a user's own money
//! or a liquidator's reward, and a custodian changed only through the timelock.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{ParamsApplied, ParamsProposed, PoolFundsWithdrawn};
use bulkhead::state::PoolRoles;
use bulkhead_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

const UNIT: i64 = 1_000_000;
/// The protocol's share in these tests: 20% of every fee.
const SHARE_BPS: u32 = 2_000;

/// A pool with a 20% protocol share and a custodian, $1,000,000 of LP capital, a trader with $1,000
/// of collateral, and the creator's token account of the mint (where fees are collected).
struct Custodied {
    env: Env,
    keys: PoolKeys,
    trader: Trader,
    custodian: Keypair,
    treasury: Address,
}

fn custodied() -> Custodied {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let custodian = env.keypair();
    env.svm.airdrop(&custodian.pubkey(), 1_000_000_000).unwrap();
    env.watch(&[custodian.pubkey()]);
    let creator = env.creator.pubkey();
    let roles = PoolRoles {
        authority: creator,
        guardian: Address::default(),
        custodian: custodian.pubkey(),
        sponsor: creator,
    };
    let mut params = default_params();
    params.protocol_fee_share_bps = SHARE_BPS;
    let keys = env.create_pool_roles(mint, 1, params, roles);
    let lp = env.trader(&mint, 10 * MARKET_LP_CAPITAL);
    env.add_liquidity(&keys, &lp, MARKET_LP_CAPITAL);
    let trader = env.funded_trader(&keys, MARKET_COLLATERAL);
    let treasury = env.create_token_account(&mint, &creator, 0);
    Custodied { env, keys, trader, custodian, treasury }
}

#[test]
fn the_protocol_takes_its_share_of_taker_and_borrow_fees_and_lps_the_rest() {
    let Custodied { mut env, keys, trader, .. } = custodied();
    let before = env.pool(&keys.pool).book;
    let ev = executed(&env.trade(&keys, &trader, UNIT));
    let after = env.pool(&keys.pool).book;
    let cut = ev.fee * u64::from(SHARE_BPS) / 10_000;
    assert!(cut > 0);
    assert_eq!(after.protocol_fees - before.protocol_fees, cut, "floor(fee x share)");
    assert_eq!(after.lp_capital - before.lp_capital, ev.fee - cut, "the LPs keep the rest and the rounding");
    assert_eq!(after.total().unwrap() - before.total().unwrap(), 0, "a move inside the book");

    // A day later, closing settles the borrow on the position's lock: 20% of it (rounded down)
    // joins the taker fee's share.
    env.advance(86_400);
    env.set_price(&keys, usd(2_000), 0);
    let book = env.pool(&keys.pool).book;
    let ev = executed(&env.trade(&keys, &trader, -UNIT));
    let now = env.pool(&keys.pool).book;
    let taker_cut = ev.fee * u64::from(SHARE_BPS) / 10_000;
    let borrow_cut = now.protocol_fees - book.protocol_fees - taker_cut;
    assert!(borrow_cut > 0 && ev.funding_paid > 0, "borrow {borrow_cut}, paid {}", ev.funding_paid);
    assert!(
        borrow_cut <= ev.funding_paid * u64::from(SHARE_BPS) / 10_000,
        "at most the share of what was paid"
    );
    assert_eq!(env.token_balance(&keys.vault), now.total().unwrap(), "vault == book");
}

#[test]
fn pool_money_leaves_only_with_the_custodians_signature() {
    let Custodied { mut env, keys, trader, custodian, treasury } = custodied();
    executed(&env.trade(&keys, &trader, UNIT));
    let fees = env.pool(&keys.pool).book.protocol_fees;
    let creator = env.creator.insecure_clone();
    let me = creator.pubkey();
    let stranger = env.trader(&keys.mint, 0).keypair;
    let required = custom(E::CustodianSignatureRequired);
    // Without the custodian, with a stranger in its slot: refused, byte for byte.
    env.assert_rejected(ix_collect_fees(&keys, &me, None, &treasury, fees), &[&creator], required.clone());
    let wrong = ix_collect_fees(&keys, &me, Some(stranger.pubkey()), &treasury, fees);
    env.assert_rejected(wrong, &[&creator, &stranger], required.clone());
    // Beyond the balance; by a non-authority; into another pool's vault (a PDA's account).
    let too_much = ix_collect_fees(&keys, &me, Some(custodian.pubkey()), &treasury, fees + 1);
    env.assert_rejected(too_much, &[&creator, &custodian], custom(E::InsufficientProtocolFees));
    let theirs = ix_collect_fees(&keys, &stranger.pubkey(), Some(custodian.pubkey()), &treasury, fees);
    env.assert_rejected(theirs, &[&stranger, &custodian], custom(E::NotAuthority));
    let other = env.create_pool(keys.mint, 2);
    let to_vault = ix_collect_fees(&keys, &me, Some(custodian.pubkey()), &other.vault, fees);
    env.assert_rejected(to_vault, &[&creator, &custodian], custom(E::TokenOwnerMismatch));
    // With it: the fees move.
    let ix = ix_collect_fees(&keys, &me, Some(custodian.pubkey()), &treasury, fees);
    let ev: PoolFundsWithdrawn = event(&env.send(&[ix], &[&creator, &custodian]));
    assert_eq!((ev.source, ev.amount, ev.custodian, ev.book.protocol_fees), (0, fees, custodian.pubkey(), 0));
    assert_eq!(env.token_balance(&treasury), fees);

    // Insurance: the same rule.
    let donor = env.trader(&keys.mint, 1_000_000);
    env.fund_insurance(&keys, &donor, 1_000_000).unwrap();
    env.assert_rejected(
        ix_withdraw_insurance(&keys, &me, None, &treasury, 1_000_000),
        &[&creator],
        required.clone(),
    );
    let too_much = ix_withdraw_insurance(&keys, &me, Some(custodian.pubkey()), &treasury, 1_000_001);
    env.assert_rejected(too_much, &[&creator, &custodian], custom(E::InsufficientInsurance));
    let ix = ix_withdraw_insurance(&keys, &me, Some(custodian.pubkey()), &treasury, 400_000);
    let ev: PoolFundsWithdrawn = event(&env.send(&[ix], &[&creator, &custodian]));
    assert_eq!((ev.source, ev.amount, ev.book.insurance_fund), (1, 400_000, 600_000));

    // Sponsor capital: the same rule.
    let sponsor = env.sponsor(&keys, 5_000_000);
    env.sponsor_deposit(&keys, &sponsor, 5_000_000).unwrap();
    env.send(&[ix_request_sponsor_unbond(&keys, &sponsor.address(), 5_000_000)], &[&sponsor.keypair])
        .unwrap();
    env.advance(86_400);
    let bare = ix_sponsor_withdraw(&keys, &sponsor.address(), &sponsor.token_account);
    env.assert_rejected(bare, &[&sponsor.keypair], required);
    let ix =
        ix_sponsor_withdraw_with(&keys, &sponsor.address(), Some(custodian.pubkey()), &sponsor.token_account);
    env.send(&[ix], &[&sponsor.keypair, &custodian]).unwrap();
    assert_eq!(env.pool(&keys.pool).book.sponsor_capital, 0);

    // A user's own money and a liquidator's reward never need it.
    env.set_price(&keys, usd(2_000), 0);
    env.withdraw(&keys, &trader, 1_000_000).unwrap();
}

#[test]
fn a_liquidators_reward_needs_no_custodian() {
    let Custodied { mut env, keys, trader, .. } = custodied();
    executed(&env.trade(&keys, &trader, 4 * UNIT));
    env.set_price(&keys, usd(1_830), 0);
    let liquidator = env.trader(&keys.mint, 0);
    env.liquidate(&keys, &liquidator, &trader.address()).unwrap();
    assert!(env.token_balance(&liquidator.token_account) > 0);
}

#[test]
fn the_custodian_changes_only_through_the_timelock() {
    let Custodied { mut env, keys, custodian, .. } = custodied();
    let creator = env.creator.pubkey();
    let next = Address::new_unique();
    // Even with a risk-reducing configuration, a new custodian waits.
    let mut config = env.config(&keys);
    config.taker_fee_bps -= 1;
    let ev: ParamsProposed = event(&env.as_creator(ix_propose_change(&keys, &creator, config, next)));
    assert_eq!(ev.custodian, next);
    assert_eq!(env.pool(&keys.pool).custodian, custodian.pubkey());
    env.advance(i64::from(config.timelock_secs));
    let ev: ParamsApplied = event(&env.send(&[ix_apply_params(&keys)], &[]));
    assert_eq!((ev.custodian, ev.at_once), (next, 0));
    assert_eq!(env.pool(&keys.pool).custodian, next);
    // Removing it waits too.
    let config = env.config(&keys);
    event::<ParamsProposed>(&env.as_creator(ix_propose_change(&keys, &creator, config, Address::default())));
    assert_eq!(env.pool(&keys.pool).custodian, next);
}

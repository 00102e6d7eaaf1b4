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
    let keys = env.create_pool_roles(mint, 1, params, roles, Some(&custodian));
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
    env.announce_insurance(&keys, 1_000_000);
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
    env.advance(default_params().sponsor_unbonding_secs as i64);
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

/// A custodian changes only through the timelock, with the consent of the custodian who stops
/// serving and of the one who starts (issue 15: on the landed program the authority queued "no
/// custodian" alone and, a timelock later, withdrew insurance and fees with no co-signature).
/// Refusals are byte for byte; a custodian named at `create_pool` signs it.
#[test]
fn the_custodian_changes_only_through_the_timelock_with_both_consents() {
    let Custodied { mut env, keys, custodian, .. } = custodied();
    let (creator, authority) = (env.creator.pubkey(), env.creator.insecure_clone());
    let next = env.keypair();
    let (old, new) = (custodian.pubkey(), next.pubkey());
    let consent = custom(E::CustodianConsentRequired);
    // Even with a risk-reducing configuration, a new custodian waits, and needs both signatures.
    let mut config = env.config(&keys);
    config.max_position_size -= 1;
    let stranger = env.keypair();
    for (slots, signers) in [
        ((None, None), vec![&authority]),
        ((Some(old), None), vec![&authority, &custodian]),
        ((None, Some(new)), vec![&authority, &next]),
        ((Some(stranger.pubkey()), Some(new)), vec![&authority, &stranger, &next]),
    ] {
        let ix = ix_propose_consented(&keys, &creator, config, new, slots);
        env.assert_rejected(ix, &signers, consent.clone());
    }
    let ix = ix_propose_consented(&keys, &creator, config, new, (Some(old), Some(new)));
    let ev: ParamsProposed = event(&env.send(&[ix], &[&authority, &custodian, &next]));
    assert_eq!((ev.custodian, ev.sets), (new, 1));
    assert_eq!(env.pool(&keys.pool).custodian, old);
    env.advance(i64::from(config.timelock_secs));
    let ev: ParamsApplied = event(&env.send(&[ix_apply_params(&keys)], &[]));
    assert_eq!((ev.custodian, ev.at_once, ev.config.max_position_size), (new, 0, config.max_position_size));
    assert_eq!(env.pool(&keys.pool).custodian, new);
    // Removing it: the outgoing custodian consents, then it waits too.
    let config = env.config(&keys);
    let none = Address::default();
    env.assert_rejected(ix_propose_change(&keys, &creator, config, none), &[&authority], consent.clone());
    let ix = ix_propose_consented(&keys, &creator, config, none, (Some(new), None));
    event::<ParamsProposed>(&env.send(&[ix], &[&authority, &next]));
    assert_eq!(env.pool(&keys.pool).custodian, new);

    // create_pool naming a custodian that does not sign is refused.
    let roles = PoolRoles { authority: creator, guardian: none, custodian: new, sponsor: creator };
    let other = PoolKeys::derive(&creator, 7, keys.mint);
    env.set_quote(&other, env.quote(&keys));
    let ix = ix_create_pool_roles(&creator, &other, (default_params(), feed_id(7), BASE_DECIMALS), roles);
    let mut unsigned = ix.clone();
    unsigned.accounts[1].is_signer = false;
    let missing = solana_instruction::error::InstructionError::MissingRequiredSignature;
    env.assert_rejected(unsigned, &[&authority], missing);
    let mut absent = ix;
    absent.accounts[1].pubkey = bulkhead::ID;
    absent.accounts[1].is_signer = false;
    env.assert_rejected(absent, &[&authority], consent);
}

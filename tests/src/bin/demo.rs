//! A short demo of bulkhead on LiteSVM with the real .so: two products (BTC-PERP and ETH-PERP)
//! collateralised in the same USDC-like mint, each in its own pool; orders executed in two steps at
//! a print nobody chooses; a liquidation and a crash through one pool's waterfall; and what
//! isolation means.
//!
//!   cargo run -p bulkhead-tests --bin demo

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{Liquidated, ParamsProposed, ShortfallCovered, SolvencyAttested, TradeExecuted};
use bulkhead_tests::*;
use solana_signer::Signer as _;

fn show(env: &Env, label: &str, keys: &PoolKeys) {
    let pool = env.pool(&keys.pool);
    println!(
        "  {label:<9} vault {:>15}  LP capital {:>15}  locked {:>13}  trader collateral {:>12}  sequence {}",
        env.token_balance(&keys.vault),
        pool.book.lp_capital,
        pool.market.locked(),
        pool.book.trader_collateral,
        pool.sequence
    );
}

fn main() {
    let mut env = Env::new();
    println!("bulkhead demo: LiteSVM, program {} from target/deploy/bulkhead.so\n", bulkhead::ID);
    let usdc = env.create_mint(6);
    let btc_quote = Quote { price: usd(100_000), conf: usd(20) as u64, exponent: -8, ema: usd(100_000) };
    // BTC at $100,000: one lot is 1e-6 BTC ($0.10), 1e11 program units, 12 significant digits.
    let btc = env.create_pool_quoted(usdc, 1, default_params(), btc_quote, 6);
    let eth = env.create_pool(usdc, 2);
    println!("1. Two pools share one collateral mint; each has its own vault, LP mint, LP escrow and book:");
    show(&env, "BTC-PERP", &btc);
    show(&env, "ETH-PERP", &eth);

    let lp = env.trader(&usdc, 10_000_000_000_000);
    for keys in [&btc, &eth] {
        let shares = env.lp_token_account(keys, &lp.address());
        let ev = executed_liquidity(&env.add_liquidity_to(keys, &lp, shares, 1_000_000_000_000));
        assert_eq!(ev.amount, 1_000_000_000_000);
    }
    println!(
        "\n2. An LP requested 1,000,000 USDC into each pool; a keeper executed each at its pinned print:"
    );
    show(&env, "BTC-PERP", &btc);
    show(&env, "ETH-PERP", &eth);

    let alice = env.funded_trader(&btc, 2_000_000_000);
    let bob = env.funded_trader(&eth, 2_000_000_000);
    let eth_before: Vec<_> = eth.accounts().iter().map(|a| env.svm.get_account(a)).collect();
    env.request_trade(&btc, &alice, Order::market(50_000)).expect("alice requests 0.05 BTC");
    let request = env.margin(&btc.margin(&alice.address())).request;
    println!(
        "\n3. Alice requested a buy of 0.05 BTC at t = {}; it executes at the first Pyth print at or after T = {} \
         (the later of t and the pool's newest print, plus {} s), by {}.",
        request.time,
        request.target_time,
        env.config(&btc).execution_delay_secs,
        request.deadline
    );
    let keeper = env.keeper.insecure_clone();
    let stale = env.print(&btc, env.now() - 30, env.now() - 31);
    env.put_price_update_at(btc.price_update, &stale);
    let refused = env.send(&[ix_execute_trade(&btc, &keeper.pubkey(), &alice.address())], &[&keeper]);
    let err = refused.expect_err("an older print is not the pinned one");
    assert_eq!(
        err.err,
        solana_transaction_error::TransactionError::InstructionError(0, custom(E::OracleNotPinnedPrint))
    );
    println!("   A keeper offering a 30 s old print is refused: {:?}", err.err);
    let opened = env.execute_trade(&btc, &alice.address());
    let ev = events::<TradeExecuted>(opened.as_ref().unwrap())[0];
    // 6-decimal collateral and lots: collateral units per lot x 1e9 is dollars per BTC x 1e9.
    println!(
        "   At the pinned print: filled at ${:.2} (the ask, price + k x confidence), fee {} units,",
        ev.fill_price as f64 / 1e9,
        ev.fee
    );
    println!(
        "   {} units of LP capital locked for her payoff; {} CU.",
        ev.locked,
        opened.as_ref().unwrap().compute_units_consumed
    );
    env.set_quote(&btc, Quote { price: usd(110_000), conf: usd(20) as u64, exponent: -8, ema: usd(108_000) });
    let ev = executed(&env.trade(&btc, &alice, -50_000));
    println!(
        "   BTC rose to $110,000 and she sold at the bid: realized PnL {} units, paid out of her lock.",
        ev.realized_pnl
    );
    let eth_after: Vec<_> = eth.accounts().iter().map(|a| env.svm.get_account(a)).collect();
    assert_eq!(eth_before, eth_after, "ETH-PERP moved while only BTC-PERP traded");
    println!("   ETH-PERP's accounts did not change by a byte.");
    executed(&env.trade(&eth, &bob, -1_000_000));
    println!("   Bob shorted 1 ETH in ETH-PERP.");

    let steal =
        swap_account(ix_withdraw(&btc, &alice.address(), &alice.token_account, 1), &btc.vault, eth.vault);
    let refused = env.send(&[steal], &[&alice.keypair]).expect_err("cross-pool withdrawal must fail");
    assert_eq!(
        refused.err,
        solana_transaction_error::TransactionError::InstructionError(0, custom(E::WrongVault))
    );
    println!("\n4. Pointing BTC-PERP's withdrawal at ETH-PERP's vault fails: {:?}", refused.err);
    show(&env, "BTC-PERP", &btc);
    show(&env, "ETH-PERP", &eth);

    println!("\n5. A crash in BTC-PERP: liquidation and the pool's own waterfall.");
    let sponsor = env.sponsor(&btc, 10_000_000_000);
    env.sponsor_deposit(&btc, &sponsor, 100_000_000).expect("sponsor deposit");
    let carol = env.funded_trader(&btc, 1_000_000_000);
    let dave = env.funded_trader(&btc, 1_000_000_000);
    executed(&env.trade(&btc, &carol, 80_000));
    executed(&env.trade(&btc, &dave, 80_000));
    println!("   The sponsor put 100 USDC of first-loss capital in; Carol and Dave each bought 0.08 BTC on 1,000 USDC.");
    let eth_before: Vec<_> = eth.accounts().iter().map(|a| env.svm.get_account(a)).collect();
    let liquidator = env.trader(&usdc, 0);
    env.set_quote(&btc, Quote { price: usd(101_500), conf: usd(20) as u64, exponent: -8, ema: usd(105_000) });
    let result = env.liquidate(&btc, &liquidator, &carol.address());
    let ev: Liquidated = event(&result);
    println!(
        "   BTC fell to $101,500: a keeper liquidated {} of Carol's 80,000 lots (penalty {} units: {} to the keeper, {} to insurance; {} CU).",
        -ev.size_delta,
        ev.penalty,
        ev.liquidator_reward,
        ev.insurance_share,
        result.as_ref().unwrap().compute_units_consumed
    );
    env.set_quote(&btc, Quote { price: usd(95_000), conf: usd(20) as u64, exponent: -8, ema: usd(100_000) });
    let result = env.liquidate(&btc, &liquidator, &dave.address());
    let covered: ShortfallCovered = event(&result);
    println!(
        "   It gapped to $95,000: Dave's loss passed his collateral by {} units; the sponsor paid {}, insurance {}, LP capital {}.",
        covered.shortfall, covered.sponsor, covered.insurance, covered.lp
    );
    let eth_after: Vec<_> = eth.accounts().iter().map(|a| env.svm.get_account(a)).collect();
    assert_eq!(eth_before, eth_after, "ETH-PERP moved while BTC-PERP crashed");
    println!("   ETH-PERP's accounts did not change by a byte.");

    println!("\n6. Anyone can attest each pool's solvency (vault balance vs book):");
    for (label, keys) in [("BTC-PERP", &btc), ("ETH-PERP", &eth)] {
        let meta = env.send(&[ix_attest(keys)], &[]).expect("attest");
        let ev = &events::<SolvencyAttested>(&meta)[0];
        println!(
            "  {label:<9} book total {:>15}  vault {:>15}  surplus {}  ({} CU)",
            ev.book_total, ev.vault_balance, ev.surplus, meta.compute_units_consumed
        );
    }

    println!("\n7. Governance and the audit trail:");
    let creator = env.creator.pubkey();
    let mut raised = env.config(&btc);
    raised.maintenance_margin_bps += 100;
    let ev: ParamsProposed = event(&env.as_creator(ix_propose_params(&btc, &creator, raised)));
    println!(
        "   BTC-PERP's authority proposed maintenance margin {} bps: queued until t = {} (timelock {} s).",
        raised.maintenance_margin_bps, ev.eta, raised.timelock_secs
    );
    let ops = bulkhead::state::pause::DEPOSITS;
    env.as_creator(ix_pause(&btc, &creator, ops, 3_600)).expect("pause");
    let refused = env.deposit(&btc, &alice, 1_000_000).expect_err("BTC-PERP deposits are paused");
    assert_eq!(
        refused.err,
        solana_transaction_error::TransactionError::InstructionError(0, custom(E::OperationPaused))
    );
    env.funded_trader(&eth, 1_000_000);
    println!("   It paused BTC-PERP deposits for an hour (a deposit fails with OperationPaused); ETH-PERP still takes them.");
    let mut auditor = bulkhead_audit::Auditor::new(include_str!("../../../idl/bulkhead.json")).expect("IDL");
    let history: Vec<String> = env.log().iter().map(|tx| tx.to_string()).collect();
    let read = auditor.read_rpc_json(&history.join("\n")).expect("the recorded transactions");
    for (label, keys) in [("BTC-PERP", &btc), ("ETH-PERP", &eth)] {
        let pool = env.pool(&keys.pool);
        let report = &auditor.pools()[&keys.pool.to_bytes()];
        let book = anchor_lang::bytemuck::cast::<_, [u64; 8]>(pool.book);
        assert!(report.matches(pool.sequence, &pool.state_hash, &book), "{label}: {report:?}");
        println!(
            "   {label}: the verifier rebuilt {} events from {read} transactions alone; hash {:02x?}... matches the pool.",
            report.events,
            &pool.state_hash[..4]
        );
    }
    println!("\ndemo finished: both pools solvent; every order executed at a print nobody chose.");
}

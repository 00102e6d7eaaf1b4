//! A short demo of bulkhead on LiteSVM with the real .so: two products (BTC-PERP and ETH-PERP)
//! collateralised in the same USDC-like mint, each in its own pool, and what isolation means.
//!
//!   cargo run -p bulkhead-tests --bin demo

use bulkhead_tests::*;

fn show(env: &Env, label: &str, keys: &PoolKeys) {
    let pool = env.pool(&keys.pool);
    println!(
        "  {label:<9} vault {:>14}  trader collateral {:>10}  LP capital {:>14}  sequence {}",
        env.token_balance(&keys.vault),
        pool.book.trader_collateral,
        pool.book.lp_capital,
        pool.sequence
    );
}

fn main() {
    let mut env = Env::new();
    env.set_time(1_700_000_000);
    println!("bulkhead demo: LiteSVM, program {} from target/deploy/bulkhead.so\n", bulkhead::ID);
    let usdc = env.create_mint(6);
    let btc = env.create_pool(usdc, 1);
    let eth = env.create_pool(usdc, 2);
    println!("1. Created two pools sharing one collateral mint, each with its own vault and LP mint:");
    show(&env, "BTC-PERP", &btc);
    show(&env, "ETH-PERP", &eth);

    let alice = env.trader(&usdc, 1_000_000_000);
    let bob = env.trader(&usdc, 1_000_000_000);
    env.open_margin(&btc, &alice);
    env.open_margin(&eth, &bob);
    env.deposit(&btc, &alice, 250_000_000).expect("alice deposits");
    env.deposit(&eth, &bob, 400_000_000).expect("bob deposits");
    println!("\n2. Alice deposited 250 USDC into BTC-PERP, Bob 400 USDC into ETH-PERP:");
    show(&env, "BTC-PERP", &btc);
    show(&env, "ETH-PERP", &eth);

    let eth_before = env.svm.get_account(&eth.vault);
    env.withdraw(&btc, &alice, 100_000_000).expect("alice withdraws");
    let steal = ix_withdraw(&btc, &alice.address(), &alice.token_account, 1);
    let steal = with_account(steal, 4, eth.vault); // the `vault` slot of WithdrawCollateral
    let refused = env.send(&[steal], &[&alice.keypair]).expect_err("cross-pool withdrawal must fail");
    assert_eq!(
        refused.err,
        solana_transaction_error::TransactionError::InstructionError(
            0,
            custom(bulkhead::errors::BulkheadError::WrongVault)
        )
    );
    println!("\n3. Alice withdrew 100 USDC from BTC-PERP; pointing BTC-PERP's withdrawal at ETH-PERP's vault fails:");
    println!("     {:?}", refused.err);
    assert_eq!(eth_before, env.svm.get_account(&eth.vault), "ETH-PERP's vault moved");
    show(&env, "BTC-PERP", &btc);
    show(&env, "ETH-PERP", &eth);

    // 4. The trading engine: an LP backs BTC-PERP, Alice goes long, BTC moves 10%.
    let lp = env.trader(&usdc, 10_000_000_000_000);
    env.add_liquidity(&btc, &lp, 1_000_000_000_000);
    env.set_price(&btc, usd(100_000), 0);
    env.set_price(&eth, usd(2_000), 0);
    let eth_pool_before = env.svm.get_account(&eth.pool);
    let opened = env.trade(&btc, &alice, 10_000).expect("alice buys 0.01 BTC");
    let ev = &events::<bulkhead::events::TradeExecuted>(&opened.logs)[0];
    println!("\n4. An LP added 1,000,000 USDC to BTC-PERP; Alice bought 0.01 BTC at $100,000 (fee {} units, {} CU).",
        ev.fee, opened.compute_units_consumed);
    env.set_price(&btc, usd(110_000), 0);
    let closed = env.trade(&btc, &alice, -10_000).expect("alice sells");
    let ev = &events::<bulkhead::events::TradeExecuted>(&closed.logs)[0];
    println!(
        "   BTC rose to $110,000 and she sold: realized PnL {} units, paid from BTC-PERP's LP capital.",
        ev.realized_pnl
    );
    assert_eq!(eth_pool_before, env.svm.get_account(&eth.pool), "ETH-PERP moved");
    show(&env, "BTC-PERP", &btc);
    show(&env, "ETH-PERP", &eth);
    println!("   ETH-PERP's accounts did not change by a byte.");

    println!("\n5. Anyone can attest each pool's solvency (vault balance vs book):");
    for (label, keys) in [("BTC-PERP", &btc), ("ETH-PERP", &eth)] {
        let meta = env.send(&[ix_attest(keys)], &[]).expect("attest");
        let ev = &events::<bulkhead::events::SolvencyAttested>(&meta.logs)[0];
        println!(
            "  {label:<9} book total {:>9}  vault {:>9}  surplus {}  ({} CU)",
            ev.book_total, ev.vault_balance, ev.surplus, meta.compute_units_consumed
        );
    }
    println!("\ndemo finished: both pools solvent, neither touched by the other.");
}

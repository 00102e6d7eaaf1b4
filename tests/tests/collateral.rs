//! `deposit_collateral` and `withdraw_collateral` on the real .so.

use bulkhead::errors::BulkheadError as E;
use bulkhead::events::{CollateralMoved, DIRECTION_DEPOSIT, DIRECTION_WITHDRAW};
use bulkhead_tests::*;
use solana_instruction::error::InstructionError;
use solana_instruction::Instruction;

/// Account indexes as `(in DepositCollateral, in WithdrawCollateral)`.
const POOL: (usize, usize) = (1, 1);
const MARGIN: (usize, usize) = (2, 3);
const VAULT: (usize, usize) = (3, 4);
const USER_TOKEN: (usize, usize) = (4, 6);
const TOKEN_PROGRAM_IX: (usize, usize) = (5, 8);
/// `WithdrawCollateral` only.
const VAULT_AUTHORITY: usize = 5;
const RISK_PARAMS: usize = 2;

struct World {
    env: Env,
    a: PoolKeys,
    b: PoolKeys,
    trader: Trader,
}

/// Two pools of one mint; the trader has 1,000,000 units, 400,000 of them deposited in each pool.
fn setup() -> World {
    let mut env = Env::new();
    let mint = env.create_mint(6);
    let a = env.create_pool(mint, 1);
    let b = env.create_pool(mint, 2);
    let trader = env.trader(&mint, 1_000_000);
    env.open_margin(&a, &trader);
    env.open_margin(&b, &trader);
    env.deposit(&a, &trader, 400_000).expect("deposit a");
    env.deposit(&b, &trader, 400_000).expect("deposit b");
    World { env, a, b, trader }
}

impl World {
    fn deposit_ix(&self, amount: u64) -> Instruction {
        ix_deposit(&self.a, &self.trader.address(), &self.trader.token_account, amount)
    }
    fn withdraw_ix(&self, amount: u64) -> Instruction {
        ix_withdraw(&self.a, &self.trader.address(), &self.trader.token_account, amount)
    }
    /// Both instructions with the same account swapped in.
    fn both(
        &self,
        deposit_index: usize,
        withdraw_index: usize,
        address: Address,
    ) -> [(Instruction, &'static str); 2] {
        [
            (with_account(self.deposit_ix(100), deposit_index, address), "deposit"),
            (with_account(self.withdraw_ix(100), withdraw_index, address), "withdraw"),
        ]
    }
    fn reject_both(&mut self, index: (usize, usize), address: Address, expected: InstructionError) {
        let signer = self.trader.keypair.insecure_clone();
        for (ix, _) in self.both(index.0, index.1, address) {
            self.env.assert_rejected(ix, &[&signer], expected.clone());
        }
    }
}

#[test]
fn deposit_and_withdraw_move_tokens_and_book() {
    let mut w = setup();
    let margin = w.a.margin(&w.trader.address());
    assert_eq!(w.env.token_balance(&w.trader.token_account), 200_000);
    assert_eq!(w.env.token_balance(&w.a.vault), 400_000);
    assert_eq!(w.env.margin(&margin).collateral, 400_000);
    let seq = w.env.pool(&w.a.pool).sequence;

    let meta = w.env.deposit(&w.a, &w.trader, 50_000).expect("deposit");
    let pool = w.env.pool(&w.a.pool);
    assert_eq!(pool.book.trader_collateral, 450_000);
    assert_eq!(pool.sequence, seq + 1);
    assert_eq!(w.env.token_balance(&w.a.vault), 450_000);
    let ev = &events::<CollateralMoved>(&meta)[0];
    assert_eq!(
        (ev.pool, ev.sequence, ev.amount, ev.account_collateral, ev.direction),
        (w.a.pool, seq + 1, 50_000, 450_000, DIRECTION_DEPOSIT)
    );
    assert_eq!(ev.book, pool.book);

    let meta = w.env.withdraw(&w.a, &w.trader, 450_000).expect("withdraw all");
    let pool = w.env.pool(&w.a.pool);
    assert_eq!(pool.book.trader_collateral, 0);
    assert_eq!(w.env.margin(&margin).collateral, 0);
    assert_eq!(w.env.token_balance(&w.a.vault), 0);
    assert_eq!(w.env.token_balance(&w.trader.token_account), 600_000);
    let ev = &events::<CollateralMoved>(&meta)[0];
    assert_eq!(
        (ev.sequence, ev.amount, ev.account_collateral, ev.direction),
        (seq + 2, 450_000, 0, DIRECTION_WITHDRAW)
    );
    // Pool B's 400,000 never moved.
    assert_eq!(w.env.token_balance(&w.b.vault), 400_000);
}

#[test]
fn rejects_wrong_signer() {
    let mut w = setup();
    let mallory = w.env.trader(&w.a.mint, 1_000);
    w.env.open_margin(&w.a, &mallory);
    // Mallory signs with her own token account but the trader's margin account.
    let victim_margin = w.a.margin(&w.trader.address());
    let dep = with_account(
        ix_deposit(&w.a, &mallory.address(), &mallory.token_account, 100),
        MARGIN.0,
        victim_margin,
    );
    let wd = with_account(
        ix_withdraw(&w.a, &mallory.address(), &mallory.token_account, 100),
        MARGIN.1,
        victim_margin,
    );
    w.env.assert_rejected(dep, &[&mallory.keypair], custom(E::WrongOwner));
    w.env.assert_rejected(wd, &[&mallory.keypair], custom(E::WrongOwner));
    // The owner's key without its signature.
    for mut ix in [w.deposit_ix(100), w.withdraw_ix(100)] {
        ix.accounts[0].is_signer = false;
        w.env.assert_rejected(ix, &[], InstructionError::MissingRequiredSignature);
    }
}

#[test]
fn rejects_accounts_of_another_pool() {
    let mut w = setup();
    let (b_margin, b_vault, b_authority, b_pool) =
        (w.b.margin(&w.trader.address()), w.b.vault, w.b.vault_authority, w.b.pool);
    w.reject_both(MARGIN, b_margin, custom(E::WrongPool));
    w.reject_both(VAULT, b_vault, custom(E::WrongVault));
    // Pool B as the pool with pool A's accounts: the deposit's first check finds A's margin
    // account, the withdrawal's A's risk parameters.
    let signer = w.trader.keypair.insecure_clone();
    let [(deposit, _), (withdraw, _)] = w.both(POOL.0, POOL.1, b_pool);
    w.env.assert_rejected(deposit, &[&signer], custom(E::WrongPool));
    w.env.assert_rejected(withdraw, &[&signer], custom(E::WrongRiskParams));
    let signer = w.trader.keypair.insecure_clone();
    let ix = with_account(w.withdraw_ix(100), VAULT_AUTHORITY, b_authority);
    w.env.assert_rejected(ix, &[&signer], custom(E::WrongVaultAuthority));
    let ix = with_account(w.withdraw_ix(100), RISK_PARAMS, w.b.risk_params);
    w.env.assert_rejected(ix, &[&signer], custom(E::WrongRiskParams));
    // Pool B's LP mint and risk parameters are not token accounts or pools.
    w.reject_both(USER_TOKEN, w.b.lp_mint, custom(E::InvalidTokenAccount));
    // Another pool's risk parameters in the pool slot: a smaller account of this program.
    w.reject_both(POOL, w.b.risk_params, InstructionError::AccountDataTooSmall);
}

#[test]
fn rejects_forged_accounts() {
    let mut w = setup();
    let margin = w.a.margin(&w.trader.address());
    for (real, index) in [(w.a.pool, POOL), (margin, MARGIN)] {
        let forged = Address::new_unique();
        let data = w.env.account(&real).data;
        w.env.put(forged, Address::new_unique(), data);
        w.reject_both(index, forged, InstructionError::IllegalOwner);
    }
    // A token account with the right bytes owned by another program.
    let forged = Address::new_unique();
    w.env.put(forged, Address::new_unique(), token_account_data(&w.a.mint, &w.trader.address(), 1_000_000));
    w.reject_both(USER_TOKEN, forged, custom(E::InvalidTokenAccount));
}

#[test]
fn rejects_a_fake_token_program() {
    let mut w = setup();
    let impostor = w.env.impostor_program();
    w.reject_both(TOKEN_PROGRAM_IX, impostor, InstructionError::IncorrectProgramId);
}

#[test]
fn rejects_bad_user_token_accounts() {
    let mut w = setup();
    let other_mint = w.env.create_mint(6);
    let wrong_mint = w.env.create_token_account(&other_mint, &w.trader.address(), 1_000_000);
    w.reject_both(USER_TOKEN, wrong_mint, custom(E::TokenMintMismatch));
    // Someone else's token account of the right mint.
    let not_mine = w.env.create_token_account(&w.a.mint, &Address::new_unique(), 1_000_000);
    w.reject_both(USER_TOKEN, not_mine, custom(E::TokenOwnerMismatch));
    // This pool's vault (also in the vault slot), and another pool's vault (owned by its vault
    // authority PDA), as the user's own token account.
    let (a_vault, b_vault) = (w.a.vault, w.b.vault);
    w.reject_both(USER_TOKEN, a_vault, InstructionError::Custom(ANCHOR_DUPLICATE_MUTABLE_ACCOUNT));
    w.reject_both(USER_TOKEN, b_vault, custom(E::TokenOwnerMismatch));
}

#[test]
fn rejects_zero_overflow_and_overdraw() {
    let mut w = setup();
    let signer = w.trader.keypair.insecure_clone();
    for ix in [w.deposit_ix(0), w.withdraw_ix(0)] {
        w.env.assert_rejected(ix, &[&signer], custom(E::ZeroAmount));
    }
    // Above the pool's book cap (2^62 units): refused before any token moves, so no book amount
    // can ever leave the i64 range.
    let ix = w.deposit_ix(u64::MAX);
    w.env.assert_rejected(ix, &[&signer], custom(E::PoolCapExceeded));
    let room = bulkhead::state::book::MAX_BOOK_TOTAL - w.env.pool(&w.a.pool).book.total().unwrap();
    let ix = w.deposit_ix(room + 1);
    w.env.assert_rejected(ix, &[&signer], custom(E::PoolCapExceeded));
    let ix = w.withdraw_ix(400_001);
    w.env.assert_rejected(ix, &[&signer], custom(E::InsufficientCollateral));
    let ix = w.withdraw_ix(u64::MAX);
    w.env.assert_rejected(ix, &[&signer], custom(E::InsufficientCollateral));
    // More than the wallet holds: the token program refuses (SPL Token's InsufficientFunds = 1).
    let ix = w.deposit_ix(200_001);
    w.env.assert_rejected(ix, &[&signer], InstructionError::Custom(1));
}

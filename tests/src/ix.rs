//! One builder per bulkhead instruction, from the program's Anchor-generated account and argument
//! types, plus an SPL transfer for donation and share-transfer tests.

use crate::{Address, PoolKeys, SYSTEM_PROGRAM, TOKEN_PROGRAM};
use anchor_lang::{InstructionData, ToAccountMetas};
use bulkhead::accounts as a;
use bulkhead::instruction as d;
use bulkhead::state::{PoolRoles, RiskConfig};
use solana_instruction::{AccountMeta, Instruction};

fn instruction(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction { program_id: bulkhead::ID, accounts: accounts.to_account_metas(None), data: data.data() }
}

/// `create_pool` with the creator as authority and sponsor, no guardian and no custodian.
pub fn ix_create_pool(
    creator: &Address,
    keys: &PoolKeys,
    params: RiskConfig,
    feed: [u8; 32],
    base_decimals: i8,
) -> Instruction {
    let roles = PoolRoles {
        authority: *creator,
        guardian: Address::default(),
        custodian: Address::default(),
        sponsor: *creator,
    };
    ix_create_pool_roles(creator, keys, (params, feed, base_decimals), roles)
}

/// `create_pool` with `roles`, and `(params, feed id, base_decimals)`; the custodian `roles`
/// names (if any) in its signer slot.
pub fn ix_create_pool_roles(
    creator: &Address,
    keys: &PoolKeys,
    (params, feed, base_decimals): (RiskConfig, [u8; 32], i8),
    roles: PoolRoles,
) -> Instruction {
    instruction(
        a::CreatePool {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            creator: *creator,
            custodian: (roles.custodian != Address::default()).then_some(roles.custodian),
            pool: keys.pool,
            risk_params: keys.risk_params,
            attestation: keys.attestation,
            collateral_mint: keys.mint,
            vault_authority: keys.vault_authority,
            vault: keys.vault,
            lp_mint: keys.lp_mint,
            lp_escrow: keys.lp_escrow,
            price_update: keys.price_update,
            token_program: TOKEN_PROGRAM,
            system_program: SYSTEM_PROGRAM,
        },
        d::CreatePool { pool_id: keys.pool_id, roles, oracle_feed_id: feed, base_decimals, params },
    )
}

pub fn ix_open_margin(keys: &PoolKeys, owner: &Address) -> Instruction {
    instruction(
        a::OpenMarginAccount {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            owner: *owner,
            pool: keys.pool,
            margin_account: keys.margin(owner),
            system_program: SYSTEM_PROGRAM,
        },
        d::OpenMarginAccount {},
    )
}

pub fn ix_close_margin(keys: &PoolKeys, owner: &Address) -> Instruction {
    instruction(
        a::CloseMarginAccount {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            owner: *owner,
            pool: keys.pool,
            margin_account: keys.margin(owner),
        },
        d::CloseMarginAccount {},
    )
}

pub fn ix_deposit(keys: &PoolKeys, owner: &Address, user_token: &Address, amount: u64) -> Instruction {
    instruction(
        a::DepositCollateral {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            owner: *owner,
            pool: keys.pool,
            margin_account: keys.margin(owner),
            vault: keys.vault,
            user_token_account: *user_token,
            token_program: TOKEN_PROGRAM,
        },
        d::DepositCollateral { amount },
    )
}

pub fn ix_withdraw(keys: &PoolKeys, owner: &Address, user_token: &Address, amount: u64) -> Instruction {
    instruction(
        a::WithdrawCollateral {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            owner: *owner,
            pool: keys.pool,
            risk_params: keys.risk_params,
            margin_account: keys.margin(owner),
            vault: keys.vault,
            vault_authority: keys.vault_authority,
            user_token_account: *user_token,
            price_update: keys.price_update,
            token_program: TOKEN_PROGRAM,
        },
        d::WithdrawCollateral { amount },
    )
}

/// The arguments of `request_trade`.
#[derive(Clone, Copy, Debug)]
pub struct Order {
    /// Lots (> 0 buy, < 0 sell).
    pub size_delta: i64,
    /// Worst all-in price (program units).
    pub worst_price: u64,
    pub reduce_only: bool,
    pub tip_lamports: u64,
}

impl Order {
    /// A market order of `size_delta` lots: no slippage bound, no tip.
    pub fn market(size_delta: i64) -> Self {
        Order {
            size_delta,
            worst_price: if size_delta > 0 { u64::MAX } else { 0 },
            reduce_only: false,
            tip_lamports: 0,
        }
    }
}

/// A System `Transfer` of `lamports` from `from` to `to`: how a client funds a request's tip in its
/// margin or LP account, in the same transaction as the request.
pub fn ix_fund_tip(from: &Address, to: &Address, lamports: u64) -> Instruction {
    let mut data = 2u32.to_le_bytes().to_vec();
    data.extend_from_slice(&lamports.to_le_bytes());
    Instruction {
        program_id: SYSTEM_PROGRAM,
        accounts: vec![AccountMeta::new(*from, true), AccountMeta::new(*to, false)],
        data,
    }
}

/// `request_trade`, without funding its tip (see [`ix_fund_tip`]).
pub fn ix_request_trade(keys: &PoolKeys, owner: &Address, order: Order) -> Instruction {
    instruction(
        a::RequestTrade {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            owner: *owner,
            pool: keys.pool,
            risk_params: keys.risk_params,
            margin_account: keys.margin(owner),
        },
        d::RequestTrade {
            size_delta: order.size_delta,
            worst_price: order.worst_price,
            reduce_only: order.reduce_only,
            tip_lamports: order.tip_lamports,
        },
    )
}

/// `execute_trade` with the pool's pinned print account and no recent print (an execution within
/// the grace).
pub fn ix_execute_trade(keys: &PoolKeys, keeper: &Address, owner: &Address) -> Instruction {
    ix_execute_trade_with(keys, keeper, owner, None)
}

/// `execute_trade` with `recent` as the late execution's recent print (`None`: the program id).
pub fn ix_execute_trade_with(
    keys: &PoolKeys,
    keeper: &Address,
    owner: &Address,
    recent: Option<Address>,
) -> Instruction {
    instruction(
        a::ExecuteTrade {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            keeper: *keeper,
            pool: keys.pool,
            risk_params: keys.risk_params,
            margin_account: keys.margin(owner),
            price_update: keys.price_update,
            recent_price_update: recent,
        },
        d::ExecuteTrade {},
    )
}

/// `refresh_price` by `keeper` (anyone) with `price_update`.
pub fn ix_refresh_price(keys: &PoolKeys, keeper: &Address, price_update: &Address) -> Instruction {
    instruction(
        a::RefreshPrice {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            keeper: *keeper,
            pool: keys.pool,
            risk_params: keys.risk_params,
            price_update: *price_update,
        },
        d::RefreshPrice {},
    )
}

pub fn ix_cancel_trade(keys: &PoolKeys, caller: &Address, owner: &Address) -> Instruction {
    ix_cancel_trade_with(keys, caller, owner, None)
}

/// `cancel_trade_request` showing `pinned` as the request's pinned print (an expiry's fee waiver).
pub fn ix_cancel_trade_with(
    keys: &PoolKeys,
    caller: &Address,
    owner: &Address,
    pinned: Option<Address>,
) -> Instruction {
    instruction(
        a::CancelTradeRequest {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            caller: *caller,
            pool: keys.pool,
            risk_params: keys.risk_params,
            margin_account: keys.margin(owner),
            pinned_price_update: pinned,
        },
        d::CancelTradeRequest {},
    )
}

/// The token accounts of an LP: collateral and LP shares.
#[derive(Clone, Copy, Debug)]
pub struct LpTokens {
    pub owner: Address,
    pub collateral: Address,
    pub shares: Address,
}

pub fn ix_open_lp_account(keys: &PoolKeys, owner: &Address) -> Instruction {
    instruction(
        a::OpenLpAccount {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            owner: *owner,
            pool: keys.pool,
            lp_account: keys.lp_account(owner),
            system_program: SYSTEM_PROGRAM,
        },
        d::OpenLpAccount {},
    )
}

pub fn ix_close_lp_account(keys: &PoolKeys, owner: &Address) -> Instruction {
    instruction(
        a::CloseLpAccount {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            owner: *owner,
            pool: keys.pool,
            lp_account: keys.lp_account(owner),
        },
        d::CloseLpAccount {},
    )
}

/// `request_add_liquidity`, without funding its tip (see [`ix_fund_tip`]).
pub fn ix_request_add(
    keys: &PoolKeys,
    lp: &LpTokens,
    amount: u64,
    min_shares_out: u64,
    tip: u64,
) -> Instruction {
    instruction(
        a::RequestAddLiquidity {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            owner: lp.owner,
            pool: keys.pool,
            risk_params: keys.risk_params,
            lp_account: keys.lp_account(&lp.owner),
            vault: keys.vault,
            user_token_account: lp.collateral,
            token_program: TOKEN_PROGRAM,
        },
        d::RequestAddLiquidity { amount, min_shares_out, tip_lamports: tip },
    )
}

/// `request_remove_liquidity`, without funding its tip (see [`ix_fund_tip`]).
/// `request_remove_liquidity`, without funding its tip (see [`ix_fund_tip`]).
pub fn ix_request_remove(
    keys: &PoolKeys,
    lp: &LpTokens,
    shares: u64,
    min_amount_out: u64,
    tip: u64,
) -> Instruction {
    instruction(
        a::RequestRemoveLiquidity {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            owner: lp.owner,
            pool: keys.pool,
            risk_params: keys.risk_params,
            lp_account: keys.lp_account(&lp.owner),
            lp_escrow: keys.lp_escrow,
            user_lp_token_account: lp.shares,
            token_program: TOKEN_PROGRAM,
        },
        d::RequestRemoveLiquidity { shares, min_amount_out, tip_lamports: tip },
    )
}

pub fn ix_execute_liquidity(keys: &PoolKeys, keeper: &Address, lp: &LpTokens) -> Instruction {
    ix_execute_liquidity_with(keys, keeper, lp, None)
}

/// `execute_liquidity` with `recent` as the late execution's recent print (`None`: the program id).
pub fn ix_execute_liquidity_with(
    keys: &PoolKeys,
    keeper: &Address,
    lp: &LpTokens,
    recent: Option<Address>,
) -> Instruction {
    instruction(
        a::ExecuteLiquidity {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            keeper: *keeper,
            pool: keys.pool,
            risk_params: keys.risk_params,
            lp_account: keys.lp_account(&lp.owner),
            vault: keys.vault,
            vault_authority: keys.vault_authority,
            lp_mint: keys.lp_mint,
            lp_escrow: keys.lp_escrow,
            user_token_account: lp.collateral,
            user_lp_token_account: lp.shares,
            price_update: keys.price_update,
            token_program: TOKEN_PROGRAM,
            recent_price_update: recent,
        },
        d::ExecuteLiquidity {},
    )
}

pub fn ix_cancel_liquidity(keys: &PoolKeys, caller: &Address, lp: &LpTokens) -> Instruction {
    instruction(
        a::CancelLiquidityRequest {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            caller: *caller,
            pool: keys.pool,
            risk_params: keys.risk_params,
            lp_account: keys.lp_account(&lp.owner),
            vault: keys.vault,
            vault_authority: keys.vault_authority,
            lp_escrow: keys.lp_escrow,
            lp_mint: keys.lp_mint,
            user_token_account: lp.collateral,
            user_lp_token_account: lp.shares,
            token_program: TOKEN_PROGRAM,
            pinned_price_update: None,
        },
        d::CancelLiquidityRequest {},
    )
}

pub fn ix_attest(keys: &PoolKeys) -> Instruction {
    instruction(
        a::AttestSolvency {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            pool: keys.pool,
            vault: keys.vault,
            attestation: keys.attestation,
        },
        d::AttestSolvency {},
    )
}

/// An SPL Token `Transfer` (instruction 3) of `amount` from `source` to `destination`, signed by `owner`.
pub fn ix_spl_transfer(source: &Address, destination: &Address, owner: &Address, amount: u64) -> Instruction {
    let mut data = vec![3u8];
    data.extend_from_slice(&amount.to_le_bytes());
    Instruction {
        program_id: TOKEN_PROGRAM,
        accounts: vec![
            AccountMeta::new(*source, false),
            AccountMeta::new(*destination, false),
            AccountMeta::new_readonly(*owner, true),
        ],
        data,
    }
}

/// `settle_pnl` of `owner`'s account by `keeper`, at the pool's price update.
pub fn ix_settle_pnl(keys: &PoolKeys, keeper: &Address, owner: &Address) -> Instruction {
    instruction(
        a::SettlePnl {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            keeper: *keeper,
            pool: keys.pool,
            risk_params: keys.risk_params,
            margin_account: keys.margin(owner),
            price_update: keys.price_update,
        },
        d::SettlePnl {},
    )
}

/// `liquidate` of `owner`'s account by `liquidator`, the reward to `reward_token`.
pub fn ix_liquidate(
    keys: &PoolKeys,
    liquidator: &Address,
    owner: &Address,
    reward_token: &Address,
) -> Instruction {
    instruction(
        a::Liquidate {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            liquidator: *liquidator,
            pool: keys.pool,
            risk_params: keys.risk_params,
            margin_account: keys.margin(owner),
            vault: keys.vault,
            vault_authority: keys.vault_authority,
            reward_token_account: *reward_token,
            price_update: keys.price_update,
            token_program: TOKEN_PROGRAM,
        },
        d::Liquidate {},
    )
}

/// `fund_insurance` of `amount` from `funder`'s token account.
pub fn ix_fund_insurance(
    keys: &PoolKeys,
    funder: &Address,
    funder_token: &Address,
    amount: u64,
) -> Instruction {
    instruction(
        a::FundInsurance {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            funder: *funder,
            pool: keys.pool,
            vault: keys.vault,
            funder_token_account: *funder_token,
            token_program: TOKEN_PROGRAM,
        },
        d::FundInsurance { amount },
    )
}

/// `sponsor_deposit` of `amount` from the sponsor's token account.
pub fn ix_sponsor_deposit(
    keys: &PoolKeys,
    sponsor: &Address,
    sponsor_token: &Address,
    amount: u64,
) -> Instruction {
    instruction(
        a::SponsorDeposit {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            sponsor: *sponsor,
            pool: keys.pool,
            vault: keys.vault,
            sponsor_token_account: *sponsor_token,
            token_program: TOKEN_PROGRAM,
        },
        d::SponsorDeposit { amount },
    )
}

/// `request_sponsor_unbond` of `amount`.
pub fn ix_request_sponsor_unbond(keys: &PoolKeys, sponsor: &Address, amount: u64) -> Instruction {
    instruction(
        a::RequestSponsorUnbond {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            sponsor: *sponsor,
            pool: keys.pool,
            risk_params: keys.risk_params,
        },
        d::RequestSponsorUnbond { amount },
    )
}

/// `sponsor_withdraw` to the sponsor's token account.
/// `sponsor_withdraw` for a pool without a custodian (see [`ix_sponsor_withdraw_with`]).
pub fn ix_sponsor_withdraw(keys: &PoolKeys, sponsor: &Address, sponsor_token: &Address) -> Instruction {
    ix_sponsor_withdraw_with(keys, sponsor, None, sponsor_token)
}

/// `sponsor_withdraw` co-signed by `custodian` when given.
pub fn ix_sponsor_withdraw_with(
    keys: &PoolKeys,
    sponsor: &Address,
    custodian: Option<Address>,
    sponsor_token: &Address,
) -> Instruction {
    instruction(
        a::SponsorWithdraw {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            sponsor: *sponsor,
            custodian,
            pool: keys.pool,
            vault: keys.vault,
            vault_authority: keys.vault_authority,
            sponsor_token_account: *sponsor_token,
            token_program: TOKEN_PROGRAM,
        },
        d::SponsorWithdraw {},
    )
}

pub fn ix_propose_authority(keys: &PoolKeys, authority: &Address, new_authority: Address) -> Instruction {
    instruction(
        a::ProposeAuthority {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            authority: *authority,
            pool: keys.pool,
        },
        d::ProposeAuthority { new_authority },
    )
}

pub fn ix_accept_authority(keys: &PoolKeys, new_authority: &Address) -> Instruction {
    instruction(
        a::AcceptAuthority {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            new_authority: *new_authority,
            pool: keys.pool,
            risk_params: keys.risk_params,
        },
        d::AcceptAuthority {},
    )
}

pub fn ix_set_guardian(keys: &PoolKeys, authority: &Address, guardian: Address) -> Instruction {
    instruction(
        a::SetGuardian {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            authority: *authority,
            pool: keys.pool,
            risk_params: keys.risk_params,
        },
        d::SetGuardian { guardian },
    )
}

/// `propose_params` of `config`, keeping no custodian (see [`ix_propose_change`]).
pub fn ix_propose_params(keys: &PoolKeys, authority: &Address, config: RiskConfig) -> Instruction {
    ix_propose_change(keys, authority, config, Address::default())
}

/// `propose_params` of `config` and `custodian`, with no custodian signing.
pub fn ix_propose_change(
    keys: &PoolKeys,
    authority: &Address,
    config: RiskConfig,
    custodian: Address,
) -> Instruction {
    ix_propose_consented(keys, authority, config, custodian, (None, None))
}

/// `propose_params` of `config` and `custodian`, with `(outgoing, incoming)` custodians in their
/// signer slots when given.
pub fn ix_propose_consented(
    keys: &PoolKeys,
    authority: &Address,
    config: RiskConfig,
    custodian: Address,
    (outgoing_custodian, incoming_custodian): (Option<Address>, Option<Address>),
) -> Instruction {
    instruction(
        a::ProposeParams {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            authority: *authority,
            outgoing_custodian,
            incoming_custodian,
            pool: keys.pool,
            risk_params: keys.risk_params,
        },
        d::ProposeParams { config, custodian },
    )
}

pub fn ix_cancel_params(keys: &PoolKeys, signer: &Address) -> Instruction {
    instruction(
        a::CancelParams {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            signer: *signer,
            pool: keys.pool,
            risk_params: keys.risk_params,
        },
        d::CancelParams {},
    )
}

pub fn ix_apply_params(keys: &PoolKeys) -> Instruction {
    instruction(
        a::ApplyParams {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            pool: keys.pool,
            risk_params: keys.risk_params,
        },
        d::ApplyParams {},
    )
}

pub fn ix_pause(keys: &PoolKeys, signer: &Address, ops: u8, duration_secs: u32) -> Instruction {
    instruction(
        a::Pause {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            signer: *signer,
            pool: keys.pool,
            risk_params: keys.risk_params,
        },
        d::Pause { ops, duration_secs },
    )
}

pub fn ix_resume(keys: &PoolKeys, authority: &Address, ops: u8) -> Instruction {
    instruction(
        a::Resume {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            authority: *authority,
            pool: keys.pool,
        },
        d::Resume { ops },
    )
}

/// `collect_fees` of `amount` to `destination`, co-signed by `custodian` when given.
pub fn ix_collect_fees(
    keys: &PoolKeys,
    authority: &Address,
    custodian: Option<Address>,
    destination: &Address,
    amount: u64,
) -> Instruction {
    instruction(pool_funds(keys, authority, custodian, destination), d::CollectFees { amount })
}

/// `withdraw_insurance` of `amount` to `destination`, co-signed by `custodian` when given.
pub fn ix_withdraw_insurance(
    keys: &PoolKeys,
    authority: &Address,
    custodian: Option<Address>,
    destination: &Address,
    amount: u64,
) -> Instruction {
    instruction(pool_funds(keys, authority, custodian, destination), d::WithdrawInsurance { amount })
}

fn pool_funds(
    keys: &PoolKeys,
    authority: &Address,
    custodian: Option<Address>,
    destination: &Address,
) -> a::WithdrawPoolFunds {
    a::WithdrawPoolFunds {
        event_authority: *crate::EVENT_AUTHORITY,
        program: bulkhead::ID,
        authority: *authority,
        custodian,
        pool: keys.pool,
        vault: keys.vault,
        vault_authority: keys.vault_authority,
        destination: *destination,
        token_program: TOKEN_PROGRAM,
        risk_params: keys.risk_params,
    }
}

/// `announce_insurance_withdrawal` of `amount`.
pub fn ix_announce_insurance(keys: &PoolKeys, authority: &Address, amount: u64) -> Instruction {
    instruction(
        a::AnnounceInsuranceWithdrawal {
            event_authority: *crate::EVENT_AUTHORITY,
            program: bulkhead::ID,
            authority: *authority,
            pool: keys.pool,
            risk_params: keys.risk_params,
        },
        d::AnnounceInsuranceWithdrawal { amount },
    )
}

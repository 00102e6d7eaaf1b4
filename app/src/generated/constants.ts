/**
 * The program's published constants (idl/bulkhead.json `constants`), rendered by app/codama.ts.
 * Generated: do not edit.
 */

/** `ALL_OPERATIONS` (u8) of the program, from the IDL. */
export const ALL_OPERATIONS = 127;
/** `CANCELLED_BY_OWNER` (u64) of the program, from the IDL. */
export const CANCELLED_BY_OWNER = 0n;
/** `DEPOSITS` (u8) of the program, from the IDL. */
export const DEPOSITS = 8;
/** `DIRECTION_DEPOSIT` (u64) of the program, from the IDL. */
export const DIRECTION_DEPOSIT = 0n;
/** `DIRECTION_WITHDRAW` (u64) of the program, from the IDL. */
export const DIRECTION_WITHDRAW = 1n;
/** `EXECUTIONS` (u8) of the program, from the IDL. */
export const EXECUTIONS = 16;
/** `EXIT_OPERATIONS` (u8) of the program, from the IDL. */
export const EXIT_OPERATIONS = 52;
/** `EXPIRED` (u64) of the program, from the IDL. */
export const EXPIRED = 1n;
/** `LIQUIDATED` (u64) of the program, from the IDL. */
export const LIQUIDATED = 2n;
/** `LIQUIDATIONS` (u8) of the program, from the IDL. */
export const LIQUIDATIONS = 32;
/** `LP_DEPOSITS` (u8) of the program, from the IDL. */
export const LP_DEPOSITS = 2;
/** `LP_WITHDRAWALS` (u8) of the program, from the IDL. */
export const LP_WITHDRAWALS = 4;
/** `POOL_WITHDRAWALS` (u8) of the program, from the IDL. */
export const POOL_WITHDRAWALS = 64;
/** `REQUEST_ADD_LIQUIDITY` (u8) of the program, from the IDL. */
export const REQUEST_ADD_LIQUIDITY = 2;
/** `REQUEST_NONE` (u8) of the program, from the IDL. */
export const REQUEST_NONE = 0;
/** `REQUEST_REMOVE_LIQUIDITY` (u8) of the program, from the IDL. */
export const REQUEST_REMOVE_LIQUIDITY = 3;
/** `REQUEST_TRADE` (u8) of the program, from the IDL. */
export const REQUEST_TRADE = 1;
/** `RISK_INCREASING` (u8) of the program, from the IDL. */
export const RISK_INCREASING = 1;
/** `SPONSOR_DEPOSIT` (u64) of the program, from the IDL. */
export const SPONSOR_DEPOSIT = 0n;
/** `SPONSOR_UNBOND` (u64) of the program, from the IDL. */
export const SPONSOR_UNBOND = 1n;
/** `SPONSOR_WITHDRAW` (u64) of the program, from the IDL. */
export const SPONSOR_WITHDRAW = 2n;

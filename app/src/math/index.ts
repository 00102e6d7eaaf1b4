/**
 * The program's math, mirrored in exact bigint arithmetic so a client can predict an execution
 * before it lands: prices and the confidence band (math/price.rs), fills and cost basis
 * (math/position.rs), the payoff lock and taker fee (engine/trade.rs), margin at the adverse price
 * (math/margin.rs), price impact (math/impact.rs), liquidation (math/liquidation.rs), LP shares
 * (math/shares.rs), funding and borrow: rates, index accrual and settlement (math/funding.rs,
 * engine/funding.rs), and the LP NAVs from the sides' aggregates (math/nav.rs, engine/nav.rs).
 * Every function rounds exactly as its Rust twin (named in its comment); tests/ts/math.test.ts
 * checks them against the real .so on random inputs. One file here per Rust module.
 *
 * Units: amounts in collateral units (the mint's smallest unit), sizes in lots, prices in
 * collateral units per lot x 1e9 (`PRICE_PRECISION`), ratios in bps. Where the program fails with
 * `MathOverflow` these throw a `RangeError`.
 */
export { PRICE_PRECISION, BPS, INDEX_ONE, mulDiv, mulDivSaturating } from "./checked.js";
export * from "./price.js";
export * from "./position.js";
export * from "./margin.js";
export * from "./impact.js";
export * from "./liquidation.js";
export * from "./shares.js";
export * from "./funding.js";
export * from "./nav.js";

/**
 * `@bulkhead/client`: the Codama-generated client for the bulkhead program (instruction builders
 * with PDA defaults, account and event codecs, error constants) and hand-written helpers over it:
 * pool addresses and `fetchPool`, the event stream, readable errors, the program's math, Pyth
 * prints and a transaction sender. The keeper is at `@bulkhead/client/keeper`, and the localnet
 * cheat codes (airdrop, mint, clock) at `@bulkhead/client/localnet`, so the main face is the client.
 */
export * from "./generated/index.js";
/** The program's published constants (request kinds and reasons, directions, sponsor actions, pause bits). */
export * from "./generated/constants.js";
export * from "./builders.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./pool.js";
export * from "./rpc.js";
export * from "./pyth.js";
export * from "./audit.js";
export * from "./deploy.js";
export * from "./summary.js";
export * from "./account.js";
export * from "./token.js";
export * from "./hermes.js";
/** The program's math in bigint (`math.fill`, `math.freeCollateral`, `math.lotsToClose`, ...). */
export * as math from "./math/index.js";
// The generated `fetchPool` fetches the pool account alone; this one returns all of a pool.
export { fetchPool } from "./pool.js";

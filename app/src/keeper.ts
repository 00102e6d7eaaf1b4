/**
 * The keeper (`bulkhead keeper`): one bounded pass (`tick`) over the pools it serves does, for each
 * pool,
 * 0. `refresh_price` with a fresh print: as a watchdog, it shows the pool the newest print, so no
 *    one-step read may use an older one and new requests target a time after it;
 * 1. every pending trade or LP request whose target time has come, oldest request first: executes
 *    it with the unique print for that time from its `PriceSource` (and, when the execution is
 *    more than `EXECUTION_GRACE_SECS` after it, with the fresh print too: it fills at the worse of
 *    the two); past the request's deadline it expires it instead (either way the tip is the
 *    keeper's; an expiry costs the request's owner the expiry fee);
 *    Before the first LP withdrawal it executes in a pass, it runs `settle_pnl` at a fresh print on
 *    every position the math mirror finds losing: the redeem NAV counts no unsettled loss, so
 *    the LP who leaves is then paid for the losers' losses (and their fees) instead of leaving them
 *    to those who stay;
 * 2. every margin account holding a position that the client's math mirror finds below
 *    maintenance at a fresh print: `liquidate` (a `NotLiquidatable` refusal at preflight, which
 *    costs nothing, is quiet);
 * 3. `attest_solvency` when the last attestation is older than `attestEverySecs`.
 * Accounts are found with `getProgramAccounts` filtered by pool. Every RPC call retries with
 * backoff (rpc.ts); a failure on one account is logged and the pass goes on. `run` repeats
 * `tick` a bounded number of times.
 *
 * LP requests pay into the LP's associated token accounts of the collateral and LP mints: the
 * program checks their owner, and the keeper has no other way to know an LP's accounts.
 */
import { type Address, type KeyPairSigner, fetchEncodedAccount } from "@solana/kit";
import {
  BULKHEAD_ERROR__NOT_LIQUIDATABLE,
  BULKHEAD_ERROR__ORACLE_PUBLISH_TIME_REGRESSED,
  BULKHEAD_ERROR__RECENT_PRICE_REQUIRED,
  getRefreshPriceInstructionAsync,
  getAttestSolvencyInstructionAsync,
  getCancelLiquidityRequestInstructionAsync,
  getCancelTradeRequestInstructionAsync,
  getExecuteLiquidityInstructionAsync,
  getExecuteTradeInstructionAsync,
  getLiquidateInstructionAsync,
  getSettlePnlInstructionAsync,
  type MarginAccount,
} from "./generated/index.js";
import * as math from "./math/index.js";
import { fetchLpAccounts, fetchMarginAccounts, fetchPool, fetchPoolAddresses, type PoolState } from "./pool.js";
import {
  REQUEST_ADD_LIQUIDITY,
  REQUEST_NONE,
  REQUEST_REMOVE_LIQUIDITY,
  REQUEST_TRADE,
  EXECUTION_GRACE_SECS,
  deadline,
  isLate,
  targetTime,
} from "./builders.js";
import { type Connection, type RetryPolicy, DEFAULT_RETRY, send, sleep, withRetry } from "./rpc.js";
import { type PriceSource, clusterTime, decodePriceUpdateV2 } from "./pyth.js";
import { associatedTokenAccount } from "./token.js";
import { describeError, findErrorCode } from "./errors.js";

/**
 * Seconds a keeper's transaction may take from its clock read to landing (a loaded validator, a
 * retried send): an execution read less than this before its print's grace ends takes a recent
 * print along, so it does not land late without one. With the 2 s grace, a keeper that reads the
 * clock past the target at all sends one; one that executes in the target's second does not.
 */
export const LANDING_SLACK_SECS = 2n;

/**
 * Whether the client's math mirror finds `m` liquidatable at mid `p` at time `now`: its funding and
 * borrow accrued and settled first (what it owes taken from collateral; what it is owed not
 * credited, as free LP capital may not pay it: the keeper errs toward trying).
 */
export function liquidatableNow(state: PoolState, m: MarginAccount, p: bigint, now: bigint): boolean {
  const { indexes, state: accrual } = math.accrualInputsOf(state.pool);
  const after = math.accrueIndexes(
    indexes,
    now - state.pool.market.lastAccrualTs,
    accrual,
    math.fundingTermsOf(state.riskParams.config),
  );
  const { owed } = math.accountSettlement(after, m);
  const collateral = m.collateral > owed ? m.collateral - owed : 0n;
  return math.isLiquidatable(
    { collateral, base: m.basePosition, entry: m.entryNotional, locked: m.locked },
    p,
    state.riskParams.config.maintenanceMarginBps,
  );
}

/** The order of requests made in the same second, by `Request.kind`: capital in, trades, capital out. */
const SAME_SECOND: Record<number, number> = {
  [REQUEST_ADD_LIQUIDITY]: 0,
  [REQUEST_TRADE]: 1,
  [REQUEST_REMOVE_LIQUIDITY]: 2,
};

/** One thing the keeper did or tried, as it logs it (one JSON object per line). */
export interface KeeperAction {
  pool: Address;
  action:
    | "read_pool"
    | "refresh_price"
    | "execute_trade"
    | "execute_liquidity"
    | "expire_trade"
    | "expire_liquidity"
    | "settle_pnl"
    | "liquidate"
    | "attest_solvency";
  account?: Address;
  ok: boolean;
  signature?: string;
  error?: string;
}

export interface KeeperOptions {
  connection: Connection;
  keeper: KeyPairSigner;
  prices: PriceSource;
  /** The pools to serve; all of the program's pools when absent. */
  pools?: Address[];
  /** Attest each pool when its attestation is older than this (seconds); 0 = never. */
  attestEverySecs?: number;
  retry?: RetryPolicy;
  log?: (action: KeeperAction) => void;
}

export class Keeper {
  readonly actions: KeeperAction[] = [];
  /** Positions the math mirror found healthy (no transaction sent), over all passes. */
  readonly stats = { healthy: 0 };
  constructor(readonly options: KeeperOptions) {}

  private record(action: KeeperAction): void {
    this.actions.push(action);
    this.options.log?.(action);
  }

  /** Sends one instruction batch for `pool`, recording the outcome; never throws. */
  private async attempt(
    base: Omit<KeeperAction, "ok">,
    build: () => Promise<Parameters<typeof send>[2]>,
    quiet?: (code: number | undefined) => boolean,
  ): Promise<boolean> {
    try {
      const sent = await send(
        this.options.connection,
        this.options.keeper,
        await build(),
        this.options.retry ?? DEFAULT_RETRY,
      );
      this.record({ ...base, ok: true, signature: sent.signature });
      return true;
    } catch (error) {
      if (quiet?.(findErrorCode(error))) return false;
      this.record({ ...base, ok: false, error: describeError(error) });
      return false;
    }
  }

  /**
   * Waits (at most 10 s, polling every 500 ms) until the cluster's clock is past a pinned print's
   * execution grace, so a print taken then is one the program accepts as a late execution's
   * recent print.
   */
  private async pastGrace(pinnedPublishTime: bigint): Promise<void> {
    for (let i = 0; i < 20; i++) {
      if ((await this.read(() => clusterTime(this.options.connection))) > pinnedPublishTime + EXECUTION_GRACE_SECS)
        return;
      await sleep(500);
    }
  }

  /** An RPC read with the keeper's retry policy (bounded, with backoff). */
  private read<T>(f: () => Promise<T>): Promise<T> {
    return withRetry(f, this.options.retry ?? DEFAULT_RETRY);
  }

  /** A `PriceUpdateV2` account, decoded, or undefined if unreadable. */
  private async printOf(priceUpdate: Address): Promise<ReturnType<typeof decodePriceUpdateV2> | undefined> {
    try {
      const account = await this.read(() => fetchEncodedAccount(this.options.connection.rpc, priceUpdate));
      return account.exists ? decodePriceUpdateV2(new Uint8Array(account.data)) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The mid (program units) of a `PriceUpdateV2` account for the pool, or undefined if unreadable. */
  private async midOf(priceUpdate: Address, state: PoolState): Promise<bigint | undefined> {
    const print = await this.printOf(priceUpdate);
    // Unreadable: then every position is tried, and the program decides.
    return (
      print && math.fromPyth(print.price, print.exponent, state.pool.collateralDecimals, state.pool.baseDecimals, false)
    );
  }

  /** A fresh print of `feed` from the source, or undefined (logged by the execution that then fails). */
  private async freshOrUndefined(feed: Uint8Array): Promise<Address | undefined> {
    try {
      return await this.read(() => this.options.prices.freshPrint(feed));
    } catch {
      return undefined;
    }
  }

  /** Hands a print account back to its source once read (a posted Hermes print's rent is reclaimed). */
  private async release(account: Address | undefined): Promise<void> {
    if (!account || !this.options.prices.release) return;
    try {
      await this.options.prices.release(account);
    } catch {
      // Rent left in a print account is the keeper's own loss, never a reason to stop the pass.
    }
  }

  /** One pass over every pool; returns what it did. */
  async tick(): Promise<KeeperAction[]> {
    const start = this.actions.length;
    const { connection } = this.options;
    const pools = this.options.pools ?? (await this.read(() => fetchPoolAddresses(connection.rpc)));
    for (const pool of pools) {
      try {
        await this.servePool(await this.read(() => fetchPool(connection.rpc, pool)));
      } catch (error) {
        this.record({
          pool,
          action: "read_pool",
          ok: false,
          error: `pool skipped: ${error instanceof Error ? error.message : error}`,
        });
      }
    }
    return this.actions.slice(start);
  }

  private async servePool(state: PoolState): Promise<void> {
    const { connection, keeper, prices } = this.options;
    const pool = state.addresses.pool;
    const feed = new Uint8Array(state.pool.oracleFeedId);
    const now = await this.read(() => clusterTime(connection));

    const margins = await this.read(() => fetchMarginAccounts(connection.rpc, pool));
    const lps = await this.read(() => fetchLpAccounts(connection.rpc, pool));

    // As a watchdog: show the pool a fresh print (a pool already shown a newer one refuses it,
    // quietly). The same print is a late execution's recent print. A print the source cannot
    // give is logged; the pass goes on (a late execution then fails, and is retried next pass).
    let recent: Address | undefined;
    let newest = state.pool.market.lastOraclePublishTime;
    try {
      const fresh = await this.read(() => prices.freshPrint(feed));
      recent = fresh;
      const shown = await this.printOf(fresh);
      if (shown && shown.publishTime > newest) newest = shown.publishTime;
      await this.attempt(
        { pool, action: "refresh_price" },
        async () => [await getRefreshPriceInstructionAsync({ keeper, pool, priceUpdate: fresh })],
        (code) => code === BULKHEAD_ERROR__ORACLE_PUBLISH_TIME_REGRESSED,
      );
    } catch (error) {
      this.record({ pool, action: "refresh_price", ok: false, error: describeError(error) });
    }

    // Every due request, trades and LP flows together, oldest first: the pool sees them in the
    // order they were made (an LP deposit made before a trade gives it capital). Requests of the
    // same second go capital first: LP deposits, then trades, then LP withdrawals.
    const due = [
      ...margins.map((m) => ({
        kind: "trade" as const,
        address: m.address,
        owner: m.data.owner,
        request: m.data.request,
      })),
      ...lps.map((l) => ({ kind: "lp" as const, address: l.address, owner: l.data.owner, request: l.data.request })),
    ]
      .filter((r) => r.request.kind !== REQUEST_NONE && now >= targetTime(r.request))
      .sort((x, y) =>
        x.request.time !== y.request.time
          ? x.request.time < y.request.time
            ? -1
            : 1
          : SAME_SECOND[x.request.kind] !== SAME_SECOND[y.request.kind]
            ? SAME_SECOND[x.request.kind] - SAME_SECOND[y.request.kind]
            : x.address < y.address
              ? -1
              : 1,
      );
    let settled = false;
    for (const r of due) {
      // The clock and the recent print are read again for each request: one print per pass goes
      // stale while a long queue executes (the program refuses a recent print older than
      // `fresh_price_max_age_secs` or than the pool's newest).
      const at = r === due[0] ? now : await this.read(() => clusterTime(connection));
      const expired = at > deadline(r.request);
      // The pinned print is at or after the target: when the pool's clock is past the target's
      // grace, or will be by the time the transaction lands (`LANDING_SLACK_SECS`), a fresh print
      // goes along (the program ignores it within the grace). Without the slack, an execution
      // sent just inside the grace and landing just after it failed with `RecentPriceRequired`.
      // The first request also takes the print this pass just showed, late or not (the program
      // ignores it within the grace): its clock read came before that `refresh_price`, whose send
      // (retried through a flaky RPC) can outlast the slack, so "on time" judged from it could
      // land late without a recent print (seen in tests/localnet/keeper-faults.test.ts).
      let late: Address | undefined;
      if (!expired && r === due[0] && recent) late = recent;
      else if (!expired && isLate(targetTime(r.request), at + LANDING_SLACK_SECS, newest)) {
        late = await this.freshOrUndefined(feed);
      }
      let recentPriceUpdate = late;
      let used: Address | undefined;
      const print = async () => (used = await this.read(() => prices.printFor(feed, targetTime(r.request))));
      // An expiry may show the request's pinned print: when it came after the deadline (a feed
      // gap), the owner pays no expiry fee. A source with no such print yet (none published since
      // the target) means the same gap, but the program cannot be shown it: the expiry goes ahead
      // without one (and is charged), rather than not at all.
      const pinned = async () => {
        try {
          const address = await print();
          const shown = await this.printOf(address);
          return shown && shown.publishTime > deadline(r.request) ? address : undefined;
        } catch {
          return undefined;
        }
      };
      // An execution that landed after the grace with no print from after it (the cluster's clock
      // moved past the grace while it was in flight, before any such print existed) is tried once
      // more, quietly the first time: once the cluster is past the grace, with a fresh print.
      let [retryLate, refusedLate] = [!expired, false];
      const lateRefused = (code: number | undefined) =>
        (refusedLate = retryLate && code === BULKHEAD_ERROR__RECENT_PRICE_REQUIRED);
      const execute = async (base: Omit<KeeperAction, "ok">, build: () => Promise<Parameters<typeof send>[2]>) => {
        // Any other failure was recorded by `attempt` and is not retried.
        if ((await this.attempt(base, build, lateRefused)) || !refusedLate) return;
        retryLate = false;
        const shown = used ? await this.printOf(used) : undefined;
        await this.pastGrace(shown?.publishTime ?? targetTime(r.request));
        if (late && late !== recent) await this.release(late);
        recentPriceUpdate = late = await this.freshOrUndefined(feed);
        await this.attempt(base, build);
      };
      if (r.kind === "trade") {
        await execute({ pool, action: expired ? "expire_trade" : "execute_trade", account: r.address }, async () => [
          expired
            ? await getCancelTradeRequestInstructionAsync({
                caller: keeper,
                pool,
                marginAccount: r.address,
                pinnedPriceUpdate: await pinned(),
              })
            : await getExecuteTradeInstructionAsync({
                keeper,
                pool,
                marginAccount: r.address,
                priceUpdate: await print(),
                recentPriceUpdate,
              }),
        ]);
      } else {
        if (!expired && !settled && r.request.kind === REQUEST_REMOVE_LIQUIDITY) {
          settled = true;
          await this.settleLosers(state, feed);
        }
        // The keeper pays for the LP's token accounts if they are missing (idempotent creates).
        const [collateral, shares] = await Promise.all(
          [state.pool.collateralMint, state.addresses.lpMint].map((mint) =>
            associatedTokenAccount(keeper, r.owner, mint),
          ),
        );
        const [userTokenAccount, userLpTokenAccount] = [collateral.account, shares.account];
        const atas = [collateral.create, shares.create];
        await execute(
          { pool, action: expired ? "expire_liquidity" : "execute_liquidity", account: r.address },
          async () => [
            ...atas,
            expired
              ? await getCancelLiquidityRequestInstructionAsync({
                  caller: keeper,
                  pool,
                  lpAccount: r.address,
                  userTokenAccount,
                  userLpTokenAccount,
                  pinnedPriceUpdate: await pinned(),
                })
              : await getExecuteLiquidityInstructionAsync({
                  keeper,
                  pool,
                  lpAccount: r.address,
                  userTokenAccount,
                  userLpTokenAccount,
                  priceUpdate: await print(),
                  recentPriceUpdate,
                }),
          ],
        );
      }
      await this.release(used);
      if (late !== recent) await this.release(late);
    }
    await this.release(recent);

    // Liquidations: one fresh print per pool per pass, shared by every candidate; the pool and its
    // accounts are read again, since the executions above may have opened or moved positions. The client's
    // math mirror picks the candidates (below maintenance once funding and borrow are settled to
    // now), so healthy accounts cost no transaction; the program has the last word.
    const current = await this.read(() => fetchMarginAccounts(connection.rpc, pool));
    const positions = current.filter((m) => m.data.basePosition !== 0n && m.data.owner !== keeper.address);
    if (positions.length > 0) {
      const fresh = await this.read(() => fetchPool(connection.rpc, pool));
      const priceUpdate = await this.read(() => prices.freshPrint(feed));
      const mid = await this.midOf(priceUpdate, fresh);
      const at = await this.read(() => clusterTime(connection));
      const reward = await associatedTokenAccount(keeper, keeper.address, state.pool.collateralMint);
      for (const m of positions) {
        if (mid !== undefined && !liquidatableNow(fresh, m.data, mid, at)) {
          this.stats.healthy++;
          continue;
        }
        await this.attempt(
          { pool, action: "liquidate", account: m.address },
          async () => [
            reward.create,
            await getLiquidateInstructionAsync({
              liquidator: keeper,
              pool,
              marginAccount: m.address,
              rewardTokenAccount: reward.account,
              priceUpdate,
            }),
          ],
          (code) => code === BULKHEAD_ERROR__NOT_LIQUIDATABLE,
        );
      }
      await this.release(priceUpdate);
    }

    const every = BigInt(this.options.attestEverySecs ?? 0);
    if (every > 0n && now - state.attestation.unixTime >= every) {
      await this.attempt({ pool, action: "attest_solvency" }, async () => [
        await getAttestSolvencyInstructionAsync({ pool }),
      ]);
    }
  }

  /**
   * `settle_pnl` at one fresh print on every position of the pool that the math mirror finds losing
   * at its mid (the program realizes the loss up to the account's collateral, and settles its
   * funding and borrow). A print the source cannot give is logged and nothing is settled.
   */
  private async settleLosers(state: PoolState, feed: Uint8Array): Promise<void> {
    const { connection, keeper, prices } = this.options;
    const pool = state.addresses.pool;
    const margins = await this.read(() => fetchMarginAccounts(connection.rpc, pool));
    const open = margins.filter((m) => m.data.basePosition !== 0n);
    if (open.length === 0) return;
    let priceUpdate: Address;
    try {
      priceUpdate = await this.read(() => prices.freshPrint(feed));
    } catch (error) {
      this.record({ pool, action: "settle_pnl", ok: false, error: describeError(error) });
      return;
    }
    const mid = await this.midOf(priceUpdate, state);
    for (const m of open) {
      if (mid === undefined || math.unrealizedPnl(m.data.basePosition, m.data.entryNotional, mid) >= 0n) continue;
      await this.attempt({ pool, action: "settle_pnl", account: m.address }, async () => [
        await getSettlePnlInstructionAsync({ keeper, pool, marginAccount: m.address, priceUpdate }),
      ]);
    }
    await this.release(priceUpdate);
  }

  /** Runs `ticks` passes, `intervalMs` apart (a bounded loop: a service restarts it). */
  async run(ticks: number, intervalMs: number): Promise<KeeperAction[]> {
    for (let i = 0; i < ticks; i++) {
      await this.tick();
      if (i + 1 < ticks) await sleep(intervalMs);
    }
    return this.actions;
  }
}

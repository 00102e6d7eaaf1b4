/**
 * A pool's addresses and its on-chain state: derivation (the generated PDA finders, gathered into
 * one object), `fetchPool` (one `getMultipleAccounts` for the pool, its risk parameters and its
 * attestation), every pool of the program, and the margin and LP accounts of one pool.
 */
import {
  type Address,
  type GetMultipleAccountsApi,
  type GetProgramAccountsApi,
  type Rpc,
  address,
  fetchEncodedAccounts,
  getBase58Decoder,
  type ReadonlyUint8Array,
} from "@solana/kit";
import {
  BULKHEAD_PROGRAM_ADDRESS,
  type Attestation,
  type LpAccount,
  type MarginAccount,
  type Pool,
  type RiskParams,
  decodeAttestation,
  decodePool,
  decodeRiskParams,
  findAttestationPda,
  findLpAccountPda,
  findLpEscrowPda,
  findLpMintPda,
  findMarginAccountPda,
  findPoolPda,
  findRiskParamsPda,
  findVaultAuthorityPda,
  findVaultPda,
  getLpAccountDecoder,
  getLpAccountDiscriminatorBytes,
  getLpAccountSize,
  getMarginAccountDecoder,
  getMarginAccountDiscriminatorBytes,
  getMarginAccountSize,
  getPoolDiscriminatorBytes,
  getPoolSize,
} from "./generated/index.js";

/** The default address, which the program reads as "no guardian" / "no custodian". */
export const NONE = address("11111111111111111111111111111111");

/** Every address of one pool. */
export interface PoolAddresses {
  pool: Address;
  riskParams: Address;
  vault: Address;
  vaultAuthority: Address;
  lpMint: Address;
  /** Token account of the LP mint holding the shares of pending withdrawals. */
  lpEscrow: Address;
  attestation: Address;
}

const first = async (pda: Promise<readonly [Address, number]>) => (await pda)[0];

/** A pool's addresses from the pool's own address: `[prefix, pool]` for each (the generated PDA finders). */
export async function poolAddressesOf(pool: Address): Promise<PoolAddresses> {
  const [riskParams, vault, vaultAuthority, lpMint, lpEscrow, attestation] = await Promise.all([
    first(findRiskParamsPda({ pool })),
    first(findVaultPda({ pool })),
    first(findVaultAuthorityPda({ pool })),
    first(findLpMintPda({ pool })),
    first(findLpEscrowPda({ pool })),
    first(findAttestationPda({ pool })),
  ]);
  return { pool, riskParams, vault, vaultAuthority, lpMint, lpEscrow, attestation };
}

/** Derives a pool's addresses from its creator and id: the pool is `["pool", creator, poolId u64 LE]`. */
export async function findPoolAddresses(creator: Address, poolId: bigint): Promise<PoolAddresses> {
  return poolAddressesOf(await first(findPoolPda({ creator, poolId })));
}

/** `["margin", pool, owner]`: a trader's margin account. */
export const findMarginAddress = (pool: Address, owner: Address): Promise<Address> =>
  first(findMarginAccountPda({ pool, owner }));

/** `["lp", pool, owner]`: an LP's request record. */
export const findLpAccountAddress = (pool: Address, owner: Address): Promise<Address> =>
  first(findLpAccountPda({ pool, owner }));

/** A pool as `fetchPool` returns it: its addresses and its three program accounts, decoded. */
export interface PoolState {
  addresses: PoolAddresses;
  pool: Pool;
  riskParams: RiskParams;
  attestation: Attestation;
}

/** Fetches a pool, its risk parameters and its attestation in one RPC call. Throws if any is missing. */
export async function fetchPool(rpc: Rpc<GetMultipleAccountsApi>, pool: Address): Promise<PoolState> {
  const addresses = await poolAddressesOf(pool);
  const [p, r, a] = await fetchEncodedAccounts(rpc, [pool, addresses.riskParams, addresses.attestation]);
  for (const account of [p, r, a]) {
    if (!account.exists) throw new Error(`account ${account.address} of pool ${pool} does not exist`);
  }
  if (!p.exists || !r.exists || !a.exists) throw new Error("unreachable");
  return {
    addresses,
    pool: decodePool(p).data,
    riskParams: decodeRiskParams(r).data,
    attestation: decodeAttestation(a).data,
  };
}

/** The address of every pool of the program (`getProgramAccounts` by size and discriminator). */
export async function fetchPoolAddresses(rpc: Rpc<GetProgramAccountsApi>): Promise<Address[]> {
  const accounts = await rpc
    .getProgramAccounts(BULKHEAD_PROGRAM_ADDRESS, {
      encoding: "base64",
      dataSlice: { offset: 0, length: 0 },
      filters: [
        { dataSize: BigInt(getPoolSize()) },
        {
          memcmp: {
            offset: 0n,
            bytes: getBase58Decoder().decode(getPoolDiscriminatorBytes()) as never,
            encoding: "base58",
          },
        },
      ],
    })
    .send();
  return accounts.map((a) => a.pubkey).sort();
}

/** Byte offset of `pool` in a `MarginAccount` (8-byte discriminator, version, bump, 6 of padding, collateral, opened_at). */
export const MARGIN_ACCOUNT_POOL_OFFSET = 32n;
/** Byte offset of `pool` in an `LpAccount` (8-byte discriminator, version, bump, 6 of padding). */
export const LP_ACCOUNT_POOL_OFFSET = 16n;

/** The encoded program accounts of one kind (`size`, `discriminator`) whose `pool` field is `pool`. */
export async function fetchAccountsOfPool(
  rpc: Rpc<GetProgramAccountsApi>,
  pool: Address,
  kind: { size: number; discriminator: ReadonlyUint8Array; poolOffset: bigint },
): Promise<{ address: Address; data: Uint8Array }[]> {
  const b58 = getBase58Decoder();
  const accounts = await rpc
    .getProgramAccounts(BULKHEAD_PROGRAM_ADDRESS, {
      encoding: "base64",
      filters: [
        { dataSize: BigInt(kind.size) },
        { memcmp: { offset: 0n, bytes: b58.decode(kind.discriminator) as never, encoding: "base58" } },
        { memcmp: { offset: kind.poolOffset, bytes: pool as never, encoding: "base58" } },
      ],
    })
    .send();
  return accounts
    .map((a) => ({ address: a.pubkey, data: new Uint8Array(Buffer.from(a.account.data[0], "base64")) }))
    .sort((x, y) => (x.address < y.address ? -1 : 1));
}

/** Every margin account of `pool`, decoded, by address. */
export async function fetchMarginAccounts(
  rpc: Rpc<GetProgramAccountsApi>,
  pool: Address,
): Promise<{ address: Address; data: MarginAccount }[]> {
  const raw = await fetchAccountsOfPool(rpc, pool, {
    size: getMarginAccountSize(),
    discriminator: getMarginAccountDiscriminatorBytes(),
    poolOffset: MARGIN_ACCOUNT_POOL_OFFSET,
  });
  return raw.map((a) => ({ address: a.address, data: getMarginAccountDecoder().decode(a.data) }));
}

/** Every LP account of `pool`, decoded, by address. */
export async function fetchLpAccounts(
  rpc: Rpc<GetProgramAccountsApi>,
  pool: Address,
): Promise<{ address: Address; data: LpAccount }[]> {
  const raw = await fetchAccountsOfPool(rpc, pool, {
    size: getLpAccountSize(),
    discriminator: getLpAccountDiscriminatorBytes(),
    poolOffset: LP_ACCOUNT_POOL_OFFSET,
  });
  return raw.map((a) => ({ address: a.address, data: getLpAccountDecoder().decode(a.data) }));
}

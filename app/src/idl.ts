/**
 * Codecs built from the committed IDL (idl/bulkhead.json), so the client cannot drift from the
 * program: discriminators, account order and field layouts all come from the IDL.
 *
 * Written here rather than generated because the IDL uses only fixed-size types (integers, pubkeys,
 * byte arrays, nested structs), and bulkhead's zero-copy (`bytemuck`) accounts and events have no
 * implicit padding, so their bytes equal the Borsh encoding these codecs read and write.
 */
import {
  type Codec,
  fixCodecSize,
  getArrayCodec,
  getAddressCodec,
  getBooleanCodec,
  getBytesCodec,
  getI64Codec,
  getI8Codec,
  getStructCodec,
  getU128Codec,
  getU32Codec,
  getU64Codec,
  getU8Codec,
} from "@solana/kit";
import idlJson from "../../idl/bulkhead.json" with { type: "json" };

/** An IDL type as anchor-lang-idl writes it (the subset bulkhead uses). */
type IdlType = string | { array: [IdlType, number] } | { defined: { name: string } };

interface IdlField { name: string; type: IdlType }
interface IdlTypeDef { name: string; type: { kind: string; fields: IdlField[] } }
interface IdlInstruction {
  name: string;
  discriminator: number[];
  accounts: { name: string; writable?: boolean; signer?: boolean; optional?: boolean }[];
  args: IdlField[];
}

/** The IDL, typed for what this client reads. */
export const IDL = idlJson as unknown as {
  address: string;
  instructions: IdlInstruction[];
  accounts: { name: string; discriminator: number[] }[];
  events: { name: string; discriminator: number[] }[];
  errors: { code: number; name: string; msg: string }[];
  types: IdlTypeDef[];
};

const snakeToCamel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A kit codec for one IDL type; struct field names become camelCase. */
export function codecFor(type: IdlType): Codec<any> {
  if (typeof type === "string") {
    switch (type) {
      case "u8": return getU8Codec();
      case "i8": return getI8Codec();
      case "bool": return getBooleanCodec();
      case "u32": return getU32Codec();
      case "u64": return getU64Codec();
      case "u128": return getU128Codec();
      case "i64": return getI64Codec();
      case "pubkey": return getAddressCodec();
      default: throw new Error(`IDL type ${type} is not used by bulkhead`);
    }
  }
  if ("array" in type) {
    const [inner, length] = type.array;
    // Byte arrays (ids, padding) as bytes; other fixed arrays (the pause expiries) element-wise.
    if (inner === "u8") return fixCodecSize(getBytesCodec(), length);
    return getArrayCodec(codecFor(inner), { size: length });
  }
  return structCodec(type.defined.name);
}

/** A kit codec for a named struct of the IDL's `types`. */
export function structCodec(name: string): Codec<any> {
  const def = IDL.types.find((t) => t.name === name);
  if (!def) throw new Error(`type ${name} is not in the IDL`);
  const fields = def.type.fields.map((f): [string, Codec<any>] => [snakeToCamel(f.name), codecFor(f.type)]);
  return getStructCodec(fields);
}

/** The IDL entry of an instruction. */
export function instructionDef(name: string): IdlInstruction {
  const ix = IDL.instructions.find((i) => i.name === name);
  if (!ix) throw new Error(`instruction ${name} is not in the IDL`);
  return ix;
}

/** The 8-byte discriminator of an account or event. */
export function discriminator(kind: "accounts" | "events", name: string): Uint8Array {
  const entry = IDL[kind].find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not in the IDL's ${kind}`);
  return Uint8Array.from(entry.discriminator);
}

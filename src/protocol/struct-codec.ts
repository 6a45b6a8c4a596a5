/**
 * The generic interpreter of schema.ts. A field list is compiled once per
 * (field list, version, flexible) into a plan of closures, so encoding and
 * decoding never re-parse version strings; plans are cached on the field
 * list's identity.
 *
 * Decoding fills every field the version lacks with its default (explicit
 * `default`, else 0 / '' / false / [] / empty bytes / zero uuid, and null for
 * records and for fields nullable in every version they exist in), so a handler
 * may read any field at any version. Encoding a missing field writes its
 * default; encoding null where the version does not allow it is an EncodeError.
 */
import { inVersions, parseVersions, type FieldDef, type PrimitiveType } from './schema.js';
import { Reader, ZERO_UUID } from './reader.js';
import { EncodeError, Writer } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Struct = Record<string, any>;

interface ValuePlan {
  read(r: Reader): unknown;
  write(w: Writer, v: unknown): void;
  /** Fewest bytes one encoded value takes; bounds array counts on decode. */
  bytesMin: number;
}

interface FieldPlan {
  name: string;
  value: ValuePlan;
  makeDefault(): unknown;
  isDefault(v: unknown): boolean;
  nullable: boolean;
}

interface TaggedPlan extends FieldPlan {
  tag: number;
}

export interface StructPlan {
  decode(r: Reader): Struct;
  encode(w: Writer, v: Struct): void;
  makeDefault(): Struct;
  isDefault(v: Struct): boolean;
  bytesMin: number;
}

const plans = new WeakMap<readonly FieldDef[], Map<number, StructPlan>>();

export function structPlan(fields: readonly FieldDef[], version: number, flexible: boolean): StructPlan {
  let byVersion = plans.get(fields);
  if (byVersion === undefined) {
    byVersion = new Map();
    plans.set(fields, byVersion);
  }
  const key = version * 2 + (flexible ? 1 : 0);
  let plan = byVersion.get(key);
  if (plan === undefined) {
    plan = compileStruct(fields, version, flexible);
    byVersion.set(key, plan);
  }
  return plan;
}

export function encodeMessage(
  fields: readonly FieldDef[],
  version: number,
  flexible: boolean,
  value: Struct,
  writer: Writer,
): void {
  structPlan(fields, version, flexible).encode(writer, value);
}

export function decodeMessage(fields: readonly FieldDef[], version: number, flexible: boolean, reader: Reader): Struct {
  return structPlan(fields, version, flexible).decode(reader);
}

function compileStruct(fields: readonly FieldDef[], version: number, flexible: boolean): StructPlan {
  const regular: FieldPlan[] = [];
  const absent: FieldPlan[] = [];
  const tagged: TaggedPlan[] = [];
  for (const f of fields) {
    const plan = compileField(f, version, flexible);
    if (!inVersions(f.versions, version)) absent.push(plan);
    else if (flexible && f.tag !== undefined && inVersions(f.tagged, version)) tagged.push({ ...plan, tag: f.tag });
    else regular.push(plan);
  }
  tagged.sort((a, b) => a.tag - b.tag);
  const byTag = new Map(tagged.map((t) => [t.tag, t]));
  const all = [...regular, ...tagged, ...absent];
  const bytesMin = regular.reduce((n, p) => n + p.value.bytesMin, flexible ? 1 : 0);

  const makeDefault = (): Struct => {
    const out: Struct = {};
    for (const p of all) out[p.name] = p.makeDefault();
    return out;
  };

  const decode = (r: Reader): Struct => {
    const out: Struct = {};
    for (const p of regular) out[p.name] = p.value.read(r);
    for (const p of absent) out[p.name] = p.makeDefault();
    if (!flexible) return out;
    if (tagged.length === 0) {
      r.taggedFields();
      return out;
    }
    for (const p of tagged) out[p.name] = p.makeDefault();
    r.taggedFields((tag, sub) => {
      const p = byTag.get(tag);
      if (p === undefined) return false;
      out[p.name] = p.value.read(sub);
      return true;
    });
    return out;
  };

  const encode = (w: Writer, v: Struct): void => {
    for (const p of regular) {
      const x = v[p.name];
      p.value.write(w, x === undefined ? p.makeDefault() : x);
    }
    if (!flexible) return;
    if (tagged.length === 0) return w.uvarint(0);
    writeTagged(w, tagged, v);
  };

  const isDefault = (v: Struct): boolean => all.every((p) => v[p.name] === undefined || p.isDefault(v[p.name]));

  return { decode, encode, makeDefault, isDefault, bytesMin };
}

function writeTagged(w: Writer, tagged: readonly TaggedPlan[], v: Struct): void {
  const present = tagged.filter((p) => v[p.name] !== undefined && !p.isDefault(v[p.name]));
  w.uvarint(present.length);
  for (const p of present) {
    const sub = new Writer(64);
    p.value.write(sub, v[p.name]);
    w.uvarint(p.tag);
    w.uvarint(sub.length);
    w.rawAll(sub.finish());
  }
}

function compileField(f: FieldDef, version: number, flexible: boolean): FieldPlan {
  const nullable = inVersions(f.nullable, version);
  const compact = f.flexible !== undefined ? inVersions(f.flexible, version) : flexible;
  const value = compileValue(f, version, flexible, compact, nullable);
  const { makeDefault, isDefault } = compileDefault(f, version, flexible);
  return { name: f.name, value, makeDefault, isDefault, nullable };
}

function nullError(f: FieldDef, version: number): EncodeError {
  return new EncodeError(`${f.name} is null but not nullable in version ${version}`);
}

function compileValue(f: FieldDef, version: number, flexible: boolean, compact: boolean, nullable: boolean): ValuePlan {
  if (f.type === 'struct') {
    const sub = structPlan(f.fields ?? [], version, flexible);
    return nullable ? nullableStruct(sub) : structValue(sub, f, version);
  }
  if (f.type === '[]struct') {
    const sub = structPlan(f.fields ?? [], version, flexible);
    return arrayValue(structValue(sub, f, version), f, version, compact, nullable);
  }
  if (f.type.startsWith('[]')) {
    const element = primitiveValue(f.type.slice(2) as PrimitiveType, f, version, compact, false);
    return arrayValue(element, f, version, compact, nullable);
  }
  return primitiveValue(f.type as PrimitiveType, f, version, compact, nullable);
}

function structValue(sub: StructPlan, f: FieldDef, version: number): ValuePlan {
  return {
    read: (r) => sub.decode(r),
    write: (w, v) => {
      if (v === null) throw nullError(f, version);
      sub.encode(w, v as Struct);
    },
    bytesMin: sub.bytesMin,
  };
}

/** Kafka writes a nullable struct as an int8 marker: -1 null, 1 present. */
function nullableStruct(sub: StructPlan): ValuePlan {
  return {
    read: (r) => (r.int8() < 0 ? null : sub.decode(r)),
    write: (w, v) => {
      if (v === null) return w.int8(-1);
      w.int8(1);
      sub.encode(w, v as Struct);
    },
    bytesMin: 1,
  };
}

function arrayValue(element: ValuePlan, f: FieldDef, version: number, compact: boolean, nullable: boolean): ValuePlan {
  const elementMin = element.bytesMin;
  return {
    read: (r) => {
      const n = compact ? r.compactArrayLength(elementMin) : r.arrayLength(elementMin);
      if (n === null) return nullable ? null : r.fail(`${f.name} is null but not nullable`);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = element.read(r);
      return out;
    },
    write: (w, v) => {
      if (v === null) {
        if (!nullable) throw nullError(f, version);
        return compact ? w.uvarint(0) : w.int32(-1);
      }
      const arr = v as readonly unknown[];
      if (compact) w.uvarint(arr.length + 1);
      else w.int32(arr.length);
      for (const x of arr) element.write(w, x);
    },
    bytesMin: compact ? 1 : 4,
  };
}

function fixed(bytesMin: number, read: (r: Reader) => unknown, write: (w: Writer, v: never) => void): ValuePlan {
  return { read, write: write as (w: Writer, v: unknown) => void, bytesMin };
}

function primitiveValue(type: PrimitiveType, f: FieldDef, version: number, compact: boolean, nullable: boolean): ValuePlan {
  switch (type) {
    case 'bool':
      return fixed(1, (r) => r.bool(), (w, v: boolean) => w.bool(v));
    case 'int8':
      return fixed(1, (r) => r.int8(), (w, v: number) => w.int8(v));
    case 'int16':
      return fixed(2, (r) => r.int16(), (w, v: number) => w.int16(v));
    case 'uint16':
      return fixed(2, (r) => r.uint16(), (w, v: number) => w.uint16(v));
    case 'int32':
      return fixed(4, (r) => r.int32(), (w, v: number) => w.int32(v));
    case 'uint32':
      return fixed(4, (r) => r.uint32(), (w, v: number) => w.uint32(v));
    case 'int64':
      return fixed(8, (r) => r.int64(), (w, v: number | bigint) => w.int64(v));
    case 'float64':
      return fixed(8, (r) => r.float64(), (w, v: number) => w.float64(v));
    case 'uuid':
      return fixed(16, (r) => r.uuid(), (w, v: string | Buffer) => w.uuid(v));
    case 'string':
      return stringValue(f, version, compact, nullable);
    case 'bytes':
    case 'records':
      return bytesValue(f, version, compact, nullable);
  }
}

function stringValue(f: FieldDef, version: number, compact: boolean, nullable: boolean): ValuePlan {
  const read = compact
    ? nullable
      ? (r: Reader) => r.compactNullableString()
      : (r: Reader) => r.compactString()
    : nullable
      ? (r: Reader) => r.nullableString()
      : (r: Reader) => r.string();
  return {
    read,
    write: (w, v) => {
      if (v === null && !nullable) throw nullError(f, version);
      if (compact) w.compactNullableString(v as string | null);
      else w.nullableString(v as string | null);
    },
    bytesMin: compact ? 1 : 2,
  };
}

/** Bytes and records: views on decode; `Buffer | Buffer[] | null` on encode. */
function bytesValue(f: FieldDef, version: number, compact: boolean, nullable: boolean): ValuePlan {
  const read = compact
    ? nullable
      ? (r: Reader) => r.compactNullableBytes()
      : (r: Reader) => r.compactBytes()
    : nullable
      ? (r: Reader) => r.nullableBytes()
      : (r: Reader) => r.bytes();
  return {
    read,
    write: (w, v) => {
      if (v === null && !nullable) throw nullError(f, version);
      const b = v as Buffer | Buffer[] | null;
      if (compact) w.compactNullableBytes(b);
      else w.nullableBytes(b);
    },
    bytesMin: compact ? 1 : 4,
  };
}

const EMPTY = Buffer.alloc(0);

/** Nullable in every version the field exists in: its natural default is null. */
function nullableByDefault(f: FieldDef): boolean {
  if (f.nullable === undefined) return false;
  const n = parseVersions(f.nullable);
  const v = parseVersions(f.versions);
  return n.min <= v.min && n.max >= v.max;
}

function compileDefault(
  f: FieldDef,
  version: number,
  flexible: boolean,
): { makeDefault: () => unknown; isDefault: (v: unknown) => boolean } {
  const isArray = f.type.startsWith('[]');
  const explicitNull = f.default === null || (f.default === 'null' && f.nullable !== undefined);
  if (explicitNull || (f.default === undefined && (f.type === 'records' || nullableByDefault(f)))) {
    return { makeDefault: () => null, isDefault: (v) => v === null };
  }
  if (isArray) {
    return { makeDefault: () => [], isDefault: (v) => Array.isArray(v) && v.length === 0 };
  }
  if (f.type === 'struct') {
    const sub = structPlan(f.fields ?? [], version, flexible);
    return { makeDefault: () => sub.makeDefault(), isDefault: (v) => v !== null && sub.isDefault(v as Struct) };
  }
  if (f.type === 'bytes') {
    return { makeDefault: () => EMPTY, isDefault: (v) => Buffer.isBuffer(v) && v.length === 0 };
  }
  const d = scalarDefault(f);
  if (f.type === 'uuid') return { makeDefault: () => d, isDefault: (v) => typeof v === 'string' && v.toLowerCase() === d };
  return { makeDefault: () => d, isDefault: (v) => v === d };
}

function scalarDefault(f: FieldDef): unknown {
  const d = f.default;
  switch (f.type) {
    case 'bool':
      return d === true || d === 'true';
    case 'string':
      return d === undefined ? '' : String(d);
    case 'uuid':
      return d === undefined ? ZERO_UUID : String(d).replaceAll('-', '').toLowerCase();
    default:
      return d === undefined ? 0 : Number(d);
  }
}

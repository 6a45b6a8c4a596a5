/**
 * Seeded random values for any schema at any version: every field present in
 * the version gets a value its wire type can carry, null only where the
 * version allows it. Used by the registry round-trip and fuzz tests.
 */
import { inVersions, type FieldDef, type PrimitiveType } from '../../src/protocol/schema.js';
import type { Struct } from '../../src/protocol/struct-codec.js';

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz-._0123456789é漢😀';

function randomString(rng: Rng): string {
  const n = int(rng, 0, 8);
  let s = '';
  for (let i = 0; i < n; i++) s += [...ALPHABET][int(rng, 0, [...ALPHABET].length - 1)];
  return s;
}

function randomBytes(rng: Rng, max: number): Buffer {
  const b = Buffer.alloc(int(rng, 0, max));
  for (let i = 0; i < b.length; i++) b[i] = int(rng, 0, 255);
  return b;
}

function randomPrimitive(type: PrimitiveType, rng: Rng): unknown {
  switch (type) {
    case 'bool':
      return rng() < 0.5;
    case 'int8':
      return int(rng, -128, 127);
    case 'int16':
      return int(rng, -32768, 32767);
    case 'uint16':
      return int(rng, 0, 65535);
    case 'int32':
      return int(rng, -0x80000000, 0x7fffffff);
    case 'uint32':
      return int(rng, 0, 0xffffffff);
    case 'int64':
      return rng() < 0.5 ? int(rng, -1, 1000) : int(rng, -(2 ** 52), 2 ** 52);
    case 'float64':
      return (rng() - 0.5) * 1e6;
    case 'uuid':
      return Buffer.from(Array.from({ length: 16 }, () => int(rng, 0, 255))).toString('hex');
    case 'string':
      return randomString(rng);
    case 'bytes':
      return randomBytes(rng, 8);
    case 'records':
      return randomBytes(rng, 24);
  }
}

export function randomStruct(fields: readonly FieldDef[], version: number, rng: Rng, depth = 0): Struct {
  const out: Struct = {};
  for (const f of fields) {
    if (!inVersions(f.versions, version)) continue;
    out[f.name] = randomField(f, version, rng, depth);
  }
  return out;
}

function randomField(f: FieldDef, version: number, rng: Rng, depth: number): unknown {
  if (inVersions(f.nullable, version) && rng() < 0.2) return null;
  const count = () => int(rng, 0, depth > 2 ? 1 : 3);
  if (f.type === 'struct') return randomStruct(f.fields ?? [], version, rng, depth + 1);
  if (f.type === '[]struct') {
    return Array.from({ length: count() }, () => randomStruct(f.fields ?? [], version, rng, depth + 1));
  }
  if (f.type.startsWith('[]')) {
    return Array.from({ length: count() }, () => randomPrimitive(f.type.slice(2) as PrimitiveType, rng));
  }
  return randomPrimitive(f.type as PrimitiveType, rng);
}

/** Every version in a "N-M" / "N+" / "N" range (open ranges capped at `openMax`). */
export function versionsOf(spec: string, openMax = 20): number[] {
  const out: number[] = [];
  for (let v = 0; v <= openMax; v++) if (inVersions(spec, v)) out.push(v);
  return out;
}

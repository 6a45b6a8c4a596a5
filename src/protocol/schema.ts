/**
 * The declarative form of a Kafka message. Every API key is described once as
 * data (fields, the versions each exists in, nullable and tagged versions) and
 * one generic codec (codec.ts) interprets it, so adding a version is a data
 * change. Field names are Kafka's own names in lowerCamelCase
 * (`PartitionIndex` -> `partitionIndex`), so a reader who knows the protocol
 * knows every decoded object's shape.
 *
 * Version ranges use Kafka's notation: "0+", "3-7", "5", "none".
 */

export type PrimitiveType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'uuid'
  | 'string'
  | 'bytes'
  | 'records';

/** A primitive, an array of a primitive (`[]int32`), a struct or an array of structs. */
export type FieldType = PrimitiveType | `[]${PrimitiveType}` | 'struct' | '[]struct';

export interface FieldOptions {
  /** Versions in which the field may be null (strings, bytes, records, arrays, structs). */
  nullable?: string;
  /** Tag number: the field is written in the tagged-field section, not in order. */
  tag?: number;
  /** Versions in which the field is tagged (required with `tag`). */
  tagged?: string;
  /** Value used when the field is absent from a version, or missing when encoding. */
  default?: string | number | boolean | null;
  /** Sub-fields of a struct or of each element of a struct array. */
  fields?: FieldDef[];
  /** Flexible versions of this one field when they differ from the message's ("none" for the header's client id). */
  flexible?: string;
}

export interface FieldDef extends FieldOptions {
  name: string;
  type: FieldType;
  versions: string;
}

export interface MessageDef {
  apiKey: number;
  /** Kafka's API name, e.g. "Produce". */
  name: string;
  /** Every version Kafka defines, e.g. "0-11". */
  valid: string;
  /** First flexible version onwards, e.g. "9+", or "none". */
  flexible: string;
  request: FieldDef[];
  response: FieldDef[];
}

export function field(name: string, type: FieldType, versions: string, options: FieldOptions = {}): FieldDef {
  return { name, type, versions, ...options };
}

export function message(def: MessageDef): MessageDef {
  return def;
}

/** A parsed version range; `max` is Infinity for "N+"; `none` is [1, 0] (empty). */
export interface VersionRange {
  min: number;
  max: number;
}

const NONE: VersionRange = { min: 1, max: 0 };

export function parseVersions(spec: string): VersionRange {
  if (spec === 'none') return NONE;
  if (spec.endsWith('+')) return { min: Number(spec.slice(0, -1)), max: Infinity };
  const dash = spec.indexOf('-');
  if (dash > 0) return { min: Number(spec.slice(0, dash)), max: Number(spec.slice(dash + 1)) };
  const v = Number(spec);
  return { min: v, max: v };
}

export function inVersions(spec: string | undefined, version: number): boolean {
  if (spec === undefined) return false;
  const r = parseVersions(spec);
  return version >= r.min && version <= r.max;
}

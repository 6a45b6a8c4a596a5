/**
 * Reads Kafka wire primitives from a Buffer window [offset, end).
 *
 * Every read is bounds-checked and throws `DecodeError` on short or hostile
 * input; lengths and counts are checked against the bytes left BEFORE anything
 * is allocated, so a 10-byte frame cannot make us allocate 2^31 elements.
 *
 * Representation choices:
 * - int64 decodes to a JS `number`: exact within ±2^53 (offsets, timestamps and
 *   producer ids in practice); larger magnitudes round to the nearest double.
 * - uuid decodes to a 32-character lowercase hex string (no dashes), so ids can
 *   key a Map; `ZERO_UUID` is Kafka's "zero uuid".
 * - bytes and records are `subarray` views of the input, never copies.
 */
import { KgoError } from '../common/index.js';

export class DecodeError extends KgoError {
  constructor(
    readonly reason: string,
    readonly offset: number,
    /** What was being decoded, e.g. "Produce v9 request". */
    readonly context?: string,
  ) {
    super(`${context === undefined ? '' : `${context}: `}${reason} at byte ${offset}`, 'DECODE_ERROR');
  }
}

export const ZERO_UUID = '00000000000000000000000000000000';

const TWO_32 = 0x1_0000_0000;
/** Element count cap for arrays whose elements may take zero bytes. */
export const ZERO_SIZE_ELEMENTS_MAX = 65_536;

export class Reader {
  offset: number;
  end: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
    end = buf.length,
  ) {
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  fail(message: string): never {
    throw new DecodeError(message, this.offset);
  }

  /** Advances past `n` bytes, returning where they start. */
  take(n: number): number {
    const at = this.offset;
    if (n < 0 || n > this.end - at) this.fail(`need ${n} bytes, ${this.end - at} left`);
    this.offset = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.take(1));
  }
  bool(): boolean {
    return this.buf[this.take(1)] !== 0;
  }
  int16(): number {
    return this.buf.readInt16BE(this.take(2));
  }
  uint16(): number {
    return this.buf.readUInt16BE(this.take(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.take(4));
  }
  uint32(): number {
    return this.buf.readUInt32BE(this.take(4));
  }
  /** Exact within ±2^53; see the file comment. */
  int64(): number {
    const at = this.take(8);
    return this.buf.readInt32BE(at) * TWO_32 + this.buf.readUInt32BE(at + 4);
  }
  float64(): number {
    return this.buf.readDoubleBE(this.take(8));
  }
  uuid(): string {
    const at = this.take(16);
    return this.buf.toString('hex', at, at + 16);
  }

  /** Kafka unsigned varint: at most 5 bytes, value fits in 32 bits. */
  uvarint(): number {
    // One byte covers tag counts, empty sections and most compact lengths.
    if (this.offset < this.end && this.buf[this.offset]! < 0x80) return this.buf[this.offset++]!;
    let value = 0;
    for (let i = 0; i < 5; i++) {
      if (this.offset >= this.end) this.fail('truncated varint');
      const b = this.buf[this.offset++]!;
      if (i === 4 && b > 0x0f) this.fail('varint exceeds 32 bits');
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return value;
    }
    return this.fail('varint longer than 5 bytes');
  }

  /** Unsigned varlong: at most 10 bytes; exact up to 2^53. */
  uvarlong(): number {
    let value = 0;
    for (let i = 0; i < 10; i++) {
      if (this.offset >= this.end) this.fail('truncated varlong');
      const b = this.buf[this.offset++]!;
      if (i === 9 && b > 0x01) this.fail('varlong exceeds 64 bits');
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return value;
    }
    return this.fail('varlong longer than 10 bytes');
  }

  /** Zig-zag signed varint (record fields). */
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Zig-zag signed varlong; exact within ±2^53. */
  varlong(): number {
    const start = this.offset;
    const u = this.uvarlong();
    if (u <= Number.MAX_SAFE_INTEGER) return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    // Past 2^53 the number form loses bits; redo it exactly.
    this.offset = start;
    const big = this.uvarlongBig();
    return Number((big >> 1n) ^ -(big & 1n));
  }

  private uvarlongBig(): bigint {
    let value = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.offset >= this.end) this.fail('truncated varlong');
      const b = this.buf[this.offset++]!;
      if (i === 9 && b > 0x01) this.fail('varlong exceeds 64 bits');
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return value;
    }
    return this.fail('varlong longer than 10 bytes');
  }

  private utf8(length: number): string {
    const at = this.take(length);
    return this.buf.toString('utf8', at, at + length);
  }
  private view(length: number): Buffer {
    const at = this.take(length);
    return this.buf.subarray(at, at + length);
  }

  /** int16 length; -1 is null. */
  nullableString(): string | null {
    const n = this.int16();
    if (n < 0) {
      if (n === -1) return null;
      this.fail(`invalid string length ${n}`);
    }
    return this.utf8(n);
  }
  string(): string {
    const s = this.nullableString();
    return s ?? this.fail('null string where not nullable');
  }
  /** uvarint length N+1; 0 is null. */
  compactNullableString(): string | null {
    const n = this.uvarint();
    return n === 0 ? null : this.utf8(n - 1);
  }
  compactString(): string {
    const s = this.compactNullableString();
    return s ?? this.fail('null compact string where not nullable');
  }

  /** int32 length; -1 is null. Returns a view. */
  nullableBytes(): Buffer | null {
    const n = this.int32();
    if (n < 0) {
      if (n === -1) return null;
      this.fail(`invalid bytes length ${n}`);
    }
    return this.view(n);
  }
  bytes(): Buffer {
    return this.nullableBytes() ?? this.fail('null bytes where not nullable');
  }
  compactNullableBytes(): Buffer | null {
    const n = this.uvarint();
    return n === 0 ? null : this.view(n - 1);
  }
  compactBytes(): Buffer {
    return this.compactNullableBytes() ?? this.fail('null compact bytes where not nullable');
  }

  /**
   * Classic int32 array count (-1 is null), checked against the bytes left
   * given the smallest encoded element size.
   */
  arrayLength(elementBytesMin: number): number | null {
    const n = this.int32();
    if (n < 0) {
      if (n === -1) return null;
      this.fail(`invalid array length ${n}`);
    }
    return this.checkCount(n, elementBytesMin);
  }
  /** Compact uvarint count N+1 (0 is null), checked like `arrayLength`. */
  compactArrayLength(elementBytesMin: number): number | null {
    const n = this.uvarint();
    return n === 0 ? null : this.checkCount(n - 1, elementBytesMin);
  }

  checkCount(count: number, elementBytesMin: number): number {
    const room = elementBytesMin > 0 ? Math.floor(this.remaining / elementBytesMin) : ZERO_SIZE_ELEMENTS_MAX;
    if (count > room) this.fail(`count ${count} exceeds the bytes left`);
    return count;
  }

  /**
   * Reads a tagged-field section, calling `onTag` with the reader narrowed to
   * the field's bytes; tags `onTag` does not know are skipped by size.
   */
  taggedFields(onTag?: (tag: number, reader: Reader) => boolean): void {
    // Each tagged field needs at least two bytes (tag and size).
    const count = this.checkCount(this.uvarint(), 2);
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint();
      const size = this.uvarint();
      const start = this.take(size);
      if (onTag === undefined) continue;
      const savedEnd = this.end;
      this.offset = start;
      this.end = start + size;
      try {
        onTag(tag, this);
      } finally {
        this.offset = start + size;
        this.end = savedEnd;
      }
    }
  }
}

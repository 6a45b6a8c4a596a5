/**
 * A growable encoder. Small fields go into one backing Buffer (grown by
 * doubling, so no per-field allocation); Buffers at or above
 * `REFERENCE_BYTES_MIN` are passed through by reference, so a fetch response
 * carries record slices from the log without copying them. `finish()` returns
 * the chunks in order: consecutive small fields coalesced, big slices as-is.
 */
import { KgoError } from '../common/index.js';

export class EncodeError extends KgoError {
  constructor(message: string) {
    super(message, 'ENCODE_ERROR');
  }
}

/** Buffers this large or larger are appended by reference, not copied. */
export const REFERENCE_BYTES_MIN = 1024;
const INITIAL_BYTES = 256;
const TWO_32 = 0x1_0000_0000;
const HEX_UUID = /^[0-9a-fA-F]{32}$/;

export class Writer {
  private buf: Buffer;
  private pos = 0;
  /** Start of the bytes in `buf` not yet handed out as a chunk. */
  private pendingStart = 0;
  private readonly chunks: Buffer[] = [];
  private flushedBytes = 0;

  constructor(initialBytes = INITIAL_BYTES) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialBytes));
  }

  /** Total bytes written so far. */
  get length(): number {
    return this.flushedBytes + (this.pos - this.pendingStart);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const pending = this.pos - this.pendingStart;
    let size = this.buf.length * 2;
    while (size < pending + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    // Chunks already handed out keep the old buffer alive; only the pending tail moves.
    this.buf.copy(next, 0, this.pendingStart, this.pos);
    this.buf = next;
    this.pendingStart = 0;
    this.pos = pending;
  }

  int8(v: number): void {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
  }
  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }
  int16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
  }
  uint16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
  }
  int32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
  }
  uint32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(v, this.pos);
  }
  /** Accepts integers within ±2^53 (or a bigint for the full range). */
  int64(v: number | bigint): void {
    this.ensure(8);
    if (typeof v === 'bigint') {
      this.pos = this.buf.writeBigInt64BE(v, this.pos);
      return;
    }
    if (!Number.isSafeInteger(v)) throw new EncodeError(`int64 value ${v} is not a safe integer`);
    const hi = Math.floor(v / TWO_32);
    this.buf.writeInt32BE(hi, this.pos);
    this.buf.writeUInt32BE(v - hi * TWO_32, this.pos + 4);
    this.pos += 8;
  }
  float64(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }
  /** A 32-digit hex string (dashes allowed) or a 16-byte Buffer. */
  uuid(v: string | Buffer): void {
    this.ensure(16);
    if (typeof v === 'string') {
      const hex = v.length === 32 ? v : v.replaceAll('-', '');
      if (!HEX_UUID.test(hex)) throw new EncodeError(`invalid uuid ${JSON.stringify(v)}`);
      this.pos += this.buf.write(hex, this.pos, 16, 'hex');
    } else {
      if (v.length !== 16) throw new EncodeError(`uuid must be 16 bytes, got ${v.length}`);
      this.pos += v.copy(this.buf, this.pos);
    }
  }

  uvarint(v: number): void {
    if (!(v >= 0 && v <= 0xffff_ffff) || !Number.isInteger(v)) throw new EncodeError(`uvarint out of range: ${v}`);
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }
  uvarlong(v: number | bigint): void {
    let u = BigInt(v);
    if (u < 0n || u >= 1n << 64n) throw new EncodeError(`uvarlong out of range: ${v}`);
    this.ensure(10);
    while (u >= 0x80n) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
  }
  /** Zig-zag signed varint (int32 range). */
  varint(v: number): void {
    if (!Number.isInteger(v) || v < -0x8000_0000 || v > 0x7fff_ffff) throw new EncodeError(`varint out of range: ${v}`);
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
  /** Zig-zag signed varlong (int64 range). */
  varlong(v: number | bigint): void {
    const n = BigInt(v);
    if (n < -(1n << 63n) || n >= 1n << 63n) throw new EncodeError(`varlong out of range: ${v}`);
    this.uvarlong(n >= 0n ? n << 1n : (-n << 1n) - 1n);
  }

  /** UTF-8 bytes with no length prefix. */
  private utf8(s: string, byteLength: number): void {
    this.ensure(byteLength);
    this.pos += this.buf.write(s, this.pos, byteLength, 'utf8');
  }

  nullableString(s: string | null): void {
    if (s === null) return this.int16(-1);
    const n = Buffer.byteLength(s, 'utf8');
    if (n > 0x7fff) throw new EncodeError(`string of ${n} bytes exceeds the int16 length`);
    this.int16(n);
    this.utf8(s, n);
  }
  compactNullableString(s: string | null): void {
    if (s === null) return this.uvarint(0);
    const n = Buffer.byteLength(s, 'utf8');
    this.uvarint(n + 1);
    this.utf8(s, n);
  }

  /** Raw bytes: copied when small, appended by reference when large. */
  raw(b: Buffer): void {
    if (b.length < REFERENCE_BYTES_MIN) {
      this.ensure(b.length);
      this.pos += b.copy(this.buf, this.pos);
      return;
    }
    this.flushPending();
    this.chunks.push(b);
    this.flushedBytes += b.length;
  }
  rawAll(parts: readonly Buffer[]): void {
    for (const part of parts) this.raw(part);
  }

  nullableBytes(b: Buffer | readonly Buffer[] | null): void {
    if (b === null) return this.int32(-1);
    this.int32(totalLength(b));
    this.rawAny(b);
  }
  compactNullableBytes(b: Buffer | readonly Buffer[] | null): void {
    if (b === null) return this.uvarint(0);
    this.uvarint(totalLength(b) + 1);
    this.rawAny(b);
  }
  private rawAny(b: Buffer | readonly Buffer[]): void {
    if (Buffer.isBuffer(b)) this.raw(b);
    else this.rawAll(b);
  }

  private flushPending(): void {
    if (this.pos === this.pendingStart) return;
    this.chunks.push(this.buf.subarray(this.pendingStart, this.pos));
    this.flushedBytes += this.pos - this.pendingStart;
    this.pendingStart = this.pos;
  }

  /** The encoded bytes as chunks; the writer may keep being used afterwards. */
  finish(): Buffer[] {
    this.flushPending();
    return this.chunks.slice();
  }
}

export function totalLength(b: Buffer | readonly Buffer[]): number {
  if (Buffer.isBuffer(b)) return b.length;
  let n = 0;
  for (const part of b) n += part.length;
  return n;
}

/** Joins chunks into one Buffer (tests, small frames). */
export function concatChunks(chunks: readonly Buffer[]): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * Zig-zag varints as used inside RecordBatch v2 records, on JS numbers.
 * 64-bit values (varlong) are exact within ±2^53; anything wider is refused
 * on read rather than silently rounded.
 */
import { DecodeError } from './reader.js';

/** A read position over `buf` that never passes `end`. */
export interface RecordCursor {
  buf: Buffer;
  pos: number;
  end: number;
}

export function readVarint(c: RecordCursor): number {
  let raw = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (c.pos >= c.end) throw new DecodeError('varint is truncated', c.pos);
    const byte = c.buf[c.pos++]!;
    raw |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) {
      if (shift === 28 && byte > 0x0f) throw new DecodeError('varint overflows 32 bits', c.pos - 1);
      return (raw >>> 1) ^ -(raw & 1);
    }
  }
  throw new DecodeError('varint is longer than 5 bytes', c.pos - 1);
}

export function readVarlong(c: RecordCursor): number {
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (c.pos >= c.end) throw new DecodeError('varlong is truncated', c.pos);
    const byte = c.buf[c.pos++]!;
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      if (raw > Number.MAX_SAFE_INTEGER) throw new DecodeError('varlong exceeds 2^53', c.pos - 1);
      return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    }
    scale *= 128;
  }
  throw new DecodeError('varlong is longer than 10 bytes', c.pos - 1);
}

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

/** Bytes of the zig-zag varint/varlong encoding of `value`. */
export function varlongBytes(value: number): number {
  let raw = zigzag(value);
  let bytes = 1;
  while (raw >= 128) {
    raw = Math.floor(raw / 128);
    bytes++;
  }
  return bytes;
}

/** Writes `value` zig-zag encoded at `pos`; returns the position after it. */
export function writeVarlong(buf: Buffer, pos: number, value: number): number {
  let raw = zigzag(value);
  while (raw >= 128) {
    buf[pos++] = (raw % 128) | 0x80;
    raw = Math.floor(raw / 128);
  }
  buf[pos++] = raw;
  return pos;
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DecodeError, Reader, ZERO_UUID } from '../../src/protocol/reader.js';
import { concatChunks, REFERENCE_BYTES_MIN, Writer } from '../../src/protocol/writer.js';

type Prim = { write: (w: Writer) => void; read: (r: Reader) => unknown; expected: unknown };
const p = (write: Prim['write'], read: Prim['read'], expected: unknown): Prim => ({ write, read, expected });

function roundTrip(write: (w: Writer) => void, read: (r: Reader) => unknown): { value: unknown; bytes: Buffer } {
  const w = new Writer(16);
  write(w);
  const bytes = concatChunks(w.finish());
  const r = new Reader(bytes);
  const value = read(r);
  expect(r.remaining).toBe(0);
  return { value, bytes };
}

const int64 = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const uuidHex = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a).toString('hex'));

const primitive: fc.Arbitrary<Prim> = fc.oneof(
  fc.integer({ min: -128, max: 127 }).map((v) => p((w) => w.int8(v), (r) => r.int8(), v)),
  fc.integer({ min: -32768, max: 32767 }).map((v) => p((w) => w.int16(v), (r) => r.int16(), v)),
  fc.integer({ min: 0, max: 65535 }).map((v) => p((w) => w.uint16(v), (r) => r.uint16(), v)),
  fc.integer().map((v) => p((w) => w.int32(v), (r) => r.int32(), v)),
  fc.nat({ max: 0xffffffff }).map((v) => p((w) => w.uint32(v), (r) => r.uint32(), v)),
  int64.map((v) => p((w) => w.int64(v), (r) => r.int64(), v)),
  fc.double({ noNaN: true }).map((v) => p((w) => w.float64(v), (r) => r.float64(), v)),
  fc.boolean().map((v) => p((w) => w.bool(v), (r) => r.bool(), v)),
  uuidHex.map((v) => p((w) => w.uuid(v), (r) => r.uuid(), v)),
  fc.nat({ max: 0xffffffff }).map((v) => p((w) => w.uvarint(v), (r) => r.uvarint(), v)),
  fc.nat({ max: Number.MAX_SAFE_INTEGER }).map((v) => p((w) => w.uvarlong(v), (r) => r.uvarlong(), v)),
  fc.integer().map((v) => p((w) => w.varint(v), (r) => r.varint(), v)),
  int64.map((v) => p((w) => w.varlong(v), (r) => r.varlong(), v)),
  fc.option(fc.string({ unit: 'grapheme', maxLength: 40 })).map((v) =>
    p((w) => w.nullableString(v), (r) => r.nullableString(), v),
  ),
  fc.option(fc.string({ unit: 'grapheme', maxLength: 40 })).map((v) =>
    p((w) => w.compactNullableString(v), (r) => r.compactNullableString(), v),
  ),
  fc.option(fc.uint8Array({ maxLength: 40 })).map((v) =>
    p((w) => w.nullableBytes(v === null ? null : Buffer.from(v)), (r) => r.nullableBytes(), v === null ? null : Buffer.from(v)),
  ),
  fc.option(fc.uint8Array({ maxLength: 40 })).map((v) =>
    p((w) => w.compactNullableBytes(v === null ? null : Buffer.from(v)), (r) => r.compactNullableBytes(), v === null ? null : Buffer.from(v)),
  ),
);

describe('wire primitives', () => {
  it('round-trip every primitive, alone and in sequence', () => {
    fc.assert(
      fc.property(fc.array(primitive, { minLength: 1, maxLength: 12 }), (prims) => {
        const { value } = roundTrip(
          (w) => prims.forEach((x) => x.write(w)),
          (r) => prims.map((x) => x.read(r)),
        );
        expect(value).toEqual(prims.map((x) => x.expected));
      }),
      { numRuns: 300 },
    );
  });

  it('truncated input at every length throws only DecodeError', () => {
    fc.assert(
      fc.property(fc.array(primitive, { minLength: 1, maxLength: 6 }), (prims) => {
        const w = new Writer();
        prims.forEach((x) => x.write(w));
        const bytes = concatChunks(w.finish());
        for (let cut = 0; cut < bytes.length; cut++) {
          const r = new Reader(bytes.subarray(0, cut));
          expect(() => prims.forEach((x) => x.read(r))).toThrow(DecodeError);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('encodes varints at their limits with Kafka bytes', () => {
    const enc = (f: (w: Writer) => void) => {
      const w = new Writer();
      f(w);
      return concatChunks(w.finish()).toString('hex');
    };
    expect(enc((w) => w.uvarint(0))).toBe('00');
    expect(enc((w) => w.uvarint(127))).toBe('7f');
    expect(enc((w) => w.uvarint(128))).toBe('8001');
    expect(enc((w) => w.uvarint(0xffffffff))).toBe('ffffffff0f');
    expect(enc((w) => w.varint(-1))).toBe('01');
    expect(enc((w) => w.varint(1))).toBe('02');
    expect(enc((w) => w.varint(-2147483648))).toBe('ffffffff0f');
    expect(enc((w) => w.varlong(-1n))).toBe('01');
    expect(enc((w) => w.varlong(-(1n << 63n)))).toBe('ffffffffffffffffff01');
    expect(enc((w) => w.uvarlong((1n << 64n) - 1n))).toBe('ffffffffffffffffff01');
    expect(enc((w) => w.int64(-1))).toBe('ffffffffffffffff');
    expect(enc((w) => w.uuid(ZERO_UUID))).toBe('00'.repeat(16));
  });

  it('decodes varlongs beyond 2^53 to the nearest number', () => {
    expect(new Reader(Buffer.from('ffffffffffffffffff01', 'hex')).varlong()).toBe(-(2 ** 63));
    expect(new Reader(Buffer.from('feffffffffffffffff01', 'hex')).varlong()).toBe(2 ** 63 - 1);
  });

  it('rejects varints that are too long or too wide', () => {
    expect(() => new Reader(Buffer.from('ffffffff10', 'hex')).uvarint()).toThrow(DecodeError);
    expect(() => new Reader(Buffer.from('ffffffffff01', 'hex')).uvarint()).toThrow(DecodeError);
    expect(() => new Reader(Buffer.from('ffffffffffffffffff02', 'hex')).uvarlong()).toThrow(DecodeError);
    expect(() => new Reader(Buffer.from('ffffffffffffffffffff01', 'hex')).varlong()).toThrow(DecodeError);
  });

  it('rejects lengths claiming more than the bytes left before allocating', () => {
    const huge = Buffer.alloc(10);
    huge.writeInt32BE(0x7fffffff, 0);
    const error = (() => {
      try {
        new Reader(huge).arrayLength(1);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).offset).toBe(4);
    expect(() => new Reader(huge).nullableBytes()).toThrow(DecodeError);
    const compact = Buffer.from('ffffffff07' + '00'.repeat(5), 'hex');
    expect(() => new Reader(compact).compactArrayLength(1)).toThrow(DecodeError);
    expect(() => new Reader(compact).compactNullableBytes()).toThrow(DecodeError);
    // 5 bytes left: five 1-byte elements fit, six do not; 4-byte elements: one fits.
    const five = Buffer.from('00000006' + '00'.repeat(5), 'hex');
    expect(() => new Reader(five).arrayLength(1)).toThrow(DecodeError);
    expect(() => new Reader(five).arrayLength(4)).toThrow(DecodeError);
    expect(new Reader(Buffer.from('00000001' + '00'.repeat(5), 'hex')).arrayLength(4)).toBe(1);
  });

  it('reads -1 array and bytes lengths as null and other negatives as errors', () => {
    expect(new Reader(Buffer.from('ffffffff', 'hex')).arrayLength(1)).toBeNull();
    expect(new Reader(Buffer.from('00', 'hex')).compactArrayLength(1)).toBeNull();
    expect(() => new Reader(Buffer.from('fffffffe', 'hex')).arrayLength(1)).toThrow(DecodeError);
    expect(() => new Reader(Buffer.from('fffe', 'hex')).nullableString()).toThrow(DecodeError);
    expect(() => new Reader(Buffer.from('ffff', 'hex')).string()).toThrow(DecodeError);
  });

  it('returns bytes as views of the input, not copies', () => {
    const input = Buffer.from('00000003616263', 'hex');
    const view = new Reader(input).bytes();
    expect(view.buffer).toBe(input.buffer);
    expect(view.byteOffset).toBe(input.byteOffset + 4);
  });

  it('skips unknown tagged fields by size and narrows known ones', () => {
    // two fields: tag 1 (2 bytes), tag 5 (3 bytes), then a trailing int8
    const bytes = Buffer.from('02' + '01' + '02' + 'abcd' + '05' + '03' + '010203' + '7f', 'hex');
    const r = new Reader(bytes);
    const seen: Array<[number, number]> = [];
    r.taggedFields((tag, sub) => {
      seen.push([tag, sub.remaining]);
      if (tag === 1) sub.int8();
      return tag === 1;
    });
    expect(seen).toEqual([
      [1, 2],
      [5, 3],
    ]);
    expect(r.int8()).toBe(127);
    expect(() => new Reader(Buffer.from('0101ff', 'hex')).taggedFields()).toThrow(DecodeError);
  });

  it('passes big buffers through by reference and coalesces small fields', () => {
    const big = Buffer.alloc(REFERENCE_BYTES_MIN, 7);
    const w = new Writer(16);
    w.int32(1);
    w.nullableBytes([big, Buffer.from('xy')]);
    w.int16(2);
    w.raw(big);
    const chunks = w.finish();
    expect(chunks.map((c) => c.length)).toEqual([8, REFERENCE_BYTES_MIN, 4, REFERENCE_BYTES_MIN]);
    expect(chunks[1]).toBe(big);
    expect(chunks[3]).toBe(big);
    expect(w.length).toBe(8 + 4 + 2 * REFERENCE_BYTES_MIN);
    const r = new Reader(concatChunks(chunks));
    expect(r.int32()).toBe(1);
    expect(r.bytes()).toEqual(Buffer.concat([big, Buffer.from('xy')]));
    expect(r.int16()).toBe(2);
  });

  it('grows past its initial size without corrupting earlier chunks', () => {
    const w = new Writer(16);
    for (let i = 0; i < 1000; i++) w.int32(i);
    const r = new Reader(concatChunks(w.finish()));
    for (let i = 0; i < 1000; i++) expect(r.int32()).toBe(i);
  });
});

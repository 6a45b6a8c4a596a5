import { describe, expect, it } from 'vitest';
import { field, type FieldDef } from '../../src/protocol/schema.js';
import { decodeMessage, encodeMessage, structPlan, type Struct } from '../../src/protocol/struct-codec.js';
import { DecodeError, Reader, ZERO_UUID } from '../../src/protocol/reader.js';
import { concatChunks, EncodeError, Writer } from '../../src/protocol/writer.js';

function encode(fields: FieldDef[], version: number, flexible: boolean, value: Struct): Buffer {
  const w = new Writer();
  encodeMessage(fields, version, flexible, value, w);
  return concatChunks(w.finish());
}

function decode(fields: FieldDef[], version: number, flexible: boolean, bytes: Buffer): Struct {
  const r = new Reader(bytes);
  const out = decodeMessage(fields, version, flexible, r);
  expect(r.remaining).toBe(0);
  return out;
}

const hex = (b: Buffer) => b.toString('hex');

// A small message: versions 0-3, flexible from 2.
const demo: FieldDef[] = [
  field('name', 'string', '0+'),
  field('note', 'string', '1+', { nullable: '1+' }),
  field('count', 'int32', '0+'),
  field('addedLater', 'int64', '3+', { default: -1 }),
  field('ids', '[]int32', '0+', { nullable: '2+' }),
  field('items', '[]struct', '0+', {
    fields: [field('key', 'string', '0+'), field('epoch', 'int32', '1+', { default: -1 })],
  }),
  field('extra', 'string', '2+', { tag: 0, tagged: '2+', nullable: '2+', default: null }),
  field('level', 'int16', '2+', { tag: 3, tagged: '2+', default: 5 }),
];

describe('schema interpreter', () => {
  it('writes the classic layout in non-flexible versions', () => {
    const bytes = encode(demo, 1, false, { name: 'ab', note: null, count: 7, ids: [1], items: [{ key: 'k', epoch: 2 }] });
    expect(hex(bytes)).toBe(
      '0002' + '6162' + 'ffff' + '00000007' + '00000001' + '00000001' + '00000001' + '0001' + '6b' + '00000002',
    );
  });

  it('writes compact forms and tag sections in flexible versions', () => {
    const bytes = encode(demo, 2, true, { name: 'ab', note: 'n', count: 7, ids: null, items: [{ key: 'k', epoch: 2 }] });
    expect(hex(bytes)).toBe(
      '03' + '6162' + '02' + '6e' + '00000007' + '00' + '02' + ('02' + '6b' + '00000002' + '00') + '00',
    );
  });

  it('writes tagged fields sorted by tag and only when not default', () => {
    const base = { name: '', note: null, count: 0, ids: [], items: [] };
    expect(hex(encode(demo, 2, true, { ...base, extra: null, level: 5 }))).toBe('01' + '00' + '00000000' + '01' + '01' + '00');
    const bytes = encode(demo, 2, true, { ...base, level: 9, extra: 'x' });
    expect(hex(bytes)).toBe('01' + '00' + '00000000' + '01' + '01' + '02' + ('00' + '02' + '02' + '78') + ('03' + '02' + '0009'));
    expect(decode(demo, 2, true, bytes)).toMatchObject({ extra: 'x', level: 9 });
  });

  it('fills fields absent from the version with their defaults', () => {
    const bytes = encode(demo, 0, false, { name: 'a', count: 1, ids: [], items: [{ key: 'k' }] });
    expect(decode(demo, 0, false, bytes)).toEqual({
      name: 'a',
      count: 1,
      ids: [],
      items: [{ key: 'k', epoch: -1 }],
      note: null,
      addedLater: -1,
      extra: null,
      level: 5,
    });
  });

  it('round-trips every version', () => {
    const value = {
      name: 'topic',
      note: 'hello',
      count: -3,
      addedLater: 2 ** 40,
      ids: [1, -2, 3],
      items: [
        { key: 'a', epoch: 1 },
        { key: 'b', epoch: 2 },
      ],
      extra: 'tagged',
      level: 1,
    };
    for (let v = 0; v <= 3; v++) {
      const flexible = v >= 2;
      const bytes = encode(demo, v, flexible, value);
      const back = decode(demo, v, flexible, bytes);
      expect(hex(encode(demo, v, flexible, back))).toBe(hex(bytes));
      expect(back.name).toBe('topic');
      expect(back.addedLater).toBe(v >= 3 ? 2 ** 40 : -1);
      expect(back.extra).toBe(flexible ? 'tagged' : null);
    }
  });

  it('throws EncodeError for null where the version is not nullable', () => {
    expect(() => encode(demo, 0, false, { name: null })).toThrow(EncodeError);
    expect(() => encode(demo, 1, false, { name: 'a', ids: null })).toThrow(EncodeError);
    expect(() => encode(demo, 0, false, { name: 'a', items: [{ key: null }] })).toThrow(EncodeError);
    expect(() => encode(demo, 2, true, { name: 'a', ids: null })).not.toThrow();
  });

  it('rejects null on the wire where the version is not nullable', () => {
    expect(() => decode(demo, 0, false, Buffer.from('ffff', 'hex'))).toThrow(DecodeError);
    const nullIds = Buffer.from('0000' + 'ffff' + '00000000' + 'ffffffff' + '00000000', 'hex');
    expect(() => decode(demo, 1, false, nullIds)).toThrow(DecodeError);
    expect(decode(demo, 2, true, Buffer.from('01' + '00' + '00000000' + '00' + '01' + '00', 'hex')).ids).toBeNull();
  });

  it('skips unknown tags in the body and in nested structs', () => {
    const unknownTag = '01' + '07' + '03' + 'aabbcc';
    const bytes = Buffer.from(
      '03' + '6162' + '00' + '00000007' + '01' + '02' + ('02' + '6b' + '00000002' + unknownTag) + unknownTag,
      'hex',
    );
    expect(decode(demo, 2, true, bytes)).toMatchObject({ name: 'ab', note: null, ids: [], items: [{ key: 'k', epoch: 2 }] });
  });

  it('respects a field-level flexible override', () => {
    const header: FieldDef[] = [
      field('correlationId', 'int32', '0+'),
      field('clientId', 'string', '1+', { nullable: '1+', flexible: 'none' }),
    ];
    const bytes = encode(header, 2, true, { correlationId: 1, clientId: 'c' });
    expect(hex(bytes)).toBe('00000001' + '0001' + '63' + '00');
    expect(decode(header, 2, true, bytes)).toEqual({ correlationId: 1, clientId: 'c' });
  });

  it('handles nullable structs, uuids, bytes and records', () => {
    const defs: FieldDef[] = [
      field('leader', 'struct', '0+', { nullable: '1+', fields: [field('id', 'int32', '0+')] }),
      field('topicId', 'uuid', '0+'),
      field('payload', 'bytes', '0+'),
      field('records', 'records', '0+', { nullable: '0+' }),
      field('tags', '[]string', '0+'),
    ];
    const parts = [Buffer.from('abc'), Buffer.from('de')];
    const bytes = encode(defs, 1, true, { leader: null, payload: Buffer.from('p'), records: parts, tags: ['x', 'y'] });
    const back = decode(defs, 1, true, bytes);
    expect(back).toEqual({
      leader: null,
      topicId: ZERO_UUID,
      payload: Buffer.from('p'),
      records: Buffer.from('abcde'),
      tags: ['x', 'y'],
    });
    expect(back.records.buffer).toBe(bytes.buffer);
    const withLeader = decode(defs, 1, true, encode(defs, 1, true, { ...back, leader: { id: 4 } }));
    expect(withLeader.leader).toEqual({ id: 4 });
    expect(decode(defs, 0, false, encode(defs, 0, false, { leader: { id: 9 } })).leader).toEqual({ id: 9 });
  });

  it('bounds array counts by the smallest element before allocating', () => {
    // items claims 2^31-1 elements of at least 2 + 4 bytes each in a short buffer
    const bytes = Buffer.from('0000' + '00000000' + '00000000' + '7fffffff' + '00'.repeat(8), 'hex');
    expect(() => decode(demo, 0, false, bytes)).toThrow(DecodeError);
  });

  it('compiles each field list and version once', () => {
    const defs: FieldDef[] = [field('a', 'int8', '0+')];
    expect(structPlan(defs, 0, false)).toBe(structPlan(defs, 0, false));
    expect(structPlan(defs, 0, false)).not.toBe(structPlan(defs, 1, false));
  });
});

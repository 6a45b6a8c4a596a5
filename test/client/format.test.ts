import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileInputTemplate,
  compileLineParser,
  compileOutputFormat,
  compileTemplate,
  formatJsonLine,
  parseHeaderFlags,
  parseJsonLine,
  unescapeDelimiter,
  type FormatRecord,
} from '../../src/client/index.js';
import { UsageError } from '../../src/common/index.js';

const record: FormatRecord = {
  topic: 'orders',
  partition: 3,
  offset: '42',
  timestampMs: '1700000000123',
  key: Buffer.from('user-1'),
  value: Buffer.from('héllo'),
  headers: [
    { key: 'trace', value: Buffer.from('abc') },
    { key: 'empty', value: null },
  ],
};

describe('compileTemplate', () => {
  it.each([
    ['%t', 'orders'],
    ['%p', '3'],
    ['%o', '42'],
    ['%k', 'user-1'],
    ['%v', 'héllo'],
    ['%T', '1700000000123'],
    ['%d', '2023-11-14T22:13:20.123Z'],
    ['%h', 'trace=abc,empty='],
    ['%K', '6'],
    ['%V', '6'],
    ['%%', '%'],
  ])('%s', (template, expected) => {
    expect(compileTemplate(template)(record)).toBe(expected);
  });

  it('turns \\n \\t \\r \\\\ into their characters and keeps other backslashes', () => {
    expect(compileTemplate('%k\\t%v\\n')(record)).toBe('user-1\théllo\n');
    expect(compileTemplate('a\\\\b\\rc\\x')(record)).toBe('a\\b\rc\\x');
  });

  it('mixes literals and placeholders in order', () => {
    expect(compileTemplate('[%t/%p@%o] %k=%v\\n')(record)).toBe('[orders/3@42] user-1=héllo\n');
  });

  it('writes null keys and values as empty text with length -1', () => {
    const nulls = { ...record, key: null, value: null, headers: [] };
    expect(compileTemplate('<%k|%v|%K|%V|%h>')(nulls)).toBe('<||-1|-1|>');
  });

  it('rejects unknown placeholders with a usage error', () => {
    expect(() => compileTemplate('%x')).toThrow(UsageError);
    expect(() => compileTemplate('100%')).toThrow(/placeholder/);
  });

  it('uses JSON for -f json and the template otherwise', () => {
    expect(compileOutputFormat('json')(record)).toBe(formatJsonLine(record));
    expect(compileOutputFormat('%v\\n')(record)).toBe('héllo\n');
  });
});

describe('JSON lines', () => {
  it('writes the documented fields', () => {
    expect(JSON.parse(formatJsonLine(record))).toEqual({
      topic: 'orders',
      partition: 3,
      offset: 42,
      timestamp: 1700000000123,
      key: 'user-1',
      value: 'héllo',
      headers: [
        { key: 'trace', value: 'abc' },
        { key: 'empty', value: null },
      ],
    });
  });

  it('keeps null key and value as null', () => {
    const line = JSON.parse(formatJsonLine({ ...record, key: null, value: null }));
    expect(line.key).toBeNull();
    expect(line.value).toBeNull();
  });

  it('writes bytes that are not UTF-8 as base64 and says so', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3]);
    const line = JSON.parse(formatJsonLine({ ...record, key: bytes, value: bytes, headers: [{ key: 'h', value: bytes }] }));
    expect(line).toMatchObject({ key: '/wDD', keyEncoding: 'base64', value: '/wDD', valueEncoding: 'base64' });
    expect(line.headers).toEqual([{ key: 'h', value: '/wDD', valueEncoding: 'base64' }]);
  });

  it('reads back exactly what it wrote, for any bytes', () => {
    const bytes = fc.option(fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)), { nil: null });
    fc.assert(
      fc.property(bytes, bytes, fc.array(fc.tuple(fc.string(), bytes), { maxLength: 3 }), (key, value, headers) => {
        const r: FormatRecord = { ...record, key, value, headers: headers.map(([k, v]) => ({ key: k, value: v })) };
        const back = parseJsonLine(formatJsonLine(r).trimEnd());
        expect(back.key).toEqual(key);
        expect(back.value).toEqual(value);
        expect(back.headers).toEqual(r.headers);
        expect(back.partition).toBe(3);
        expect(back.timestampMs).toBe('1700000000123');
      }),
    );
  });

  it('rejects lines that are not JSON objects', () => {
    expect(() => parseJsonLine('not json')).toThrow(UsageError);
    expect(() => parseJsonLine('[1]')).toThrow(UsageError);
    expect(() => parseJsonLine('{"value":"x","valueEncoding":"rot13"}')).toThrow(/encoding/);
  });
});

describe('input lines', () => {
  it('is all value without a key delimiter', () => {
    const r = compileLineParser(undefined)('a:b');
    expect(r.key).toBeNull();
    expect(r.value?.toString()).toBe('a:b');
  });

  it('splits at the first delimiter only', () => {
    const r = compileLineParser('::')('k::v::w');
    expect(r.key?.toString()).toBe('k');
    expect(r.value?.toString()).toBe('v::w');
  });

  it('keeps lines without the delimiter as keyless values', () => {
    const r = compileLineParser(':')('plain');
    expect(r.key).toBeNull();
    expect(r.value?.toString()).toBe('plain');
  });

  it('reads -H k=v and escaped delimiters', () => {
    expect(parseHeaderFlags(['a=1', 'b=x=y'])).toEqual([
      { key: 'a', value: Buffer.from('1') },
      { key: 'b', value: Buffer.from('x=y') },
    ]);
    expect(() => parseHeaderFlags(['novalue'])).toThrow(UsageError);
    expect(unescapeDelimiter('\\t')).toBe('\t');
  });
});

describe('input templates', () => {
  it('reads key, value, partition, timestamp and headers from a line', () => {
    const parse = compileInputTemplate('%p|%T|%k|%h|%v\\n');
    expect(parse('2|1700000000000|user|a=1,b=2|the | rest')).toEqual({
      key: Buffer.from('user'),
      value: Buffer.from('the | rest'),
      headers: [
        { key: 'a', value: Buffer.from('1') },
        { key: 'b', value: Buffer.from('2') },
      ],
      partition: 2,
      timestampMs: '1700000000000',
    });
  });

  it('matches earlier placeholders up to the first separator', () => {
    const r = compileInputTemplate('%k=%v')('a=b=c');
    expect([r.key?.toString(), r.value?.toString()]).toEqual(['a', 'b=c']);
    expect(compileInputTemplate('%k\\t%v')('k\tv').value?.toString()).toBe('v');
  });

  it('rejects lines that do not match, and templates it cannot read', () => {
    expect(() => compileInputTemplate('%k=%v')('no separator')).toThrow(/does not match/);
    expect(() => compileInputTemplate('%p %v')('x v')).toThrow(/invalid partition/);
    expect(() => compileInputTemplate('%K %v')).toThrow(UsageError);
    expect(() => compileInputTemplate('%v %v')).toThrow(/twice/);
  });
});

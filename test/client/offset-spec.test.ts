import { describe, expect, it } from 'vitest';
import { parseOffsetSpec, parsePartitionList, startOffset } from '../../src/client/index.js';
import { UsageError } from '../../src/common/index.js';

const nowMs = 1_700_000_000_000;

describe('parseOffsetSpec', () => {
  it.each([
    ['beginning', { kind: 'beginning' }],
    ['end', { kind: 'end' }],
    ['stored', { kind: 'stored' }],
    ['0', { kind: 'absolute', offset: 0n }],
    ['123456789012', { kind: 'absolute', offset: 123456789012n }],
    ['-10', { kind: 'fromEnd', count: 10n }],
    ['@1699999999000', { kind: 'time', timestampMs: 1699999999000 }],
    ['@2023-11-14T22:13:20Z', { kind: 'time', timestampMs: 1_700_000_000_000 }],
    ['@-1h', { kind: 'time', timestampMs: nowMs - 3_600_000 }],
    ['@-30m', { kind: 'time', timestampMs: nowMs - 1_800_000 }],
    ['@-2d', { kind: 'time', timestampMs: nowMs - 2 * 86_400_000 }],
  ])('%s', (text, expected) => {
    expect(parseOffsetSpec(text, nowMs)).toEqual(expected);
  });

  it.each(['', 'start', '1.5', '--3', '@', '@yesterday', '@-1y', 'x12'])('rejects %j as a usage error', (text) => {
    expect(() => parseOffsetSpec(text, nowMs)).toThrow(UsageError);
  });
});

describe('startOffset', () => {
  const bounds = { partition: 0, low: 10n, high: 100n };
  it('maps each form onto the partition', () => {
    expect(startOffset({ kind: 'beginning' }, bounds)).toBe(10n);
    expect(startOffset({ kind: 'end' }, bounds)).toBe(100n);
    expect(startOffset({ kind: 'stored' }, bounds)).toBeUndefined();
    expect(startOffset({ kind: 'absolute', offset: 50n }, bounds)).toBe(50n);
    expect(startOffset({ kind: 'fromEnd', count: 5n }, bounds)).toBe(95n);
  });
  it('clamps to the log', () => {
    expect(startOffset({ kind: 'absolute', offset: 3n }, bounds)).toBe(10n);
    expect(startOffset({ kind: 'absolute', offset: 500n }, bounds)).toBe(100n);
    expect(startOffset({ kind: 'fromEnd', count: 1000n }, bounds)).toBe(10n);
  });
  it('starts a time with no newer record at the end', () => {
    expect(startOffset({ kind: 'time', timestampMs: 1 }, bounds, 42n)).toBe(42n);
    expect(startOffset({ kind: 'time', timestampMs: 1 }, bounds, -1n)).toBe(100n);
  });
});

describe('parsePartitionList', () => {
  it('reads comma-separated partitions once each', () => {
    expect(parsePartitionList('0,2, 5,2')).toEqual([0, 2, 5]);
  });
  it('rejects anything else', () => {
    expect(() => parsePartitionList('1,a')).toThrow(UsageError);
    expect(() => parsePartitionList('-1')).toThrow(UsageError);
  });
});

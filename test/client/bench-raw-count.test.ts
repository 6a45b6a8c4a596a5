import { describe, expect, it } from 'vitest';
import { countBatches } from '../../src/bench/index.js';
import { buildRecordBatchSync } from '../../src/protocol/index.js';

function batch(baseOffset: number, records: number): Buffer {
  return buildRecordBatchSync({ baseOffset, records: Array.from({ length: records }, (_, i) => ({ key: null, value: `v${i}` })), baseTimestamp: 1 });
}

describe('countBatches (raw consume)', () => {
  const a = batch(0, 10);
  const b = batch(10, 5);
  const data = Buffer.concat([a, b]);

  it('counts records and whole batch bytes, and where to fetch next', () => {
    expect(countBatches(data, 0)).toEqual({ records: 15, bytes: a.length + b.length, nextOffset: 15 });
  });

  it('skips the records of a first batch that lie before the fetch offset', () => {
    expect(countBatches(data, 4)).toEqual({ records: 11, bytes: a.length + b.length, nextOffset: 15 });
    expect(countBatches(data, 10)).toEqual({ records: 5, bytes: b.length, nextOffset: 15 });
  });

  it('stops at the records still wanted', () => {
    expect(countBatches(data, 0, 12)).toEqual({ records: 12, bytes: a.length + b.length, nextOffset: 12 });
    expect(countBatches(data, 0, 10)).toEqual({ records: 10, bytes: a.length, nextOffset: 10 });
  });

  it('ignores a partial batch at the end, and an empty answer', () => {
    const partial = Buffer.concat([a, b.subarray(0, b.length - 3)]);
    expect(countBatches(partial, 0)).toEqual({ records: 10, bytes: a.length, nextOffset: 10 });
    expect(countBatches(null, 7)).toEqual({ records: 0, bytes: 0, nextOffset: 7 });
  });
});

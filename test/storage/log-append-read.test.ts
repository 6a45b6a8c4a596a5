import { describe, expect, it } from 'vitest';
import { OffsetOutOfRangeError } from '../../src/storage/index.js';
import { batchOf, splitBatches } from './batch-builder.js';
import { harness, smallConfig } from './helpers.js';
import { READ_PIECE_BYTES } from '../../src/storage/log-read.js';

/** Appends `n` batches of 3 records (~300 bytes each); offsets 0..3n-1. */
function fill(log: ReturnType<ReturnType<typeof harness>['open']>, n: number): Buffer[] {
  const batches: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const batch = batchOf(3, `b${i}`, 300);
    log.append(batch);
    batches.push(Buffer.from(batch));
  }
  return batches;
}

describe('Log append and read', () => {
  it('assigns offsets, patches baseOffset in place and rolls segments by size', () => {
    const h = harness();
    const log = h.open();
    const batch = batchOf(3, 'x', 300);
    expect(log.append(batch)).toEqual({ baseOffset: 0, lastOffset: 2 });
    expect(batch.readBigInt64BE(0)).toBe(0n);
    const second = batchOf(2, 'y', 300);
    expect(log.append(second)).toEqual({ baseOffset: 3, lastOffset: 4 });
    expect(second.readBigInt64BE(0)).toBe(3n);
    fill(log, 40);
    expect(log.logEndOffset).toBe(5 + 120);
    expect(log.segmentCount).toBeGreaterThan(2);
    expect(log.sizeBytes).toBeGreaterThan(40 * 300);
  });

  it('reads every batch back byte for byte across segments', () => {
    const log = harness().open();
    const written = fill(log, 40);
    const { records, bytes } = log.read(0, 1 << 20);
    const read = splitBatches(records);
    expect(read.map((b) => b.baseOffset)).toEqual(written.map((_, i) => i * 3));
    expect(Buffer.concat(read.map((b) => b.bytes))).toEqual(Buffer.concat(written));
    expect(bytes).toBe(Buffer.concat(written).length);
  });

  it('starts with the batch holding a mid-batch offset, in any segment', () => {
    const log = harness().open();
    fill(log, 40);
    for (const offset of [1, 4, 50, 77, 119]) {
      const first = splitBatches(log.read(offset, 1).records)[0]!;
      expect(first.baseOffset).toBe(offset - (offset % 3));
      expect(first.lastOffset).toBe(first.baseOffset + 2);
    }
  });

  it('stops at maxBytes on a batch boundary and honours maxOffset', () => {
    const log = harness().open();
    const written = fill(log, 40);
    const size = written[0]!.length;
    const limited = log.read(0, size * 3 + 10);
    expect(splitBatches(limited.records).length).toBe(3);
    expect(limited.bytes).toBe(size * 3);
    const bounded = log.read(0, 1 << 20, { maxOffset: 9 });
    expect(splitBatches(bounded.records).map((b) => b.baseOffset)).toEqual([0, 3, 6]);
  });

  it('reads a large share of a segment in pieces of whole batches, each no larger than needed', () => {
    const log = harness().open({ ...smallConfig, segmentBytes: 64 << 20 });
    const MIB = 1 << 20;
    // Sizes straddling the read piece: small, just under, just over, several times it.
    const sizes = [3_000, 700_000, MIB - 100, MIB + 5_000, 2_500_000, 40_000, 4 * MIB, 300_000, 650_000, 1_000];
    const written = sizes.map((size, i) => {
      const batch = batchOf(4, `p${i}`, size);
      log.append(batch);
      return Buffer.from(batch);
    });
    const all = log.read(0, 64 * MIB);
    const read = splitBatches(all.records);
    // Buffer.equals: a deep toEqual over megabytes is very slow.
    expect(Buffer.concat(read.map((b) => b.bytes)).equals(Buffer.concat(written))).toBe(true);
    expect(all.bytes).toBe(Buffer.concat(written).length);
    expect(all.records.length).toBeGreaterThan(4);
    for (const piece of all.records) {
      expect(piece.length <= READ_PIECE_BYTES || splitBatches([piece]).length === 1).toBe(true);
    }
    // A byte budget ending inside the fifth batch, and a maxOffset on the seventh.
    const budget = written.slice(0, 4).reduce((n, b) => n + b.length, 0) + 10;
    expect(splitBatches(log.read(0, budget).records).map((b) => b.baseOffset)).toEqual([0, 4, 8, 12]);
    expect(splitBatches(log.read(5, 64 * MIB, { maxOffset: 24 }).records).map((b) => b.baseOffset)).toEqual([4, 8, 12, 16, 20]);
  });

  it('returns one whole batch larger than maxBytes unless minOneBatch is false', () => {
    const log = harness().open();
    const big = batchOf(5, 'big', 2000);
    log.append(big);
    expect(log.read(0, 100).bytes).toBe(big.length);
    expect(log.read(0, 100, { minOneBatch: false })).toEqual({ records: [], bytes: 0 });
  });

  it('rolls a single batch larger than the segment into a segment of its own', () => {
    const log = harness().open();
    fill(log, 2);
    log.append(batchOf(10, 'huge', 6000));
    log.append(batchOf(1, 'after', 100));
    expect(log.segmentCount).toBe(3);
    expect(splitBatches(log.read(0, 1 << 20).records).map((b) => b.baseOffset)).toEqual([0, 3, 6, 16]);
  });

  it('returns nothing at the log end and throws out of range beyond it', () => {
    const log = harness().open();
    fill(log, 2);
    expect(log.read(6, 1000)).toEqual({ records: [], bytes: 0 });
    expect(() => log.read(7, 1000)).toThrow(OffsetOutOfRangeError);
    expect(() => log.read(-1, 1000)).toThrow(OffsetOutOfRangeError);
  });

  it('rolls by age with the injected clock', () => {
    const h = harness();
    const log = h.open();
    fill(log, 1);
    h.clock.advance(60_000);
    fill(log, 1);
    expect(log.segmentCount).toBe(2);
  });
});

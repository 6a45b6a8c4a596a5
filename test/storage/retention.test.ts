import { describe, expect, it } from 'vitest';
import { OffsetOutOfRangeError } from '../../src/storage/index.js';
import { batchOf, splitBatches } from './batch-builder.js';
import { harness, smallConfig } from './helpers.js';

const T0 = 1_700_000_000_000;
const HOUR_MS = 3600_000;

describe('retention by time', () => {
  it('deletes closed segments whose newest batch is older than retention.ms and moves the log start', async () => {
    const h = harness();
    const log = h.open({ ...smallConfig, retentionMs: HOUR_MS });
    // 10 batches an hour apart, ~1 KiB each: 4 per 4 KiB segment.
    for (let i = 0; i < 10; i++) log.append(batchOf(2, `t${i}`, 1000, T0 + i * HOUR_MS));
    const segmentsBefore = log.segmentCount;
    h.clock.advance(T0 + 5.5 * HOUR_MS - h.clock.nowMs());
    const { segmentsDeleted } = log.applyRetention();
    // Newest batches of the first segments: hours 3 and 7 (+ the active one).
    expect(segmentsDeleted).toBe(1);
    expect(log.segmentCount).toBe(segmentsBefore - 1);
    expect(log.logStartOffset).toBe(log.segmentBaseOffsets()[0]);
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(() => log.read(0, 1000)).toThrow(OffsetOutOfRangeError);
    expect(splitBatches(log.read(log.logStartOffset, 100).records)[0]!.baseOffset).toBe(log.logStartOffset);
    const start = log.logStartOffset;
    await log.close();
    expect(h.open({ ...smallConfig, retentionMs: HOUR_MS }).logStartOffset).toBe(start);
  });

  it('keeps everything with retention.ms -1, and deletes the active segment too once all of it has expired', async () => {
    const h = harness();
    const log = h.open({ ...smallConfig, retentionMs: -1 });
    for (let i = 0; i < 10; i++) log.append(batchOf(2, `t${i}`, 1000, T0));
    h.clock.advance(1000 * HOUR_MS);
    expect(log.applyRetention().segmentsDeleted).toBe(0);
    const segments = log.segmentCount;
    log.reconfigure({ ...smallConfig, retentionMs: 1 });
    // As Kafka: a new empty segment is rolled first, so a topic that never fills a segment still loses its old records.
    expect(log.applyRetention().segmentsDeleted).toBe(segments);
    expect(log.segmentCount).toBe(1);
    expect(log.sizeBytes).toBe(0);
    expect(log.logStartOffset).toBe(20);
    expect(log.logEndOffset).toBe(20);
    // Nothing left to delete: the empty active segment stays.
    expect(log.applyRetention().segmentsDeleted).toBe(0);
    expect(log.append(batchOf(1, 'next', 100, T0 + 1001 * HOUR_MS)).baseOffset).toBe(20);
    await log.close();
    const reopened = h.open({ ...smallConfig, retentionMs: 1 });
    expect(reopened.logStartOffset).toBe(20);
    expect(reopened.logEndOffset).toBe(21);
  });

  it('deletes a lone active segment once its newest record is past retention.ms, not before', () => {
    const h = harness();
    const log = h.open({ ...smallConfig, retentionMs: HOUR_MS });
    log.append(batchOf(2, 'old', 100, T0));
    h.clock.advance(T0 + HOUR_MS - h.clock.nowMs());
    expect(log.applyRetention().segmentsDeleted).toBe(0);
    h.clock.advance(1);
    expect(log.applyRetention().segmentsDeleted).toBe(1);
    expect(log.logStartOffset).toBe(2);
    expect(log.read(2, 100).bytes).toBe(0);
  });

  it('leaves compact-only logs to the cleaner', () => {
    const h = harness();
    const log = h.open({ ...smallConfig, retentionMs: 1, cleanupPolicy: { delete: false, compact: true } });
    for (let i = 0; i < 10; i++) log.append(batchOf(2, `t${i}`, 1000, T0));
    h.clock.advance(HOUR_MS);
    expect(log.applyRetention().segmentsDeleted).toBe(0);
    log.reconfigure({ ...smallConfig, retentionMs: 1, cleanupPolicy: { delete: true, compact: true } });
    expect(log.applyRetention().segmentsDeleted).toBeGreaterThan(0);
  });
});

describe('retention by size', () => {
  it('deletes the oldest closed segments while the log is larger than retention.bytes', () => {
    const h = harness();
    const log = h.open({ ...smallConfig, retentionBytes: 5000 });
    for (let i = 0; i < 20; i++) log.append(batchOf(2, `s${i}`, 1000, T0));
    const before = log.sizeBytes;
    const { bytesDeleted } = log.applyRetention();
    expect(before - bytesDeleted).toBe(log.sizeBytes);
    expect(bytesDeleted).toBeGreaterThan(0);
    // Deleting one more segment would have brought it under the limit.
    expect(log.sizeBytes - log.closedSegments()[0]!.sizeBytes).toBeLessThan(5000);
    expect(log.logStartOffset).toBe(log.segmentBaseOffsets()[0]);
    expect(log.logEndOffset).toBe(40);
  });

  it('closes the files of deleted segments before removing them', () => {
    const h = harness();
    const log = h.open({ ...smallConfig, retentionBytes: 0 });
    for (let i = 0; i < 12; i++) log.append(batchOf(2, `s${i}`, 1000, T0));
    const gone = log.closedSegments().map((s) => s.logPath);
    log.applyRetention();
    for (const path of gone) expect(h.fs.existsSync(path)).toBe(false);
    expect(log.segmentCount).toBe(1);
    log.append(batchOf(1, 'after', 100, T0));
    expect(log.logEndOffset).toBe(25);
  });
});

import { describe, expect, it } from 'vitest';
import {
  paceDelayMs,
  parseReplayPosition,
  parseSpeed,
  planReplayRanges,
  rangeRecords,
  targetPartitionFor,
  type SourcePartition,
} from '../../src/client/replay-plan.js';
import { progressLine } from '../../src/client/replay-progress.js';
import { parseTimeSpec } from '../../src/client/time-spec.js';
import { UsageError } from '../../src/common/index.js';

const NOW_MS = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('parseReplayPosition', () => {
  it('reads offsets, ends and times', () => {
    expect(parseReplayPosition('earliest', NOW_MS)).toEqual({ kind: 'earliest' });
    expect(parseReplayPosition('end', NOW_MS)).toEqual({ kind: 'latest' });
    expect(parseReplayPosition('120', NOW_MS)).toEqual({ kind: 'offset', offset: 120 });
    expect(parseReplayPosition('offset:7', NOW_MS)).toEqual({ kind: 'offset', offset: 7 });
    expect(parseReplayPosition('time:1700000000000', NOW_MS)).toEqual({ kind: 'time', timestampMs: 1_700_000_000_000 });
    expect(parseReplayPosition('2026-11-24T11:00:00Z', NOW_MS)).toEqual({ kind: 'time', timestampMs: NOW_MS - 3_600_000 });
    expect(parseReplayPosition('-30m', NOW_MS)).toEqual({ kind: 'time', timestampMs: NOW_MS - 1_800_000 });
  });

  it.each(['offset:x', 'soon', '12abc', ''])('refuses %j', (text) => {
    expect(() => parseReplayPosition(text, NOW_MS)).toThrow(UsageError);
  });
});

describe('parseSpeed', () => {
  it('reads max and positive factors', () => {
    expect(parseSpeed('max')).toBe('max');
    expect(parseSpeed('2')).toBe(2);
    expect(parseSpeed('0.5')).toBe(0.5);
    expect(parseSpeed('10x')).toBe(10);
  });
  it.each(['0', '-1', 'fast', ''])('refuses %j', (text) => {
    expect(() => parseSpeed(text)).toThrow(UsageError);
  });
});

describe('parseTimeSpec', () => {
  it('reads dates, epoch milliseconds, now and durations back', () => {
    expect(parseTimeSpec('now', NOW_MS)).toBe(NOW_MS);
    expect(parseTimeSpec('1700000000000', NOW_MS)).toBe(1_700_000_000_000);
    expect(parseTimeSpec('2026-11-24', NOW_MS)).toBe(Date.UTC(2026, 10, 24));
    expect(parseTimeSpec('-2d', NOW_MS)).toBe(NOW_MS - 2 * 86_400_000);
    expect(parseTimeSpec('-1.5h', NOW_MS)).toBe(NOW_MS - 5_400_000);
    expect(parseTimeSpec('-1h30m', NOW_MS)).toBe(NOW_MS - 5_400_000);
    expect(() => parseTimeSpec('-1x', NOW_MS)).toThrow(UsageError);
    expect(() => parseTimeSpec('May', NOW_MS)).toThrow(UsageError);
  });
});

describe('planReplayRanges', () => {
  const partitions: SourcePartition[] = [
    { partition: 1, low: 0, high: 50, fromTimeOffset: 20, toTimeOffset: 50 },
    { partition: 0, low: 10, high: 100, fromTimeOffset: 30, toTimeOffset: 60 },
    { partition: 2, low: 0, high: 0 },
  ];

  it('replays the whole log by default, leaving empty partitions out', () => {
    const ranges = planReplayRanges(partitions, { kind: 'earliest' }, { kind: 'latest' });
    expect(ranges).toEqual([
      { partition: 0, startOffset: 10, endOffset: 100 },
      { partition: 1, startOffset: 0, endOffset: 50 },
    ]);
    expect(rangeRecords(ranges)).toBe(140);
  });

  it('clamps offset ranges to the log, from inclusive and to exclusive', () => {
    const ranges = planReplayRanges(partitions, { kind: 'offset', offset: 5 }, { kind: 'offset', offset: 60 });
    expect(ranges).toEqual([
      { partition: 0, startOffset: 10, endOffset: 60 },
      { partition: 1, startOffset: 5, endOffset: 50 },
    ]);
  });

  it('uses the offsets found for times', () => {
    const ranges = planReplayRanges(partitions, { kind: 'time', timestampMs: 1 }, { kind: 'time', timestampMs: 2 });
    expect(ranges).toEqual([
      { partition: 0, startOffset: 30, endOffset: 60 },
      { partition: 1, startOffset: 20, endOffset: 50 },
    ]);
  });

  it('plans nothing when from is past to', () => {
    expect(planReplayRanges(partitions, { kind: 'offset', offset: 40 }, { kind: 'offset', offset: 20 })).toEqual([]);
  });
});

describe('paceDelayMs', () => {
  const state = { startWallMs: 1_000, baseTimestampMs: 50_000, sent: 0 };

  it('sends at once at max speed without a rate', () => {
    expect(paceDelayMs(state, 90_000, 1_000, 'max', undefined)).toBe(0);
  });

  it('divides the original gap by the speed', () => {
    expect(paceDelayMs(state, 52_000, 1_000, 1, undefined)).toBe(2_000);
    expect(paceDelayMs(state, 52_000, 1_000, 4, undefined)).toBe(500);
    expect(paceDelayMs(state, 52_000, 1_400, 4, undefined)).toBe(100);
    expect(paceDelayMs(state, 40_000, 1_000, 4, undefined)).toBe(0);
  });

  it('caps the rate', () => {
    expect(paceDelayMs({ ...state, sent: 10 }, 50_000, 1_000, 'max', 5)).toBe(2_000);
    expect(paceDelayMs({ ...state, sent: 10 }, 60_000, 1_000, 1, 5)).toBe(10_000);
  });
});

describe('progressLine', () => {
  it('draws the share replayed', () => {
    expect(progressLine({ replayed: 0, planned: 10 })).toBe(`[${'-'.repeat(30)}] 0% 0/10 records`);
    expect(progressLine({ replayed: 5, planned: 10 })).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}] 50% 5/10 records`);
    expect(progressLine({ replayed: 0, planned: 0 })).toBe(`[${'#'.repeat(30)}] 100% 0/0 records`);
  });
});

describe('targetPartitionFor', () => {
  it('keeps the partition number when the target has it', () => {
    expect(targetPartitionFor(2, Buffer.from('k'), 3)).toBe(2);
    expect(targetPartitionFor(2, null, 3)).toBe(2);
  });

  it('hashes keys beyond the target, the same key always to one partition', () => {
    const a = targetPartitionFor(5, Buffer.from('user-1'), 3);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(3);
    expect(targetPartitionFor(7, Buffer.from('user-1'), 3)).toBe(a);
  });

  it('folds keyless partitions onto the target', () => {
    expect(targetPartitionFor(5, null, 3)).toBe(2);
  });
});

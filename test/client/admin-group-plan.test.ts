import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  committedOffset,
  decodeMemberAssignment,
  parseResetTarget,
  partitionLag,
  planReset,
  totalLag,
  type PartitionPosition,
} from '../../src/client/admin-group-plan.js';
import { UsageError } from '../../src/common/index.js';

const NOW_MS = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('parseResetTarget', () => {
  it('reads every documented form', () => {
    expect(parseResetTarget('earliest', NOW_MS)).toEqual({ kind: 'earliest' });
    expect(parseResetTarget('latest', NOW_MS)).toEqual({ kind: 'latest' });
    expect(parseResetTarget('offset:42', NOW_MS)).toEqual({ kind: 'offset', offset: 42 });
    expect(parseResetTarget('shift:-5', NOW_MS)).toEqual({ kind: 'shift', delta: -5 });
    expect(parseResetTarget('shift:+3', NOW_MS)).toEqual({ kind: 'shift', delta: 3 });
    expect(parseResetTarget('datetime:2026-11-24T10:00:00Z', NOW_MS)).toEqual({
      kind: 'datetime',
      timestampMs: Date.UTC(2026, 10, 24, 10, 0, 0),
    });
    expect(parseResetTarget('datetime:-1h', NOW_MS)).toEqual({ kind: 'datetime', timestampMs: NOW_MS - 3_600_000 });
  });

  it.each(['', 'first', 'offset:', 'offset:-1', 'offset:abc', 'shift:', 'shift:1.5', 'datetime:', 'datetime:yesterday'])(
    'refuses %j as a usage error',
    (text) => {
      expect(() => parseResetTarget(text, NOW_MS)).toThrow(UsageError);
    },
  );
});

describe('planReset', () => {
  const partitions: PartitionPosition[] = [
    { partition: 0, low: 10, high: 100, committed: 50, offsetForTime: 70 },
    { partition: 1, low: 0, high: 5, committed: null, offsetForTime: 5 },
  ];

  it('moves to the log ends', () => {
    expect(planReset({ kind: 'earliest' }, partitions).map((r) => r.target)).toEqual([10, 0]);
    expect(planReset({ kind: 'latest' }, partitions).map((r) => r.target)).toEqual([100, 5]);
  });

  it('clamps offsets into what the log holds', () => {
    expect(planReset({ kind: 'offset', offset: 3 }, partitions).map((r) => r.target)).toEqual([10, 3]);
    expect(planReset({ kind: 'offset', offset: 1_000 }, partitions).map((r) => r.target)).toEqual([100, 5]);
  });

  it('uses the offset found for a time', () => {
    expect(planReset({ kind: 'datetime', timestampMs: 0 }, partitions).map((r) => r.target)).toEqual([70, 5]);
  });

  it('shifts committed offsets and leaves partitions without one alone', () => {
    const rows = planReset({ kind: 'shift', delta: -45 }, partitions);
    expect(rows[0]).toEqual({ partition: 0, current: 50, target: 10 });
    expect(rows[1]).toMatchObject({ partition: 1, current: null, target: null });
    expect(rows[1]!.note).toMatch(/no committed offset/);
    expect(planReset({ kind: 'shift', delta: 20 }, partitions)[0]!.target).toBe(70);
  });
});

describe('lag', () => {
  it('is the distance from the commit to the high watermark', () => {
    expect(partitionLag(40, 100)).toBe(60);
    expect(partitionLag(100, 100)).toBe(0);
    expect(partitionLag(120, 100)).toBe(0);
    expect(partitionLag(null, 100)).toBeNull();
  });

  it('totals only partitions with a commit', () => {
    expect(totalLag([3, null, 4])).toBe(7);
    expect(totalLag([])).toBe(0);
  });

  it('reads kafkajs committed offsets', () => {
    expect(committedOffset('-1')).toBeNull();
    expect(committedOffset('')).toBeNull();
    expect(committedOffset(null)).toBeNull();
    expect(committedOffset('17')).toBe(17);
  });
});

describe('decodeMemberAssignment', () => {
  it('reads the consumer protocol assignment', () => {
    const bytes = kafkajs.AssignerProtocol.MemberAssignment.encode({
      version: 0,
      assignment: { orders: [2, 0], audit: [1] },
      userData: Buffer.alloc(0),
    });
    expect(decodeMemberAssignment(bytes)).toEqual([
      { topic: 'audit', partitions: [1] },
      { topic: 'orders', partitions: [0, 2] },
    ]);
  });

  it('gives nothing for empty or foreign bytes', () => {
    expect(decodeMemberAssignment(Buffer.alloc(0))).toEqual([]);
    expect(decodeMemberAssignment(Buffer.from([0xff]))).toEqual([]);
  });
});

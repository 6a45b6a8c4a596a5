import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeGroupMetadataValue,
  decodeKey,
  decodeOffsetCommitValue,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  javaStringHashCode,
  partitionForGroup,
  type GroupMetadataValue,
} from '../../../src/broker/coordinator/index.js';

describe('__consumer_offsets record formats', () => {
  it('writes OffsetCommitKey v1 and OffsetCommitValue v3 byte for byte as Kafka', () => {
    expect(encodeOffsetCommitKey('g', 't', 2).toString('hex')).toBe('0001' + '000167' + '000174' + '00000002');
    const value = encodeOffsetCommitValue({ offset: 42, leaderEpoch: 5, metadata: 'm', commitTimestampMs: 1000 });
    expect(value.toString('hex')).toBe(
      '0003' + '000000000000002a' + '00000005' + '00016d' + '00000000000003e8',
    );
  });

  it('writes GroupMetadataKey v2', () => {
    expect(encodeGroupMetadataKey('grp').toString('hex')).toBe('0002' + '0003' + Buffer.from('grp').toString('hex'));
  });

  it('decodes keys of both kinds and skips unknown key versions', () => {
    expect(decodeKey(encodeOffsetCommitKey('g', 'topic', 7))).toEqual({ kind: 'offset', group: 'g', topic: 'topic', partition: 7 });
    expect(decodeKey(encodeGroupMetadataKey('g'))).toEqual({ kind: 'group', group: 'g' });
    expect(decodeKey(Buffer.from('0005000167', 'hex'))).toBeUndefined();
  });

  it('round-trips offset values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: -1, max: 2 ** 31 - 1 }),
        fc.string(),
        fc.integer({ min: 0, max: 2 ** 45 }),
        (offset, leaderEpoch, metadata, commitTimestampMs) => {
          const v = { offset, leaderEpoch, metadata, commitTimestampMs };
          expect(decodeOffsetCommitValue(encodeOffsetCommitValue(v))).toEqual(v);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads offset values of older versions (v1 with an expire timestamp)', () => {
    const v1 = Buffer.from('0001' + '0000000000000009' + '000178' + '0000000000000064' + '00000000000000c8', 'hex');
    expect(decodeOffsetCommitValue(v1)).toEqual({ offset: 9, leaderEpoch: -1, metadata: 'x', commitTimestampMs: 100 });
  });

  it('round-trips group values with members, nulls and static ids', () => {
    const value: GroupMetadataValue = {
      protocolType: 'consumer',
      generation: 3,
      protocol: 'range',
      leader: 'm1',
      currentStateTimestampMs: 1_700_000_000_000,
      members: [
        {
          memberId: 'm1',
          groupInstanceId: 'i1',
          clientId: 'c',
          clientHost: '/127.0.0.1',
          rebalanceTimeoutMs: 300_000,
          sessionTimeoutMs: 45_000,
          subscription: Buffer.from([1, 2]),
          assignment: Buffer.from([3]),
        },
        {
          memberId: 'm2',
          groupInstanceId: null,
          clientId: 'c2',
          clientHost: 'h',
          rebalanceTimeoutMs: 1,
          sessionTimeoutMs: 2,
          subscription: Buffer.alloc(0),
          assignment: Buffer.alloc(0),
        },
      ],
    };
    expect(decodeGroupMetadataValue(encodeGroupMetadataValue(value))).toEqual(value);
    const empty = { ...value, protocol: null, leader: null, members: [] };
    expect(decodeGroupMetadataValue(encodeGroupMetadataValue(empty))).toEqual(empty);
  });

  it('rejects truncated values instead of reading past the end', () => {
    const full = encodeOffsetCommitValue({ offset: 1, leaderEpoch: 1, metadata: 'abc', commitTimestampMs: 1 });
    for (let cut = 0; cut < full.length; cut++) {
      expect(() => decodeOffsetCommitValue(full.subarray(0, cut))).toThrow();
    }
  });
});

describe('partition for a group', () => {
  it('uses Java String.hashCode', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('hello')).toBe(99162322);
    // values printed by a JVM (String.hashCode)
    expect(javaStringHashCode('console-consumer-1')).toBe(35782224);
    expect(javaStringHashCode('my-group-negative-xyz')).toBe(-1224593840);
    expect(javaStringHashCode('gruppe-\u00e9\u{1F600}')).toBe(-1282779014);
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
  });

  it('maps Integer.MIN_VALUE to partition 0 and negatives through abs', () => {
    expect(partitionForGroup('polygenelubricants', 50)).toBe(0);
    expect(partitionForGroup('hello', 50)).toBe(99162322 % 50);
    expect(partitionForGroup('console-consumer-1', 50)).toBe(24);
    expect(partitionForGroup('my-group-negative-xyz', 50)).toBe(40);
    expect(partitionForGroup('gruppe-\u00e9\u{1F600}', 50)).toBe(14);
  });
});

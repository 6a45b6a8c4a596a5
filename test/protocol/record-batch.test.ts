import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BATCH_HEADER_BYTES,
  BATCH_LOG_OVERHEAD,
  batchSizeAt,
  buildRecordBatch,
  buildRecordBatchSync,
  completeBatchesBytes,
  computeBatchCrc,
  crc32c,
  ErrorCode,
  iterateBatches,
  patchBaseOffset,
  patchPartitionLeaderEpoch,
  readBatchHeader,
  stampLogAppendTime,
  validateBatchForAppend,
  verifyBatchCrc,
  type RecordBatchInput,
} from '../../src/protocol/index.js';
import { batchInputArb } from './record-batch-arbitraries.js';

function sample(overrides: Partial<RecordBatchInput> = {}): Buffer {
  return buildRecordBatchSync({
    records: [
      { key: 'k1', value: 'v1', timestamp: 1_700_000_000_000 },
      { key: null, value: 'v2', headers: [{ key: 'h', value: null }], timestamp: 1_700_000_000_005 },
    ],
    ...overrides,
  });
}

function withCrc(batch: Buffer): Buffer {
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), 17);
  return batch;
}

function errorCodeOf(buf: Buffer): number {
  const result = validateBatchForAppend(buf);
  return result.ok ? 0 : result.errorCode;
}

describe('crc32c', () => {
  it('matches the CRC-32C check value and continues a running checksum', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const whole = Buffer.from('hello, kafka batch');
    expect(crc32c(whole.subarray(7), crc32c(whole.subarray(0, 7)))).toBe(crc32c(whole));
  });
});

describe('batch header', () => {
  it('reads every field', () => {
    const batch = sample({ baseOffset: 2 ** 40, producerId: 9, producerEpoch: 3, baseSequence: 11, transactional: true, partitionLeaderEpoch: 4 });
    const header = readBatchHeader(batch);
    expect(header).toMatchObject({
      baseOffset: 2 ** 40,
      batchLength: batch.length - BATCH_LOG_OVERHEAD,
      partitionLeaderEpoch: 4,
      magic: 2,
      compression: 0,
      timestampType: 0,
      isTransactional: true,
      isControl: false,
      lastOffsetDelta: 1,
      baseTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_005,
      producerId: 9,
      producerEpoch: 3,
      baseSequence: 11,
      recordsCount: 2,
    });
    expect(header.crc).toBe(crc32c(batch.subarray(21)));
  });

  it('sizes batches and reports null with fewer than 12 bytes left', () => {
    const batch = sample();
    expect(batchSizeAt(batch, 0)).toBe(batch.length);
    expect(batchSizeAt(batch.subarray(0, 11), 0)).toBeNull();
    expect(batchSizeAt(batch.subarray(0, 12), 0)).toBe(batch.length);
  });
});

describe('patches', () => {
  it('keeps the CRC valid for any base offset and leader epoch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: -1, max: 2 ** 31 - 1 }), (offset, epoch) => {
        const batch = sample();
        patchBaseOffset(batch, 0, offset);
        patchPartitionLeaderEpoch(batch, 0, epoch);
        expect(verifyBatchCrc(batch, 0)).toBe(true);
        expect(validateBatchForAppend(batch).ok).toBe(true);
        const header = readBatchHeader(batch);
        expect(header.baseOffset).toBe(offset);
        expect(header.partitionLeaderEpoch).toBe(epoch);
      }),
      { numRuns: 100 },
    );
  });

  it('stamps LogAppendTime with a fresh CRC', () => {
    const batch = sample();
    stampLogAppendTime(batch, 0, 1_800_000_000_000);
    const header = readBatchHeader(batch);
    expect(header.timestampType).toBe(1);
    expect(header.maxTimestamp).toBe(1_800_000_000_000);
    expect(verifyBatchCrc(batch, 0)).toBe(true);
  });

  it('patches a batch in the middle of a larger buffer', () => {
    const a = sample();
    const b = sample();
    const run = Buffer.concat([a, b]);
    stampLogAppendTime(run, a.length, 5);
    patchBaseOffset(run, a.length, 77);
    expect(verifyBatchCrc(run, 0)).toBe(true);
    expect(verifyBatchCrc(run, a.length)).toBe(true);
    expect(readBatchHeader(run, a.length).baseOffset).toBe(77);
    expect(run.subarray(0, a.length).equals(a)).toBe(true);
  });
});

describe('CRC verification', () => {
  it('fails when any byte from the attributes to the end is flipped', async () => {
    await fc.assert(
      fc.asyncProperty(batchInputArb, fc.nat(), fc.integer({ min: 1, max: 255 }), async (input, at, flip) => {
        const batch = await buildRecordBatch(input);
        expect(verifyBatchCrc(batch, 0)).toBe(true);
        const pos = 21 + (at % (batch.length - 21));
        batch[pos] = batch[pos]! ^ flip;
        expect(verifyBatchCrc(batch, 0)).toBe(false);
        const result = validateBatchForAppend(batch);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('is false for short, truncated and non-v2 input', () => {
    const batch = sample();
    expect(verifyBatchCrc(batch.subarray(0, 11), 0)).toBe(false);
    expect(verifyBatchCrc(batch.subarray(0, batch.length - 1), 0)).toBe(false);
    const v1 = Buffer.from(batch);
    v1[16] = 1;
    expect(verifyBatchCrc(v1, 0)).toBe(false);
  });
});

describe('validateBatchForAppend', () => {
  it('accepts what the builder writes, with every codec', async () => {
    await fc.assert(
      fc.asyncProperty(batchInputArb, async (input) => {
        const result = validateBatchForAppend(await buildRecordBatch(input));
        expect(result.ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('accepts an idempotent batch and rejects a producer id with a negative sequence', () => {
    expect(errorCodeOf(sample({ producerId: 5, producerEpoch: 0, baseSequence: 0 }))).toBe(0);
    expect(errorCodeOf(sample({ producerId: 5, producerEpoch: 0, baseSequence: -1 }))).toBe(ErrorCode.INVALID_RECORD);
  });

  it('rejects empty, partial and multi-batch input with INVALID_RECORD', () => {
    const batch = sample();
    expect(errorCodeOf(Buffer.alloc(0))).toBe(ErrorCode.INVALID_RECORD);
    expect(errorCodeOf(batch.subarray(0, 11))).toBe(ErrorCode.INVALID_RECORD);
    expect(errorCodeOf(batch.subarray(0, batch.length - 1))).toBe(ErrorCode.INVALID_RECORD);
    expect(errorCodeOf(Buffer.concat([batch, batch]))).toBe(ErrorCode.INVALID_RECORD);
    expect(errorCodeOf(Buffer.concat([batch, Buffer.from([0])]))).toBe(ErrorCode.INVALID_RECORD);
  });

  it('rejects a length below the header with CORRUPT_MESSAGE', () => {
    const batch = sample();
    batch.writeInt32BE(BATCH_HEADER_BYTES - BATCH_LOG_OVERHEAD - 1, 8);
    expect(errorCodeOf(batch)).toBe(ErrorCode.CORRUPT_MESSAGE);
    batch.writeInt32BE(-5, 8);
    expect(errorCodeOf(batch)).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('rejects magic other than 2 with INVALID_RECORD, as Produce v3+ does', () => {
    const batch = sample();
    batch[16] = 1;
    expect(errorCodeOf(batch)).toBe(ErrorCode.INVALID_RECORD);
  });

  it('rejects a CRC mismatch with CORRUPT_MESSAGE', () => {
    const batch = sample();
    batch.writeUInt32BE((batch.readUInt32BE(17) + 1) >>> 0, 17);
    expect(errorCodeOf(batch)).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('rejects inconsistent counts with INVALID_RECORD', () => {
    const zeroCount = sample();
    zeroCount.writeInt32BE(0, 57);
    expect(errorCodeOf(withCrc(zeroCount))).toBe(ErrorCode.INVALID_RECORD);
    const badDelta = sample();
    badDelta.writeInt32BE(5, 23);
    expect(errorCodeOf(withCrc(badDelta))).toBe(ErrorCode.INVALID_RECORD);
  });

  it('rejects control batches with INVALID_RECORD and unknown codecs with UNSUPPORTED_COMPRESSION_TYPE', () => {
    expect(errorCodeOf(sample({ control: true }))).toBe(ErrorCode.INVALID_RECORD);
    const codec7 = sample();
    codec7.writeInt16BE(7, 21);
    expect(errorCodeOf(withCrc(codec7))).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
  });

  it('applies max.message.bytes and the zstd version rule when given', async () => {
    const batch = sample();
    expect(validateBatchForAppend(batch, { maxMessageBytes: batch.length }).ok).toBe(true);
    const tooLarge = validateBatchForAppend(batch, { maxMessageBytes: batch.length - 1 });
    expect(tooLarge.ok ? 0 : tooLarge.errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    const zstd = await buildRecordBatch({ records: [{ key: null, value: 'z', timestamp: 1 }], compression: 4 });
    const old = validateBatchForAppend(zstd, { produceVersion: 6 });
    expect(old.ok ? 0 : old.errorCode).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    expect(validateBatchForAppend(zstd, { produceVersion: 7 }).ok).toBe(true);
    expect(validateBatchForAppend(sample(), { produceVersion: 3 }).ok).toBe(true);
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(validateBatchForAppend(Buffer.from(bytes)).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('iterateBatches', () => {
  it('walks a run of batches and stops cleanly at a partial trailing batch', () => {
    const batches = [sample({ baseOffset: 0 }), sample({ baseOffset: 2 }), sample({ baseOffset: 4 })];
    const run = Buffer.concat(batches);
    const all = [...iterateBatches(run)];
    expect(all.map((b) => [b.pos, b.size, b.header.baseOffset])).toEqual([
      [0, batches[0]!.length, 0],
      [batches[0]!.length, batches[1]!.length, 2],
      [batches[0]!.length * 2, batches[2]!.length, 4],
    ]);
    for (let cut = 0; cut < run.length; cut++) {
      const seen = [...iterateBatches(run.subarray(0, cut))];
      const whole = batches.filter((_, i) => (i + 1) * batches[0]!.length <= cut).length;
      expect(seen.length).toBe(whole);
      expect(completeBatchesBytes(run.subarray(0, cut))).toBe(whole * batches[0]!.length);
    }
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        for (const batch of iterateBatches(Buffer.from(bytes))) {
          expect(batch.pos + batch.size).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildRecordBatch,
  buildRecordBatchSync,
  decodeRecords,
  decodeRecordsSync,
  iterateBatches,
  patchBaseOffset,
  readBatchHeader,
  stampLogAppendTime,
  computeBatchCrc,
  DecodeError,
  type RecordInput,
} from '../../src/protocol/index.js';
import { batchInputArb, recordArb } from './record-batch-arbitraries.js';

function asBuffer(data: Buffer | string | null | undefined): Buffer | null {
  return typeof data === 'string' ? Buffer.from(data) : (data ?? null);
}

function expected(records: RecordInput[], baseOffset: number) {
  const baseTimestamp = records[0]!.timestamp!;
  return records.map((r, i) => ({
    offset: baseOffset + i,
    timestamp: r.timestamp ?? baseTimestamp,
    key: asBuffer(r.key),
    value: asBuffer(r.value),
    headers: (r.headers ?? []).map((h) => ({ key: h.key, value: asBuffer(h.value) })),
  }));
}

async function decodeFailure(batch: Buffer): Promise<unknown> {
  try {
    await decodeRecords(batch);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Rewrites the CRC so that a mutation reaches the record parser instead of failing the checksum. */
function fixCrc(batch: Buffer): Buffer {
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), 17);
  return batch;
}

describe('record decoding', () => {
  it('round-trips built batches with every codec', async () => {
    await fc.assert(
      fc.asyncProperty(batchInputArb, async (input) => {
        const batch = await buildRecordBatch(input);
        const header = readBatchHeader(batch);
        expect(header.compression).toBe(input.compression);
        expect(header.recordsCount).toBe(input.records.length);
        expect(header.lastOffsetDelta).toBe(input.records.length - 1);
        expect(header.maxTimestamp).toBe(Math.max(...input.records.map((r) => r.timestamp!)));
        expect(header.producerId).toBe(input.producerId);
        expect(header.isTransactional).toBe(input.transactional);
        expect(await decodeRecords(batch)).toEqual(expected(input.records, input.baseOffset));
      }),
      { numRuns: 120 },
    );
  });

  it('decodes uncompressed batches synchronously, and refuses compressed ones there', async () => {
    const input = { records: [{ key: 'k', value: 'v', timestamp: 5 }], baseOffset: 3 };
    expect(decodeRecordsSync(buildRecordBatchSync(input))).toEqual(
      expected([{ key: 'k', value: 'v', timestamp: 5 }], 3),
    );
    const gz = await buildRecordBatch({ ...input, compression: 1 });
    expect(() => decodeRecordsSync(gz)).toThrow(DecodeError);
  });

  it('reports the batch maxTimestamp for every record once stamped with LogAppendTime', async () => {
    const batch = buildRecordBatchSync({ records: [{ key: null, value: 'a', timestamp: 10 }, { key: null, value: 'b', timestamp: 20 }] });
    stampLogAppendTime(batch, 0, 99_000);
    expect((await decodeRecords(batch)).map((r) => r.timestamp)).toEqual([99_000, 99_000]);
  });

  it('keeps decoding after the broker patches the base offset', async () => {
    const batch = buildRecordBatchSync({ records: [{ key: null, value: 'a', timestamp: 1 }, { key: null, value: 'b', timestamp: 1 }] });
    patchBaseOffset(batch, 0, 2 ** 40);
    expect((await decodeRecords(batch)).map((r) => r.offset)).toEqual([2 ** 40, 2 ** 40 + 1]);
  });

  it('throws DecodeError for every truncation of a batch', async () => {
    await fc.assert(
      fc.asyncProperty(batchInputArb, fc.nat(), async (input, cutSeed) => {
        const batch = await buildRecordBatch(input);
        const cut = cutSeed % batch.length;
        expect(await decodeFailure(batch.subarray(0, cut))).toBeInstanceOf(DecodeError);
        expect([...iterateBatches(batch.subarray(0, cut))]).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('throws only DecodeError for random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const error = await decodeFailure(Buffer.from(bytes));
        expect(error).toBeInstanceOf(DecodeError);
      }),
      { numRuns: 200 },
    );
  });

  it('throws only DecodeError when record bytes under a valid header and CRC are mutated', async () => {
    await fc.assert(
      fc.asyncProperty(batchInputArb, fc.nat(), fc.integer({ min: 1, max: 255 }), async (input, at, flip) => {
        const batch = await buildRecordBatch(input);
        const pos = 57 + (at % (batch.length - 57)); // recordsCount and everything after
        batch[pos] = batch[pos]! ^ flip;
        const error = await decodeFailure(fixCrc(batch));
        if (error !== undefined) expect(error).toBeInstanceOf(DecodeError);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a record claiming 2 GB without allocating it', async () => {
    const batch = buildRecordBatchSync({ records: [{ key: null, value: 'x', timestamp: 1 }] });
    // Record length varint 0xfe 0xff 0xff 0xff 0x0f = 2^31 - 1 after zig-zag.
    const hostile = Buffer.concat([batch.subarray(0, 61), Buffer.from([0xfe, 0xff, 0xff, 0xff, 0x0f, 0, 0])]);
    hostile.writeInt32BE(hostile.length - 12, 8);
    expect(await decodeFailure(fixCrc(hostile))).toBeInstanceOf(DecodeError);
  });

  it('refuses a record count the payload cannot hold', async () => {
    const batch = buildRecordBatchSync({ records: [{ key: null, value: 'x', timestamp: 1 }] });
    batch.writeInt32BE(2 ** 31 - 1, 57);
    expect(await decodeFailure(fixCrc(batch))).toBeInstanceOf(DecodeError);
  });

  it('builds string keys, values and header values as their UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (key, value) => {
        const fromStrings = buildRecordBatchSync({
          records: [{ key, value, headers: [{ key: 'h', value }], timestamp: 1 }],
        });
        const fromBuffers = buildRecordBatchSync({
          records: [{ key: Buffer.from(key), value: Buffer.from(value), headers: [{ key: 'h', value: Buffer.from(value) }], timestamp: 1 }],
        });
        expect(fromStrings.equals(fromBuffers)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

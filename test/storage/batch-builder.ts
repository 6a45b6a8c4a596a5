/**
 * Test batches built with protocol's builder (uncompressed, CreateTime), and
 * a splitter that turns read results back into batches.
 */
import { buildRecordBatchSync } from '../../src/protocol/index.js';

export interface TestRecord {
  key?: string | null;
  value: string | null;
  timestampMs?: number;
}

export function buildBatch(records: TestRecord[], baseTimestampMs = 1_700_000_000_000): Buffer {
  return buildRecordBatchSync({
    records: records.map((r) => ({ key: r.key ?? null, value: r.value, timestamp: r.timestampMs ?? baseTimestampMs })),
    baseTimestamp: baseTimestampMs,
  });
}

/** A batch of `count` records whose values are `prefix-i`, padded to make it roughly `approxBytes`. */
export function batchOf(count: number, prefix: string, approxBytes = 0, timestampMs?: number): Buffer {
  const pad = Math.max(0, Math.floor((approxBytes - 61) / Math.max(count, 1)) - 16);
  const records = Array.from({ length: count }, (_, i) => ({
    key: `k${i}`,
    value: `${prefix}-${i}${'.'.repeat(pad)}`,
    timestampMs,
  }));
  return buildBatch(records, timestampMs);
}

/** Splits a run of batches back into (baseOffset, recordCount, bytes) triples. */
export function splitBatches(buffers: Buffer[]): { baseOffset: number; lastOffset: number; bytes: Buffer }[] {
  const out: { baseOffset: number; lastOffset: number; bytes: Buffer }[] = [];
  for (const buf of buffers) {
    for (let pos = 0; pos < buf.length; ) {
      const size = 12 + buf.readInt32BE(pos + 8);
      const baseOffset = Number(buf.readBigInt64BE(pos));
      out.push({ baseOffset, lastOffset: baseOffset + buf.readInt32BE(pos + 23), bytes: buf.subarray(pos, pos + size) });
      pos += size;
    }
  }
  return out;
}

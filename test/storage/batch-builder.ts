/**
 * A small RecordBatch v2 builder for storage tests (uncompressed, CreateTime),
 * so these tests depend on nothing but the byte layout.
 */
import { crc32c } from '@node-rs/crc32';

export interface TestRecord {
  key?: string | null;
  value: string | null;
  timestampMs?: number;
}

function zigzagVarint(n: number): number[] {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (z >= 0x80) {
    out.push((z % 0x80) | 0x80);
    z = Math.floor(z / 0x80);
  }
  out.push(z);
  return out;
}

function bytesField(text: string | null | undefined): Buffer {
  if (text === null || text === undefined) return Buffer.from(zigzagVarint(-1));
  const data = Buffer.from(text);
  return Buffer.concat([Buffer.from(zigzagVarint(data.length)), data]);
}

export function buildBatch(records: TestRecord[], baseTimestampMs = 1_700_000_000_000): Buffer {
  const timestamps = records.map((r) => r.timestampMs ?? baseTimestampMs);
  const firstTs = timestamps[0] ?? baseTimestampMs;
  const encoded = records.map((r, i) => {
    const body = Buffer.concat([
      Buffer.from([0]),
      Buffer.from(zigzagVarint(timestamps[i]! - firstTs)),
      Buffer.from(zigzagVarint(i)),
      bytesField(r.key),
      bytesField(r.value),
      Buffer.from(zigzagVarint(0)),
    ]);
    return Buffer.concat([Buffer.from(zigzagVarint(body.length)), body]);
  });
  const body = Buffer.concat(encoded);
  const batch = Buffer.alloc(61 + body.length);
  batch.writeBigInt64BE(0n, 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(0, 12);
  batch.writeInt8(2, 16);
  batch.writeInt16BE(0, 21);
  batch.writeInt32BE(records.length - 1, 23);
  batch.writeBigInt64BE(BigInt(firstTs), 27);
  batch.writeBigInt64BE(BigInt(Math.max(firstTs, ...timestamps)), 35);
  batch.writeBigInt64BE(-1n, 43);
  batch.writeInt16BE(-1, 51);
  batch.writeInt32BE(-1, 53);
  batch.writeInt32BE(records.length, 57);
  body.copy(batch, 61);
  batch.writeUInt32BE(crc32c(batch.subarray(21)), 17);
  return batch;
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

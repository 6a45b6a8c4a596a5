/**
 * kafkajs's own RecordBatch encoder and decoder are an independent
 * implementation of the format: batches cross in both directions.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  buildRecordBatch,
  decodeRecords,
  readBatchHeader,
  validateBatchForAppend,
  verifyBatchCrc,
  type CompressionCodecId,
} from '../../src/protocol/index.js';

const require = createRequire(import.meta.url);
type KafkajsEncoder = { buffer: Buffer };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch: (args: object) => Promise<KafkajsEncoder>;
};
const KafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (args: object) => unknown;
const KafkajsDecoder = require('kafkajs/src/protocol/decoder.js') as new (buf: Buffer) => unknown;
const decodeKafkajsBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{
  firstOffset: string;
  lastOffsetDelta: number;
  records: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer> }[];
}>;
const kafkajsCrc32C = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (buf: Buffer) => number;

const BASE_TIMESTAMP = 1_700_000_000_000;
const RECORDS = [
  { key: Buffer.from('user-1'), value: Buffer.from('{"n":1}'), headers: { trace: Buffer.from('abc') }, timestampDelta: 0 },
  { key: null, value: Buffer.from('no key'), headers: {}, timestampDelta: 17 },
  { key: Buffer.from('user-2'), value: null, headers: { a: Buffer.from('1'), b: Buffer.from('') }, timestampDelta: 5 },
  { key: Buffer.from(''), value: Buffer.alloc(3000, 'x'), headers: {}, timestampDelta: 300_000 },
];

async function kafkajsBatch(compression: 0 | 1): Promise<Buffer> {
  const encoder = await RecordBatch({
    compression,
    firstOffset: 0,
    firstTimestamp: BASE_TIMESTAMP,
    maxTimestamp: BASE_TIMESTAMP + 300_000,
    lastOffsetDelta: RECORDS.length - 1,
    records: RECORDS.map((r, offsetDelta) => KafkajsRecord({ ...r, offsetDelta })),
  });
  return encoder.buffer;
}

describe('interoperation with kafkajs', () => {
  it.each([0, 1] as const)('decodes a batch kafkajs encoded (codec %i) and agrees on its CRC', async (codec) => {
    const batch = await kafkajsBatch(codec);
    expect(verifyBatchCrc(batch, 0)).toBe(true);
    expect(readBatchHeader(batch).crc).toBe(kafkajsCrc32C(batch.subarray(21)) >>> 0);
    expect(validateBatchForAppend(batch).ok).toBe(true);
    const records = await decodeRecords(batch);
    expect(records).toEqual(
      RECORDS.map((r, i) => ({
        offset: i,
        timestamp: BASE_TIMESTAMP + r.timestampDelta,
        key: r.key,
        value: r.value,
        headers: Object.entries(r.headers).map(([key, value]) => ({ key, value })),
      })),
    );
  });

  it.each([0, 1] as const)('writes batches kafkajs decodes (codec %i)', async (codec: CompressionCodecId) => {
    const batch = await buildRecordBatch({
      compression: codec,
      baseOffset: 1000,
      records: RECORDS.map((r) => ({
        key: r.key,
        value: r.value,
        headers: Object.entries(r.headers).map(([key, value]) => ({ key, value })),
        timestamp: BASE_TIMESTAMP + r.timestampDelta,
      })),
    });
    expect(kafkajsCrc32C(batch.subarray(21)) >>> 0).toBe(batch.readUInt32BE(17));
    const decoded = await decodeKafkajsBatch(new KafkajsDecoder(batch));
    expect(decoded.firstOffset).toBe('1000');
    expect(decoded.lastOffsetDelta).toBe(RECORDS.length - 1);
    expect(
      decoded.records.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers })),
    ).toEqual(
      RECORDS.map((r, i) => ({
        offset: String(1000 + i),
        timestamp: String(BASE_TIMESTAMP + r.timestampDelta),
        key: r.key,
        value: r.value,
        headers: r.headers,
      })),
    );
  });
});

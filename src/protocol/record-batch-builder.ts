/**
 * Building RecordBatch v2 bytes: for tools, tests, benchmarks and the batches
 * the broker writes itself (control markers, compaction output). Sizes are
 * computed first so the batch is written into one allocation.
 */
import { assert } from '../common/index.js';
import { compress } from './compression/index.js';
import {
  ATTR_COMPRESSION_MASK,
  ATTR_CONTROL_MASK,
  ATTR_TRANSACTIONAL_MASK,
  BATCH_HEADER_BYTES,
  BATCH_LOG_OVERHEAD,
  BATCH_MAGIC,
  BATCH_OFFSET_ATTRIBUTES,
  BATCH_OFFSET_CRC,
  computeBatchCrc,
  writeInt64Number,
  type CompressionCodecId,
} from './record-batch-header.js';
import { varlongBytes, writeVarlong } from './record-varint.js';

export interface RecordInput {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: { key: string; value: Buffer | string | null }[];
  /** Milliseconds since the epoch; defaults to the batch's base timestamp. */
  timestamp?: number;
}

export interface RecordBatchInput {
  records: RecordInput[];
  compression?: CompressionCodecId;
  baseOffset?: number;
  /** Defaults to the first record's timestamp, else the current time. */
  baseTimestamp?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
  control?: boolean;
  partitionLeaderEpoch?: number;
}

interface PreparedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: Buffer; value: Buffer | null }[];
  timestampDelta: number;
  bodyBytes: number;
}

function toBuffer(data: Buffer | string | null): Buffer | null {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

function bytesFieldSize(data: Buffer | null): number {
  return data === null ? 1 : varlongBytes(data.length) + data.length;
}

function prepare(input: RecordBatchInput): { records: PreparedRecord[]; baseTimestamp: number; maxTimestamp: number } {
  assert(input.records.length > 0, 'a record batch holds at least one record');
  const baseTimestamp = input.baseTimestamp ?? input.records[0]!.timestamp ?? Date.now();
  let maxTimestamp = -1;
  const records = input.records.map((record, offsetDelta): PreparedRecord => {
    const timestamp = record.timestamp ?? baseTimestamp;
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    const key = toBuffer(record.key);
    const value = toBuffer(record.value);
    const headers = (record.headers ?? []).map((h) => ({ key: Buffer.from(h.key, 'utf8'), value: toBuffer(h.value) }));
    const timestampDelta = timestamp - baseTimestamp;
    let bodyBytes =
      1 + varlongBytes(timestampDelta) + varlongBytes(offsetDelta) + bytesFieldSize(key) + bytesFieldSize(value);
    bodyBytes += varlongBytes(headers.length);
    for (const h of headers) bodyBytes += bytesFieldSize(h.key) + bytesFieldSize(h.value);
    return { key, value, headers, timestampDelta, bodyBytes };
  });
  return { records, baseTimestamp, maxTimestamp };
}

function writeBytesField(buf: Buffer, pos: number, data: Buffer | null): number {
  if (data === null) return writeVarlong(buf, pos, -1);
  pos = writeVarlong(buf, pos, data.length);
  return pos + data.copy(buf, pos);
}

function recordsBytes(records: PreparedRecord[]): number {
  let total = 0;
  for (const r of records) total += varlongBytes(r.bodyBytes) + r.bodyBytes;
  return total;
}

function writeRecords(buf: Buffer, pos: number, records: PreparedRecord[]): number {
  for (let offsetDelta = 0; offsetDelta < records.length; offsetDelta++) {
    const r = records[offsetDelta]!;
    pos = writeVarlong(buf, pos, r.bodyBytes);
    buf[pos++] = 0; // record attributes: unused
    pos = writeVarlong(buf, pos, r.timestampDelta);
    pos = writeVarlong(buf, pos, offsetDelta);
    pos = writeBytesField(buf, pos, r.key);
    pos = writeBytesField(buf, pos, r.value);
    pos = writeVarlong(buf, pos, r.headers.length);
    for (const h of r.headers) {
      pos = writeBytesField(buf, pos, h.key);
      pos = writeBytesField(buf, pos, h.value);
    }
  }
  return pos;
}

/** Fills the 61-byte header (CRC included) of a batch whose payload is already in place. */
function finishBatch(
  batch: Buffer,
  input: RecordBatchInput,
  count: number,
  baseTimestamp: number,
  maxTimestamp: number,
): Buffer {
  const codec = input.compression ?? 0;
  const attributes =
    (codec & ATTR_COMPRESSION_MASK) |
    (input.transactional ? ATTR_TRANSACTIONAL_MASK : 0) |
    (input.control ? ATTR_CONTROL_MASK : 0);
  writeInt64Number(batch, 0, input.baseOffset ?? 0);
  batch.writeInt32BE(batch.length - BATCH_LOG_OVERHEAD, 8);
  batch.writeInt32BE(input.partitionLeaderEpoch ?? -1, 12);
  batch.writeInt8(BATCH_MAGIC, 16);
  batch.writeInt16BE(attributes, BATCH_OFFSET_ATTRIBUTES);
  batch.writeInt32BE(count - 1, 23);
  writeInt64Number(batch, 27, baseTimestamp);
  writeInt64Number(batch, 35, maxTimestamp);
  writeInt64Number(batch, 43, input.producerId ?? -1);
  batch.writeInt16BE(input.producerEpoch ?? -1, 51);
  batch.writeInt32BE(input.baseSequence ?? -1, 53);
  batch.writeInt32BE(count, 57);
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), BATCH_OFFSET_CRC);
  return batch;
}

/** An uncompressed batch, synchronously: the fast path for benchmarks and tests. */
export function buildRecordBatchSync(input: RecordBatchInput): Buffer {
  assert((input.compression ?? 0) === 0, 'buildRecordBatchSync writes uncompressed batches only');
  const { records, baseTimestamp, maxTimestamp } = prepare(input);
  const batch = Buffer.allocUnsafe(BATCH_HEADER_BYTES + recordsBytes(records));
  const end = writeRecords(batch, BATCH_HEADER_BYTES, records);
  assert(end === batch.length, 'record sizes were computed exactly');
  return finishBatch(batch, input, records.length, baseTimestamp, maxTimestamp);
}

/** A batch with any codec: everything after recordsCount is compressed as one blob. */
export async function buildRecordBatch(input: RecordBatchInput): Promise<Buffer> {
  const codec = input.compression ?? 0;
  if (codec === 0) return buildRecordBatchSync(input);
  const { records, baseTimestamp, maxTimestamp } = prepare(input);
  const plain = Buffer.allocUnsafe(recordsBytes(records));
  writeRecords(plain, 0, records);
  const payload = await compress(codec, plain);
  const batch = Buffer.allocUnsafe(BATCH_HEADER_BYTES + payload.length);
  payload.copy(batch, BATCH_HEADER_BYTES);
  return finishBatch(batch, input, records.length, baseTimestamp, maxTimestamp);
}

/**
 * Decoding the records of one RecordBatch v2: for tools, compaction and
 * control batches, never for the produce or fetch path. Each record is
 *   length varint | attributes int8 | timestampDelta varlong | offsetDelta varint
 *   | key (varint length, -1 = null) | value (same) | headers (varint count,
 *   then key varint length + UTF-8, value varint length, -1 = null)
 * with lengths checked against the bytes left before anything is sliced, so
 * hostile input raises DecodeError and never a large allocation.
 */
import { decompress, type DecompressOptions } from './compression/index.js';
import {
  BATCH_HEADER_BYTES,
  BATCH_LOG_OVERHEAD,
  BATCH_MAGIC,
  batchSizeAt,
  readBatchHeader,
  type BatchHeader,
} from './record-batch-header.js';
import { readVarint, readVarlong, type RecordCursor } from './record-varint.js';
import { DecodeError } from './reader.js';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  /** Views into the batch (or its decompressed payload), not copies. */
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** length(1) attributes(1) timestampDelta(1) offsetDelta(1) key(1) value(1) headerCount(1). */
const RECORD_BYTES_MIN = 7;

/** The header of the batch at the start of `batch`, after checking it is whole and magic 2. */
function checkedHeader(batch: Buffer): BatchHeader {
  const size = batchSizeAt(batch, 0);
  if (size === null || batch.length < BATCH_HEADER_BYTES) {
    throw new DecodeError('record batch header is truncated', batch.length);
  }
  if (size < BATCH_HEADER_BYTES) throw new DecodeError(`record batch size ${size} is below its header`, 8);
  if (size > batch.length) throw new DecodeError(`record batch of ${size} bytes is truncated`, batch.length);
  const header = readBatchHeader(batch, 0);
  if (header.magic !== BATCH_MAGIC) throw new DecodeError(`record batch magic ${header.magic} is not 2`, 16);
  if (header.recordsCount < 0) throw new DecodeError(`negative record count ${header.recordsCount}`, 57);
  return header;
}

/** Records of an uncompressed batch (codec 0). Compressed batches need `decodeRecords`. */
export function decodeRecordsSync(batch: Buffer): DecodedRecord[] {
  const header = checkedHeader(batch);
  if (header.compression !== 0) {
    throw new DecodeError(`batch is compressed (codec ${header.compression}); use decodeRecords`, 21);
  }
  return parseRecords(header, batch.subarray(BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD + header.batchLength));
}

/** Records of the batch at the start of `batch`, decompressing when its attributes say so. */
export async function decodeRecords(batch: Buffer, options: DecompressOptions = {}): Promise<DecodedRecord[]> {
  const header = checkedHeader(batch);
  const payload = batch.subarray(BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD + header.batchLength);
  if (header.compression === 0) return parseRecords(header, payload);
  if (header.compression > 4) throw new DecodeError(`unknown compression codec ${header.compression}`, 21);
  return parseRecords(header, await decompress(header.compression, payload, options));
}

/** Parses `header.recordsCount` records filling `payload` exactly. */
export function parseRecords(header: BatchHeader, payload: Buffer): DecodedRecord[] {
  const count = header.recordsCount;
  if (count > payload.length / RECORD_BYTES_MIN) {
    throw new DecodeError(`${count} records cannot fit in ${payload.length} bytes`, 0);
  }
  const logAppendTime = header.timestampType === 1;
  const c: RecordCursor = { buf: payload, pos: 0, end: payload.length };
  const records: DecodedRecord[] = new Array<DecodedRecord>(count);
  for (let i = 0; i < count; i++) {
    const record = parseRecord(c, header);
    if (logAppendTime) record.timestamp = header.maxTimestamp;
    records[i] = record;
  }
  if (c.pos !== payload.length) {
    throw new DecodeError(`${payload.length - c.pos} bytes left after the batch's ${count} records`, c.pos);
  }
  return records;
}

function parseRecord(c: RecordCursor, header: BatchHeader): DecodedRecord {
  const length = readVarint(c);
  if (length < RECORD_BYTES_MIN - 1 || length > c.end - c.pos) {
    throw new DecodeError(`record length ${length} does not fit the ${c.end - c.pos} bytes left`, c.pos);
  }
  const end = c.pos + length;
  const record: RecordCursor = { buf: c.buf, pos: c.pos + 1, end }; // skip the unused attributes byte
  const timestampDelta = readVarlong(record);
  const offsetDelta = readVarint(record);
  const key = readBytes(record);
  const value = readBytes(record);
  const headerCount = readVarint(record);
  if (headerCount < 0 || headerCount > (end - record.pos) / 2) {
    throw new DecodeError(`header count ${headerCount} does not fit the record`, record.pos);
  }
  const headers: RecordHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const headerKey = readBytes(record);
    if (headerKey === null) throw new DecodeError('record header key is null', record.pos);
    headers.push({ key: headerKey.toString('utf8'), value: readBytes(record) });
  }
  if (record.pos !== end) throw new DecodeError(`record has ${end - record.pos} bytes past its headers`, record.pos);
  c.pos = end;
  return {
    offset: header.baseOffset + offsetDelta,
    timestamp: header.baseTimestamp + timestampDelta,
    key,
    value,
    headers,
  };
}

function readBytes(c: RecordCursor): Buffer | null {
  const length = readVarint(c);
  if (length === -1) return null;
  if (length < -1 || length > c.end - c.pos) {
    throw new DecodeError(`byte length ${length} does not fit the ${c.end - c.pos} bytes left`, c.pos);
  }
  const start = c.pos;
  c.pos += length;
  return c.buf.subarray(start, c.pos);
}

/**
 * Reading and rewriting one RecordBatch v2 for the LogCleaner, a few hundred
 * records at a time with a pause between (a 1 MiB batch holds thousands, and
 * decoding them in one go would hold the event loop for milliseconds).
 *
 * Records are scanned in place: only their offset, timestamp, key and
 * whether the value is null are read, with every length checked against the
 * bytes left. A rewritten batch keeps its baseOffset, lastOffsetDelta, base
 * timestamp, attributes and producer fields; only records go (Kafka's
 * retained batches keep their offset range too, so offsets never move). Each
 * kept record is copied byte for byte: its deltas stay relative to the
 * unchanged base. A compressed batch is decompressed, filtered and
 * recompressed with the same codec. Control batches are kept whole and have
 * no records for the offset map. Then recordsCount, length, maxTimestamp
 * (CreateTime) and the CRC are fixed.
 */
import {
  BATCH_HEADER_BYTES,
  BATCH_LOG_OVERHEAD,
  BATCH_OFFSET_CRC,
  BATCH_OFFSET_MAX_TIMESTAMP,
  BATCH_OFFSET_RECORDS_COUNT,
  compress,
  computeBatchCrc,
  decompress,
  readBatchHeader,
  writeInt64Number,
  type BatchHeader,
  type CompressedCodecId,
} from '../protocol/index.js';
import { StorageError } from './errors.js';

/** What the cleaner needs of a record. */
export interface ScannedRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  /** A tombstone. */
  valueNull: boolean;
  /** Its bytes in the (decompressed) payload. */
  start: number;
  end: number;
}

export interface FilteredBatch {
  /** The batch to write: `batch` itself when every record stays, null when none does. */
  batch: Buffer | null;
  recordsRead: number;
  recordsKept: number;
}

const RECORDS_PER_PAUSE = 256;

/** The records of the batch at the start of `batch` (none for a control batch), pausing every few hundred. */
export async function scanBatch(batch: Buffer, pause: () => Promise<void>): Promise<{ header: BatchHeader; payload: Buffer; records: ScannedRecord[] }> {
  const header = readBatchHeader(batch, 0);
  const stored = batch.subarray(BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD + header.batchLength);
  if (header.isControl) return { header, payload: stored, records: [] };
  const payload = header.compression === 0 ? stored : await decompress(header.compression, stored);
  const records: ScannedRecord[] = [];
  let pos = 0;
  for (let i = 0; i < header.recordsCount; i++) {
    if (i > 0 && i % RECORDS_PER_PAUSE === 0) await pause();
    const record = scanRecord(payload, pos, header);
    records.push(record);
    pos = record.end;
  }
  if (pos !== payload.length) throw corrupt(header, `${payload.length - pos} bytes past its ${header.recordsCount} records`);
  return { header, payload, records };
}

/** Keeps the records of the batch at the start of `batch` for which `keep` says so. */
export async function filterBatch(batch: Buffer, keep: (record: ScannedRecord) => boolean, pause: () => Promise<void>): Promise<FilteredBatch> {
  const { header, payload, records } = await scanBatch(batch, pause);
  const end = BATCH_LOG_OVERHEAD + header.batchLength;
  if (header.isControl) return { batch: batch.subarray(0, end), recordsRead: 0, recordsKept: 0 };
  const kept = records.filter(keep);
  const counts = { recordsRead: records.length, recordsKept: kept.length };
  if (kept.length === records.length) return { batch: batch.subarray(0, end), ...counts };
  if (kept.length === 0) return { batch: null, ...counts };
  const plain = Buffer.concat(kept.map((r) => payload.subarray(r.start, r.end)));
  const body = header.compression === 0 ? plain : await compress(header.compression as CompressedCodecId, plain);
  const out = Buffer.allocUnsafe(BATCH_HEADER_BYTES + body.length);
  batch.copy(out, 0, 0, BATCH_HEADER_BYTES);
  body.copy(out, BATCH_HEADER_BYTES);
  out.writeInt32BE(out.length - BATCH_LOG_OVERHEAD, 8);
  out.writeInt32BE(kept.length, BATCH_OFFSET_RECORDS_COUNT);
  if (header.timestampType === 0) writeInt64Number(out, BATCH_OFFSET_MAX_TIMESTAMP, Math.max(...kept.map((r) => r.timestamp)));
  out.writeUInt32BE(computeBatchCrc(out, 0, out.length), BATCH_OFFSET_CRC);
  return { batch: out, ...counts };
}

/**
 * One record at `pos`: length varint | attributes | timestampDelta varlong |
 * offsetDelta varint | key | value | headers (skipped: the length covers them).
 */
function scanRecord(payload: Buffer, pos: number, header: BatchHeader): ScannedRecord {
  const c = { pos };
  const length = varint(payload, c, header);
  const end = c.pos + length;
  if (length < 6 || end > payload.length) throw corrupt(header, `a record of ${length} bytes at ${pos}`);
  c.pos++; // attributes
  const timestampDelta = varint(payload, c, header);
  const offsetDelta = varint(payload, c, header);
  const keyLength = varint(payload, c, header);
  if (keyLength > end - c.pos) throw corrupt(header, `a key of ${keyLength} bytes at ${pos}`);
  const key = keyLength < 0 ? null : payload.subarray(c.pos, c.pos + keyLength);
  if (keyLength > 0) c.pos += keyLength;
  const valueLength = varint(payload, c, header);
  if (valueLength > end - c.pos) throw corrupt(header, `a value of ${valueLength} bytes at ${pos}`);
  return {
    offset: header.baseOffset + offsetDelta,
    timestamp: header.timestampType === 1 ? header.maxTimestamp : header.baseTimestamp + timestampDelta,
    key,
    valueNull: valueLength < 0,
    start: pos,
    end,
  };
}

/** A zig-zag varint or varlong (exact within 2^53). */
function varint(buf: Buffer, c: { pos: number }, header: BatchHeader): number {
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (c.pos >= buf.length) break;
    const byte = buf[c.pos++]!;
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    scale *= 128;
  }
  throw corrupt(header, `a bad varint at ${c.pos}`);
}

function corrupt(header: BatchHeader, what: string): StorageError {
  return new StorageError(`the batch at offset ${header.baseOffset} holds ${what}; cannot compact it`, 'ECORRUPT');
}

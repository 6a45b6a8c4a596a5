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

/**
 * What the cleaner needs of a record. One object is reused for every record
 * of a scan (a pass visits millions): read it inside the visit, never keep it.
 */
export interface ScannedRecord {
  offset: number;
  timestamp: number;
  /** The key's bytes as a latin1 string (one char per byte), null for none. */
  key: string | null;
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

const RECORDS_PER_PAUSE = 64;

/**
 * Visits the records of the batch at the start of `batch` (none for a control
 * batch), pausing every few hundred; returns its header and payload.
 */
export async function scanBatch(
  batch: Buffer,
  pause: () => Promise<void>,
  visit: (record: ScannedRecord) => void,
): Promise<{ header: BatchHeader; payload: Buffer }> {
  const header = readBatchHeader(batch, 0);
  const stored = batch.subarray(BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD + header.batchLength);
  if (header.isControl) return { header, payload: stored };
  const payload = header.compression === 0 ? stored : await decompress(header.compression, stored);
  const record: ScannedRecord = { offset: 0, timestamp: 0, key: null, valueNull: false, start: 0, end: 0 };
  for (let i = 0; i < header.recordsCount; i++) {
    if (i > 0 && i % RECORDS_PER_PAUSE === 0) await pause();
    scanRecord(payload, record.end, header, record);
    visit(record);
  }
  if (record.end !== payload.length) throw corrupt(header, `${payload.length - record.end} bytes past its ${header.recordsCount} records`);
  return { header, payload };
}

/** Keeps the records of the batch at the start of `batch` for which `keep` says so. */
export async function filterBatch(batch: Buffer, keep: (record: ScannedRecord) => boolean, pause: () => Promise<void>): Promise<FilteredBatch> {
  const spans: number[] = [];
  let read = 0;
  let maxTimestamp = -1;
  const { header, payload } = await scanBatch(batch, pause, (r) => {
    read++;
    if (!keep(r)) return;
    spans.push(r.start, r.end);
    if (r.timestamp > maxTimestamp) maxTimestamp = r.timestamp;
  });
  const end = BATCH_LOG_OVERHEAD + header.batchLength;
  const kept = spans.length / 2;
  const counts = { recordsRead: read, recordsKept: kept };
  if (header.isControl || kept === read) return { batch: batch.subarray(0, end), ...counts };
  if (kept === 0) return { batch: null, ...counts };
  const plain = Buffer.allocUnsafe(spans.reduce((sum, v, i) => (i % 2 ? sum + v - spans[i - 1]! : sum), 0));
  for (let i = 0, at = 0; i < spans.length; i += 2) at += payload.copy(plain, at, spans[i], spans[i + 1]);
  const body = header.compression === 0 ? plain : await compress(header.compression as CompressedCodecId, plain);
  const out = Buffer.allocUnsafe(BATCH_HEADER_BYTES + body.length);
  batch.copy(out, 0, 0, BATCH_HEADER_BYTES);
  body.copy(out, BATCH_HEADER_BYTES);
  out.writeInt32BE(out.length - BATCH_LOG_OVERHEAD, 8);
  out.writeInt32BE(kept, BATCH_OFFSET_RECORDS_COUNT);
  if (header.timestampType === 0) writeInt64Number(out, BATCH_OFFSET_MAX_TIMESTAMP, maxTimestamp);
  out.writeUInt32BE(computeBatchCrc(out, 0, out.length), BATCH_OFFSET_CRC);
  return { batch: out, ...counts };
}

/**
 * Reads the record at `pos` into `out`: length varint | attributes |
 * timestampDelta varlong | offsetDelta varint | key | value | headers
 * (skipped: the length covers them).
 */
function scanRecord(payload: Buffer, pos: number, header: BatchHeader, out: ScannedRecord): void {
  const c = { pos };
  const length = varint(payload, c, header);
  const end = c.pos + length;
  if (length < 6 || end > payload.length) throw corrupt(header, `a record of ${length} bytes at ${pos}`);
  c.pos++; // attributes
  const timestampDelta = varint(payload, c, header);
  const offsetDelta = varint(payload, c, header);
  const keyLength = varint(payload, c, header);
  if (keyLength > end - c.pos) throw corrupt(header, `a key of ${keyLength} bytes at ${pos}`);
  out.key = keyLength < 0 ? null : payload.toString('latin1', c.pos, c.pos + keyLength);
  if (keyLength > 0) c.pos += keyLength;
  const valueLength = varint(payload, c, header);
  if (valueLength > end - c.pos) throw corrupt(header, `a value of ${valueLength} bytes at ${pos}`);
  out.offset = header.baseOffset + offsetDelta;
  out.timestamp = header.timestampType === 1 ? header.maxTimestamp : header.baseTimestamp + timestampDelta;
  out.valueNull = valueLength < 0;
  out.start = pos;
  out.end = end;
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

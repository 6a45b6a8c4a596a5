/**
 * Rewriting one RecordBatch v2 with only some of its records, for the
 * LogCleaner. The batch keeps its baseOffset, lastOffsetDelta, base
 * timestamp, attributes and producer fields; only the records go (Kafka's
 * retained batches keep their offset range too, so offsets never move).
 * Each kept record is copied byte for byte: its offset and timestamp deltas
 * stay relative to the unchanged base. A compressed batch is decompressed,
 * filtered and recompressed with the same codec. Control batches are kept
 * whole. Then recordsCount, length, maxTimestamp (CreateTime) and the CRC are
 * fixed.
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
  parseRecords,
  readBatchHeader,
  writeInt64Number,
  type CompressedCodecId,
  type DecodedRecord,
} from '../protocol/index.js';

export interface FilteredBatch {
  /** The batch to write: `batch` itself when every record stays, null when none does. */
  batch: Buffer | null;
  recordsRead: number;
  recordsKept: number;
}

/** Keeps the records of the batch at the start of `batch` for which `keep` says so. */
export async function filterBatch(batch: Buffer, keep: (record: DecodedRecord) => boolean): Promise<FilteredBatch> {
  const header = readBatchHeader(batch, 0);
  if (header.isControl) return { batch, recordsRead: 0, recordsKept: 0 };
  const end = BATCH_LOG_OVERHEAD + header.batchLength;
  const stored = batch.subarray(BATCH_HEADER_BYTES, end);
  const payload = header.compression === 0 ? stored : await decompress(header.compression, stored);
  const records = parseRecords(header, payload);
  const kept = records.map(keep);
  const keptCount = kept.filter(Boolean).length;
  const counts = { recordsRead: records.length, recordsKept: keptCount };
  if (keptCount === records.length) return { batch: batch.subarray(0, end), ...counts };
  if (keptCount === 0) return { batch: null, ...counts };
  const spans = recordSpans(payload, records.length);
  const plain = Buffer.concat(spans.filter((_, i) => kept[i]));
  const body = header.compression === 0 ? plain : await compress(header.compression as CompressedCodecId, plain);
  const out = Buffer.allocUnsafe(BATCH_HEADER_BYTES + body.length);
  batch.copy(out, 0, 0, BATCH_HEADER_BYTES);
  body.copy(out, BATCH_HEADER_BYTES);
  out.writeInt32BE(out.length - BATCH_LOG_OVERHEAD, 8);
  out.writeInt32BE(keptCount, BATCH_OFFSET_RECORDS_COUNT);
  if (header.timestampType === 0) writeInt64Number(out, BATCH_OFFSET_MAX_TIMESTAMP, maxTimestampOf(records, kept));
  out.writeUInt32BE(computeBatchCrc(out, 0, out.length), BATCH_OFFSET_CRC);
  return { batch: out, ...counts };
}

function maxTimestampOf(records: DecodedRecord[], kept: boolean[]): number {
  let max = -1;
  records.forEach((r, i) => {
    if (kept[i] && r.timestamp > max) max = r.timestamp;
  });
  return max;
}

/** The byte range of each record in a (decompressed) payload, already validated by parseRecords. */
function recordSpans(payload: Buffer, count: number): Buffer[] {
  const spans: Buffer[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const start = pos;
    let raw = 0;
    let shift = 0;
    for (;;) {
      const byte = payload[pos++]!;
      raw += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    const length = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2; // zigzag
    pos += length;
    spans.push(payload.subarray(start, pos));
  }
  return spans;
}

/**
 * Reading whole batches for fetch. The start is found through the offset
 * index plus a short header scan; then each segment's share is read with one
 * positional read and cut back to the last whole batch that fits, so records
 * are never decoded and never copied twice.
 */
import type { LogSegment } from './log-segment.js';
import { BATCH_LOG_OVERHEAD, baseOffsetAt, batchSizeAt } from './batch-view.js';

export interface ReadOptions {
  /** Return the first batch even when it is larger than maxBytes (default true). */
  minOneBatch?: boolean;
  /** Exclusive: stop before a batch whose base offset is at or past it. */
  maxOffset?: number;
}

export interface ReadResult {
  /** Runs of whole batches, each a Buffer of one or more batches back to back. */
  records: Buffer[];
  bytes: number;
}

/** Reads from `segments[0]` (the one holding `fetchOffset`) onwards. */
export function readBatches(segments: LogSegment[], fetchOffset: number, maxBytes: number, opts: ReadOptions): ReadResult {
  const result: ReadResult = { records: [], bytes: 0 };
  const maxOffset = opts.maxOffset ?? Number.MAX_SAFE_INTEGER;
  let minOne = opts.minOneBatch ?? true;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const first = i === 0 ? segment.findBatch(fetchOffset) : segment.readBatchInfo(0);
    if (!first) continue;
    if (first.baseOffset >= maxOffset) break;
    const budget = maxBytes - result.bytes;
    let run: Buffer | undefined;
    if (first.sizeBytes > budget) {
      if (minOne) run = segment.read(first.position, first.sizeBytes);
    } else {
      run = wholeBatches(segment.read(first.position, Math.min(budget, segment.sizeBytes - first.position)), maxOffset);
    }
    if (!run || run.length === 0) break;
    result.records.push(run);
    result.bytes += run.length;
    minOne = false;
    if (first.position + run.length < segment.sizeBytes) break;
  }
  return result;
}

/** The prefix of `buf` made of whole batches starting below `maxOffset`. */
function wholeBatches(buf: Buffer, maxOffset: number): Buffer {
  let end = 0;
  while (end + BATCH_LOG_OVERHEAD <= buf.length) {
    const size = batchSizeAt(buf, end);
    if (end + size > buf.length || baseOffsetAt(buf, end) >= maxOffset) break;
    end += size;
  }
  return buf.subarray(0, end);
}

/**
 * Reading whole batches for fetch. The start is found through the offset
 * index plus a short header scan; then each segment's share is read in
 * positional reads of about a mebibyte, each cut back to the last whole batch
 * it holds, so records are never decoded and never copied twice.
 *
 * Why pieces and not one read per segment: a fresh buffer of tens of MiB
 * costs a page fault per page and misses the CPU caches, which made one 50 MiB
 * read several times slower than fifty 1 MiB ones (measured here: about
 * 0.7 GB/s against 8 GB/s from the page cache).
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

/** Size of one positional read; a batch larger than this is read alone. */
export const READ_PIECE_BYTES = 1024 * 1024;

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
    if (first.sizeBytes > budget) {
      if (minOne) {
        const batch = segment.read(first.position, first.sizeBytes);
        result.records.push(batch);
        result.bytes += batch.length;
      }
      break;
    }
    const end = Math.min(segment.sizeBytes, first.position + budget);
    const read = readPieces(segment, first.position, first.sizeBytes, end, maxOffset, result);
    if (read === 0) break;
    minOne = false;
    if (first.position + read < segment.sizeBytes) break;
  }
  return result;
}

/**
 * Appends the whole batches lying in [`position`, `end`) of `segment` to
 * `result`, in pieces of about READ_PIECE_BYTES, stopping at the first batch
 * at or past `maxOffset`. `nextSize` is the size of the batch at `position`.
 * Returns the bytes appended.
 */
function readPieces(segment: LogSegment, position: number, nextSize: number, end: number, maxOffset: number, result: ReadResult): number {
  let at = position;
  while (nextSize > 0 && at + nextSize <= end) {
    const piece = segment.read(at, Math.min(end - at, Math.max(READ_PIECE_BYTES, nextSize)));
    const cut = wholeBatches(piece, maxOffset);
    if (cut.bytes === 0) break;
    result.records.push(cut.bytes === piece.length ? piece : piece.subarray(0, cut.bytes));
    result.bytes += cut.bytes;
    at += cut.bytes;
    if (cut.reachedMaxOffset) break;
    nextSize = cut.nextSize ?? segment.readBatchInfo(at)?.sizeBytes ?? 0;
  }
  return at - position;
}

interface Cut {
  /** Length of the prefix of whole batches below maxOffset. */
  bytes: number;
  /** The batch after the prefix starts at or past maxOffset. */
  reachedMaxOffset: boolean;
  /** Size of the batch after the prefix when its header is in the buffer. */
  nextSize: number | undefined;
}

function wholeBatches(buf: Buffer, maxOffset: number): Cut {
  let end = 0;
  while (end + BATCH_LOG_OVERHEAD <= buf.length) {
    if (baseOffsetAt(buf, end) >= maxOffset) return { bytes: end, reachedMaxOffset: true, nextSize: undefined };
    const size = batchSizeAt(buf, end);
    // A size below the header's own cannot come from a validated log; stopping beats looping.
    if (size < BATCH_LOG_OVERHEAD) return { bytes: end, reachedMaxOffset: false, nextSize: 0 };
    if (end + size > buf.length) return { bytes: end, reachedMaxOffset: false, nextSize: size };
    end += size;
  }
  return { bytes: end, reachedMaxOffset: false, nextSize: undefined };
}

/**
 * The few RecordBatch v2 header fields storage needs, read in place from a
 * Buffer without decoding records (protocol owns the layout). Storage never
 * looks past the 61-byte header except to verify the CRC on recovery.
 */
import {
  BATCH_HEADER_BYTES,
  BATCH_LOG_OVERHEAD,
  BATCH_OFFSET_LAST_OFFSET_DELTA,
  BATCH_OFFSET_MAGIC,
  BATCH_OFFSET_MAX_TIMESTAMP,
  batchSizeAt as protocolBatchSizeAt,
  patchBaseOffset,
  readInt64Number,
  verifyBatchCrc,
} from '../protocol/index.js';

export { BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, patchBaseOffset };
/** Enough of the header to see offsets, length and maxTimestamp. */
export const BATCH_PREFIX_BYTES = BATCH_OFFSET_MAX_TIMESTAMP + 8;

export function baseOffsetAt(buf: Buffer, pos: number): number {
  return readInt64Number(buf, pos);
}

/** Total bytes of the batch at `pos`; the caller guarantees 12 bytes are there. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  return protocolBatchSizeAt(buf, pos) ?? 0;
}

export function magicAt(buf: Buffer, pos: number): number {
  return buf.readInt8(pos + BATCH_OFFSET_MAGIC);
}

export function lastOffsetDeltaAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + BATCH_OFFSET_LAST_OFFSET_DELTA);
}

export function maxTimestampAt(buf: Buffer, pos: number): number {
  return readInt64Number(buf, pos + BATCH_OFFSET_MAX_TIMESTAMP);
}

/** A whole magic-2 batch at `pos` with a matching CRC-32C and a sane lastOffsetDelta. */
export function isValidBatch(buf: Buffer, pos: number): boolean {
  return verifyBatchCrc(buf, pos) && lastOffsetDeltaAt(buf, pos) >= 0;
}

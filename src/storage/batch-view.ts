/**
 * The few RecordBatch v2 header fields storage needs, read in place from a
 * Buffer without decoding records (protocol owns the layout). Storage never
 * looks past the 61-byte header except to verify the CRC on recovery.
 */
import {
  ATTR_CONTROL_MASK,
  ATTR_TRANSACTIONAL_MASK,
  BATCH_HEADER_BYTES,
  BATCH_LOG_OVERHEAD,
  BATCH_OFFSET_ATTRIBUTES,
  BATCH_OFFSET_LAST_OFFSET_DELTA,
  BATCH_OFFSET_MAGIC,
  BATCH_OFFSET_MAX_TIMESTAMP,
  BATCH_OFFSET_PRODUCER_ID,
  BATCH_OFFSET_RECORDS_COUNT,
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

/** A batch of a transaction's records (transactional, not a control batch holding a marker). */
export function isTransactionalDataAt(buf: Buffer, pos: number): boolean {
  const attributes = buf.readInt16BE(pos + BATCH_OFFSET_ATTRIBUTES);
  return (attributes & ATTR_TRANSACTIONAL_MASK) !== 0 && (attributes & ATTR_CONTROL_MASK) === 0;
}

/** A batch of records (not a control batch) written by an idempotent or transactional producer. */
export function isDataBatchOfProducerAt(buf: Buffer, pos: number): boolean {
  return (buf.readInt16BE(pos + BATCH_OFFSET_ATTRIBUTES) & ATTR_CONTROL_MASK) === 0 && producerIdAt(buf, pos) >= 0;
}

export function producerIdAt(buf: Buffer, pos: number): number {
  return readInt64Number(buf, pos + BATCH_OFFSET_PRODUCER_ID);
}

export function recordsCountAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + BATCH_OFFSET_RECORDS_COUNT);
}

/** A whole magic-2 batch at `pos` with a matching CRC-32C and a sane lastOffsetDelta. */
export function isValidBatch(buf: Buffer, pos: number): boolean {
  return verifyBatchCrc(buf, pos) && lastOffsetDeltaAt(buf, pos) >= 0;
}

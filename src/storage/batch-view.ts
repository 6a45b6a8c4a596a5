/**
 * The few RecordBatch v2 header fields storage needs, read in place from a
 * Buffer without decoding records (layout: protocol NOTES §4). Storage never
 * looks past the 61-byte header except to verify the CRC on recovery.
 */
import { crc32c } from '@node-rs/crc32';

export const BATCH_HEADER_BYTES = 61;
/** baseOffset (8) + batchLength (4): the part of a batch before `batchLength` counts. */
export const BATCH_LOG_OVERHEAD = 12;
/** Enough of the header to see offsets, length and maxTimestamp. */
export const BATCH_PREFIX_BYTES = 43;
const MAGIC_V2 = 2;
const CRC_START = 21;

export function baseOffsetAt(buf: Buffer, pos: number): number {
  return Number(buf.readBigInt64BE(pos));
}

/** Total bytes of the batch starting at `pos`, from its batchLength field. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  return BATCH_LOG_OVERHEAD + buf.readInt32BE(pos + 8);
}

export function magicAt(buf: Buffer, pos: number): number {
  return buf.readInt8(pos + 16);
}

export function lastOffsetDeltaAt(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos + 23);
}

export function maxTimestampAt(buf: Buffer, pos: number): number {
  return Number(buf.readBigInt64BE(pos + 35));
}

export function patchBaseOffset(buf: Buffer, pos: number, offset: number): void {
  buf.writeBigInt64BE(BigInt(offset), pos);
}

/**
 * Whether the bytes at `pos` (exactly `size` of them available) hold a sane v2
 * batch with a matching CRC-32C. `size` must come from `batchSizeAt`.
 */
export function isValidBatch(buf: Buffer, pos: number, size: number): boolean {
  if (size < BATCH_HEADER_BYTES || pos + size > buf.length) return false;
  if (magicAt(buf, pos) !== MAGIC_V2) return false;
  if (lastOffsetDeltaAt(buf, pos) < 0) return false;
  return crc32c(buf.subarray(pos + CRC_START, pos + size)) === buf.readUInt32BE(pos + 17);
}

/**
 * RecordBatch v2 (magic 2) header: reading it, sizing batches in a byte run,
 * and the in-place patches the broker makes on append. Nothing here decodes
 * records or allocates beyond the small header object: the broker calls these
 * once per produced batch and once per batch in a recovery scan.
 *
 * Layout (big-endian), offsets from the start of the batch:
 *   0 baseOffset int64 | 8 batchLength int32 (bytes after this field)
 *   12 partitionLeaderEpoch int32 | 16 magic int8 | 17 crc uint32
 *   21 attributes int16 | 23 lastOffsetDelta int32 | 27 baseTimestamp int64
 *   35 maxTimestamp int64 | 43 producerId int64 | 51 producerEpoch int16
 *   53 baseSequence int32 | 57 recordsCount int32 | 61 records...
 * The CRC-32C covers bytes 21 to the end, so baseOffset and the leader epoch
 * can be rewritten without touching it.
 */
import { crc32c } from './crc32c.js';

export const BATCH_HEADER_BYTES = 61;
/** baseOffset + batchLength: the bytes before what `batchLength` counts. */
export const BATCH_LOG_OVERHEAD = 12;
export const BATCH_MAGIC = 2;

export const BATCH_OFFSET_BASE_OFFSET = 0;
export const BATCH_OFFSET_LENGTH = 8;
export const BATCH_OFFSET_LEADER_EPOCH = 12;
export const BATCH_OFFSET_MAGIC = 16;
export const BATCH_OFFSET_CRC = 17;
/** First byte covered by the CRC (the attributes). */
export const BATCH_OFFSET_ATTRIBUTES = 21;
export const BATCH_OFFSET_LAST_OFFSET_DELTA = 23;
export const BATCH_OFFSET_BASE_TIMESTAMP = 27;
export const BATCH_OFFSET_MAX_TIMESTAMP = 35;
export const BATCH_OFFSET_PRODUCER_ID = 43;
export const BATCH_OFFSET_PRODUCER_EPOCH = 51;
export const BATCH_OFFSET_BASE_SEQUENCE = 53;
export const BATCH_OFFSET_RECORDS_COUNT = 57;

export const ATTR_COMPRESSION_MASK = 0x07;
export const ATTR_TIMESTAMP_TYPE_MASK = 0x08;
export const ATTR_TRANSACTIONAL_MASK = 0x10;
export const ATTR_CONTROL_MASK = 0x20;
export const ATTR_DELETE_HORIZON_MASK = 0x40;

export const CompressionCodec = {
  none: 0,
  gzip: 1,
  snappy: 2,
  lz4: 3,
  zstd: 4,
} as const;
export type CompressionCodecId = 0 | 1 | 2 | 3 | 4;

export const TimestampType = { createTime: 0, logAppendTime: 1 } as const;
export type TimestampTypeId = 0 | 1;

export interface BatchHeader {
  baseOffset: number;
  /** Bytes after the batchLength field; the whole batch is 12 + batchLength. */
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  /** Attribute bits 0-2; 5-7 are not valid codecs and are left to validation. */
  compression: number;
  timestampType: TimestampTypeId;
  isTransactional: boolean;
  isControl: boolean;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

const TWO_32 = 0x1_0000_0000;

/** int64 as a JS number without a BigInt allocation; exact within ±2^53. */
export function readInt64Number(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_32 + buf.readUInt32BE(pos + 4);
}

export function writeInt64Number(buf: Buffer, pos: number, value: number): void {
  const high = Math.floor(value / TWO_32);
  buf.writeInt32BE(high, pos);
  buf.writeUInt32BE(value - high * TWO_32, pos + 4);
}

/**
 * Reads the 61-byte header at `pos`. The caller guarantees 61 bytes are there
 * (`batchSizeAt` first); a short buffer throws Node's RangeError.
 */
export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  const attributes = buf.readInt16BE(pos + BATCH_OFFSET_ATTRIBUTES);
  return {
    baseOffset: readInt64Number(buf, pos),
    batchLength: buf.readInt32BE(pos + BATCH_OFFSET_LENGTH),
    partitionLeaderEpoch: buf.readInt32BE(pos + BATCH_OFFSET_LEADER_EPOCH),
    magic: buf.readInt8(pos + BATCH_OFFSET_MAGIC),
    crc: buf.readUInt32BE(pos + BATCH_OFFSET_CRC),
    attributes,
    compression: attributes & ATTR_COMPRESSION_MASK,
    timestampType: attributes & ATTR_TIMESTAMP_TYPE_MASK ? 1 : 0,
    isTransactional: (attributes & ATTR_TRANSACTIONAL_MASK) !== 0,
    isControl: (attributes & ATTR_CONTROL_MASK) !== 0,
    lastOffsetDelta: buf.readInt32BE(pos + BATCH_OFFSET_LAST_OFFSET_DELTA),
    baseTimestamp: readInt64Number(buf, pos + BATCH_OFFSET_BASE_TIMESTAMP),
    maxTimestamp: readInt64Number(buf, pos + BATCH_OFFSET_MAX_TIMESTAMP),
    producerId: readInt64Number(buf, pos + BATCH_OFFSET_PRODUCER_ID),
    producerEpoch: buf.readInt16BE(pos + BATCH_OFFSET_PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(pos + BATCH_OFFSET_BASE_SEQUENCE),
    recordsCount: buf.readInt32BE(pos + BATCH_OFFSET_RECORDS_COUNT),
  };
}

/**
 * Total bytes of the batch starting at `pos` (12 + batchLength), or null when
 * fewer than 12 bytes are left. The result may exceed what the buffer holds
 * (a partial batch) or be below 61 (corrupt): callers check both.
 */
export function batchSizeAt(buf: Buffer, pos: number): number | null {
  if (buf.length - pos < BATCH_LOG_OVERHEAD) return null;
  return BATCH_LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_OFFSET_LENGTH);
}

/** Offset of the last record in the batch at `pos` (baseOffset + lastOffsetDelta). */
export function lastOffsetOf(buf: Buffer, pos = 0): number {
  return readInt64Number(buf, pos) + buf.readInt32BE(pos + BATCH_OFFSET_LAST_OFFSET_DELTA);
}

/** The CRC a batch at `pos` of `size` bytes should carry. */
export function computeBatchCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf.subarray(pos + BATCH_OFFSET_ATTRIBUTES, pos + size));
}

/**
 * True when a complete magic-2 batch starts at `pos` and its stored CRC
 * matches; false for anything short, truncated or of another magic.
 */
export function verifyBatchCrc(buf: Buffer, pos: number): boolean {
  const size = batchSizeAt(buf, pos);
  if (size === null || size < BATCH_HEADER_BYTES || size > buf.length - pos) return false;
  if (buf.readInt8(pos + BATCH_OFFSET_MAGIC) !== BATCH_MAGIC) return false;
  return buf.readUInt32BE(pos + BATCH_OFFSET_CRC) === computeBatchCrc(buf, pos, size);
}

/** Writes the assigned offset; outside the CRC, so the batch stays valid. */
export function patchBaseOffset(buf: Buffer, pos: number, baseOffset: number): void {
  writeInt64Number(buf, pos + BATCH_OFFSET_BASE_OFFSET, baseOffset);
}

/** Writes the leader epoch; outside the CRC, so the batch stays valid. */
export function patchPartitionLeaderEpoch(buf: Buffer, pos: number, epoch: number): void {
  buf.writeInt32BE(epoch, pos + BATCH_OFFSET_LEADER_EPOCH);
}

/**
 * Turns the batch at `pos` into a LogAppendTime batch stamped `timestampMs`
 * (attribute bit 3 and maxTimestamp), then recomputes the CRC those bytes
 * are under. Record timestamps are left alone: readers take maxTimestamp
 * for every record of a LogAppendTime batch.
 */
export function stampLogAppendTime(buf: Buffer, pos: number, timestampMs: number): void {
  const size = batchSizeAt(buf, pos);
  if (size === null || size < BATCH_HEADER_BYTES || size > buf.length - pos) {
    throw new RangeError(`no complete record batch at byte ${pos}`);
  }
  const attributes = buf.readInt16BE(pos + BATCH_OFFSET_ATTRIBUTES);
  buf.writeInt16BE(attributes | ATTR_TIMESTAMP_TYPE_MASK, pos + BATCH_OFFSET_ATTRIBUTES);
  writeInt64Number(buf, pos + BATCH_OFFSET_MAX_TIMESTAMP, timestampMs);
  buf.writeUInt32BE(computeBatchCrc(buf, pos, size), pos + BATCH_OFFSET_CRC);
}

export interface BatchLocation {
  pos: number;
  size: number;
  header: BatchHeader;
}

/**
 * The batches of a back-to-back run (a segment slice, a fetch response).
 * Stops at the first incomplete batch, as Kafka's readers do: fetch
 * responses may end with a partial one. A size below the 61-byte header
 * cannot be stepped over safely and also ends the run. Neither CRC nor
 * magic is checked here (`verifyBatchCrc` does that).
 */
export function* iterateBatches(buf: Buffer): Generator<BatchLocation, void, undefined> {
  let pos = 0;
  for (;;) {
    const size = batchSizeAt(buf, pos);
    if (size === null || size < BATCH_HEADER_BYTES || size > buf.length - pos) return;
    yield { pos, size, header: readBatchHeader(buf, pos) };
    pos += size;
  }
}

/** Bytes at the start of `buf` made of complete batches; where a valid prefix ends. */
export function completeBatchesBytes(buf: Buffer): number {
  let pos = 0;
  for (;;) {
    const size = batchSizeAt(buf, pos);
    if (size === null || size < BATCH_HEADER_BYTES || size > buf.length - pos) return pos;
    pos += size;
  }
}

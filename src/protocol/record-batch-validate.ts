/**
 * Produce-path validation of one partition's records, following Kafka's
 * ProduceRequest.validateRecords (v3+) and LogValidator.validateBatch, in the
 * order Kafka applies them. Header fields only: records are never decoded.
 *
 * One deliberate difference: Kafka silently trims bytes after the batch; kgo
 * rejects them with INVALID_RECORD, as it rejects a second batch. A codec id
 * of 5-7 (which Kafka fails on with an unknown server error) gets
 * UNSUPPORTED_COMPRESSION_TYPE.
 */
import {
  ATTR_COMPRESSION_MASK,
  BATCH_HEADER_BYTES,
  BATCH_LOG_OVERHEAD,
  BATCH_MAGIC,
  BATCH_OFFSET_ATTRIBUTES,
  BATCH_OFFSET_CRC,
  BATCH_OFFSET_LENGTH,
  BATCH_OFFSET_MAGIC,
  computeBatchCrc,
  readBatchHeader,
  type BatchHeader,
} from './record-batch-header.js';
import { ErrorCode } from './kafka-errors.js';

const { CORRUPT_MESSAGE, MESSAGE_TOO_LARGE, UNSUPPORTED_COMPRESSION_TYPE, INVALID_RECORD } = ErrorCode;

const CODEC_MAX = 4;
const CODEC_ZSTD = 4;
/** zstd batches are refused below Produce v7. */
const ZSTD_PRODUCE_VERSION_MIN = 7;

export interface AppendValidationOptions {
  /** The topic's `max.message.bytes`: larger batches get MESSAGE_TOO_LARGE. */
  maxMessageBytes?: number;
  /** The Produce request version, for the zstd rule; omitted means no version rule. */
  produceVersion?: number;
}

export type BatchValidation =
  | { ok: true; header: BatchHeader }
  | { ok: false; errorCode: number; message: string };

function reject(errorCode: number, message: string): BatchValidation {
  return { ok: false, errorCode, message };
}

/** Validates `buf` as the records of ONE produce partition: exactly one v2 batch. */
export function validateBatchForAppend(buf: Buffer, options: AppendValidationOptions = {}): BatchValidation {
  if (buf.length < BATCH_LOG_OVERHEAD) {
    return reject(INVALID_RECORD, 'produce requests must carry exactly one record batch per partition');
  }
  const size = BATCH_LOG_OVERHEAD + buf.readInt32BE(BATCH_OFFSET_LENGTH);
  if (size < BATCH_HEADER_BYTES) {
    return reject(CORRUPT_MESSAGE, `record batch size ${size} is below the ${BATCH_HEADER_BYTES}-byte header`);
  }
  if (size > buf.length) {
    return reject(INVALID_RECORD, `record batch claims ${size} bytes but only ${buf.length} were sent`);
  }
  const magic = buf.readInt8(BATCH_OFFSET_MAGIC);
  if (magic !== BATCH_MAGIC) {
    return reject(INVALID_RECORD, `produce requests may only carry record batches with magic 2, got ${magic}`);
  }
  const codec = buf.readInt16BE(BATCH_OFFSET_ATTRIBUTES) & ATTR_COMPRESSION_MASK;
  if (codec === CODEC_ZSTD && options.produceVersion !== undefined && options.produceVersion < ZSTD_PRODUCE_VERSION_MIN) {
    return reject(UNSUPPORTED_COMPRESSION_TYPE, `zstd needs Produce v7 or later, got v${options.produceVersion}`);
  }
  if (size !== buf.length) {
    return reject(INVALID_RECORD, 'produce requests must carry exactly one record batch per partition');
  }
  if (options.maxMessageBytes !== undefined && size > options.maxMessageBytes) {
    return reject(MESSAGE_TOO_LARGE, `record batch of ${size} bytes exceeds max.message.bytes ${options.maxMessageBytes}`);
  }
  const crc = buf.readUInt32BE(BATCH_OFFSET_CRC);
  if (crc !== computeBatchCrc(buf, 0, size)) {
    return reject(CORRUPT_MESSAGE, 'record batch CRC-32C does not match its contents');
  }
  if (codec > CODEC_MAX) {
    return reject(UNSUPPORTED_COMPRESSION_TYPE, `unknown compression codec ${codec}`);
  }
  const header = readBatchHeader(buf, 0);
  if (header.recordsCount <= 0 || header.lastOffsetDelta + 1 !== header.recordsCount) {
    return reject(
      INVALID_RECORD,
      `record count ${header.recordsCount} does not match lastOffsetDelta ${header.lastOffsetDelta}`,
    );
  }
  if (header.isControl) {
    return reject(INVALID_RECORD, 'clients may not write control batches');
  }
  if (header.producerId >= 0 && header.baseSequence < 0) {
    return reject(INVALID_RECORD, `producer id ${header.producerId} with negative base sequence`);
  }
  return { ok: true, header };
}

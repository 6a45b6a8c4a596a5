/**
 * Control batches: the transaction markers (COMMIT / ABORT) the broker writes
 * itself. A control batch is transactional, holds exactly one record, and
 * carries no sequence. Record key: int16 version (0) + int16 type; value for
 * COMMIT/ABORT: int16 version (0) + int32 coordinatorEpoch.
 */
import { buildRecordBatchSync } from './record-batch-builder.js';
import type { DecodedRecord } from './record-batch-records.js';
import { DecodeError } from './reader.js';

export const ControlRecordType = { abort: 0, commit: 1 } as const;

const CONTROL_KEY_BYTES = 4;
const MARKER_VALUE_BYTES = 6;

export interface TransactionMarkerInput {
  commit: boolean;
  producerId: number;
  producerEpoch: number;
  coordinatorEpoch: number;
  timestampMs: number;
  baseOffset?: number;
  partitionLeaderEpoch?: number;
}

export function buildTransactionMarkerBatch(input: TransactionMarkerInput): Buffer {
  const key = Buffer.alloc(CONTROL_KEY_BYTES);
  key.writeInt16BE(input.commit ? ControlRecordType.commit : ControlRecordType.abort, 2);
  const value = Buffer.alloc(MARKER_VALUE_BYTES);
  value.writeInt32BE(input.coordinatorEpoch, 2);
  return buildRecordBatchSync({
    records: [{ key, value, timestamp: input.timestampMs }],
    baseOffset: input.baseOffset ?? 0,
    producerId: input.producerId,
    producerEpoch: input.producerEpoch,
    baseSequence: -1,
    transactional: true,
    control: true,
    ...(input.partitionLeaderEpoch === undefined ? {} : { partitionLeaderEpoch: input.partitionLeaderEpoch }),
  });
}

export interface ControlRecord {
  /** 0 ABORT, 1 COMMIT; 2-6 are KRaft-internal and carry other values. */
  type: number;
  /** The coordinator epoch of a COMMIT/ABORT marker, null for other types. */
  coordinatorEpoch: number | null;
}

/** Reads the record of a control batch (from `decodeRecords`). */
export function parseControlRecord(record: DecodedRecord): ControlRecord {
  if (record.key === null || record.key.length < CONTROL_KEY_BYTES) {
    throw new DecodeError('control record key is shorter than 4 bytes', 0);
  }
  const type = record.key.readInt16BE(2);
  if (type !== ControlRecordType.abort && type !== ControlRecordType.commit) return { type, coordinatorEpoch: null };
  if (record.value === null || record.value.length < MARKER_VALUE_BYTES) {
    throw new DecodeError('transaction marker value is shorter than 6 bytes', 0);
  }
  return { type, coordinatorEpoch: record.value.readInt32BE(2) };
}

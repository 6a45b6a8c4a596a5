import { describe, expect, it } from 'vitest';
import {
  buildTransactionMarkerBatch,
  ControlRecordType,
  decodeRecords,
  DecodeError,
  parseControlRecord,
  readBatchHeader,
  validateBatchForAppend,
  verifyBatchCrc,
} from '../../src/protocol/index.js';

describe('transaction markers', () => {
  it.each([true, false])('builds a control batch Kafka would read (commit: %s)', async (commit) => {
    const batch = buildTransactionMarkerBatch({
      commit,
      producerId: 4000,
      producerEpoch: 3,
      coordinatorEpoch: 12,
      timestampMs: 1_700_000_000_000,
      baseOffset: 42,
    });
    expect(verifyBatchCrc(batch, 0)).toBe(true);
    const header = readBatchHeader(batch);
    expect(header).toMatchObject({ isControl: true, isTransactional: true, producerId: 4000, producerEpoch: 3, baseSequence: -1, recordsCount: 1, baseOffset: 42 });
    const [record] = await decodeRecords(batch);
    expect(record!.key!.toString('hex')).toBe(commit ? '00000001' : '00000000');
    expect(record!.value!.toString('hex')).toBe('00000000000c');
    expect(parseControlRecord(record!)).toEqual({ type: commit ? ControlRecordType.commit : ControlRecordType.abort, coordinatorEpoch: 12 });
    // Producers may not write control batches.
    expect(validateBatchForAppend(batch).ok).toBe(false);
  });

  it('rejects malformed control records with DecodeError', () => {
    const base = { offset: 0, timestamp: 0, headers: [] };
    expect(() => parseControlRecord({ ...base, key: Buffer.from([0, 0]), value: null })).toThrow(DecodeError);
    expect(() => parseControlRecord({ ...base, key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0]) })).toThrow(DecodeError);
    expect(parseControlRecord({ ...base, key: Buffer.from([0, 0, 0, 3]), value: null })).toEqual({ type: 3, coordinatorEpoch: null });
  });
});

import fc from 'fast-check';
import type { CompressionCodecId, RecordInput } from '../../src/protocol/index.js';

const bytesOrNull = fc.option(
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
  { nil: null },
);

export const recordArb: fc.Arbitrary<RecordInput> = fc.record(
  {
    key: bytesOrNull,
    value: bytesOrNull,
    headers: fc.array(fc.record({ key: fc.string({ maxLength: 8 }), value: bytesOrNull }), { maxLength: 3 }),
    timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
  },
  { requiredKeys: ['key', 'value', 'timestamp'] },
);

export const codecArb = fc.constantFrom<CompressionCodecId>(0, 1, 2, 3, 4);

export const batchInputArb = fc.record({
  records: fc.array(recordArb, { minLength: 1, maxLength: 8 }),
  compression: codecArb,
  baseOffset: fc.integer({ min: 0, max: 2 ** 50 }),
  producerId: fc.constantFrom(-1, 0, 7, 2 ** 40),
  producerEpoch: fc.integer({ min: -1, max: 32767 }),
  baseSequence: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  transactional: fc.boolean(),
});

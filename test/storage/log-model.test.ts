/**
 * Model test: random appends (some failing with ENOSPC, torn or not), flushes, reads, truncations, deletions, clean
 * reopens and crashes, checked against an in-memory list of batches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StorageError, type Log } from '../../src/storage/index.js';
import { batchOf, splitBatches } from './batch-builder.js';
import { harness } from './helpers.js';

type Op =
  | { kind: 'append'; records: number; bytes: number }
  | { kind: 'failedAppend'; torn: boolean }
  | { kind: 'flush' }
  | { kind: 'reopen' }
  | { kind: 'crash' }
  | { kind: 'truncate'; at: number }
  | { kind: 'deleteBefore'; at: number }
  | { kind: 'read'; at: number; maxBytes: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('append' as const), records: fc.integer({ min: 1, max: 5 }), bytes: fc.integer({ min: 0, max: 1500 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('failedAppend' as const), torn: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('flush' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteBefore' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('read' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), maxBytes: fc.integer({ min: 1, max: 5000 }) }) },
);

interface Model {
  batches: { baseOffset: number; lastOffset: number; bytes: Buffer }[];
  start: number;
  end: number;
  flushedBatches: number;
}

function checkAll(log: Log, model: Model): void {
  expect([log.logStartOffset, log.logEndOffset]).toEqual([model.start, model.end]);
  const visible = model.batches.filter((b) => b.lastOffset >= model.start);
  const read = model.start < model.end ? splitBatches(log.read(model.start, 1 << 24).records) : [];
  expect(read.map((b) => b.baseOffset)).toEqual(visible.map((b) => b.baseOffset));
  expect(Buffer.concat(read.map((b) => b.bytes)).equals(Buffer.concat(visible.map((b) => b.bytes)))).toBe(true);
}

async function step(h: ReturnType<typeof harness>, log: Log, model: Model, op: Op): Promise<Log> {
  const offsetAt = (f: number) => model.start + Math.floor(f * (model.end - model.start));
  switch (op.kind) {
    case 'append': {
      const batch = batchOf(op.records, `v${model.end}`, op.bytes);
      const { baseOffset, lastOffset } = log.append(batch);
      expect(baseOffset).toBe(model.end);
      model.batches.push({ baseOffset, lastOffset, bytes: Buffer.from(batch) });
      model.end = lastOffset + 1;
      return log;
    }
    case 'failedAppend':
      h.fs.failWrites({ code: 'ENOSPC', torn: op.torn, match: (p) => p.endsWith('.log') });
      expect(() => log.append(batchOf(2, 'lost', 400))).toThrow(StorageError);
      h.fs.clearFaults();
      return log;
    case 'flush':
      await log.flush();
      model.flushedBatches = model.batches.length;
      return log;
    case 'reopen':
      await log.close();
      model.flushedBatches = model.batches.length;
      return h.open(modelConfig);
    case 'crash': {
      h.crash();
      model.batches.splice(model.flushedBatches);
      const reopened = h.open(modelConfig);
      // The log start offset file is written lazily: a crash may move it back
      // to the first surviving segment, never forward.
      expect(reopened.logStartOffset).toBeLessThanOrEqual(model.start);
      model.start = reopened.logStartOffset;
      model.end = Math.max(model.batches.length ? model.batches.at(-1)!.lastOffset + 1 : 0, model.start);
      return reopened;
    }
    case 'truncate': {
      const at = offsetAt(op.at);
      log.truncateTo(at);
      const keep = model.batches.filter((b) => b.lastOffset < at);
      model.end = keep.length ? keep.at(-1)!.lastOffset + 1 : (model.batches[0]?.baseOffset ?? model.end);
      model.batches = keep;
      model.start = Math.min(model.start, model.end);
      model.flushedBatches = Math.min(model.flushedBatches, keep.length);
      return log;
    }
    case 'deleteBefore': {
      model.start = Math.max(model.start, offsetAt(op.at));
      log.deleteRecordsBefore(model.start);
      return log;
    }
    case 'read': {
      const at = offsetAt(op.at);
      const { records, bytes } = log.read(at, op.maxBytes);
      const got = splitBatches(records);
      if (at === model.end) expect(bytes).toBe(0);
      else expect(got[0]!.baseOffset).toBe(model.batches.find((b) => b.lastOffset >= at)!.baseOffset);
      expect(got.length === 1 || bytes <= op.maxBytes).toBe(true);
      return log;
    }
  }
}

const modelConfig = { segmentBytes: 3000, segmentMs: 1e12, indexIntervalBytes: 512 };

describe('Log model', () => {
  it('matches an in-memory list of batches under random operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
        const h = harness();
        let log = h.open(modelConfig);
        const model: Model = { batches: [], start: 0, end: 0, flushedBatches: 0 };
        for (const op of ops) {
          log = await step(h, log, model, op);
          checkAll(log, model);
        }
        await log.close();
      }),
      { numRuns: 40 },
    );
  });
});

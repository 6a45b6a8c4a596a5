/**
 * The LogCleaner and transactions, as Kafka's cleaner treats them: a record
 * of an aborted transaction never becomes the latest of its key (or a
 * read_committed consumer would find the key gone) and is itself removed; a
 * transaction still open keeps its segments out of the pass, as it may yet
 * abort. Transaction markers stay.
 */
import { describe, expect, it } from 'vitest';
import { buildRecordBatchSync, buildTransactionMarkerBatch, iterateBatches } from '../../src/protocol/index.js';
import { LogCleaner, type AbortedRange, type ProducerStateView, type Log, type LogConfig } from '../../src/storage/index.js';
import { appendKeyed, readAll } from './compaction-helpers.js';
import { harness, smallConfig } from './helpers.js';

const T0 = 1_700_000_000_000;
const compactConfig: LogConfig = { ...smallConfig, cleanupPolicy: { delete: false, compact: true }, deleteRetentionMs: 60_000 };
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4'];

function appendPlain(log: Log, value: (key: string) => string): void {
  log.append(buildRecordBatchSync({ records: KEYS.map((key) => ({ key, value: value(key), timestamp: T0 })), baseTimestamp: T0 }));
}

function appendTransactional(log: Log, producerId: number, value: (key: string) => string, keys = KEYS): number {
  return log.append(buildRecordBatchSync({ records: keys.map((key) => ({ key, value: value(key), timestamp: T0 })), baseTimestamp: T0, producerId, producerEpoch: 0, baseSequence: 0, transactional: true })).baseOffset;
}

function appendIdempotent(log: Log, producerId: number, baseSequence: number, value: (key: string) => string, keys = KEYS): number {
  return log.append(buildRecordBatchSync({ records: keys.map((key) => ({ key, value: value(key), timestamp: T0 })), baseTimestamp: T0, producerId, producerEpoch: 0, baseSequence })).baseOffset;
}

function appendMarker(log: Log, producerId: number, commit: boolean): number {
  return log.append(buildTransactionMarkerBatch({ producerId, producerEpoch: 0, commit, coordinatorEpoch: 0, timestampMs: T0 })).baseOffset;
}

/** Other keys, enough to roll everything above out of the active segment. */
function roll(log: Log): void {
  appendKeyed(log, 600, 30, 10, T0);
}

/** A view over a fixed list of aborted transactions and a last stable offset (the log end when not given). */
function view(aborted: AbortedRange[], lastStableOffset?: number, lastBatches = new Map<number, number>()): ProducerStateView {
  return {
    lastStableOffset: (log) => lastStableOffset ?? log.logEndOffset,
    abortedTransactions: (_log, fromOffset, toOffset) => aborted.filter((a) => a.lastOffset >= fromOffset && a.firstOffset < toOffset),
    lastBatchOffsets: () => lastBatches,
  };
}

async function valuesOf(log: Log): Promise<Map<string, string[]>> {
  const values = new Map<string, string[]>();
  for (const r of (await readAll(log)).records) {
    if (r.key === null || !r.key.startsWith('k') || r.value === null) continue;
    values.set(r.key, [...(values.get(r.key) ?? []), r.value]);
  }
  return values;
}

function controlBatches(log: Log): number {
  let count = 0;
  for (const chunk of log.read(log.logStartOffset, 1 << 30).records) {
    for (const b of iterateBatches(chunk)) if (b.header.isControl) count++;
  }
  return count;
}

describe('LogCleaner and transactions', () => {
  it('keeps the committed value of a key over a newer aborted one, and removes the aborted records', async () => {
    const h = harness();
    const log = h.open(compactConfig);
    appendPlain(log, (k) => `${k}-committed`);
    const first = appendTransactional(log, 7, (k) => `${k}-aborted`);
    const abortMarker = appendMarker(log, 7, false);
    appendTransactional(log, 8, (k) => `${k}-from-a-committed-transaction`, ['k4']);
    appendMarker(log, 8, true);
    roll(log);
    const cleaner = new LogCleaner({ clock: h.clock, producerState: view([{ producerId: 7, firstOffset: first, lastOffset: abortMarker }]) });
    const stats = await cleaner.clean(log);
    expect(stats?.recordsRemoved).toBeGreaterThan(0);
    const values = await valuesOf(log);
    for (const key of ['k0', 'k1', 'k2', 'k3']) expect(values.get(key)).toEqual([`${key}-committed`]);
    expect(values.get('k4')).toEqual(['k4-from-a-committed-transaction']);
    expect(controlBatches(log)).toBe(2);
    await log.close();
  });

  it('leaves a transaction that is still open alone, and cleans it once it has aborted', async () => {
    const h = harness();
    const log = h.open(compactConfig);
    appendPlain(log, (k) => `${k}-committed`);
    roll(log);
    const first = appendTransactional(log, 9, (k) => `${k}-open`);
    roll(log);
    const open = new LogCleaner({ clock: h.clock, producerState: view([], first) });
    await open.clean(log);
    let values = await valuesOf(log);
    for (const key of KEYS) expect(values.get(key)).toEqual([`${key}-committed`, `${key}-open`]);

    const abortMarker = appendMarker(log, 9, false);
    roll(log);
    const aborted = new LogCleaner({ clock: h.clock, producerState: view([{ producerId: 9, firstOffset: first, lastOffset: abortMarker }]) });
    await aborted.clean(log);
    values = await valuesOf(log);
    for (const key of KEYS) expect(values.get(key)).toEqual([`${key}-committed`]);
    await log.close();
  });

  it('cleans nothing at or past the last stable offset', async () => {
    const h = harness();
    const log = h.open(compactConfig);
    appendKeyed(log, 600, 30, 10, T0);
    const lastStableOffset = log.logEndOffset;
    const endOfStable = log.segmentBaseOffsets().filter((b) => b <= lastStableOffset).at(-1)!;
    appendTransactional(log, 11, (k) => `${k}-open`);
    appendKeyed(log, 600, 30, 10, T0);
    const before = (await readAll(log)).records.filter((r) => r.offset >= endOfStable);
    await new LogCleaner({ clock: h.clock, producerState: view([], lastStableOffset) }).clean(log);
    const after = (await readAll(log)).records;
    expect(after.filter((r) => r.offset >= endOfStable)).toEqual(before);
    expect(after.filter((r) => r.offset < endOfStable).length).toBeLessThan(endOfStable);
    await log.close();
  });

  it("keeps each producer's last batch whole, so its sequence numbers can be rebuilt from the log", async () => {
    const h = harness();
    const log = h.open(compactConfig);
    const first = appendIdempotent(log, 5, 0, (k) => `${k}-first`);
    const last = appendIdempotent(log, 5, 5, (k) => `${k}-last`);
    appendPlain(log, (k) => `${k}-newer`);
    roll(log);
    await new LogCleaner({ clock: h.clock, producerState: view([], undefined, new Map([[5, last]])) }).clean(log);
    const values = await valuesOf(log);
    for (const key of KEYS) expect(values.get(key)).toEqual([`${key}-last`, `${key}-newer`]);
    expect(first).toBeLessThan(last);

    // Once the producer has written again, that batch is an ordinary one: its records go when their keys are written anew.
    const next = appendIdempotent(log, 5, 10, (k) => `${k}-next`, ['other-key']);
    appendPlain(log, (k) => `${k}-newest`);
    roll(log);
    await new LogCleaner({ clock: h.clock, producerState: view([], undefined, new Map([[5, next]])) }).clean(log);
    const after = await valuesOf(log);
    for (const key of KEYS) expect(after.get(key)).toEqual([`${key}-newest`]);
    await log.close();
  });
});

import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/index.js';
import { ErrorCode } from '../../../src/protocol/index.js';
import {
  DEFAULT_TXN_CONFIG,
  TransactionCoordinator,
  decodeTxnValue,
  encodeTxnValue,
  type MarkerInput,
  type TopicPartition,
  type TxnMetadata,
  type TxnOffset,
} from '../../../src/broker/txn/index.js';

const E = ErrorCode;

function harness(loaded: TxnMetadata[] = []) {
  const clock = new ManualClock();
  const stored = new Map<string, Buffer | null>();
  const markers: { partitions: TopicPartition[]; marker: MarkerInput }[] = [];
  const commits: { groupId: string; offsets: TxnOffset[] }[] = [];
  let nextId = 100;
  let failWrites = false;
  const coordinator = new TransactionCoordinator({
    clock,
    config: { ...DEFAULT_TXN_CONFIG, abortCheckIntervalMs: 1000 },
    store: {
      async write(id, m) {
        if (failWrites) throw new Error('disk full');
        stored.set(id, m ? encodeTxnValue(m) : null);
      },
    },
    allocateProducerId: async () => nextId++,
    writeMarkers: async (partitions, marker) => void markers.push({ partitions, marker }),
    commitOffsets: async (groupId, offsets) => void commits.push({ groupId, offsets }),
    partitionExists: (topic) => topic !== 'missing',
    log: () => {},
  });
  coordinator.start(loaded);
  const reload = () => [...stored].filter(([, v]) => v).map(([id, v]) => decodeTxnValue(id, v!)!);
  return { clock, coordinator, markers, commits, reload, failWrites: (on: boolean) => (failWrites = on) };
}

const flush = () => new Promise((r) => setImmediate(r));

/** Moves the clock one check interval at a time, letting each periodic pass finish. */
async function step(clock: ManualClock, ms: number): Promise<void> {
  for (let done = 0; done < ms; done += 1000) {
    clock.advance(1000);
    await flush();
  }
}

const tp = (topic: string, partition: number) => ({ topic, partition });
const offset = (o: number): TxnOffset => ({ topic: 'in', partition: 0, offset: o, leaderEpoch: -1, metadata: null });

describe('TransactionCoordinator', () => {
  it('gives idempotent producers fresh ids and bumps the epoch of a known one', async () => {
    const { coordinator } = harness();
    expect(await coordinator.initProducerId(null, 0, { producerId: -1, producerEpoch: -1 })).toEqual({ errorCode: E.NONE, producerId: 100, producerEpoch: 0 });
    expect(await coordinator.initProducerId(null, 0, { producerId: 100, producerEpoch: 0 })).toEqual({ errorCode: E.NONE, producerId: 100, producerEpoch: 1 });
  });

  it('commits: markers on every partition, then the group offsets, then CompleteCommit', async () => {
    const { coordinator, markers, commits } = harness();
    const { producerId, producerEpoch } = await coordinator.initProducerId('t', 60_000, { producerId: -1, producerEpoch: -1 });
    const added = await coordinator.addPartitions('t', producerId, producerEpoch, [tp('out', 0), tp('out', 1)]);
    expect([...added.values()]).toEqual([E.NONE, E.NONE]);
    expect(await coordinator.addOffsets('t', producerId, producerEpoch, 'g')).toBe(E.NONE);
    expect(coordinator.txnOffsetCommit('t', producerId, producerEpoch, 'g', [offset(5)])).toBe(E.NONE);
    expect(coordinator.txnOffsetCommit('t', producerId, producerEpoch, 'g', [offset(7)])).toBe(E.NONE);
    expect(await coordinator.endTxn('t', producerId, producerEpoch, true)).toBe(E.NONE);
    expect(markers).toEqual([{ partitions: [tp('out', 0), tp('out', 1)], marker: { producerId, producerEpoch, commit: true, coordinatorEpoch: 0 } }]);
    expect(commits).toEqual([{ groupId: 'g', offsets: [offset(7)] }]);
    expect(coordinator.get('t')?.state).toBe('CompleteCommit');
    expect(await coordinator.endTxn('t', producerId, producerEpoch, true)).toBe(E.NONE);
    expect(await coordinator.endTxn('t', producerId, producerEpoch, false)).toBe(E.INVALID_TXN_STATE);
  });

  it('aborts: markers written, offsets dropped', async () => {
    const { coordinator, markers, commits } = harness();
    const { producerId, producerEpoch } = await coordinator.initProducerId('t', 60_000, { producerId: -1, producerEpoch: -1 });
    await coordinator.addPartitions('t', producerId, producerEpoch, [tp('out', 0)]);
    await coordinator.addOffsets('t', producerId, producerEpoch, 'g');
    coordinator.txnOffsetCommit('t', producerId, producerEpoch, 'g', [offset(5)]);
    expect(await coordinator.endTxn('t', producerId, producerEpoch, false)).toBe(E.NONE);
    expect(markers[0]!.marker.commit).toBe(false);
    expect(commits).toEqual([]);
    expect(coordinator.get('t')?.state).toBe('CompleteAbort');
  });

  it('fences an older instance: a new InitProducerId aborts its open transaction under a newer epoch', async () => {
    const { coordinator, markers } = harness();
    const old = await coordinator.initProducerId('t', 60_000, { producerId: -1, producerEpoch: -1 });
    await coordinator.addPartitions('t', old.producerId, old.producerEpoch, [tp('out', 0)]);
    const fresh = await coordinator.initProducerId('t', 60_000, { producerId: -1, producerEpoch: -1 });
    expect(fresh.producerId).toBe(old.producerId);
    expect(fresh.producerEpoch).toBeGreaterThan(old.producerEpoch + 1);
    expect(markers).toEqual([{ partitions: [tp('out', 0)], marker: { producerId: old.producerId, producerEpoch: old.producerEpoch + 1, commit: false, coordinatorEpoch: 0 } }]);
    expect(await coordinator.endTxn('t', old.producerId, old.producerEpoch, true)).toBe(E.PRODUCER_FENCED);
    expect(await coordinator.addOffsets('t', old.producerId + 1, fresh.producerEpoch, 'g')).toBe(E.INVALID_PRODUCER_ID_MAPPING);
    expect((await coordinator.initProducerId('t', 60_000, { producerId: old.producerId, producerEpoch: old.producerEpoch })).errorCode).toBe(E.PRODUCER_FENCED);
  });

  it('refuses unknown partitions and timeouts above the maximum', async () => {
    const { coordinator } = harness();
    expect((await coordinator.initProducerId('t', DEFAULT_TXN_CONFIG.maxTimeoutMs + 1, { producerId: -1, producerEpoch: -1 })).errorCode).toBe(E.INVALID_TRANSACTION_TIMEOUT);
    const { producerId, producerEpoch } = await coordinator.initProducerId('t', 1000, { producerId: -1, producerEpoch: -1 });
    const results = await coordinator.addPartitions('t', producerId, producerEpoch, [tp('out', 0), tp('missing', 0)]);
    expect(Object.fromEntries(results)).toEqual({ '0:out': E.OPERATION_NOT_ATTEMPTED, '0:missing': E.UNKNOWN_TOPIC_OR_PARTITION });
    expect(coordinator.get('t')?.state).toBe('Empty');
  });

  it('aborts a transaction left open past its timeout, fencing its producer', async () => {
    const { coordinator, clock, markers } = harness();
    const { producerId, producerEpoch } = await coordinator.initProducerId('t', 5000, { producerId: -1, producerEpoch: -1 });
    await coordinator.addPartitions('t', producerId, producerEpoch, [tp('out', 0)]);
    await step(clock, 4000);
    expect(markers).toEqual([]);
    await step(clock, 1000);
    expect(markers).toEqual([{ partitions: [tp('out', 0)], marker: { producerId, producerEpoch: producerEpoch + 1, commit: false, coordinatorEpoch: 0 } }]);
    expect(coordinator.get('t')?.state).toBe('CompleteAbort');
    expect(await coordinator.endTxn('t', producerId, producerEpoch, true)).toBe(E.PRODUCER_FENCED);
  });

  it('completes a prepared commit found at start, offsets included', async () => {
    const first = harness();
    const { producerId, producerEpoch } = await first.coordinator.initProducerId('t', 60_000, { producerId: -1, producerEpoch: -1 });
    await first.coordinator.addPartitions('t', producerId, producerEpoch, [tp('out', 0)]);
    await first.coordinator.addOffsets('t', producerId, producerEpoch, 'g');
    first.coordinator.txnOffsetCommit('t', producerId, producerEpoch, 'g', [offset(3)]);
    // The PrepareCommit record is written, then the markers fail: a crash at that point.
    const prepared = { ...first.coordinator.get('t')!, state: 'PrepareCommit' as const };
    first.coordinator.close();
    const second = harness([decodeTxnValue('t', encodeTxnValue(prepared))!]);
    await step(second.clock, 1000);
    expect(second.markers.map((m) => m.marker.commit)).toEqual([true]);
    expect(second.commits).toEqual([{ groupId: 'g', offsets: [offset(3)] }]);
    expect(second.coordinator.get('t')?.state).toBe('CompleteCommit');
    expect(second.reload().map((m) => m.state)).toEqual(['CompleteCommit']);
  });

  it('answers COORDINATOR_NOT_AVAILABLE when its state cannot be persisted, changing nothing', async () => {
    const h = harness();
    const { producerId, producerEpoch } = await h.coordinator.initProducerId('t', 60_000, { producerId: -1, producerEpoch: -1 });
    h.failWrites(true);
    const results = await h.coordinator.addPartitions('t', producerId, producerEpoch, [tp('out', 0)]);
    expect([...results.values()]).toEqual([E.COORDINATOR_NOT_AVAILABLE]);
    expect(h.coordinator.get('t')?.state).toBe('Empty');
  });

  it('forgets transactional ids idle past transactional.id.expiration.ms', async () => {
    const h = harness();
    await h.coordinator.initProducerId('t', 60_000, { producerId: -1, producerEpoch: -1 });
    h.clock.advance(DEFAULT_TXN_CONFIG.transactionalIdExpirationMs - 1000);
    await flush();
    expect(h.coordinator.get('t')).toBeDefined();
    await step(h.clock, 2000);
    expect(h.coordinator.get('t')).toBeUndefined();
    expect(h.reload()).toEqual([]);
  });
});

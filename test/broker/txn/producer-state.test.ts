import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRecordBatchSync, ErrorCode, readBatchHeader, type BatchHeader } from '../../../src/protocol/index.js';
import { DEFAULT_LOG_CONFIG, Log } from '../../../src/storage/index.js';
import { PartitionProducerState, ProducerSnapshots, ProducerStates, rebuildProducerState } from '../../../src/broker/txn/index.js';
import { nodeFileSystem } from '../../../src/storage/index.js';

function batch(producerId: number, producerEpoch: number, baseSequence: number, count: number, transactional = false): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({ key: null, value: `v${baseSequence + i}` }));
  return buildRecordBatchSync({ records, producerId, producerEpoch, baseSequence, transactional });
}

function header(producerId: number, producerEpoch: number, baseSequence: number, count: number, transactional = false): BatchHeader {
  return readBatchHeader(batch(producerId, producerEpoch, baseSequence, count, transactional), 0);
}

/** Checks and records like the produce path does; returns the offset answered. */
function produce(state: PartitionProducerState, h: BatchHeader, nextOffset: { value: number }): number | string {
  const check = state.checkAppend(h);
  if (check.kind === 'error') return check.errorCode === ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER ? 'out-of-order' : 'bad-epoch';
  if (check.kind === 'duplicate') return check.baseOffset;
  const base = nextOffset.value;
  state.onAppend(h, base, 0);
  nextOffset.value += h.lastOffsetDelta + 1;
  return base;
}

describe('PartitionProducerState', () => {
  it('accepts sequences in order and answers a retried batch with its first offset', () => {
    const state = new PartitionProducerState();
    const next = { value: 0 };
    expect(produce(state, header(7, 0, 0, 3), next)).toBe(0);
    expect(produce(state, header(7, 0, 3, 2), next)).toBe(3);
    expect(produce(state, header(7, 0, 0, 3), next)).toBe(0);
    expect(produce(state, header(7, 0, 3, 2), next)).toBe(3);
    expect(next.value).toBe(5);
  });

  it('remembers only the last five batches', () => {
    const state = new PartitionProducerState();
    const next = { value: 0 };
    for (let seq = 0; seq < 6; seq++) produce(state, header(1, 0, seq, 1), next);
    expect(produce(state, header(1, 0, 1, 1), next)).toBe(1);
    expect(produce(state, header(1, 0, 0, 1), next)).toBe('out-of-order');
  });

  it('refuses gaps, a new producer not starting at 0, and older epochs', () => {
    const state = new PartitionProducerState();
    const next = { value: 0 };
    expect(produce(state, header(1, 0, 5, 1), next)).toBe('out-of-order');
    produce(state, header(1, 0, 0, 2), next);
    expect(produce(state, header(1, 0, 3, 1), next)).toBe('out-of-order');
    expect(produce(state, header(1, 1, 0, 1), next)).toBe(2);
    expect(produce(state, header(1, 0, 2, 1), next)).toBe('bad-epoch');
    expect(produce(state, header(1, 2, 4, 1), next)).toBe('out-of-order');
  });

  it('wraps sequences at Integer.MAX_VALUE', () => {
    const state = new PartitionProducerState();
    state.onAppend(header(3, 0, 0x7ffffffe, 2), 0, 0);
    expect(state.checkAppend(header(3, 0, 0, 1))).toEqual({ kind: 'append' });
  });

  it('holds the last stable offset at the oldest open transaction and lists aborted ones', () => {
    const state = new PartitionProducerState();
    state.onAppend(header(1, 0, 0, 2, true), 10, 0);
    state.onAppend(header(2, 0, 0, 1, true), 12, 0);
    expect(state.lastStableOffset(13)).toBe(10);
    state.onMarker(1, 0, false, 0, 13, 0);
    expect(state.lastStableOffset(14)).toBe(12);
    state.onMarker(2, 0, true, 0, 14, 0);
    expect(state.lastStableOffset(15)).toBe(15);
    expect(state.abortedTransactions(0, 15)).toEqual([{ producerId: 1, firstOffset: 10, lastOffset: 13 }]);
    expect(state.abortedTransactions(14, 20)).toEqual([]);
    expect(state.abortedTransactions(0, 10)).toEqual([]);
  });

  it('expires idle producers without an open transaction', () => {
    const state = new PartitionProducerState();
    state.onAppend(header(1, 0, 0, 1), 0, 1000);
    state.onAppend(header(2, 0, 0, 1, true), 1, 1000);
    state.expire(5000, 1000);
    expect(state.entry(1)).toBeUndefined();
    expect(state.entry(2)).toBeDefined();
  });
});

describe('rebuilding producer state from a log', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('restores sequences, open and aborted transactions from batch headers and markers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-pstate-'));
    dirs.push(dir);
    const log = Log.open(path.join(dir, 't-0'), DEFAULT_LOG_CONFIG);
    const states = new ProducerStates(60_000);
    const live = states.of(log);
    const append = (b: Buffer) => {
      const h = readBatchHeader(b, 0);
      const { baseOffset } = log.append(b);
      live.onAppend(h, baseOffset, 0);
    };
    append(batch(1, 0, 0, 2));
    append(batch(1, 0, 2, 1));
    append(batch(2, 0, 0, 3, true));
    states.writeMarker(log, { producerId: 2, producerEpoch: 0, commit: false, coordinatorEpoch: 0 }, 0);
    append(batch(3, 1, 0, 1, true));
    append(batch(4, 0, 0, 1, true));
    states.writeMarker(log, { producerId: 4, producerEpoch: 0, commit: true, coordinatorEpoch: 0 }, 0);

    const rebuilt = rebuildProducerState(log);
    expect(rebuilt.checkAppend(header(1, 0, 2, 1))).toEqual({ kind: 'duplicate', baseOffset: 2 });
    expect(rebuilt.checkAppend(header(1, 0, 3, 1))).toEqual({ kind: 'append' });
    expect(rebuilt.abortedTransactions(0, log.logEndOffset)).toEqual([{ producerId: 2, firstOffset: 3, lastOffset: 6 }]);
    expect(rebuilt.lastStableOffset(log.logEndOffset)).toBe(7);
    expect(rebuilt.lastStableOffset(log.logEndOffset)).toBe(live.lastStableOffset(log.logEndOffset));
    expect(rebuilt.entry(3)?.producerEpoch).toBe(1);
    await log.close();
  });
});

describe('producer state snapshots', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  function setup() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-psnap-'));
    dirs.push(dataDir);
    fs.mkdirSync(path.join(dataDir, 'meta'));
    const log = Log.open(path.join(dataDir, 't-0'), DEFAULT_LOG_CONFIG);
    const identity = { topic: 't', partition: 0, topicId: 'id-1' };
    const snapshots = new ProducerSnapshots(nodeFileSystem, dataDir, () => identity, () => {});
    const file = path.join(dataDir, 'meta', 'producer-snapshots', 't-0.json');
    return { log, identity, snapshots, file };
  }

  function appendTracked(states: ProducerStates, log: Log, b: Buffer) {
    const h = readBatchHeader(b, 0);
    const { baseOffset } = log.append(b);
    states.of(log).onAppend(h, baseOffset, 0);
  }

  it('starts from the snapshot and replays only the tail', async () => {
    const { log, snapshots, file } = setup();
    const states = new ProducerStates(60_000, snapshots);
    appendTracked(states, log, batch(1, 0, 0, 2));
    await states.snapshotAll();
    appendTracked(states, log, batch(1, 0, 2, 1));
    appendTracked(states, log, batch(2, 0, 0, 1, true));
    // A producer only the snapshot knows proves the snapshot was read rather than the whole log.
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    saved.producers.push({ producerId: 9, producerEpoch: 0, batches: [], lastTimestampMs: 0, coordinatorEpoch: -1, currentTxnFirstOffset: -1 });
    fs.writeFileSync(file, JSON.stringify(saved));

    const restarted = new ProducerStates(60_000, snapshots).of(log);
    expect(restarted.entry(9)).toBeDefined();
    expect(restarted.checkAppend(header(1, 0, 2, 1))).toEqual({ kind: 'duplicate', baseOffset: 2 });
    expect(restarted.lastStableOffset(log.logEndOffset)).toBe(3);
    await log.close();
  });

  it('ignores a snapshot past the log end or of another topic id', async () => {
    const { log, identity, snapshots } = setup();
    const states = new ProducerStates(60_000, snapshots);
    appendTracked(states, log, batch(1, 0, 0, 1));
    appendTracked(states, log, batch(1, 0, 1, 1));
    await states.snapshotAll();
    log.truncateTo(1);
    expect(new ProducerStates(60_000, snapshots).of(log).checkAppend(header(1, 0, 1, 1))).toEqual({ kind: 'append' });
    appendTracked(states, log, batch(1, 0, 1, 1));
    await states.snapshotAll();
    identity.topicId = 'id-2';
    const fresh = new ProducerStates(60_000, snapshots).of(log);
    expect(fresh.checkAppend(header(1, 0, 2, 1))).toEqual({ kind: 'append' });
    expect(snapshots.load(log)).toBeUndefined();
    await log.close();
  });
});

import { describe, expect, it } from 'vitest';
import { initialTopState, topReducer, topSnapshot, type TopAction, type TopState } from '../../src/tui/index.js';
import { group, sample } from './samples.js';

const fold = (state: TopState, ...actions: TopAction[]) => actions.reduce(topReducer, state);

describe('top state reducer', () => {
  it('derives records/s from high-watermark deltas and bytes/s from size deltas', () => {
    const state = fold(
      initialTopState(1000),
      { type: 'sample', sample: sample(0, [{ topic: 'orders', highs: [100, 200], sizes: [1000, 2000] }]) },
      { type: 'sample', sample: sample(2000, [{ topic: 'orders', highs: [300, 200], sizes: [5000, 2000] }]) },
    );
    const orders = state.topics.get('orders')!;
    expect(orders.partitions.map((p) => p.recordsPerSec)).toEqual([100, 0]);
    expect(orders.partitions.map((p) => p.bytesPerSec)).toEqual([2000, 0]);
    expect(orders.recordsPerSec).toBe(100);
    expect(orders.bytesPerSec).toBe(2000);
    expect(orders.history.items).toEqual([100]);
    expect(state.sizesAvailable).toBe(true);
  });

  it('has no rate before the second sample, and none when a counter goes backwards', () => {
    let state = fold(initialTopState(1000), { type: 'sample', sample: sample(0, [{ topic: 't', highs: [50], sizes: [900] }]) });
    expect(state.topics.get('t')!.recordsPerSec).toBeNull();
    state = fold(state, { type: 'sample', sample: sample(1000, [{ topic: 't', highs: [10], sizes: [100] }]) });
    expect(state.topics.get('t')!.partitions[0]!.recordsPerSec).toBeNull();
    expect(state.topics.get('t')!.partitions[0]!.bytesPerSec).toBeNull();
  });

  it('reports bytes/s as unknown when the cluster gives no sizes', () => {
    const state = fold(
      initialTopState(1000),
      { type: 'sample', sample: sample(0, [{ topic: 't', highs: [0] }]) },
      { type: 'sample', sample: sample(1000, [{ topic: 't', highs: [10] }]) },
    );
    expect(state.sizesAvailable).toBe(false);
    expect(state.topics.get('t')!.bytesPerSec).toBeNull();
    expect(topSnapshot(state).sizesAvailable).toBe(false);
  });

  it('keeps memory flat: histories stop growing and vanished topics and groups are dropped', () => {
    let state = initialTopState(1000);
    const samples = state.limits.historySamples * 3;
    for (let i = 0; i < samples; i++) {
      const topics = [{ topic: 'steady', highs: [i * 10] }, ...(i % 2 === 0 ? [{ topic: `short-lived-${i}`, highs: [i] }] : [])];
      state = topReducer(state, { type: 'sample', sample: sample(i * 1000, topics, [group(`g-${i % 3}`, [['steady', 0, i]])]) });
    }
    expect(state.topics.get('steady')!.history.items.length).toBe(state.limits.historySamples);
    expect(state.topics.size).toBe(1);
    expect(state.groups.size).toBe(1);
    const g = [...state.groups.values()][0]!;
    expect(g.lagHistory.items.length).toBeLessThanOrEqual(state.limits.historySamples);
    expect(g.partitions[0]!.window.items.length).toBeLessThanOrEqual(state.limits.windowSamples);
  });

  it('computes lag, owners, consume rate and catch-up for a group', () => {
    const members = [{ clientId: 'worker-a', topic: 'orders', partitions: [0] }, { clientId: 'worker-b', topic: 'orders', partitions: [1] }];
    const state = fold(
      initialTopState(1000),
      { type: 'sample', sample: sample(0, [{ topic: 'orders', highs: [1000, 500] }], [group('billing', [['orders', 0, 0], ['orders', 1, 400]], members)]) },
      { type: 'sample', sample: sample(10_000, [{ topic: 'orders', highs: [1100, 500] }], [group('billing', [['orders', 0, 300], ['orders', 1, 500]], members)]) },
    );
    const billing = state.groups.get('billing')!;
    expect(billing.partitions.map((p) => [p.partition, p.lag, p.owner])).toEqual([
      [0, 800, 'worker-a'],
      [1, 0, 'worker-b'],
    ]);
    expect(billing.totalLag).toBe(800);
    expect(billing.consumePerSec).toBe(40); // (300 + 100) records in 10 s
    expect(billing.producePerSec).toBe(10);
    expect(billing.catchUpSec).toBeCloseTo(800 / 30);
    expect(billing.lagHistory.items).toEqual([1100, 800]);
  });

  it('lists assigned partitions without a commit, with unknown lag', () => {
    const state = fold(initialTopState(1000), {
      type: 'sample',
      sample: sample(0, [{ topic: 'orders', highs: [10] }], [group('fresh', [], [{ clientId: 'c', topic: 'orders', partitions: [0] }])]),
    });
    const p = state.groups.get('fresh')!.partitions[0]!;
    expect([p.committed, p.lag, p.owner]).toEqual([null, null, 'c']);
  });

  it('marks a group STOP when it has lag, no members and does not commit over the window', () => {
    let state = initialTopState(1000);
    for (let i = 0; i < 5; i++) {
      state = topReducer(state, { type: 'sample', sample: sample(i * 1000, [{ topic: 't', highs: [100 + i * 10] }], [group('idle', [['t', 0, 50]])]) });
    }
    expect(state.groups.get('idle')!.status).toBe('STOP');
    expect(state.groups.get('idle')!.catchUpSec).toBeNull();
  });

  it('keeps the last figures and counts failures while the cluster does not answer', () => {
    let state = fold(initialTopState(1000), { type: 'sample', sample: sample(0, [{ topic: 't', highs: [1] }]) });
    state = fold(state, { type: 'poll-failed', atMs: 1000, message: 'connection refused' }, { type: 'poll-failed', atMs: 2000, message: 'connection refused' });
    expect(state.health).toMatchObject({ kind: 'failing', message: 'connection refused', failures: 2, lastSampleMs: 0 });
    expect(state.topics.has('t')).toBe(true);
    state = fold(state, { type: 'sample', sample: sample(3000, [{ topic: 't', highs: [4] }]) });
    expect(state.health).toMatchObject({ kind: 'ok', failures: 0, lastSampleMs: 3000 });
    expect(state.topics.get('t')!.recordsPerSec).toBe(1);
  });

  it('sizes histories from the interval within bounds', () => {
    expect(initialTopState(1000).limits).toEqual({ historySamples: 300, windowSamples: 31 });
    expect(initialTopState(100).limits.historySamples).toBe(600);
    expect(initialTopState(60_000).limits).toEqual({ historySamples: 5, windowSamples: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import type { ClusterSample } from '../../src/client/index.js';
import { ManualClock } from '../../src/common/index.js';
import { Poller, type TopAction } from '../../src/tui/index.js';
import { sample } from './samples.js';

/** A source whose polls the test settles by hand. */
function manualSource() {
  const pending: { resolve: (s: ClusterSample) => void; reject: (e: Error) => void }[] = [];
  return {
    pending,
    source: {
      poll: () => new Promise<ClusterSample>((resolve, reject) => pending.push({ resolve, reject })),
      close: async () => undefined,
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('poller', () => {
  it('polls once per interval, with at most one poll in flight', async () => {
    const clock = new ManualClock(0);
    const { pending, source } = manualSource();
    const actions: TopAction[] = [];
    const poller = new Poller(source, { intervalMs: 1000, clock, onAction: (a) => actions.push(a) });
    poller.start();
    expect(pending.length).toBe(1);
    clock.advance(5000); // the cluster is slow: no second poll piles up
    expect(pending.length).toBe(1);
    pending[0]!.resolve(sample(5000, []));
    await flush();
    expect(actions.map((a) => a.type)).toEqual(['sample']);
    clock.advance(0);
    expect(pending.length).toBe(2); // overdue, so the next poll starts at once
    pending[1]!.resolve(sample(5000, []));
    await flush();
    expect(pending.length).toBe(2);
    clock.advance(999);
    expect(pending.length).toBe(2);
    clock.advance(1);
    expect(pending.length).toBe(3);
    poller.stop();
  });

  it('reports a failed poll and keeps polling', async () => {
    const clock = new ManualClock(0);
    const { pending, source } = manualSource();
    const actions: TopAction[] = [];
    const poller = new Poller(source, { intervalMs: 1000, clock, onAction: (a) => actions.push(a) });
    poller.start();
    pending[0]!.reject(Object.assign(new Error('Connection error: connect ECONNREFUSED'), { type: 'NETWORK' }));
    await flush();
    expect(actions).toEqual([{ type: 'poll-failed', atMs: 0, message: 'Connection error: connect ECONNREFUSED (NETWORK)' }]);
    clock.advance(1000);
    expect(pending.length).toBe(2);
    poller.stop();
  });

  it('reports a poll that outlasts its deadline while it is still waiting', async () => {
    const clock = new ManualClock(0);
    const { pending, source } = manualSource();
    const actions: TopAction[] = [];
    const poller = new Poller(source, { intervalMs: 1000, pollDeadlineMs: 3000, clock, onAction: (a) => actions.push(a) });
    poller.start();
    clock.advance(2000);
    expect(poller.waitingSinceMs()).toBe(0);
    clock.advance(1000);
    expect(actions).toEqual([{ type: 'poll-failed', atMs: 3000, message: 'no answer within 3000 ms' }]);
    pending[0]!.reject(new Error('Request timed out'));
    await flush();
    expect(actions.length).toBe(1); // the late failure is not reported twice
    expect(poller.waitingSinceMs()).toBeNull();
    poller.stop();
  });

  it('does not poll while paused, and resumes at once', async () => {
    const clock = new ManualClock(0);
    const { pending, source } = manualSource();
    const poller = new Poller(source, { intervalMs: 1000, clock, onAction: () => undefined });
    poller.start();
    pending[0]!.resolve(sample(0, []));
    await flush();
    poller.setPaused(true);
    clock.advance(10_000);
    expect(pending.length).toBe(1);
    poller.setPaused(false);
    expect(pending.length).toBe(2);
    poller.stop();
  });

  it('reports nothing after it is stopped', async () => {
    const clock = new ManualClock(0);
    const { pending, source } = manualSource();
    const actions: TopAction[] = [];
    const poller = new Poller(source, { intervalMs: 1000, clock, onAction: (a) => actions.push(a) });
    poller.start();
    poller.stop();
    pending[0]!.resolve(sample(0, []));
    await flush();
    clock.advance(5000);
    expect(actions).toEqual([]);
    expect(pending.length).toBe(1);
  });
});

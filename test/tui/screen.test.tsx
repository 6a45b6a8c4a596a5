import { render as renderInk } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterSample } from '../../src/client/index.js';
import { TopScreen } from '../../src/tui/components/index.js';
import { FixedLine, paint } from '../../src/tui/components/FixedLine.js';
import { initialTopState, initialUiState, TopApp, topReducer, uiReducer, type TopAction, type TopState, type UiAction } from '../../src/tui/index.js';
import { eventually, FakeStdin, FakeStdout } from './fake-terminal.js';
import { group, sample } from './samples.js';

const fold = (...actions: TopAction[]) => actions.reduce(topReducer, initialTopState(1000));
const ui = (...actions: UiAction[]) => actions.reduce(uiReducer, initialUiState);

function busyCluster(): TopState {
  const members = [{ clientId: 'billing-worker', topic: 'orders', partitions: [0, 1] }];
  return fold(
    { type: 'sample', sample: sample(0, [{ topic: 'audit', highs: [10], sizes: [100] }, { topic: 'orders', highs: [0, 0], sizes: [0, 0] }], [group('billing', [['orders', 0, 0], ['orders', 1, 0]], members), group('reports', [['audit', 0, 10]])]) },
    { type: 'sample', sample: sample(1000, [{ topic: 'audit', highs: [11], sizes: [150] }, { topic: 'orders', highs: [500, 300], sizes: [50_000, 30_000] }], [group('billing', [['orders', 0, 100], ['orders', 1, 100]], members), group('reports', [['audit', 0, 11]])]) },
  );
}

const screen = (state: TopState, u = initialUiState, width = 100, height = 20) =>
  render(<TopScreen state={state} ui={u} brokers="127.0.0.1:9092" width={width} height={height} pollWaitMs={0} />).lastFrame() ?? '';

afterEach(() => {
  // ink-testing-library keeps instances; each test renders a fresh one.
});

describe('lines whose text changes every frame', () => {
  it('are drawn with the new text each time, at the width given', () => {
    const { lastFrame, rerender } = render(<FixedLine text="lag 10" width={6} />);
    expect(lastFrame()).toBe('lag 10');
    rerender(<FixedLine text="lag 99" width={6} />);
    expect(lastFrame()).toBe('lag 99');
    expect(paint('no-such-color', 'plain')).toBe('plain');
  });
});

describe('top screen', () => {
  it('lists topics busiest first with records/s, bytes/s and the key help', () => {
    const frame = screen(busyCluster());
    const lines = frame.split('\n');
    const orders = lines.findIndex((l) => l.startsWith('orders'));
    const audit = lines.findIndex((l) => l.startsWith('audit'));
    expect(orders).toBeGreaterThan(0);
    expect(audit).toBeGreaterThan(orders);
    expect(lines[orders]).toMatch(/orders\s+2\s+800\s+78 KiB/);
    expect(frame).toContain('RECORDS/S TREND');
    expect(frame).toMatch(/q quit/);
    expect(frame).toContain('127.0.0.1:9092');
  });

  it('shows bytes/s as n/a and says why when the cluster reports no sizes', () => {
    const state = fold(
      { type: 'sample', sample: sample(0, [{ topic: 't', highs: [0] }]) },
      { type: 'sample', sample: sample(1000, [{ topic: 't', highs: [5] }]) },
    );
    const frame = screen(state);
    expect(frame).toMatch(/t\s+1\s+5\s+n\/a/);
    expect(frame).toContain('bytes/s unavailable');
  });

  it('shows groups with lag, status and catch-up, worst first', () => {
    const frame = screen(busyCluster(), ui({ type: 'switch-view' }));
    expect(frame).toMatch(/billing\s+Stable\s+1\s+600/);
    expect(frame).toMatch(/reports\s+Empty\s+0\s+0/);
    expect(frame).toContain('CATCH-UP');
    expect(frame.indexOf('billing')).toBeLessThan(frame.indexOf('reports'));
  });

  it('drills into a group: lag per partition and the member that owns it', () => {
    const frame = screen(busyCluster(), ui({ type: 'switch-view' }, { type: 'enter', rowKeys: ['billing'], screen: 'groups' }));
    expect(frame).toContain('› billing');
    expect(frame).toMatch(/orders\s+0\s+100\s+500\s+400 billing-worker/);
    expect(frame).toMatch(/orders\s+1\s+100\s+300\s+200 billing-worker/);
  });

  it('drills into a topic: its partitions', () => {
    const frame = screen(busyCluster(), ui({ type: 'enter', rowKeys: ['orders'], screen: 'topics' }));
    expect(frame).toMatch(/^0\s+500\s+500/m);
    expect(frame).toMatch(/^1\s+300\s+300/m);
  });

  it('keeps the figures and says so when the cluster stops answering', () => {
    const state = topReducer(busyCluster(), { type: 'poll-failed', atMs: 5000, message: 'Connection timeout' });
    const frame = screen(state);
    expect(frame).toContain('cluster not answering: Connection timeout');
    expect(frame).toMatch(/^orders/m);
  });

  it('says when a poll is overdue and when updates are paused', () => {
    const waiting = render(<TopScreen state={busyCluster()} ui={initialUiState} brokers="b" width={100} height={20} pollWaitMs={7000} />).lastFrame()!;
    expect(waiting).toContain('waiting for the cluster (7 s)');
    expect(screen(busyCluster(), ui({ type: 'toggle-pause' }))).toContain('paused (p to resume)');
  });

  it('keeps the same height whatever the number of rows, as incremental redraws need', () => {
    expect(screen(busyCluster(), initialUiState, 100, 20).split('\n').length).toBe(20);
    expect(screen(fold(), initialUiState, 100, 20).split('\n').length).toBe(20);
  });

  it('fits a narrow terminal: no line wider than the screen, trend dropped', () => {
    const frame = screen(busyCluster(), initialUiState, 50, 12);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    expect(frame).not.toContain('TREND');
  });

  it('scrolls to keep the selected row on a short screen', () => {
    const topics = Array.from({ length: 30 }, (_, i) => ({ topic: `topic-${String(i).padStart(2, '0')}`, highs: [0] }));
    const state = fold({ type: 'sample', sample: sample(0, topics) });
    const u = ui({ type: 'move', delta: 25, rowKeys: topics.map((t) => t.topic), screen: 'topics' });
    const frame = screen(state, u, 80, 12);
    expect(frame).toContain('topic-25');
    expect(frame).not.toContain('topic-00');
    expect(frame).toMatch(/rows \d+-\d+ of 30/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(12);
  });

  it('shows the filter being typed', () => {
    const frame = screen(busyCluster(), ui({ type: 'filter-start' }, { type: 'filter-type', text: 'ord' }));
    expect(frame).toContain('/ord');
    expect(frame).not.toMatch(/^audit/m);
  });
});

describe('top app', () => {
  function fakeSource(samples: () => ClusterSample) {
    let closed = false;
    return { source: { poll: async () => samples(), close: async () => { closed = true; } }, closed: () => closed };
  }

  it('polls, follows keys, resizes with the terminal and exits on q', async () => {
    let t = 0;
    const { source } = fakeSource(() => {
      t += 1000;
      return sample(t, [{ topic: 'orders', highs: [t / 10] }], [group('billing', [['orders', 0, 1]], [{ clientId: 'worker-1', topic: 'orders', partitions: [0] }])]);
    });
    const stdout = new FakeStdout(100, 20);
    const stdin = new FakeStdin();
    const app = renderInk(<TopApp source={source} intervalMs={20} brokers="test" />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    try {
      await eventually(() => expect(stdout.lastFrame()).toMatch(/orders\s+1\s+100/));
      stdin.write('\t');
      await eventually(() => expect(stdout.lastFrame()).toMatch(/billing\s+Stable/));
      stdin.write('\r');
      await eventually(() => expect(stdout.lastFrame()).toContain('worker-1'));
      stdin.write('\u001b');
      await eventually(() => expect(stdout.lastFrame()).not.toContain('worker-1'));
      stdout.resize(60, 10);
      await eventually(() => {
        const lines = stdout.lastFrame().split('\n');
        expect(lines.length).toBeLessThanOrEqual(10);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
      });
      stdin.write('q');
      await app.waitUntilExit();
    } finally {
      app.unmount();
      app.cleanup();
    }
  });

  it('stops polling while paused', async () => {
    let polls = 0;
    const { source } = fakeSource(() => sample(++polls * 1000, [{ topic: 't', highs: [polls] }]));
    const stdout = new FakeStdout(100, 20);
    const stdin = new FakeStdin();
    const app = renderInk(<TopApp source={source} intervalMs={20} brokers="test" />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    try {
      await eventually(() => expect(polls).toBeGreaterThan(1));
      stdin.write('p');
      await eventually(() => expect(stdout.lastFrame()).toContain('paused'));
      const pausedAt = polls;
      await new Promise((r) => setTimeout(r, 200));
      expect(polls).toBeLessThanOrEqual(pausedAt + 1);
      stdin.write('p');
      await eventually(() => expect(polls).toBeGreaterThan(pausedAt + 2));
    } finally {
      app.unmount();
      app.cleanup();
    }
  });
});

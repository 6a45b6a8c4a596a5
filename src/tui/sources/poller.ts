/**
 * Polls a cluster source every interval and reports each sample or failure.
 * At most one poll is in flight: a slow cluster delays the next poll rather
 * than piling requests up, and a poll that outlasts its deadline is reported
 * as a failure at once (the screen says so) while the poller waits for it to settle.
 */
import { systemClock, type Clock } from '../../common/index.js';
import type { ClusterSample } from '../../client/index.js';
import type { TopAction } from '../state/index.js';

export interface TopSource {
  poll(): Promise<ClusterSample>;
  close(): Promise<void>;
}

export interface PollerOptions {
  intervalMs: number;
  /** A poll running longer than this is reported as failed; default five intervals, at least 10 s. */
  pollDeadlineMs?: number;
  clock?: Clock;
  onAction(action: TopAction): void;
}

export function describePollError(err: unknown): string {
  const e = err as { message?: string; type?: string } | undefined;
  const message = e?.message ?? String(err);
  return e?.type && !message.includes(e.type) ? `${message} (${e.type})` : message;
}

export class Poller {
  private readonly clock: Clock;
  private readonly deadlineMs: number;
  private cancelTimer: (() => void) | null = null;
  private cancelDeadline: (() => void) | null = null;
  private inFlightSinceMs: number | null = null;
  private stopped = false;
  private paused = false;

  constructor(
    private readonly source: TopSource,
    private readonly options: PollerOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.deadlineMs = options.pollDeadlineMs ?? Math.max(10_000, 5 * options.intervalMs);
  }

  start(): void {
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelDeadline?.();
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (!paused && this.inFlightSinceMs === null) this.tick();
  }

  /** Since when the poll in flight has been running, or null. */
  waitingSinceMs(): number | null {
    return this.inFlightSinceMs;
  }

  private tick(): void {
    if (this.stopped || this.paused || this.inFlightSinceMs !== null) return;
    const startedMs = this.clock.nowMs();
    this.inFlightSinceMs = startedMs;
    let reportedLate = false;
    this.cancelDeadline = this.clock.setTimer(this.deadlineMs, () => {
      reportedLate = true;
      this.report({ type: 'poll-failed', atMs: this.clock.nowMs(), message: `no answer within ${this.deadlineMs} ms` });
    });
    this.source.poll().then(
      (sample) => this.report({ type: 'sample', sample }),
      (err: unknown) => {
        if (!reportedLate) this.report({ type: 'poll-failed', atMs: this.clock.nowMs(), message: describePollError(err) });
      },
    ).finally(() => {
      this.cancelDeadline?.();
      this.cancelDeadline = null;
      this.inFlightSinceMs = null;
      if (this.stopped || this.paused) return;
      const waitMs = Math.max(0, startedMs + this.options.intervalMs - this.clock.nowMs());
      this.cancelTimer = this.clock.setTimer(waitMs, () => this.tick());
    });
  }

  private report(action: TopAction): void {
    if (!this.stopped) this.options.onAction(action);
  }
}

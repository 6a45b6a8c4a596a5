/**
 * Paces `--throughput`/`--rate`: tokens accrue at `ratePerSec` up to `burst`,
 * so a stall (GC, a slow ack) is caught up by at most one burst instead of a
 * flood. Time comes from an injected Clock so tests need not sleep.
 */
import { systemClock, type Clock } from '../common/index.js';

export class TokenBucket {
  private tokens = 0;
  private lastMs: number;

  /** `ratePerSec <= 0` means unlimited: every request is granted at once. */
  constructor(
    readonly ratePerSec: number,
    readonly burst: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.lastMs = clock.nowMs();
  }

  get unlimited(): boolean {
    return this.ratePerSec <= 0;
  }

  /** Whole tokens available now. */
  available(): number {
    if (this.unlimited) return Number.POSITIVE_INFINITY;
    this.refill();
    return Math.floor(this.tokens);
  }

  /** Takes up to `max` whole tokens without waiting; returns how many. */
  take(max: number): number {
    const granted = Math.min(max, this.available());
    if (!this.unlimited) this.tokens -= granted;
    return granted;
  }

  /** Milliseconds until `n` tokens are available (0 if they are now). */
  delayMsFor(n: number): number {
    if (this.unlimited) return 0;
    this.refill();
    const missing = Math.min(n, this.burst) - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing * 1_000) / this.ratePerSec);
  }

  /** Waits for `n` tokens (at most one burst) and takes them; returns how many. */
  async acquire(n: number): Promise<number> {
    const want = this.unlimited ? n : Math.min(n, this.burst);
    for (;;) {
      const delayMs = this.delayMsFor(want);
      if (delayMs === 0) return this.take(want);
      await sleepOn(this.clock, delayMs);
    }
  }

  private refill(): void {
    const nowMs = this.clock.nowMs();
    const elapsedMs = nowMs - this.lastMs;
    this.lastMs = nowMs;
    if (elapsedMs > 0) this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSec) / 1_000);
  }
}

export function sleepOn(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(delayMs, resolve));
}

/**
 * Hands out batch sizes for a producer: a full batch when the bucket holds
 * one, otherwise what has accrued once `lingerMs` has passed (at least one
 * record), like a Kafka producer's linger.ms. Callers are served one at a
 * time, so concurrent senders share the rate instead of each taking it.
 */
export class BatchPacer {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bucket: TokenBucket,
    private readonly lingerMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  next(max: number): Promise<number> {
    const turn = this.queue.then(() => this.wait(max));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async wait(max: number): Promise<number> {
    if (this.bucket.unlimited) return max;
    const want = Math.min(max, this.bucket.burst);
    const deadlineMs = this.clock.nowMs() + this.lingerMs;
    for (;;) {
      const available = this.bucket.available();
      if (available >= want) return this.bucket.take(want);
      const nowMs = this.clock.nowMs();
      if (nowMs >= deadlineMs && available >= 1) return this.bucket.take(available);
      const untilFull = this.bucket.delayMsFor(want);
      const untilLinger = Math.max(deadlineMs - nowMs, this.bucket.delayMsFor(1));
      await sleepOn(this.clock, Math.max(1, Math.min(untilFull, untilLinger)));
    }
  }
}

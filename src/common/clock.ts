/**
 * Time is injected everywhere it decides behaviour (session timeouts, segment
 * age, retention), so tests can move it by hand instead of sleeping.
 */
export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  nowMs(): number;
  /** Runs `fn` after `delayMs`; returns a function that cancels it. */
  setTimer(delayMs: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  setTimer(delayMs, fn) {
    const t = setTimeout(fn, delayMs);
    t.unref?.();
    return () => clearTimeout(t);
  },
};

/** A clock that only moves when told to; timers fire in due order during `advance`. */
export class ManualClock implements Clock {
  private timers: { dueMs: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(private currentMs = 1_700_000_000_000) {}

  nowMs(): number {
    return this.currentMs;
  }

  setTimer(delayMs: number, fn: () => void): () => void {
    const timer = { dueMs: this.currentMs + Math.max(0, delayMs), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  advance(deltaMs: number): void {
    const targetMs = this.currentMs + deltaMs;
    for (;;) {
      const due = this.timers
        .filter((t) => t.dueMs <= targetMs)
        .sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.currentMs = Math.max(this.currentMs, due.dueMs);
      due.fn();
    }
    this.currentMs = targetMs;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}

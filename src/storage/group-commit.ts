/**
 * Group commit: callers wait for "an fdatasync that started after my data was
 * written". At most one sync runs at a time; everyone who asks while it runs
 * is served by the next one, which covers all of them. So N concurrent
 * producers cost about two fdatasyncs, not N.
 */
interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit {
  private waiting: Waiter[] = [];
  private running: Promise<void> | undefined;

  /** `syncOnce` must capture what it covers synchronously, before its first await. */
  constructor(private readonly syncOnce: () => Promise<void>) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  request(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.running) this.running = this.drain();
    return done;
  }

  /** Resolves once no sync is running (failures are reported to their waiters, not here). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const covered = this.waiting;
      this.waiting = [];
      try {
        await this.syncOnce();
        for (const waiter of covered) waiter.resolve();
      } catch (err) {
        for (const waiter of covered) waiter.reject(err);
      }
    }
    this.running = undefined;
  }
}

/**
 * The background work on logs, on the injected Clock:
 * - retention, every log.retention.check.interval.ms: each log deletes its
 *   closed segments past retention.ms / retention.bytes (Log.applyRetention);
 * - the log cleaner, every log.cleaner.backoff.ms while nothing needs
 *   cleaning, and again at once after a pass that cleaned something: each
 *   log whose cleanup.policy includes compact and whose dirty ratio or lags
 *   call for it gets a LogCleaner pass, the dirtiest first.
 * - flushing by time: a log holding records not yet fdatasync'ed is flushed
 *   once flush.ms has passed since its last flush. Logs are checked as often
 *   as the smallest flush.ms asks, between FLUSH_CHECK_MS_MIN and
 *   FLUSH_CHECK_MS_MAX (Kafka checks every log.flush.scheduler.interval.ms,
 *   never by default, so its flush.ms does nothing unless that is set too).
 * Intervals and the cleaner's I/O budget are read from the shared broker
 * settings each time, so dynamic broker configs apply at the next tick.
 * Passes run on the event loop in slices (see LogCleaner); stop() waits for
 * the one in progress to give up at its next slice.
 */
import type { Clock } from '../common/index.js';
import { LogCleaner, type ProducerStateView, type Log, type LogManager } from '../storage/index.js';
import type { BrokerSettings } from './config.js';

const FLUSH_CHECK_MS_MIN = 10;
const FLUSH_CHECK_MS_MAX = 1000;

export interface LogMaintenanceOptions {
  logs: LogManager;
  settings: BrokerSettings;
  clock: Clock;
  log: (message: string) => void;
  /** The logs' producers and transactions: the cleaner leaves open transactions alone, drops aborted ones and keeps each producer's last batch. */
  producerState?: ProducerStateView;
}

export class LogMaintenance {
  readonly cleaner: LogCleaner;
  private cancelRetention: (() => void) | undefined;
  private cancelCleaner: (() => void) | undefined;
  private cancelFlush: (() => void) | undefined;
  private running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly opts: LogMaintenanceOptions) {
    const settings = opts.settings;
    this.cleaner = new LogCleaner({
      clock: opts.clock,
      log: opts.log,
      producerState: opts.producerState,
      get ioBytesPerSecondMax() {
        return settings.logCleanerIoMaxBytesPerSecond;
      },
    });
  }

  start(): void {
    this.scheduleRetention();
    this.scheduleFlush(FLUSH_CHECK_MS_MAX);
    if (this.opts.settings.logCleanerEnable) this.scheduleCleaner(this.opts.settings.logCleanerBackoffMs);
  }

  /** One retention check over every log now; returns the segments deleted. */
  runRetention(): number {
    let deleted = 0;
    for (const { log } of this.opts.logs.allLogs()) {
      if (log.isClosed) continue;
      try {
        deleted += log.applyRetention().segmentsDeleted;
      } catch (err) {
        this.opts.log(`retention of ${log.dir} failed: ${(err as Error).message}`);
      }
    }
    return deleted;
  }

  /** One cleaner pass over every log that needs one now; returns how many were cleaned. */
  async runCleaner(): Promise<number> {
    const due = this.opts.logs
      .allLogs()
      .map(({ log }) => log)
      .filter((log) => {
        try {
          return this.cleaner.needsCleaning(log);
        } catch (err) {
          // One log that cannot be planned (its producer state unreadable, say) must not stop the cleaner for all.
          this.opts.log(`compaction of ${log.dir} not planned: ${(err as Error).message}`);
          return false;
        }
      })
      .sort((a, b) => dirtyShare(b, this.cleaner) - dirtyShare(a, this.cleaner));
    let cleaned = 0;
    for (const log of due) {
      if (this.stopped) break;
      try {
        if (await this.cleaner.clean(log)) cleaned++;
      } catch (err) {
        this.opts.log(`compaction of ${log.dir} failed: ${(err as Error).message}`);
      }
    }
    return cleaned;
  }

  /**
   * Starts a flush of every log due one by flush.ms; returns how many were
   * started and when to look again (the smallest flush.ms, within bounds).
   */
  runFlush(): { started: number; nextCheckMs: number } {
    const nowMs = this.opts.clock.nowMs();
    let started = 0;
    let nextCheckMs = FLUSH_CHECK_MS_MAX;
    for (const { log } of this.opts.logs.allLogs()) {
      if (log.isClosed) continue;
      const flushMs = log.config.flushMs;
      if (flushMs !== undefined) nextCheckMs = Math.min(nextCheckMs, Math.max(FLUSH_CHECK_MS_MIN, flushMs));
      if (!log.flushDueAt(nowMs)) continue;
      started++;
      // A failure is the log's to keep (it takes no more writes); here it is only reported.
      log.flush().catch((err: Error) => this.opts.log(`flush of ${log.dir} by flush.ms failed: ${err.message}`));
    }
    return { started, nextCheckMs };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelFlush?.();
    this.cancelRetention?.();
    this.cancelCleaner?.();
    this.cleaner.stop();
    await Promise.allSettled([...this.running]);
  }

  private scheduleRetention(): void {
    if (this.stopped) return;
    this.cancelRetention = this.opts.clock.setTimer(this.opts.settings.logRetentionCheckIntervalMs, () => {
      this.runRetention();
      this.scheduleRetention();
    });
  }

  private scheduleFlush(delayMs: number): void {
    if (this.stopped) return;
    this.cancelFlush = this.opts.clock.setTimer(delayMs, () => this.scheduleFlush(this.runFlush().nextCheckMs));
  }

  private scheduleCleaner(delayMs: number): void {
    if (this.stopped) return;
    this.cancelCleaner = this.opts.clock.setTimer(delayMs, () => {
      const pass = this.runCleaner();
      this.running.add(pass);
      void pass.then(
        (cleaned) => {
          this.running.delete(pass);
          if (!this.opts.settings.logCleanerEnable) return;
          this.scheduleCleaner(cleaned > 0 ? 0 : this.opts.settings.logCleanerBackoffMs);
        },
        () => this.running.delete(pass),
      );
    });
  }
}

/** Share of the log not yet cleaned, roughly: the order in which logs are cleaned. */
function dirtyShare(log: Log, cleaner: LogCleaner): number {
  const firstDirty = cleaner.firstDirtyOffset(log) ?? log.logStartOffset;
  const span = log.logEndOffset - log.logStartOffset;
  return span > 0 ? (log.logEndOffset - firstDirty) / span : 0;
}

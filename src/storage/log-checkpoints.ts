/**
 * The two small files beside a partition's segments, both a decimal offset
 * replaced atomically (writeFileAtomic):
 * - `recovery-point`: every offset below it was fdatasync'ed. Written lazily
 *   (at most once per interval, and on close): recovery re-validates from the
 *   segment holding it, so a stale, lower value only costs start-up time. A
 *   value above the log end would be unsafe, so truncation removes the file.
 * - `log-start-offset`: present while the log start lies inside the first
 *   segment (after deleteRecordsBefore); otherwise the first segment's base
 *   offset is the log start.
 * Writes run one at a time, in order; a failure is logged, never thrown.
 */
import { join } from 'node:path';
import type { Clock } from '../common/index.js';
import type { FileSystem } from './file-system.js';
import { storageError } from './errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { LOG_START_OFFSET_FILE, RECOVERY_POINT_FILE } from './log-loader.js';

/** How often, at most, the recovery-point file is rewritten. */
const RECOVERY_POINT_WRITE_INTERVAL_MS = 1000;

export class LogCheckpoints {
  private chain: Promise<void> | undefined;
  private recoveryPointWrittenMs = 0;
  private latestRecoveryPoint: number;
  private stopped = false;

  constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly logLine: (msg: string) => void,
    /** What the recovery-point file says now; -1 when unknown. */
    private persistedRecoveryPoint: number,
  ) {
    this.latestRecoveryPoint = persistedRecoveryPoint;
  }

  /** The recovery point moved up: rewrite the file if the last write is old enough. */
  recoveryPointAdvanced(recoveryPoint: number): void {
    this.latestRecoveryPoint = recoveryPoint;
    const nowMs = this.clock.nowMs();
    if (nowMs - this.recoveryPointWrittenMs < RECOVERY_POINT_WRITE_INTERVAL_MS) return;
    if (this.persistedRecoveryPoint === recoveryPoint) return;
    this.recoveryPointWrittenMs = nowMs;
    this.enqueue(RECOVERY_POINT_FILE, () => {
      this.persistedRecoveryPoint = this.latestRecoveryPoint;
      return String(this.latestRecoveryPoint);
    });
  }

  /** The log was truncated below the saved recovery point: forget it (synchronously). */
  recoveryPointLowered(recoveryPoint: number): void {
    this.latestRecoveryPoint = recoveryPoint;
    this.remove(RECOVERY_POINT_FILE);
    this.persistedRecoveryPoint = -1;
    this.recoveryPointWrittenMs = 0;
  }

  logStartOffsetChanged(logStartOffset: number, firstSegmentBaseOffset: number): void {
    if (logStartOffset > firstSegmentBaseOffset) this.enqueue(LOG_START_OFFSET_FILE, () => String(logStartOffset));
    else this.remove(LOG_START_OFFSET_FILE);
  }

  /** Waits for queued writes, then writes the final recovery point (errors thrown here). */
  async close(recoveryPoint: number): Promise<void> {
    while (this.chain) await this.chain;
    this.stopped = true;
    if (this.persistedRecoveryPoint !== recoveryPoint) {
      await writeFileAtomic(this.fs, join(this.dir, RECOVERY_POINT_FILE), String(recoveryPoint));
      this.persistedRecoveryPoint = recoveryPoint;
    }
  }

  /** The log is being deleted: nothing more is written. */
  stop(): void {
    this.stopped = true;
  }

  private enqueue(name: string, content: () => string): void {
    const path = join(this.dir, name);
    const write = (this.chain ?? Promise.resolve()).then(async () => {
      if (this.stopped) return;
      try {
        await writeFileAtomic(this.fs, path, content());
      } catch (err) {
        if (name === RECOVERY_POINT_FILE) this.persistedRecoveryPoint = -1;
        this.logLine(`${path}: ${(err as Error).message}`);
      }
    });
    this.chain = write;
    void write.finally(() => {
      if (this.chain === write) this.chain = undefined;
    });
  }

  private remove(name: string): void {
    try {
      this.fs.rmSync(join(this.dir, name));
    } catch (err) {
      throw storageError(err, 'remove', join(this.dir, name));
    }
  }
}

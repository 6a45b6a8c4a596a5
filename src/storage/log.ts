/**
 * Log: one partition, a directory of segments (see LogSegment for the file
 * format and LogLoader for recovery). Offsets [logStartOffset, logEndOffset)
 * are readable; on a single node the log end offset is the high watermark.
 * Everything below `recoveryPoint` is known to be fdatasync'ed; recovery
 * re-validates from the segment holding it. Only the last segment (the
 * active one) is appended to. Appends and reads are synchronous; flush is
 * asynchronous and shared between concurrent callers (GroupCommit).
 */
import { dirname } from 'node:path';
import { assert, KgoError, systemClock, type Clock } from '../common/index.js';
import { nodeFileSystem, type FileSystem } from './file-system.js';
import { OffsetOutOfRangeError, StorageError, storageError } from './errors.js';
import { LogSegment } from './log-segment.js';
import { loadLog } from './log-loader.js';
import { GroupCommit } from './group-commit.js';
import { LogCheckpoints } from './log-checkpoints.js';
import { BATCH_HEADER_BYTES, batchSizeAt, lastOffsetDeltaAt, magicAt, maxTimestampAt, patchBaseOffset } from './batch-view.js';
import { retentionSettings, type LogConfig } from './log-config.js';
import { readBatches, type ReadOptions, type ReadResult } from './log-read.js';
import { segmentsPastRetention } from './log-retention.js';
import { swapInCleaned, type CleanedSegment } from './segment-swap.js';

export { DEFAULT_LOG_CONFIG, LOG_RETENTION_DEFAULTS, retentionSettings, type CleanupPolicy, type LogConfig } from './log-config.js';

export interface LogOptions {
  fs?: FileSystem;
  clock?: Clock;
  log?: (msg: string) => void;
}

const RELATIVE_OFFSET_MAX = 0x7fffffff;

export class Log {
  private segments: LogSegment[];
  private startOffset: number;
  private flushedOffset: number;
  /**
   * Set when an fdatasync failed. Linux may then have dropped the dirty pages
   * and marked them clean, so a later fdatasync can succeed without the data
   * being on disk: claiming durability again would be a lie. The log refuses
   * appends and flushes from then on (its reads go on); a restart re-validates
   * everything past the recovery point, which never moved past the failure.
   */
  private syncFailure: StorageError | null = null;
  private readonly unflushed = new Set<LogSegment>();
  private readonly pendingClose: LogSegment[] = [];
  private readonly groupCommit = new GroupCommit(() => this.syncOnce());
  /** When the last fdatasync that covered the whole log started (for flush.ms). */
  private lastFlushMs: number;
  /** Bumped by truncateTo, so a sync that straddles a truncation does not claim the new bytes. */
  private truncations = 0;
  private readonly checkpoints: LogCheckpoints;
  private closed = false;
  /** Segment files were created (or the log dir itself): fsync the directory with the next flush. */
  private dirChanged: boolean;
  /** The log dir itself is new: its entry in the data dir needs an fsync too. */
  private parentChanged: boolean;

  private constructor(
    readonly dir: string,
    private settings: LogConfig,
    private readonly fs: FileSystem,
    private readonly clock: Clock,
    private readonly logLine: (msg: string) => void,
  ) {
    const loaded = loadLog({ fs, dir, indexIntervalBytes: settings.indexIntervalBytes, nowMs: clock.nowMs(), log: logLine });
    this.segments = loaded.segments;
    this.startOffset = loaded.logStartOffset;
    this.flushedOffset = loaded.recoveryPoint;
    this.lastFlushMs = clock.nowMs();
    this.checkpoints = new LogCheckpoints(fs, dir, clock, logLine, loaded.recoveryPoint);
    this.dirChanged = loaded.created;
    this.parentChanged = loaded.created;
    // Recovered bytes past the recovery point may still sit only in the page cache.
    for (const segment of this.segments) if (segment.nextOffset > this.flushedOffset) this.unflushed.add(segment);
  }

  get config(): LogConfig {
    return this.settings;
  }

  /** New settings (segment size and age, index interval) take effect from the next append or roll. */
  reconfigure(config: LogConfig): void {
    assert(config.segmentBytes > 0 && config.segmentBytes <= RELATIVE_OFFSET_MAX, 'segmentBytes fits an int32 position');
    this.settings = config;
  }

  /** Opens (or creates) the partition directory, recovering it as needed. */
  static open(dir: string, config: LogConfig, opts: LogOptions = {}): Log {
    assert(config.segmentBytes > 0 && config.segmentBytes <= RELATIVE_OFFSET_MAX, 'segmentBytes fits an int32 position');
    return new Log(dir, config, opts.fs ?? nodeFileSystem, opts.clock ?? systemClock, opts.log ?? (() => {}));
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  /** The offset the next appended record gets. */
  get logEndOffset(): number {
    return this.active.nextOffset;
  }

  /** Every offset below this is on disk (fdatasync'ed). */
  get recoveryPoint(): number {
    return this.flushedOffset;
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.sizeBytes, 0);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The file system the log's files live on (the LogCleaner writes cleaned segments beside them). */
  get fileSystem(): FileSystem {
    return this.fs;
  }

  /** Every segment but the active one, oldest first: what retention and the cleaner may touch. */
  closedSegments(): readonly LogSegment[] {
    return this.segments.slice(0, -1);
  }

  /** Base offsets of the segments, oldest first (for retention and tools). */
  segmentBaseOffsets(): number[] {
    return this.segments.map((s) => s.baseOffset);
  }

  /**
   * The largest batch maxTimestamp and the last offset of that batch (what
   * ListOffsets -3 answers at batch precision); -1/-1 for an empty log.
   */
  maxTimestamp(): { timestamp: number; offset: number } {
    let best = { timestamp: -1, offset: -1 };
    for (const s of this.segments) {
      if (s.offsetOfMaxTimestamp >= 0 && s.maxTimestamp > best.timestamp) {
        best = { timestamp: s.maxTimestamp, offset: s.offsetOfMaxTimestamp };
      }
    }
    return best;
  }

  /**
   * Appends one validated batch: assigns offsets from the log end (patching
   * `batch` in place) and writes it to the page cache. On a StorageError
   * nothing was appended and the log end offset did not move.
   */
  append(batch: Buffer): { baseOffset: number; lastOffset: number } {
    this.assertOpen();
    if (this.syncFailure) throw this.syncFailure;
    assert(batch.length >= BATCH_HEADER_BYTES && batchSizeAt(batch, 0) === batch.length, 'append takes one whole batch');
    assert(magicAt(batch, 0) === 2, 'append takes RecordBatch v2');
    if (this.config.maxMessageBytes !== undefined && batch.length > this.config.maxMessageBytes) {
      throw new KgoError(`batch of ${batch.length} bytes exceeds ${this.config.maxMessageBytes}`, 'RECORD_BATCH_TOO_LARGE');
    }
    this.repairIfNeeded();
    const baseOffset = this.logEndOffset;
    const lastOffset = baseOffset + lastOffsetDeltaAt(batch, 0);
    if (this.shouldRoll(batch.length, lastOffset)) this.roll();
    patchBaseOffset(batch, 0, baseOffset);
    const segment = this.active;
    segment.append(batch, { baseOffset, lastOffset, maxTimestamp: maxTimestampAt(batch, 0) });
    this.unflushed.add(segment);
    return { baseOffset, lastOffset };
  }

  /**
   * Resolves once everything appended before the call (at least up to
   * `uptoOffset`, exclusive) is fdatasync'ed. Rejects with a StorageError if
   * the fdatasync failed; the recovery point then stays where it was.
   */
  flush(uptoOffset: number = this.logEndOffset): Promise<void> {
    if (this.closed) return Promise.reject(new StorageError(`log ${this.dir} is closed`, 'ECLOSED', this.dir));
    if (uptoOffset <= this.flushedOffset) return Promise.resolve();
    if (this.syncFailure) return Promise.reject(this.syncFailure);
    // Even with nothing left unflushed, a sync may be running on our bytes:
    // the next round (possibly empty) completes only after it.
    return this.groupCommit.request();
  }

  /** At least flush.messages records are not yet fdatasync'ed: whoever appended the last of them should flush. */
  get flushDue(): boolean {
    const limit = this.settings.flushMessages;
    return limit !== undefined && this.logEndOffset - this.flushedOffset >= limit;
  }

  /**
   * Records are not yet fdatasync'ed and flush.ms has passed since the last
   * flush. Never after a failed fdatasync: the log can flush no more.
   */
  flushDueAt(nowMs: number): boolean {
    const limit = this.settings.flushMs;
    return limit !== undefined && !this.syncFailure && this.logEndOffset > this.flushedOffset && nowMs - this.lastFlushMs >= limit;
  }

  /**
   * Whole batches from the one holding `fetchOffset`, up to `maxBytes` (but
   * at least one batch when `minOneBatch`, the default), possibly spanning
   * segments, stopping before any batch starting at or past `maxOffset`.
   */
  read(fetchOffset: number, maxBytes: number, opts: ReadOptions = {}): ReadResult {
    this.assertOpen();
    if (fetchOffset < this.startOffset || fetchOffset > this.logEndOffset) {
      throw new OffsetOutOfRangeError(fetchOffset, this.startOffset, this.logEndOffset);
    }
    const from = this.segmentIndexFor(fetchOffset);
    return readBatches(this.segments.slice(from), fetchOffset, maxBytes, opts);
  }

  /**
   * The first batch (from the log start) whose maxTimestamp >= `timestampMs`:
   * its first offset (or the log start offset, if later) and that maxTimestamp.
   * Batch precision: the offset may name a record older than `timestampMs`
   * inside that batch, as clients tolerate. Null when no batch is that recent.
   */
  offsetForTimestamp(timestampMs: number): { offset: number; timestamp: number } | null {
    for (const segment of this.segments) {
      if (segment.maxTimestamp < timestampMs) continue;
      let info = segment.findBatchByTimestamp(timestampMs);
      while (info && (info.lastOffset < this.startOffset || info.maxTimestamp < timestampMs)) {
        info = segment.readBatchInfo(info.position + info.sizeBytes);
      }
      if (info) return { offset: Math.max(info.baseOffset, this.startOffset), timestamp: info.maxTimestamp };
    }
    return null;
  }

  /**
   * Removes every batch holding `offset` or later. When `offset` falls inside
   * a batch, that whole batch goes (the log end becomes its base offset).
   */
  truncateTo(offset: number): void {
    this.assertOpen();
    if (offset >= this.logEndOffset) return;
    if (offset < this.startOffset) throw new OffsetOutOfRangeError(offset, this.startOffset, this.logEndOffset);
    const index = this.segmentIndexFor(offset);
    for (const segment of this.segments.splice(index + 1)) this.removeSegment(segment);
    const segment = this.active;
    const cut = segment.findBatch(offset);
    assert(cut !== undefined, `a batch of ${segment.logPath} holds offset ${offset}`);
    if (cut.position === 0 && this.segments.length > 1) {
      this.segments.pop();
      this.removeSegment(segment);
    } else {
      segment.truncateTo(cut.position, cut.baseOffset);
    }
    this.truncations++;
    this.flushedOffset = Math.min(this.flushedOffset, this.logEndOffset);
    this.startOffset = Math.min(this.startOffset, this.logEndOffset);
    this.checkpoints.recoveryPointLowered(this.flushedOffset);
  }

  /**
   * Advances the log start offset to `offset` and deletes the segments that
   * lie entirely below it. Returns the new log start offset.
   */
  deleteRecordsBefore(offset: number): number {
    this.assertOpen();
    if (offset > this.logEndOffset) throw new OffsetOutOfRangeError(offset, this.startOffset, this.logEndOffset);
    if (offset <= this.startOffset) return this.startOffset;
    this.startOffset = offset;
    if (this.active.nextOffset <= offset && this.active.sizeBytes > 0) this.roll();
    while (this.segments.length > 1 && this.segments[1]!.baseOffset <= offset) {
      this.removeSegment(this.segments.shift()!);
    }
    this.checkpoints.logStartOffsetChanged(offset, this.segments[0]!.baseOffset);
    return this.startOffset;
  }

  /**
   * Retention: deletes the oldest segments while they are past
   * retention.ms (by their largest timestamp) or the log is larger than
   * retention.bytes, and moves the log start offset up to the first one left.
   * Logs whose cleanup.policy lacks 'delete' are left alone.
   */
  applyRetention(): { segmentsDeleted: number; bytesDeleted: number } {
    this.assertOpen();
    // As Kafka: the active segment goes too once it is past retention (a new
    // empty one is rolled first), or a topic that never fills a segment would
    // keep its records for segment.ms, a week by default. An empty active
    // segment has nothing to delete.
    const candidates = this.active.sizeBytes === 0 ? this.closedSegments() : this.segments;
    const count = segmentsPastRetention(candidates, this.settings, this.clock.nowMs(), this.sizeBytes);
    if (count > 0 && count === this.segments.length) this.roll();
    let bytesDeleted = 0;
    for (const segment of this.segments.splice(0, count)) {
      bytesDeleted += segment.sizeBytes;
      this.removeSegment(segment);
    }
    if (count > 0) {
      this.startOffset = Math.max(this.startOffset, this.segments[0]!.baseOffset);
      this.checkpoints.logStartOffsetChanged(this.startOffset, this.segments[0]!.baseOffset);
      this.logLine(`${this.dir}: retention deleted ${count} segment(s), ${bytesDeleted} bytes; the log starts at offset ${this.startOffset}`);
    }
    return { segmentsDeleted: count, bytesDeleted };
  }

  /**
   * Replaces `old` (consecutive closed segments, still part of the log) by
   * the cleaned segment written aside (see segment-swap.ts). Returns false,
   * changing nothing, when the log moved on meanwhile (segments deleted by
   * retention or DeleteRecords, or the log closed): the caller discards the
   * cleaned file.
   */
  replaceSegments(old: readonly LogSegment[], cleaned: CleanedSegment): boolean {
    if (this.closed || old.length === 0) return false;
    const at = this.segments.indexOf(old[0]!);
    if (at < 0 || at + old.length >= this.segments.length) return false;
    if (old.some((segment, i) => this.segments[at + i] !== segment)) return false;
    for (const segment of old) {
      this.unflushed.delete(segment);
      this.closeSegment(segment);
    }
    let replacement: LogSegment;
    try {
      replacement = swapInCleaned(this.fs, this.dir, old, cleaned, this.settings.indexIntervalBytes, this.clock.nowMs());
    } catch (err) {
      // On disk LogLoader finishes or undoes the swap; in memory the old segments are closed already.
      this.closed = true;
      this.logLine(`${this.dir}: ${(err as Error).message}; the log is offline until the broker restarts`);
      throw err;
    }
    this.segments.splice(at, old.length, replacement);
    this.dirChanged = true;
    this.fs.fsyncDir(this.dir).catch((err: Error) => this.logLine(`${this.dir}: fsync after a segment swap failed: ${err.message}`));
    return true;
  }

  /** Flushes, writes the recovery point and closes every file. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.syncFailure) await this.flush();
      await this.groupCommit.idle();
      await this.checkpoints.close(this.flushedOffset);
    } finally {
      this.closed = true;
      for (const segment of [...this.segments, ...this.pendingClose]) segment.close();
    }
  }

  /** Closes the files and removes the whole directory, without flushing. */
  delete(): void {
    this.closed = true;
    this.checkpoints.stop();
    for (const segment of this.segments) {
      // An fdatasync may be running on its fd: the sync closes it when done.
      if (this.groupCommit.busy) this.pendingClose.push(segment);
      else segment.close();
    }
    if (!this.groupCommit.busy) for (const segment of this.pendingClose.splice(0)) segment.close();
    try {
      this.fs.rmSync(this.dir);
    } catch (err) {
      throw storageError(err, 'delete log', this.dir);
    }
  }

  private get active(): LogSegment {
    return this.segments[this.segments.length - 1]!;
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError(`log ${this.dir} is closed`, 'ECLOSED', this.dir);
  }

  private repairIfNeeded(): void {
    const segment = this.active;
    if (segment.needsRepair && !segment.tryRepairTail()) {
      throw new StorageError(`log ${this.dir} needs recovery: cannot cut a failed write off ${segment.logPath}`, 'EIO', segment.logPath);
    }
  }

  private shouldRoll(batchBytes: number, lastOffset: number): boolean {
    const segment = this.active;
    if (segment.sizeBytes === 0) return false;
    // The active segment is never compacted: roll it in time for max.compaction.lag.ms.
    const { cleanupPolicy, maxCompactionLagMs } = retentionSettings(this.config);
    const rollMs = cleanupPolicy.compact ? Math.min(this.config.segmentMs, maxCompactionLagMs) : this.config.segmentMs;
    return (
      segment.sizeBytes + batchBytes > this.config.segmentBytes ||
      this.clock.nowMs() - segment.createdMs >= rollMs ||
      lastOffset - segment.baseOffset > RELATIVE_OFFSET_MAX
    );
  }

  private roll(): void {
    const previous = this.active;
    const segment = LogSegment.create(this.fs, this.dir, this.logEndOffset, this.config.indexIntervalBytes, this.clock.nowMs());
    previous.onRoll();
    this.segments.push(segment);
    this.dirChanged = true;
  }

  /** The segment holding `offset` (the last one whose base offset is <= it). */
  private segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private removeSegment(segment: LogSegment): void {
    this.unflushed.delete(segment);
    this.closeSegment(segment);
    segment.deleteFiles();
  }

  /** Closes the files now, or, while an fdatasync may be running on its fd, once that is over. */
  private closeSegment(segment: LogSegment): void {
    if (this.groupCommit.busy) this.pendingClose.push(segment);
    else segment.close();
  }

  private async syncOnce(): Promise<void> {
    const startedMs = this.clock.nowMs();
    const coveredOffset = this.logEndOffset;
    const truncations = this.truncations;
    const segments = [...this.unflushed];
    const { dirChanged, parentChanged } = this;
    this.unflushed.clear();
    this.dirChanged = this.parentChanged = false;
    try {
      for (const segment of segments) await segment.fdatasync();
      // A new segment's data is only reachable once its directory entry is durable.
      if (dirChanged) await this.fs.fsyncDir(this.dir);
      if (parentChanged) await this.fs.fsyncDir(dirname(this.dir));
    } catch (err) {
      const failure = storageError(err, 'fdatasync of', this.dir);
      if (!this.syncFailure) {
        this.syncFailure = new StorageError(`${failure.message}; ${this.dir} takes no more writes until the broker restarts and re-validates it`, failure.code, this.dir);
        this.logLine(this.syncFailure.message);
      }
      throw this.syncFailure;
    } finally {
      for (const segment of this.pendingClose.splice(0)) segment.close();
    }
    this.lastFlushMs = startedMs;
    if (truncations === this.truncations && coveredOffset > this.flushedOffset) {
      this.flushedOffset = coveredOffset;
      this.checkpoints.recoveryPointAdvanced(coveredOffset);
    }
  }
}

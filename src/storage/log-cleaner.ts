/**
 * LogCleaner: compaction of logs whose cleanup.policy includes 'compact'.
 *
 * Each log has a cleaner checkpoint, the first dirty offset: below it the
 * log was cleaned already (kept in `cleaner-checkpoint` beside the segments,
 * replaced atomically after each pass). A pass (Kafka's order of work):
 *   1. plan: the cleanable range is the closed segments, stopping at the
 *      first one holding a record younger than min.compaction.lag.ms; it is
 *      cleaned when dirty bytes / cleanable bytes reaches
 *      min.cleanable.dirty.ratio, when the oldest dirty record is older than
 *      max.compaction.lag.ms, or when a kept tombstone is due to go;
 *   2. map: the latest offset of each key in the dirty segments (at most
 *      OFFSET_MAP_KEYS_MAX keys; the range ends at the segment where the map
 *      filled up, the rest waits for the next pass);
 *   3. copy: the segments up to the mapped end, in groups that fit
 *      segment.bytes, into `.cleaned` files keeping each record that is the
 *      latest of its key (and tombstones younger than delete.retention.ms,
 *      by their timestamp), then swap each group in (segment-swap.ts).
 * Offsets never change, so a cleaned log has gaps; readers skip them.
 *
 * Transactions, as Kafka's cleaner treats them: nothing at or past the last
 * stable offset is cleanable (a transaction still open may yet abort, and
 * its records must not have replaced a committed value of their key by
 * then), and the records of aborted transactions neither count as the
 * latest of their key nor survive a pass. Transaction markers stay: a
 * read_committed consumer still needs the abort marker of any aborted
 * batch it may meet, and the commit markers are a few bytes each.
 * The last data batch of each producer stays whole, whatever its records:
 * a restarted broker rebuilds a producer's sequence numbers from the log,
 * and without that batch would refuse the producer's next one as out of
 * sequence (Kafka keeps it too, emptied of its records).
 *
 * The event loop owns the logs: a pass works in slices (sliceBytes of log
 * read between two yields), is throttled to ioBytesPerSecondMax (bytes read
 * plus written), and re-checks after every await that its segments are
 * still there (retention, DeleteRecords or a topic deletion may have moved
 * on); if not it drops its work and leaves the log as it is.
 */
import { join } from 'node:path';
import type { Clock } from '../common/index.js';
import { writeFileAtomic } from './atomic-file.js';
import { readBatchHeader, type BatchHeader } from '../protocol/index.js';
import { baseOffsetAt, batchSizeAt, lastOffsetDeltaAt, maxTimestampAt } from './batch-view.js';
import { filterBatch, scanBatch, type ScannedRecord } from './batch-filter.js';
import { retentionSettings } from './log-config.js';
import type { Log } from './log.js';
import type { BatchInfo, LogSegment } from './log-segment.js';
import { cleanedPath } from './segment-swap.js';

/** Beside the segments: "<first dirty offset> <when a kept tombstone is due, -1: none>". */
export const CLEANER_CHECKPOINT_FILE = 'cleaner-checkpoint';
/** Keys the offset map holds at most per pass (Kafka bounds it by log.cleaner.dedupe.buffer.size). */
export const OFFSET_MAP_KEYS_MAX = 1_000_000;
/** Small enough that one slice holds the event loop for about a millisecond. */
const SLICE_BYTES_DEFAULT = 32 * 1024;
const RELATIVE_OFFSET_MAX = 0x7fffffff;
const THROTTLE_WINDOW_MS = 100;

/** An aborted transaction of a log: its producer, its first record and its ABORT marker. */
export interface AbortedRange {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
}

/** What the cleaner needs of a log's producers and transactions (the broker's producer state has it). */
export interface ProducerStateView {
  /** Where the oldest unfinished transaction starts, or the log end offset when none is. */
  lastStableOffset(log: Log): number;
  /** The aborted transactions overlapping [fromOffset, toOffset). */
  abortedTransactions(log: Log, fromOffset: number, toOffset: number): readonly AbortedRange[];
  /** The base offset of each known producer's last data batch, by producer id. */
  lastBatchOffsets(log: Log): ReadonlyMap<number, number>;
}

export interface LogCleanerOptions {
  clock: Clock;
  /** log.cleaner.io.max.bytes.per.second: bytes read plus written; Infinity for no limit. */
  ioBytesPerSecondMax?: number;
  /** Bytes of log handled between two yields to the event loop. */
  sliceBytes?: number;
  log?: (message: string) => void;
  /** Without it every batch counts as committed and no producer's batch is kept for its sake. */
  producerState?: ProducerStateView;
}

export interface CleanStats {
  /** Bytes of the dirty segments whose keys were mapped. */
  dirtyBytes: number;
  bytesRead: number;
  bytesWritten: number;
  recordsRead: number;
  recordsRemoved: number;
  segmentsBefore: number;
  segmentsAfter: number;
  /** On the cleaner's clock, from plan to the last swap. */
  durationMs: number;
}

interface CleanerState {
  firstDirtyOffset: number;
  /** When the earliest tombstone kept by the last pass may go; Infinity when none was kept. */
  tombstoneDueMs: number;
}

interface Plan {
  cleanable: LogSegment[];
  firstDirtyOffset: number;
}

class PassAborted extends Error {}

export class LogCleaner {
  private readonly states = new WeakMap<Log, CleanerState>();
  /** Logs without a (readable) checkpoint file, so it is not looked for on every plan. */
  private readonly unreadable = new WeakSet<Log>();
  private stopped = false;
  private throttleStartMs: number;
  private throttleBytes = 0;

  constructor(private readonly opts: LogCleanerOptions) {
    this.throttleStartMs = opts.clock.nowMs();
  }

  /** Every later pass stops at its next slice, leaving its log as it was. */
  stop(): void {
    this.stopped = true;
  }

  /** The first offset not yet cleaned (the cleaner checkpoint), or undefined before any pass. */
  firstDirtyOffset(log: Log): number | undefined {
    return this.stateOf(log)?.firstDirtyOffset;
  }

  /** Whether a pass would clean `log` now. */
  needsCleaning(log: Log): boolean {
    return this.plan(log) !== undefined;
  }

  /** One pass over `log` if it needs one; undefined when it did not, or gave up because the log changed. */
  async clean(log: Log): Promise<CleanStats | undefined> {
    const plan = this.plan(log);
    if (!plan) return undefined;
    const startedMs = this.opts.clock.nowMs();
    const stats: CleanStats = { dirtyBytes: 0, bytesRead: 0, bytesWritten: 0, recordsRead: 0, recordsRemoved: 0, segmentsBefore: log.segmentCount, segmentsAfter: 0, durationMs: 0 };
    try {
      const { map, mappedEndOffset, mappedSegments } = await this.buildOffsetMap(log, plan, stats);
      const toClean = mappedSegments > 0 ? plan.cleanable.filter((s) => s.baseOffset < mappedEndOffset) : plan.cleanable;
      const state = { firstDirtyOffset: mappedSegments > 0 ? mappedEndOffset : plan.firstDirtyOffset, tombstoneDueMs: Infinity };
      // A cleaned segment is never empty (LogLoader reads a gap after an empty
      // segment as crash damage): a group left with nothing joins the next one.
      const groups = this.groups(log, toClean);
      let carried: LogSegment[] = [];
      for (let i = 0; i < groups.length; i++) {
        const group = [...carried, ...groups[i]!];
        const swapped = await this.cleanGroup(log, group, map, state, stats, i === groups.length - 1);
        carried = swapped ? [] : group;
      }
      this.states.set(log, state);
      await this.saveCheckpoint(log, state);
      stats.segmentsAfter = log.segmentCount;
      stats.durationMs = this.opts.clock.nowMs() - startedMs;
      this.opts.log?.(
        `${log.dir}: compacted ${stats.dirtyBytes} dirty bytes in ${stats.durationMs} ms, removed ${stats.recordsRemoved} of ${stats.recordsRead} records, ` +
          `${stats.bytesRead} bytes read, ${stats.bytesWritten} written`,
      );
      return stats;
    } catch (err) {
      if (err instanceof PassAborted) return undefined;
      throw err;
    }
  }

  private plan(log: Log): Plan | undefined {
    const config = retentionSettings(log.config);
    if (!config.cleanupPolicy.compact || log.isClosed) return undefined;
    const nowMs = this.opts.clock.nowMs();
    let cleanable = [...log.closedSegments()];
    const lastStableOffset = this.opts.producerState?.lastStableOffset(log);
    if (lastStableOffset !== undefined) {
      const unstable = cleanable.findIndex((s) => s.nextOffset > lastStableOffset);
      if (unstable >= 0) cleanable = cleanable.slice(0, unstable);
    }
    if (config.minCompactionLagMs > 0) {
      const young = cleanable.findIndex((s) => s.maxTimestamp > nowMs - config.minCompactionLagMs);
      if (young >= 0) cleanable = cleanable.slice(0, young);
    }
    if (cleanable.length === 0) return undefined;
    const state = this.stateOf(log);
    const firstDirtyOffset = Math.max(state?.firstDirtyOffset ?? 0, log.logStartOffset);
    const dirty = cleanable.filter((s) => s.nextOffset > firstDirtyOffset && s.sizeBytes > 0);
    const dirtyBytes = dirty.reduce((sum, s) => sum + s.sizeBytes, 0);
    const totalBytes = cleanable.reduce((sum, s) => sum + s.sizeBytes, 0);
    const tombstonesDue = (state?.tombstoneDueMs ?? Infinity) <= nowMs;
    if (dirtyBytes === 0 && !tombstonesDue) return undefined;
    const oldestDirty = dirty[0]?.readBatchInfo(0)?.maxTimestamp;
    const overdue = oldestDirty !== undefined && oldestDirty >= 0 && nowMs - oldestDirty > config.maxCompactionLagMs;
    if (dirtyBytes / totalBytes < config.minCleanableDirtyRatio && !overdue && !tombstonesDue) return undefined;
    return { cleanable, firstDirtyOffset };
  }

  /** Latest offset per key over the dirty segments, stopping at a segment end once the map is full. */
  private async buildOffsetMap(log: Log, plan: Plan, stats: CleanStats) {
    const map = new Map<string, number>();
    let mappedEndOffset = plan.firstDirtyOffset;
    let mappedSegments = 0;
    const last = plan.cleanable[plan.cleanable.length - 1];
    const aborted = last ? this.abortedBatches(log, plan.firstDirtyOffset, this.nextBaseOffset(log, last)) : noBatch;
    for (const segment of plan.cleanable) {
      if (segment.nextOffset <= plan.firstDirtyOffset) continue;
      if (map.size >= OFFSET_MAP_KEYS_MAX) break;
      await this.forEachSlice(log, [segment], segment, stats, async (batch) => {
        if (aborted(readBatchHeader(batch))) return;
        await scanBatch(batch, yieldEventLoop, (r) => {
          if (r.offset >= plan.firstDirtyOffset && r.key !== null) map.set(r.key, r.offset);
        });
      });
      stats.dirtyBytes += segment.sizeBytes;
      mappedEndOffset = this.nextBaseOffset(log, segment);
      mappedSegments++;
    }
    return { map, mappedEndOffset, mappedSegments };
  }

  /** Consecutive segments whose cleaned copy fits one segment (by their current size). */
  private groups(log: Log, segments: LogSegment[]): LogSegment[][] {
    const segmentBytes = log.config.segmentBytes;
    const groups: LogSegment[][] = [];
    let current: LogSegment[] = [];
    let bytes = 0;
    for (const segment of segments) {
      const first = current[0];
      const fits = first && bytes + segment.sizeBytes <= segmentBytes && segment.nextOffset - 1 - first.baseOffset <= RELATIVE_OFFSET_MAX;
      if (first && !fits) {
        groups.push(current);
        current = [];
        bytes = 0;
      }
      current.push(segment);
      bytes += segment.sizeBytes;
    }
    if (current.length > 0) groups.push(current);
    return groups;
  }

  /**
   * Writes the cleaned copy of `group` and swaps it in. An empty copy is
   * discarded (false) unless `last`: then the group's last record stays,
   * whatever it is (a tombstone past its time, a record without a key).
   */
  private async cleanGroup(log: Log, group: LogSegment[], map: Map<string, number>, state: CleanerState, stats: CleanStats, last: boolean): Promise<boolean> {
    const fs = log.fileSystem;
    const baseOffset = group[0]!.baseOffset;
    const endOffset = this.nextBaseOffset(log, group[group.length - 1]!);
    const path = cleanedPath(log.dir, baseOffset);
    const keep = this.keeper(log, map, state);
    const aborted = this.abortedBatches(log, baseOffset, endOffset);
    const lastOfProducer = this.lastBatchesOfProducers(log);
    const batches: BatchInfo[] = [];
    let position = 0;
    const fd = fs.openSync(path, 'w+');
    let open = true;
    let swapped = false;
    let lastBatch: Buffer | undefined;
    const write = (out: Buffer) => {
      writeFully(fs, fd, out, position);
      const baseOffset = baseOffsetAt(out, 0);
      batches.push({ position, sizeBytes: out.length, baseOffset, lastOffset: baseOffset + lastOffsetDeltaAt(out, 0), maxTimestamp: maxTimestampAt(out, 0) });
      position += out.length;
      stats.bytesWritten += out.length;
      this.throttleBytes += out.length;
    };
    try {
      for (const segment of group) {
        await this.forEachSlice(log, group, segment, stats, async (batch) => {
          lastBatch = batch;
          const header = readBatchHeader(batch);
          if (lastOfProducer(header)) {
            stats.recordsRead += header.recordsCount;
            write(batch);
            return;
          }
          if (aborted(header)) {
            stats.recordsRead += header.recordsCount;
            stats.recordsRemoved += header.recordsCount;
            return;
          }
          const filtered = await filterBatch(batch, keep, yieldEventLoop);
          stats.recordsRead += filtered.recordsRead;
          stats.recordsRemoved += filtered.recordsRead - filtered.recordsKept;
          if (filtered.batch) write(filtered.batch);
        });
      }
      if (batches.length === 0 && !last) return false;
      if (batches.length === 0 && lastBatch) {
        const lastOffset = baseOffsetAt(lastBatch, 0) + lastOffsetDeltaAt(lastBatch, 0);
        const { batch } = await filterBatch(lastBatch, (r) => r.offset === lastOffset, yieldEventLoop);
        if (batch) write(batch);
        stats.recordsRemoved--;
      }
      await fs.fdatasync(fd);
      this.checkStillThere(log, group);
      fs.closeSync(fd);
      open = false;
      swapped = log.replaceSegments(group, { baseOffset, endOffset, path, sizeBytes: position, batches });
      if (!swapped) throw new PassAborted();
      return true;
    } finally {
      if (!swapped) discard(fs, open ? fd : undefined, path);
    }
  }

  /**
   * Whether a batch holds records of an aborted transaction in
   * [fromOffset, toOffset): a transactional data batch whose producer had
   * an aborted transaction spanning it (a producer runs one transaction at
   * a time, so a batch lies wholly inside or outside each of them).
   */
  private abortedBatches(log: Log, fromOffset: number, toOffset: number): (header: BatchHeader) => boolean {
    const ranges = this.opts.producerState?.abortedTransactions(log, fromOffset, toOffset) ?? [];
    if (ranges.length === 0) return noBatch;
    const byProducer = new Map<number, AbortedRange[]>();
    for (const range of ranges) {
      const list = byProducer.get(range.producerId);
      if (list) list.push(range);
      else byProducer.set(range.producerId, [range]);
    }
    return ({ isTransactional, isControl, producerId, baseOffset }) =>
      isTransactional && !isControl && (byProducer.get(producerId)?.some((a) => a.firstOffset <= baseOffset && baseOffset <= a.lastOffset) ?? false);
  }

  /** Whether a batch is the last data batch of its producer. */
  private lastBatchesOfProducers(log: Log): (header: BatchHeader) => boolean {
    const last = this.opts.producerState?.lastBatchOffsets(log);
    if (!last || last.size === 0) return noBatch;
    return ({ isControl, producerId, baseOffset }) => !isControl && producerId >= 0 && last.get(producerId) === baseOffset;
  }

  /** Whether a record survives: the latest of its key, and not a tombstone past delete.retention.ms. */
  private keeper(log: Log, map: Map<string, number>, state: CleanerState): (r: ScannedRecord) => boolean {
    const nowMs = this.opts.clock.nowMs();
    const { deleteRetentionMs } = retentionSettings(log.config);
    const logStartOffset = log.logStartOffset;
    return (r) => {
      if (r.key === null || r.offset < logStartOffset) return false;
      const latest = map.get(r.key);
      if (latest !== undefined && r.offset < latest) return false;
      if (!r.valueNull) return true;
      const dueMs = r.timestamp + deleteRetentionMs;
      if (dueMs <= nowMs) return false;
      state.tombstoneDueMs = Math.min(state.tombstoneDueMs, dueMs);
      return true;
    };
  }

  /** The log's cleaner state, read from its checkpoint file the first time; undefined before any pass. */
  private stateOf(log: Log): CleanerState | undefined {
    let state = this.states.get(log);
    if (state || this.unreadable.has(log)) return state;
    const path = join(log.dir, CLEANER_CHECKPOINT_FILE);
    try {
      const fs = log.fileSystem;
      const match = fs.existsSync(path) ? /^(\d+) (-?\d+)$/.exec(fs.readFileSync(path).toString('utf8').trim()) : null;
      if (match) state = { firstDirtyOffset: Number(match[1]), tombstoneDueMs: match[2] === '-1' ? Infinity : Number(match[2]) };
    } catch (err) {
      this.opts.log?.(`${path}: ${(err as Error).message}; the whole log counts as dirty`);
    }
    if (state) this.states.set(log, state);
    else this.unreadable.add(log);
    return state;
  }

  /** Remembers the checkpoint across restarts; a failure only costs a pass over clean data later. */
  private async saveCheckpoint(log: Log, state: CleanerState): Promise<void> {
    const due = Number.isFinite(state.tombstoneDueMs) ? state.tombstoneDueMs : -1;
    try {
      await writeFileAtomic(log.fileSystem, join(log.dir, CLEANER_CHECKPOINT_FILE), `${state.firstDirtyOffset} ${due}\n`);
    } catch (err) {
      if (!log.isClosed) this.opts.log?.(`${log.dir}: cleaner checkpoint not saved: ${(err as Error).message}`);
    }
  }

  /** Calls `fn` for each batch of `segment`, reading a slice at a time, yielding and throttling between slices. */
  private async forEachSlice(log: Log, group: LogSegment[], segment: LogSegment, stats: CleanStats, fn: (batch: Buffer) => Promise<void>): Promise<void> {
    const sliceBytes = this.opts.sliceBytes ?? SLICE_BYTES_DEFAULT;
    let position = 0;
    while (position < segment.sizeBytes) {
      this.checkStillThere(log, group);
      let end = position;
      for (let info = segment.readBatchInfo(end); info && (end === position || end - position + info.sizeBytes <= sliceBytes); info = segment.readBatchInfo(end)) {
        end += info.sizeBytes;
      }
      if (end === position) break;
      const slice = segment.read(position, end - position);
      stats.bytesRead += slice.length;
      this.throttleBytes += slice.length;
      for (let at = 0; at < slice.length; at += batchSizeAt(slice, at)) {
        await fn(slice.subarray(at, at + batchSizeAt(slice, at)));
      }
      position = end;
      await this.pause();
    }
  }

  /**
   * Yields to the event loop, and sleeps as long as the I/O budget asks.
   * As Kafka's Throttler: the rate is checked once a window is over (by
   * time, or by bytes spent), then the window starts again, so the sleeps
   * are few and long enough for timer slack not to matter.
   */
  private async pause(): Promise<void> {
    await yieldEventLoop();
    const rate = this.opts.ioBytesPerSecondMax ?? Infinity;
    if (!Number.isFinite(rate) || rate <= 0) return;
    const elapsedMs = this.opts.clock.nowMs() - this.throttleStartMs;
    if (elapsedMs < THROTTLE_WINDOW_MS && this.throttleBytes < (rate * THROTTLE_WINDOW_MS) / 1000) return;
    const sleepMs = (this.throttleBytes / rate) * 1000 - elapsedMs;
    if (sleepMs >= 1) await new Promise<void>((resolve) => this.opts.clock.setTimer(sleepMs, resolve));
    this.throttleStartMs = this.opts.clock.nowMs();
    this.throttleBytes = 0;
  }

  private checkStillThere(log: Log, group: LogSegment[]): void {
    if (this.stopped || log.isClosed) throw new PassAborted();
    const closed = log.closedSegments();
    if (group.some((s) => !closed.includes(s))) throw new PassAborted();
  }

  private nextBaseOffset(log: Log, segment: LogSegment): number {
    const closed = log.closedSegments();
    const bases = log.segmentBaseOffsets();
    return bases[closed.indexOf(segment) + 1] ?? log.logEndOffset;
  }
}

const noBatch = (_header: BatchHeader): boolean => false;

/** Lets I/O callbacks (produce, fetch) run before the cleaner goes on. */
function yieldEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

function writeFully(fs: Log['fileSystem'], fd: number, buf: Buffer, position: number): void {
  let written = 0;
  while (written < buf.length) {
    const n = fs.writeSync(fd, buf, written, buf.length - written, position + written);
    if (n <= 0) throw new Error(`short write to a cleaned segment`);
    written += n;
  }
}

function discard(fs: Log['fileSystem'], fd: number | undefined, path: string): void {
  try {
    if (fd !== undefined) fs.closeSync(fd);
  } catch {
    // the file goes anyway
  }
  try {
    fs.rmSync(path);
  } catch {
    // the loader removes a leftover .cleaned file on the next start
  }
}

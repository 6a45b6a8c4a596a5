/**
 * LogSegment: one `<base offset, 20 digits>.log` file of a partition, with its
 * `.index` and `.timeindex`. The `.log` holds RecordBatch v2 batches back to
 * back, byte for byte as the producer sent them except for the baseOffset the
 * log assigned. Invariants: the first batch starts at byte 0; each batch's
 * baseOffset is past the previous batch's last offset (the next one, until
 * the LogCleaner drops whole batches and leaves a gap); `sizeBytes` is the end
 * of the last whole batch, and nothing lies past it once an append returns —
 * a write that fails half way is cut off again before the error is reported.
 */
import { join } from 'node:path';
import { assert } from '../common/index.js';
import type { FileSystem } from './file-system.js';
import { StorageError, storageError } from './errors.js';
import { OffsetIndex } from './offset-index.js';
import { TimeIndex } from './time-index.js';
import {
  BATCH_HEADER_BYTES,
  BATCH_PREFIX_BYTES,
  baseOffsetAt,
  batchSizeAt,
  lastOffsetDeltaAt,
  maxTimestampAt,
} from './batch-view.js';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';

export function segmentFileName(baseOffset: number, suffix: string): string {
  return String(baseOffset).padStart(20, '0') + suffix;
}

/** What a header scan reports for each batch. */
export interface BatchInfo {
  position: number;
  sizeBytes: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
}

export class LogSegment {
  sizeBytes = 0;
  /** The offset the next batch appended here would get. */
  nextOffset: number;
  maxTimestamp = -1;
  offsetOfMaxTimestamp = -1;
  /** Set when a failed write could not be cut off: appends must wait for repairTail(). */
  needsRepair = false;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  readonly logPath: string;
  private bytesSinceIndexEntry = 0;
  private closed = false;
  private readonly prefix = Buffer.alloc(BATCH_PREFIX_BYTES);

  private constructor(
    private readonly fs: FileSystem,
    dir: string,
    readonly baseOffset: number,
    readonly fd: number,
    private readonly indexIntervalBytes: number,
    /** When the segment started, for rolling by age. */
    readonly createdMs: number,
  ) {
    this.nextOffset = baseOffset;
    this.logPath = join(dir, segmentFileName(baseOffset, LOG_SUFFIX));
    this.offsetIndex = new OffsetIndex(fs, join(dir, segmentFileName(baseOffset, INDEX_SUFFIX)), baseOffset);
    this.timeIndex = new TimeIndex(fs, join(dir, segmentFileName(baseOffset, TIME_INDEX_SUFFIX)), baseOffset);
  }

  /** A new, empty segment (its files are created, replacing leftovers). */
  static create(fs: FileSystem, dir: string, baseOffset: number, indexIntervalBytes: number, nowMs: number): LogSegment {
    const path = join(dir, segmentFileName(baseOffset, LOG_SUFFIX));
    let fd: number;
    try {
      fd = fs.openSync(path, 'w+');
    } catch (err) {
      throw storageError(err, 'create segment', path);
    }
    const segment = new LogSegment(fs, dir, baseOffset, fd, indexIntervalBytes, nowMs);
    segment.offsetIndex.persist();
    segment.timeIndex.persist();
    return segment;
  }

  /** An existing segment; the loader then loads or rebuilds its indexes. */
  static open(fs: FileSystem, dir: string, baseOffset: number, indexIntervalBytes: number, nowMs: number): LogSegment {
    const path = join(dir, segmentFileName(baseOffset, LOG_SUFFIX));
    try {
      const fd = fs.openSync(path, 'r+');
      const segment = new LogSegment(fs, dir, baseOffset, fd, indexIntervalBytes, nowMs);
      segment.sizeBytes = fs.fileSizeSync(fd);
      return segment;
    } catch (err) {
      throw storageError(err, 'open segment', path);
    }
  }

  /**
   * Writes a batch whose baseOffset is already patched. On failure the partial
   * bytes are cut off and a StorageError is thrown; if even that fails,
   * `needsRepair` is set.
   */
  append(batch: Buffer, info: Omit<BatchInfo, 'position' | 'sizeBytes'>): void {
    const position = this.sizeBytes;
    try {
      let written = 0;
      while (written < batch.length) {
        const n = this.fs.writeSync(this.fd, batch, written, batch.length - written, position + written);
        if (n <= 0) throw new StorageError(`short write to ${this.logPath}`, 'EIO', this.logPath);
        written += n;
      }
    } catch (err) {
      this.needsRepair = true;
      this.tryRepairTail();
      throw storageError(err, 'append to', this.logPath);
    }
    this.sizeBytes += batch.length;
    this.trackBatch({ position, sizeBytes: batch.length, ...info });
  }

  /** Cuts anything past `sizeBytes` (the remains of a failed write); false if that failed too. */
  tryRepairTail(): boolean {
    try {
      this.fs.ftruncateSync(this.fd, this.sizeBytes);
      this.needsRepair = false;
      return true;
    } catch {
      return false;
    }
  }

  /** Updates offsets, max timestamp and the sparse indexes for a batch now in the file. */
  trackBatch(batch: BatchInfo): void {
    if (this.bytesSinceIndexEntry > this.indexIntervalBytes) {
      this.offsetIndex.append(batch.lastOffset, batch.position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += batch.sizeBytes;
    if (batch.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = batch.maxTimestamp;
      this.offsetOfMaxTimestamp = batch.lastOffset;
    }
    this.nextOffset = batch.lastOffset + 1;
  }

  /** Forgets derived state before the loader rescans the segment. */
  resetDerivedState(): void {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.bytesSinceIndexEntry = 0;
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = -1;
    this.nextOffset = this.baseOffset;
  }

  /** Seeds derived state from loaded indexes, before a tail scan past the last entry. */
  seedFromIndexes(): number {
    const last = this.timeIndex.lastEntry();
    if (last) {
      this.maxTimestamp = last.timestamp;
      this.offsetOfMaxTimestamp = last.offset;
    }
    // Past the last offset index entry the tail scan re-tracks batches, which
    // would re-add that entry; starting the byte count at 0 avoids it.
    this.bytesSinceIndexEntry = 0;
    return this.offsetIndex.lastPosition();
  }

  /** The segment has been rolled: record its final max timestamp in the time index. */
  onRoll(): void {
    if (this.offsetOfMaxTimestamp >= 0) this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
  }

  /** Reads the batch header at `position`; undefined past the end or when not a plausible header. */
  readBatchInfo(position: number): BatchInfo | undefined {
    if (position + BATCH_PREFIX_BYTES > this.sizeBytes) return undefined;
    const n = this.readInto(this.prefix, position);
    if (n < BATCH_PREFIX_BYTES) return undefined;
    const sizeBytes = batchSizeAt(this.prefix, 0);
    if (sizeBytes < BATCH_HEADER_BYTES || position + sizeBytes > this.sizeBytes) return undefined;
    const baseOffset = baseOffsetAt(this.prefix, 0);
    return {
      position,
      sizeBytes,
      baseOffset,
      lastOffset: baseOffset + lastOffsetDeltaAt(this.prefix, 0),
      maxTimestamp: maxTimestampAt(this.prefix, 0),
    };
  }

  /** The first batch whose last offset is >= `offset`, found from the offset index. */
  findBatch(offset: number): BatchInfo | undefined {
    let position = this.offsetIndex.lookup(offset);
    for (;;) {
      const info = this.readBatchInfo(position);
      if (!info || info.lastOffset >= offset) return info;
      position += info.sizeBytes;
    }
  }

  /** The first batch with maxTimestamp >= `timestamp`, found from the time index. */
  findBatchByTimestamp(timestamp: number): BatchInfo | undefined {
    const before = this.timeIndex.lookupBefore(timestamp);
    let position = before === undefined ? 0 : this.offsetIndex.lookup(before);
    for (;;) {
      const info = this.readBatchInfo(position);
      if (!info || info.maxTimestamp >= timestamp) return info;
      position += info.sizeBytes;
    }
  }

  read(position: number, lengthBytes: number): Buffer {
    const buf = Buffer.allocUnsafe(lengthBytes);
    const n = this.readInto(buf, position);
    if (n !== lengthBytes) throw new StorageError(`short read from ${this.logPath}`, 'EIO', this.logPath);
    return buf;
  }

  /** Reads as much of `buf` as the file holds at `position`. */
  readInto(buf: Buffer, position: number): number {
    let done = 0;
    try {
      while (done < buf.length) {
        const n = this.fs.readSync(this.fd, buf, done, buf.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
    } catch (err) {
      throw storageError(err, 'read from', this.logPath);
    }
    return done;
  }

  /**
   * Cuts the segment at the start of the batch whose base offset is
   * `nextOffset`. Index entries before the cut stay valid, so only the bytes
   * past the last remaining offset index entry are rescanned.
   */
  truncateTo(sizeBytes: number, nextOffset: number): void {
    try {
      this.fs.ftruncateSync(this.fd, sizeBytes);
    } catch (err) {
      throw storageError(err, 'truncate', this.logPath);
    }
    this.sizeBytes = sizeBytes;
    this.offsetIndex.truncateToSize(sizeBytes);
    this.timeIndex.truncateToOffset(nextOffset);
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = -1;
    this.nextOffset = this.baseOffset;
    for (let position = this.seedFromIndexes(); position < sizeBytes; ) {
      const info = this.readBatchInfo(position);
      if (!info) break;
      this.trackBatch(info);
      position += info.sizeBytes;
    }
    // Equal unless compaction left a gap before the cut.
    assert(this.nextOffset <= nextOffset, `truncated ${this.logPath} ends by offset ${nextOffset}`);
  }


  fdatasync(): Promise<void> {
    return this.fs.fdatasync(this.fd);
  }

  close(): void {
    this.offsetIndex.close();
    this.timeIndex.close();
    // Closing twice could close an fd number the OS has since handed out again.
    if (this.closed) return;
    this.closed = true;
    try {
      this.fs.closeSync(this.fd);
    } catch {
      // closing cannot lose data that fdatasync did not already cover
    }
  }

  /**
   * Removes the segment's three files. The `.log` fd stays open until close():
   * an fdatasync may still be running on it.
   */
  deleteFiles(): void {
    this.offsetIndex.deleteFile();
    this.timeIndex.deleteFile();
    try {
      this.fs.rmSync(this.logPath);
    } catch (err) {
      throw storageError(err, 'delete segment', this.logPath);
    }
  }
}

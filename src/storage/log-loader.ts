/**
 * LogLoader: turns a partition directory back into segments on start.
 *
 * Files: `<base offset, 20 digits>.log/.index/.timeindex` per segment, plus
 * `recovery-point` (decimal offset: everything below it was fdatasync'ed) and
 * `log-start-offset` (decimal, present once records were deleted mid-segment).
 * Segments holding offsets at or past the recovery point are re-validated
 * batch by batch (size within the file, magic 2, CRC-32C, baseOffset past
 * the previous batch's last offset: compaction leaves gaps between batches
 * and between segments, so offsets only have to increase); the first bad batch and everything
 * after it are cut off, with a log line per file saying how many bytes were
 * dropped. Their indexes are rebuilt from the scan. Older segments keep their
 * indexes when those look consistent and only their tail past the last index
 * entry is scanned; a segment whose index or tail does not add up is
 * re-validated in full. Leftover temp files and orphan indexes are removed,
 * after an interrupted compaction swap is finished or discarded (segment-swap.ts).
 */
import { join } from 'node:path';
import type { FileSystem } from './file-system.js';
import { storageError } from './errors.js';
import { TEMP_SUFFIX } from './atomic-file.js';
import { LOG_SUFFIX, LogSegment } from './log-segment.js';
import { finishInterruptedSwaps } from './segment-swap.js';
import { BATCH_HEADER_BYTES, BATCH_PREFIX_BYTES, baseOffsetAt, batchSizeAt, isValidBatch, lastOffsetDeltaAt, maxTimestampAt } from './batch-view.js';

export const RECOVERY_POINT_FILE = 'recovery-point';
export const LOG_START_OFFSET_FILE = 'log-start-offset';
const SEGMENT_NAME = /^(\d{20})\.(log|index|timeindex)$/;
const LEFTOVER_SUFFIXES = [TEMP_SUFFIX, '.deleted', '.swap', '.cleaned'];
const SCAN_CHUNK_BYTES = 1 << 20;

export interface LoadedLog {
  segments: LogSegment[];
  logStartOffset: number;
  recoveryPoint: number;
  /** The directory (or its first segment) was created now: its entry is not durable yet. */
  created: boolean;
}

export interface LoaderOptions {
  fs: FileSystem;
  dir: string;
  indexIntervalBytes: number;
  nowMs: number;
  log: (msg: string) => void;
}

export function loadLog(opts: LoaderOptions): LoadedLog {
  const { fs, dir } = opts;
  const created = !fs.existsSync(dir);
  try {
    if (created) fs.mkdirSync(dir);
    else finishInterruptedSwaps(fs, dir, opts.log);
  } catch (err) {
    throw storageError(err, created ? 'create log directory' : 'finish a compaction swap in', dir);
  }
  const bases = listSegmentBases(opts);
  const savedRecoveryPoint = readOffsetFile(opts, RECOVERY_POINT_FILE);
  const savedStart = readOffsetFile(opts, LOG_START_OFFSET_FILE) ?? 0;
  const segments = bases.map((base) => LogSegment.open(fs, dir, base, opts.indexIntervalBytes, opts.nowMs));
  recoverSegments(opts, segments, savedRecoveryPoint);
  const empty = segments.length === 0;
  if (empty) {
    segments.push(LogSegment.create(fs, dir, savedStart, opts.indexIntervalBytes, opts.nowMs));
  }
  const logEndOffset = segments[segments.length - 1]!.nextOffset;
  const logStartOffset = Math.min(Math.max(savedStart, segments[0]!.baseOffset), logEndOffset);
  const recoveryPoint = Math.min(Math.max(savedRecoveryPoint ?? 0, logStartOffset), logEndOffset);
  return { segments, logStartOffset, recoveryPoint, created: created || empty };
}

/** Base offsets of the `.log` files, after removing leftovers and orphan indexes. */
function listSegmentBases(opts: LoaderOptions): number[] {
  const { fs, dir } = opts;
  const names = fs.readdirSync(dir);
  const logs = new Set(names.filter((n) => n.endsWith(LOG_SUFFIX)));
  const bases: number[] = [];
  for (const name of names) {
    const match = SEGMENT_NAME.exec(name);
    const leftover = LEFTOVER_SUFFIXES.some((suffix) => name.endsWith(suffix));
    const orphan = match !== null && match[2] !== 'log' && !logs.has(`${match[1]}${LOG_SUFFIX}`);
    if (leftover || orphan) {
      opts.log(`${join(dir, name)}: removing leftover file`);
      fs.rmSync(join(dir, name));
    } else if (match?.[2] === 'log') {
      bases.push(Number(match[1]));
    }
  }
  return bases.sort((a, b) => a - b);
}

function readOffsetFile(opts: LoaderOptions, name: string): number | undefined {
  const path = join(opts.dir, name);
  try {
    if (!opts.fs.existsSync(path)) return undefined;
    const text = opts.fs.readFileSync(path).toString('utf8').trim();
    if (/^\d+$/.test(text)) return Number(text);
    opts.log(`${path}: unreadable content ignored`);
  } catch (err) {
    opts.log(`${path}: ${(err as Error).message}; ignored`);
  }
  return undefined;
}

/** Validates what needs validating and drops whatever follows the first bad batch. */
function recoverSegments(opts: LoaderOptions, segments: LogSegment[], recoveryPoint: number | undefined): void {
  let firstToValidate = 0;
  if (recoveryPoint !== undefined) {
    while (firstToValidate + 1 < segments.length && segments[firstToValidate + 1]!.baseOffset <= recoveryPoint) {
      firstToValidate++;
    }
  }
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const previous = segments[i - 1];
    const expectedBase = previous ? previous.nextOffset : segment.baseOffset;
    // A gap between two segments with data is compaction's (cleaned segments
    // are never empty, and a segment's data is synced only after the one
    // before it). Next to an empty segment it is the trace of unsynced data
    // lost in a crash: the empty segment and everything after it go.
    const gap = segment.baseOffset > expectedBase;
    if (segment.baseOffset < expectedBase || (gap && (previous?.sizeBytes === 0 || segment.sizeBytes === 0))) {
      dropSegmentsFrom(opts, segments, i, `base offset ${segment.baseOffset} does not follow offset ${expectedBase - 1}`);
      return;
    }
    if (i < firstToValidate && loadIndexesAndTail(opts, segment)) continue;
    firstToValidate = Math.min(firstToValidate, i);
    const validBytes = validateSegment(segment);
    if (validBytes < segment.sizeBytes) {
      opts.log(
        `${segment.logPath}: dropped ${segment.sizeBytes - validBytes} bytes after position ${validBytes} ` +
          `(torn or corrupt batch); the log ends at offset ${segment.nextOffset}`,
      );
      segment.truncateTo(validBytes, segment.nextOffset);
      if (validBytes === 0 && i > 0) {
        dropSegmentsFrom(opts, segments, i, 'no valid batch');
        return;
      }
      dropSegmentsFrom(opts, segments, i + 1, `follows the corrupt tail of ${segment.logPath}`);
      return;
    }
  }
}

function dropSegmentsFrom(opts: LoaderOptions, segments: LogSegment[], from: number, why: string): void {
  for (const segment of segments.splice(from)) {
    opts.log(`${segment.logPath}: dropped ${segment.sizeBytes} bytes, the whole segment (${why})`);
    segment.deleteFiles();
    segment.close();
  }
}

/** Loads both indexes and scans the headers past the last index entry; false if anything does not add up. */
function loadIndexesAndTail(opts: LoaderOptions, segment: LogSegment): boolean {
  if (!segment.offsetIndex.load(opts.fs, segment.sizeBytes) || !segment.timeIndex.load(opts.fs)) {
    opts.log(`${segment.logPath}: index missing or inconsistent; rebuilding it`);
    return false;
  }
  let position = segment.seedFromIndexes();
  if (position > 0) {
    // The batch an index entry points at must end at the entry's offset.
    const indexed = segment.readBatchInfo(position);
    if (!indexed || indexed.lastOffset !== segment.offsetIndex.lastOffset()) return false;
    segment.trackBatch(indexed);
    position += indexed.sizeBytes;
  }
  if (scanBatches(segment, position, false) !== segment.sizeBytes) return false;
  const lastTime = segment.timeIndex.lastEntry();
  return lastTime === undefined || lastTime.offset < segment.nextOffset;
}

/** Scans the whole segment, verifying every batch; rebuilds its indexes; returns the valid prefix length. */
function validateSegment(segment: LogSegment): number {
  segment.resetDerivedState();
  const validBytes = scanBatches(segment, 0, true);
  segment.offsetIndex.persist();
  segment.timeIndex.persist();
  return validBytes;
}

/**
 * Tracks the batches from `start` while they are sane (size within the file,
 * baseOffset past the previous batch; with `verify` also magic and CRC-32C), reading the
 * file in large chunks. Returns where the sane run ends.
 */
function scanBatches(segment: LogSegment, start: number, verify: boolean): number {
  const fileBytes = segment.sizeBytes;
  let chunk = Buffer.allocUnsafe(Math.min(SCAN_CHUNK_BYTES, Math.max(fileBytes - start, 1)));
  let chunkStart = start;
  let chunkLength = 0;
  let position = start;
  const ensure = (bytes: number): boolean => {
    if (position + bytes > fileBytes) return false;
    if (position + bytes <= chunkStart + chunkLength) return true;
    if (bytes > chunk.length) chunk = Buffer.allocUnsafe(bytes);
    chunkStart = position;
    chunkLength = segment.readInto(chunk.subarray(0, Math.min(chunk.length, fileBytes - position)), position);
    return chunkLength >= bytes;
  };
  while (position < fileBytes) {
    if (!ensure(BATCH_PREFIX_BYTES)) break;
    const size = batchSizeAt(chunk, position - chunkStart);
    if (size < BATCH_HEADER_BYTES || position + size > fileBytes) break;
    if (verify && !ensure(size)) break;
    const at = position - chunkStart;
    const baseOffset = baseOffsetAt(chunk, at);
    if (baseOffset < segment.nextOffset) break;
    if (verify ? !isValidBatch(chunk.subarray(0, at + size), at) : lastOffsetDeltaAt(chunk, at) < 0) break;
    segment.trackBatch({
      position,
      sizeBytes: size,
      baseOffset,
      lastOffset: baseOffset + lastOffsetDeltaAt(chunk, at),
      maxTimestamp: maxTimestampAt(chunk, at),
    });
    position += size;
  }
  return position;
}

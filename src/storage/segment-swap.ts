/**
 * The crash-safe swap of cleaned segments. The LogCleaner writes the
 * compacted copy of consecutive closed segments [base, end) aside as
 * `<base>.log.cleaned` and fdatasyncs it; the swap then runs synchronously
 * (nothing else touches the log meanwhile):
 *   1. rename `<base>.log.cleaned` to `<base>.<end>.swap`  (the commit point)
 *   2. delete the replaced segments' `.log`, `.index` and `.timeindex`
 *   3. rename the swap file to `<base>.log`, then write its indexes
 * Both numbers are 20-digit offsets; `end` is the base offset of the first
 * segment after the replaced ones. LogLoader ends whatever a crash
 * interrupted: a `.cleaned` file is discarded (the old segments are whole);
 * a `.swap` file finishes steps 2 and 3. So after a kill at any point the
 * log holds either the old segments or the cleaned one, never a mix. This
 * relies on the file system keeping renames and unlinks of one directory
 * in order, as journaling file systems do; the directory is fsynced after.
 */
import { join } from 'node:path';
import type { FileSystem } from './file-system.js';
import { storageError } from './errors.js';
import { LOG_SUFFIX, LogSegment, segmentFileName, type BatchInfo } from './log-segment.js';

export const CLEANED_SUFFIX = '.cleaned';
export const SWAP_SUFFIX = '.swap';
const SWAP_NAME = /^(\d{20})\.(\d{20})\.swap$/;

/** A compacted copy of segments [baseOffset, endOffset), written aside and synced. */
export interface CleanedSegment {
  baseOffset: number;
  endOffset: number;
  path: string;
  sizeBytes: number;
  /** The batches of the file, in order, as written (for its indexes). */
  batches: BatchInfo[];
}

export function cleanedPath(dir: string, baseOffset: number): string {
  return join(dir, segmentFileName(baseOffset, LOG_SUFFIX + CLEANED_SUFFIX));
}

function swapPath(dir: string, baseOffset: number, endOffset: number): string {
  return join(dir, `${segmentFileName(baseOffset, '')}.${segmentFileName(endOffset, SWAP_SUFFIX)}`);
}

/** Steps 1-3 for segments `old`, already closed; returns the segment that replaces them. */
export function swapInCleaned(
  fs: FileSystem,
  dir: string,
  old: readonly LogSegment[],
  cleaned: CleanedSegment,
  indexIntervalBytes: number,
  nowMs: number,
): LogSegment {
  const swap = swapPath(dir, cleaned.baseOffset, cleaned.endOffset);
  try {
    fs.renameSync(cleaned.path, swap);
    for (const segment of old) segment.deleteFiles();
    fs.renameSync(swap, join(dir, segmentFileName(cleaned.baseOffset, LOG_SUFFIX)));
  } catch (err) {
    throw storageError(err, 'swap in cleaned segment', swap);
  }
  const segment = LogSegment.open(fs, dir, cleaned.baseOffset, indexIntervalBytes, nowMs);
  for (const batch of cleaned.batches) segment.trackBatch(batch);
  segment.onRoll();
  segment.offsetIndex.persist();
  segment.timeIndex.persist();
  return segment;
}

/**
 * On load, before segments are listed: discards `.cleaned` files and
 * finishes interrupted swaps.
 */
export function finishInterruptedSwaps(fs: FileSystem, dir: string, log: (msg: string) => void): void {
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.endsWith(CLEANED_SUFFIX)) {
      log(`${join(dir, name)}: discarding an unfinished compaction`);
      fs.rmSync(join(dir, name));
      continue;
    }
    const match = SWAP_NAME.exec(name);
    if (!match) continue;
    const base = Number(match[1]);
    const end = Number(match[2]);
    for (const other of fs.readdirSync(dir)) {
      const segment = /^(\d{20})\.(log|index|timeindex)$/.exec(other);
      if (segment && Number(segment[1]) >= base && Number(segment[1]) < end) fs.rmSync(join(dir, other));
    }
    fs.renameSync(join(dir, name), join(dir, segmentFileName(base, LOG_SUFFIX)));
    log(`${join(dir, segmentFileName(base, LOG_SUFFIX))}: finished an interrupted compaction swap`);
  }
}

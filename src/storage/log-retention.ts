/**
 * Retention: which of a log's oldest segments are past their time or over
 * its size. Only whole segments go, oldest first and without skipping one, so
 * the log stays a contiguous run of segments and the log start offset simply
 * moves to the first segment left. A segment's age is that of its newest
 * batch (its largest timestamp); an empty segment, which has none, is as old
 * as the segment before it allows (it goes only with its elders).
 */
import { retentionSettings, type LogConfig } from './log-config.js';
import type { LogSegment } from './log-segment.js';

/** How many of `segments` (oldest first) retention deletes now. */
export function segmentsPastRetention(segments: readonly LogSegment[], config: LogConfig, nowMs: number, logBytes: number): number {
  const { cleanupPolicy, retentionMs, retentionBytes } = retentionSettings(config);
  if (!cleanupPolicy.delete) return 0;
  let count = 0;
  let bytesOver = retentionBytes >= 0 ? logBytes - retentionBytes : -1;
  for (const segment of segments) {
    const expired = retentionMs >= 0 && segment.maxTimestamp >= 0 && nowMs - segment.maxTimestamp > retentionMs;
    const emptyFollower = segment.sizeBytes === 0 && count > 0;
    const tooBig = bytesOver >= segment.sizeBytes && bytesOver > 0;
    if (!expired && !tooBig && !emptyFollower) break;
    bytesOver -= segment.sizeBytes;
    count++;
  }
  return count;
}

/**
 * The pure half of `kgo replay`: reading positions, turning them into offset
 * ranges per partition, pacing, and choosing target partitions.
 */
import { createRequire } from 'node:module';
import type * as Kafkajs from 'kafkajs';
import type { PartitionMetadata } from 'kafkajs';
import { UsageError } from '../common/index.js';
import { parseTimeSpec } from './time-spec.js';

// Loaded on first use, so commands' --help does not pay for kafkajs.
const require = createRequire(import.meta.url);

export type ReplayPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number }
  | { kind: 'time'; timestampMs: number };

/**
 * `--from` / `--to`: `earliest`, `latest`, a bare offset (`1200`, `offset:1200`),
 * or a time (`2026-11-24T10:00:00Z`, `-1h`, `time:1700000000000`).
 */
export function parseReplayPosition(text: string, nowMs: number): ReplayPosition {
  if (text === 'earliest' || text === 'beginning') return { kind: 'earliest' };
  if (text === 'latest' || text === 'end') return { kind: 'latest' };
  const offsetText = text.startsWith('offset:') ? text.slice('offset:'.length) : text;
  if (/^\d+$/.test(offsetText) && Number.isSafeInteger(Number(offsetText))) {
    return { kind: 'offset', offset: Number(offsetText) };
  }
  if (text.startsWith('offset:')) throw new UsageError(`"${text}" is not an offset`, 'e.g. offset:1200');
  const timeText = text.replace(/^(time|datetime):/, '');
  return { kind: 'time', timestampMs: parseTimeSpec(timeText, nowMs) };
}

/** `--speed`: `max` (as fast as possible) or a positive factor dividing the original gaps. */
export function parseSpeed(text: string): number | 'max' {
  if (text === 'max') return 'max';
  const speed = Number(text.replace(/x$/, ''));
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new UsageError(`--speed must be "max" or a number above 0, not "${text}"`, 'e.g. --speed 10 replays ten times faster');
  }
  return speed;
}

export interface SourcePartition {
  partition: number;
  /** Log start offset. */
  low: number;
  /** High watermark when the replay starts. */
  high: number;
  /** For time positions: first offset at or after the time, high when none. */
  fromTimeOffset?: number;
  toTimeOffset?: number;
}

export interface ReplayRange {
  partition: number;
  /** First offset replayed. */
  startOffset: number;
  /** First offset not replayed. */
  endOffset: number;
}

function resolve(position: ReplayPosition, p: SourcePartition, timeOffset: number | undefined): number {
  switch (position.kind) {
    case 'earliest':
      return p.low;
    case 'latest':
      return p.high;
    case 'offset':
      return position.offset;
    case 'time':
      return timeOffset ?? p.high;
  }
}

/**
 * Offset ranges to replay: `from` inclusive, `to` exclusive, both clamped to
 * what the log holds when the replay starts. Empty ranges are left out.
 */
export function planReplayRanges(
  partitions: readonly SourcePartition[],
  from: ReplayPosition,
  to: ReplayPosition,
): ReplayRange[] {
  return partitions
    .map((p) => {
      const clamp = (offset: number) => Math.min(Math.max(offset, p.low), p.high);
      return {
        partition: p.partition,
        startOffset: clamp(resolve(from, p, p.fromTimeOffset)),
        endOffset: clamp(resolve(to, p, p.toTimeOffset)),
      };
    })
    .filter((r) => r.endOffset > r.startOffset)
    .sort((a, b) => a.partition - b.partition);
}

export function rangeRecords(ranges: readonly ReplayRange[]): number {
  return ranges.reduce((n, r) => n + (r.endOffset - r.startOffset), 0);
}

export interface PaceState {
  /** Wall-clock time the first record was sent. */
  startWallMs: number;
  /** Timestamp of the first record sent: the origin of the replayed timeline. */
  baseTimestampMs: number;
  /** Records sent so far. */
  sent: number;
}

/**
 * How long to wait before sending a record stamped `timestampMs`: it is due
 * when its original distance from the first record, divided by `speed`, has
 * passed; and `--rate` keeps record n from leaving before n / rate seconds.
 * Records whose time has already passed (a slow partition, an older record on
 * another partition) go at once.
 */
export function paceDelayMs(
  state: PaceState,
  timestampMs: number,
  nowMs: number,
  speed: number | 'max',
  ratePerSecond: number | undefined,
): number {
  let dueMs = state.startWallMs;
  if (speed !== 'max') dueMs = Math.max(dueMs, state.startWallMs + (timestampMs - state.baseTimestampMs) / speed);
  if (ratePerSecond !== undefined) dueMs = Math.max(dueMs, state.startWallMs + (state.sent * 1000) / ratePerSecond);
  return Math.max(0, Math.ceil(dueMs - nowMs));
}

let keyPartitioner: ReturnType<Kafkajs.DefaultPartitioner> | undefined;

/**
 * Source partition p goes to target partition p when the target has one, which
 * keeps every partition's order and key placement. Otherwise keyed records are
 * placed by Kafka's default partitioner (murmur2 of the key, so one key stays
 * on one partition) and keyless records go to p mod the target's partition count,
 * so a keyless partition's order survives too.
 */
export function targetPartitionFor(sourcePartition: number, key: Buffer | null, targetPartitions: number): number {
  if (sourcePartition < targetPartitions) return sourcePartition;
  if (key === null) return sourcePartition % targetPartitions;
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: targetPartitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  keyPartitioner ??= (require('kafkajs') as typeof Kafkajs).Partitioners.DefaultPartitioner();
  return keyPartitioner({ topic: '', partitionMetadata, message: { key, value: null } });
}

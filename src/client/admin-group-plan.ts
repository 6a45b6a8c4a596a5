/**
 * The arithmetic behind `kgo group describe` and `kgo group reset`, kept free
 * of I/O so it can be tested without a broker.
 */
import { createRequire } from 'node:module';
import type * as Kafkajs from 'kafkajs';
import { UsageError } from '../common/index.js';
import { parseTimeSpec } from './time-spec.js';

// Loaded on first use, so commands' --help does not pay for kafkajs.
const require = createRequire(import.meta.url);

export type ResetTarget =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number }
  | { kind: 'datetime'; timestampMs: number }
  | { kind: 'shift'; delta: number };

const RESET_FORMS = 'earliest, latest, offset:N, datetime:TIME or shift:+N / shift:-N';

/** Reads `--to` of `kgo group reset`. */
export function parseResetTarget(text: string, nowMs: number): ResetTarget {
  if (text === 'earliest' || text === 'latest') return { kind: text };
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? '' : text.slice(colon + 1);
  if (kind === 'offset' && /^\d+$/.test(arg) && Number.isSafeInteger(Number(arg))) {
    return { kind: 'offset', offset: Number(arg) };
  }
  if (kind === 'shift' && /^[+-]?\d+$/.test(arg) && Number.isSafeInteger(Number(arg))) {
    return { kind: 'shift', delta: Number(arg) };
  }
  if (kind === 'datetime' && arg !== '') {
    return { kind: 'datetime', timestampMs: parseTimeSpec(arg, nowMs) };
  }
  throw new UsageError(`cannot read reset target "${text}"`, `use one of ${RESET_FORMS}`);
}

/** One partition as a reset or a lag report sees it. */
export interface PartitionPosition {
  partition: number;
  /** Log start offset. */
  low: number;
  /** High watermark: the offset the next record will get. */
  high: number;
  /** The group's committed offset, or null when it has none. */
  committed: number | null;
  /** For datetime targets: the first offset at or after the time (high when none). */
  offsetForTime?: number;
}

export interface ResetRow {
  partition: number;
  current: number | null;
  /** The offset that will be committed, or null when the partition is left alone. */
  target: number | null;
  note?: string;
}

/** Where each partition's committed offset goes; targets are clamped to [low, high] as Kafka does. */
export function planReset(target: ResetTarget, partitions: readonly PartitionPosition[]): ResetRow[] {
  return partitions.map((p) => {
    const clamp = (offset: number) => Math.min(Math.max(offset, p.low), p.high);
    const row = (offset: number | null, note?: string): ResetRow =>
      note === undefined
        ? { partition: p.partition, current: p.committed, target: offset }
        : { partition: p.partition, current: p.committed, target: offset, note };
    switch (target.kind) {
      case 'earliest':
        return row(p.low);
      case 'latest':
        return row(p.high);
      case 'offset':
        return row(clamp(target.offset));
      case 'datetime':
        return row(clamp(p.offsetForTime ?? p.high));
      case 'shift':
        if (p.committed === null) return row(null, 'no committed offset to shift');
        return row(clamp(p.committed + target.delta));
    }
  });
}

/** Records between the committed offset and the high watermark; null when nothing is committed. */
export function partitionLag(committed: number | null, high: number): number | null {
  if (committed === null || committed < 0) return null;
  return Math.max(0, high - committed);
}

/** Sum of the known lags; partitions without a commit do not count. */
export function totalLag(lags: readonly (number | null)[]): number {
  return lags.reduce<number>((sum, lag) => sum + (lag ?? 0), 0);
}

/** Kafka's "no offset" is -1 on the wire; kafkajs hands it over as a string. */
export function committedOffset(raw: string | number | null | undefined): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const offset = Number(raw);
  return Number.isFinite(offset) && offset >= 0 ? offset : null;
}

export interface MemberAssignmentEntry {
  topic: string;
  partitions: number[];
}

/**
 * A consumer-protocol member assignment as topic -> partitions. Groups of other
 * protocol types (Connect, custom) carry bytes we cannot read: those give [].
 */
export function decodeMemberAssignment(bytes: Buffer | null | undefined): MemberAssignmentEntry[] {
  if (!bytes || bytes.length === 0) return [];
  try {
    const decoded = (require('kafkajs') as typeof Kafkajs).AssignerProtocol.MemberAssignment.decode(bytes);
    if (!decoded) return [];
    return Object.entries(decoded.assignment)
      .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } catch {
    return [];
  }
}

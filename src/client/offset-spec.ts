/**
 * `consume -o`: where reading starts.
 *
 *   beginning | end | stored   the log start, the high watermark, the group's commit
 *   N                          absolute offset N
 *   -N                         N records before the end of each partition
 *   @TIME                      the first record at or after TIME: epoch ms,
 *                              ISO-8601, now, or relative to now (-1h, -30m, -2d)
 */
import { UsageError } from '../common/index.js';
import { parseTimeSpec } from './time-spec.js';

export type OffsetSpec =
  | { kind: 'beginning' }
  | { kind: 'end' }
  | { kind: 'stored' }
  | { kind: 'absolute'; offset: bigint }
  | { kind: 'fromEnd'; count: bigint }
  | { kind: 'time'; timestampMs: number };

const HINT = 'use beginning, end, stored, N, -N or @TIME (epoch ms, ISO-8601, or relative like @-1h)';

export function parseOffsetSpec(text: string, nowMs: number = Date.now()): OffsetSpec {
  const t = text.trim();
  if (t === 'beginning' || t === 'earliest' || t === 'oldest') return { kind: 'beginning' };
  if (t === 'end' || t === 'latest' || t === 'newest') return { kind: 'end' };
  if (t === 'stored' || t === 'committed') return { kind: 'stored' };
  if (/^\d+$/.test(t)) return { kind: 'absolute', offset: BigInt(t) };
  if (/^-\d+$/.test(t)) return { kind: 'fromEnd', count: BigInt(t.slice(1)) };
  if (t.startsWith('@')) return { kind: 'time', timestampMs: parseTimeSpec(t.slice(1), nowMs) };
  throw new UsageError(`invalid offset "${text}"`, HINT);
}

export interface PartitionBounds {
  partition: number;
  /** Log start offset. */
  low: bigint;
  /** High watermark. */
  high: bigint;
}

/**
 * The start offset for one partition, or undefined for "the group's commit"
 * (`stored`). `timeOffset` is the broker's answer for @TIME (-1 when no record
 * is that new, which means the end).
 */
export function startOffset(spec: OffsetSpec, bounds: PartitionBounds, timeOffset?: bigint): bigint | undefined {
  switch (spec.kind) {
    case 'beginning':
      return bounds.low;
    case 'end':
      return bounds.high;
    case 'stored':
      return undefined;
    case 'absolute':
      return spec.offset < bounds.low ? bounds.low : spec.offset > bounds.high ? bounds.high : spec.offset;
    case 'fromEnd': {
      const from = bounds.high - spec.count;
      return from < bounds.low ? bounds.low : from;
    }
    case 'time':
      return timeOffset === undefined || timeOffset < 0n ? bounds.high : timeOffset;
  }
}

/** `-p 0,2,5` */
export function parsePartitionList(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) throw new UsageError(`invalid partition "${p}"`, 'partitions are numbers, comma-separated: -p 0,1');
    out.push(Number(p));
  }
  return [...new Set(out)];
}

/**
 * Points in time as people type them on a command line: an ISO 8601 date
 * (`2026-11-24T10:00:00Z`, `2026-11-24`), epoch milliseconds, `now`, or a
 * duration back from now (`-15m`, `-2h`, `-1h30m`, `-1.5d`, `-500ms`): the same
 * forms `consume -o @TIME` reads, plus `now` and fractions.
 */
import { UsageError } from '../common/index.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const RELATIVE = /^-((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)$/;
const RELATIVE_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Milliseconds since the epoch for `text`, or a UsageError saying which forms are accepted. */
export function parseTimeSpec(text: string, nowMs: number): number {
  const spec = text.trim();
  if (spec === 'now') return nowMs;
  const relative = RELATIVE.exec(spec);
  if (relative) {
    let backMs = 0;
    for (const part of relative[1]!.matchAll(RELATIVE_PART)) backMs += Number(part[1]) * UNIT_MS[part[2]!]!;
    return Math.round(nowMs - backMs);
  }
  if (/^\d+$/.test(spec)) {
    const epochMs = Number(spec);
    if (Number.isSafeInteger(epochMs)) return epochMs;
  }
  // Date.parse is lenient with odd strings ("1", "May"); insist on a year first.
  if (/^\d{4}-\d{2}-\d{2}/.test(spec)) {
    const parsedMs = Date.parse(spec);
    if (!Number.isNaN(parsedMs)) return parsedMs;
  }
  throw new UsageError(
    `cannot read "${text}" as a time`,
    'use an ISO date (2026-11-24T10:00:00Z), epoch milliseconds, "now", or a duration back from now (-15m, -2h, -1d)',
  );
}

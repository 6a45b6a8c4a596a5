/**
 * Consumer-group health in the spirit of Burrow's evaluation rules: each
 * partition is judged over a sliding window of (committed offset, lag)
 * samples, and the group takes its worst partition's status.
 *
 * - REWIND: the committed offset went backwards (a reset, or a consumer replaying).
 * - OK: lag was zero at some point in the window — the consumer keeps up.
 * - STALL: members are present but the committed offset did not move while lag stayed above zero.
 * - STOP: no member and no commit through the window while lag stayed above zero.
 * - WARN: offsets move, but lag grew over the window and mostly step by step.
 *
 * Burrow sees the time of each commit; OffsetFetch does not give it, so "no
 * commits" is read as "the committed offset did not move and nobody is in the group".
 */
export type GroupStatus = 'OK' | 'WARN' | 'REWIND' | 'STALL' | 'STOP';

export const STATUS_SEVERITY: Readonly<Record<GroupStatus, number>> = { OK: 0, WARN: 1, REWIND: 2, STALL: 3, STOP: 4 };

export interface OffsetPoint {
  atMs: number;
  committed: number;
  lag: number;
}

/** Fraction of the lag's moves that must be upward for growth to count as steady. */
const RISING_SHARE_MIN = 0.75;

export function partitionStatus(window: readonly OffsetPoint[], hasMembers: boolean): GroupStatus {
  if (window.length < 2) return 'OK';
  for (let i = 1; i < window.length; i++) {
    if (window[i]!.committed < window[i - 1]!.committed) return 'REWIND';
  }
  if (window.some((p) => p.lag === 0)) return 'OK';
  const first = window[0]!;
  const last = window[window.length - 1]!;
  if (last.committed === first.committed) return hasMembers ? 'STALL' : 'STOP';
  if (last.lag > first.lag && lagRisesSteadily(window)) return 'WARN';
  return 'OK';
}

function lagRisesSteadily(window: readonly OffsetPoint[]): boolean {
  let rising = 0;
  let moves = 0;
  for (let i = 1; i < window.length; i++) {
    const delta = window[i]!.lag - window[i - 1]!.lag;
    if (delta !== 0) moves++;
    if (delta > 0) rising++;
  }
  return moves > 0 && rising / moves >= RISING_SHARE_MIN;
}

export function worstStatus(statuses: Iterable<GroupStatus>): GroupStatus {
  let worst: GroupStatus = 'OK';
  for (const s of statuses) if (STATUS_SEVERITY[s] > STATUS_SEVERITY[worst]) worst = s;
  return worst;
}

/**
 * Seconds until lag reaches zero at the current rates: 0 with no lag, null
 * when the group is not gaining on the producers.
 */
export function catchUpSeconds(lag: number, consumePerSec: number | null, producePerSec: number | null): number | null {
  if (lag <= 0) return 0;
  if (consumePerSec === null) return null;
  const gainPerSec = consumePerSec - (producePerSec ?? 0);
  return gainPerSec > 0 ? lag / gainPerSec : null;
}

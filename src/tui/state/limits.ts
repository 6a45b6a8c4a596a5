/**
 * Every bound `kgo top` keeps, in one place. Histories are sized in samples
 * from the poll interval, so a faster interval does not buy a longer memory.
 */
/** How far back sparklines reach. */
export const HISTORY_MS = 5 * 60_000;
export const HISTORY_SAMPLES_MAX = 600;
/** The sliding window group statuses are judged over. */
export const STATUS_WINDOW_MS = 30_000;
export const STATUS_WINDOW_SAMPLES_MIN = 3;
export const STATUS_WINDOW_SAMPLES_MAX = 60;
/** The longest filter a user can type. */
export const FILTER_CHARS_MAX = 100;

export interface SeriesLimits {
  /** Values per sparkline history. */
  historySamples: number;
  /** Offsets per partition kept for status rules. */
  windowSamples: number;
}

export function seriesLimits(intervalMs: number): SeriesLimits {
  const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
  return {
    historySamples: clamp(Math.ceil(HISTORY_MS / intervalMs), 2, HISTORY_SAMPLES_MAX),
    windowSamples: clamp(Math.ceil(STATUS_WINDOW_MS / intervalMs) + 1, STATUS_WINDOW_SAMPLES_MIN, STATUS_WINDOW_SAMPLES_MAX),
  };
}

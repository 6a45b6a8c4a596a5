/** Numbers as a monitor shows them: short, fixed width, units where they help. */
const SPARK = '▁▂▃▄▅▆▇█';

/** 0.5, 12, 3.4k, 1.2M — at most five characters for counts up to the trillions. */
export function formatCount(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  if (abs < 10) return n === Math.round(n) ? String(n) : n.toFixed(1);
  if (abs < 1000) return String(Math.round(n));
  for (const [limit, suffix] of [[1e6, 'k'], [1e9, 'M'], [1e12, 'G']] as const) {
    if (abs < limit) {
      const scaled = n / (limit / 1000);
      return `${scaled < 10 ? scaled.toFixed(1) : Math.round(scaled)}${suffix}`;
    }
  }
  return `${Math.round(n / 1e12)}T`;
}

export function formatBytes(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** 0s, 45s, 3m20s, 2h05m, 3d4h; null (not catching up) as ∞. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '∞';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600)}h`;
}

/**
 * The values as `width` bars, newest on the right. Longer series are folded
 * into buckets (each bar the bucket's mean), so the line always spans the
 * whole history. Bars run from zero to the largest value, or with `scale:
 * 'range'` from the smallest to the largest (a trend of a level, such as lag,
 * rather than of a rate); a flat series is all low bars.
 */
export function sparkline(values: readonly number[], width: number, scale: 'zero' | 'range' = 'zero'): string {
  if (width <= 0) return '';
  const bars: number[] = [];
  if (values.length <= width) bars.push(...values);
  else {
    for (let b = 0; b < width; b++) {
      const from = Math.floor((b * values.length) / width);
      const to = Math.floor(((b + 1) * values.length) / width);
      let sum = 0;
      for (let i = from; i < to; i++) sum += values[i]!;
      bars.push(sum / Math.max(1, to - from));
    }
  }
  const max = Math.max(0, ...bars);
  const floor = scale === 'range' && bars.length > 0 ? Math.min(...bars) : 0;
  const span = max - floor;
  const line = bars
    .map((v) => (span <= 0 || v <= floor ? SPARK[0]! : SPARK[Math.min(SPARK.length - 1, Math.ceil(((v - floor) / span) * SPARK.length) - 1)]!))
    .join('');
  return line.padStart(width, ' ');
}

/** Cuts or pads to exactly `width` columns; cut text ends with an ellipsis. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const cut = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return align === 'right' ? cut.padStart(width) : cut.padEnd(width);
}

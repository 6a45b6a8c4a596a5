/**
 * `--compare FILE`: a previous `--json` result beside this one, figure by
 * figure, with the ratio this/previous (above 1 is more records per second,
 * but also more latency: read each row by its figure).
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../common/index.js';
import type { BenchResult } from './bench-report.js';

export interface CompareRow {
  figure: string;
  previous: number | null;
  current: number | null;
  /** current / previous; null when either is missing or previous is 0. */
  ratio: number | null;
}

export interface Comparison {
  file: string;
  previousKind: string | null;
  rows: CompareRow[];
}

const FIGURES: [string, (r: Record<string, any>) => unknown][] = [
  ['records', (r) => r.records],
  ['bytes', (r) => r.bytes],
  ['elapsedMs', (r) => r.elapsedMs],
  ['recordsPerSec', (r) => r.recordsPerSec],
  ['mbPerSec', (r) => r.mbPerSec],
  ['latencyMs.avg', (r) => r.latencyMs?.avg],
  ['latencyMs.p50', (r) => r.latencyMs?.p50],
  ['latencyMs.p95', (r) => r.latencyMs?.p95],
  ['latencyMs.p99', (r) => r.latencyMs?.p99],
  ['latencyMs.p999', (r) => r.latencyMs?.p999],
  ['latencyMs.max', (r) => r.latencyMs?.max],
];

/** Reads a file written by `kgo bench ... --json > FILE`; a bad file is a usage error. */
export async function readBenchResultFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--compare: cannot read ${path}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--compare: ${path} is not JSON`, 'write it with `kgo bench ... --json > FILE`');
  }
  if (value === null || typeof value !== 'object' || typeof (value as Record<string, unknown>).recordsPerSec !== 'number') {
    throw new UsageError(`--compare: ${path} is not a kgo bench result`, 'write it with `kgo bench ... --json > FILE`');
  }
  return value as Record<string, unknown>;
}

export function compareResults(file: string, previous: Record<string, unknown>, current: BenchResult): Comparison {
  const rows = FIGURES.map(([figure, get]): CompareRow => {
    const p = numberOrNull(get(previous));
    const c = numberOrNull(get(current as unknown as Record<string, unknown>));
    const ratio = p !== null && c !== null && p !== 0 ? Math.round((c / p) * 1_000) / 1_000 : null;
    return { figure, previous: p, current: c, ratio };
  });
  return { file, previousKind: typeof previous.kind === 'string' ? previous.kind : null, rows };
}

export function renderComparison(comparison: Comparison): string {
  const header = ['figure', 'previous', 'this run', 'ratio'];
  const body = comparison.rows.map((r) => [r.figure, show(r.previous), show(r.current), r.ratio === null ? '-' : `${r.ratio.toFixed(3)}x`]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [`compared with ${comparison.file}`, line(header), ...body.map(line)].join('\n');
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function show(v: number | null): string {
  if (v === null) return '-';
  return Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/\.?0+$/, '');
}

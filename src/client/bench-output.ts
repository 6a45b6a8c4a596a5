/** The final text of a bench command and its `--json` value, with the comparison when asked. */
import { compareResults, renderComparison, type Comparison } from './bench-compare.js';
import type { BenchResult } from './bench-report.js';

export type BenchOutput<T extends BenchResult> = T & { comparison?: Comparison };

export function benchOutput<T extends BenchResult>(
  result: T,
  summary: string,
  previous?: { file: string; result: Record<string, unknown> },
): { text: string; json: BenchOutput<T> } {
  if (previous === undefined) return { text: summary, json: result };
  const comparison = compareResults(previous.file, previous.result, result);
  const kindNote = comparison.previousKind !== null && comparison.previousKind !== result.kind ? ` (note: that was a ${comparison.previousKind} run)` : '';
  return { text: `${summary}\n\n${renderComparison(comparison)}${kindNote}`, json: { ...result, comparison } };
}

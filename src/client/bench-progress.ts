/**
 * Progress for a person watching: an ora spinner on stderr with a running
 * count, and the perf-test interval line every 5 s above it. In a pipe (or
 * with --json) nothing at all, so stdout carries only the final figures.
 */
import type { BenchProgress } from './bench-produce.js';

export interface BenchProgressDisplay extends BenchProgress {
  /** Removes the spinner; safe to call more than once. */
  stop(): void;
}

export async function startBenchProgress(label: string, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Promise<BenchProgressDisplay> {
  if (!enabled || !stream.isTTY) return { window() {}, total() {}, stop() {} };
  // A terminal that reports no width (`script` without a terminal, some
  // containers) would make the spinner's redraw arithmetic run away: lines only.
  if (!((stream.columns ?? 0) > 0)) return { window: (line) => void stream.write(`${line}\n`), total() {}, stop() {} };
  const { default: ora } = await import('ora');
  const spinner = ora({ text: label, stream }).start();
  let lastMs = 0;
  return {
    window(line) {
      spinner.clear();
      stream.write(`${line}\n`);
      spinner.render();
    },
    total(records) {
      const nowMs = Date.now();
      if (nowMs - lastMs < 100) return;
      lastMs = nowMs;
      spinner.text = `${label}: ${records} records`;
    },
    stop() {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}

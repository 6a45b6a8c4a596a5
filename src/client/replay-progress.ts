/**
 * A progress bar on stderr while a person watches a replay; nothing at all
 * when stderr is a pipe or a file.
 */
import type { ReplayProgress } from './replay.js';

const BAR_CELLS = 30;
const REDRAW_INTERVAL_MS = 100;

export interface ProgressBar {
  update(progress: ReplayProgress): void;
  done(): void;
}

export function progressLine(progress: ReplayProgress): string {
  const fraction = progress.planned === 0 ? 1 : Math.min(1, progress.replayed / progress.planned);
  const filled = Math.round(fraction * BAR_CELLS);
  const percent = Math.floor(fraction * 100);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_CELLS - filled)}] ${percent}% ${progress.replayed}/${progress.planned} records`;
}

export function startProgressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return { update() {}, done() {} };
  let lastMs = 0;
  let drawn = false;
  return {
    update(progress) {
      const nowMs = Date.now();
      if (nowMs - lastMs < REDRAW_INTERVAL_MS && progress.replayed < progress.planned) return;
      lastMs = nowMs;
      drawn = true;
      stream.write(`\r${progressLine(progress)}`);
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}

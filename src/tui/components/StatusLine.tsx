import { fit } from '../format.js';
import { FixedLine, paint } from './FixedLine.js';
import type { ClusterHealth } from '../state/index.js';

export interface StatusLineProps {
  health: ClusterHealth;
  sizesAvailable: boolean | null;
  paused: boolean;
  /** How long the poll in flight has been waiting, 0 when none is. */
  pollWaitMs: number;
  intervalMs: number;
  width: number;
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;
const clockTime = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

/** One line on how fresh the figures are and why, when they are not. */
export function StatusLine({ health, sizesAvailable, paused, pollWaitMs, intervalMs, width }: StatusLineProps) {
  const age = health.lastSampleMs === null ? '' : `; last sample at ${clockTime(health.lastSampleMs)}`;
  let text: string;
  let color: string | undefined;
  if (paused) {
    text = `paused (p to resume)${age}`;
    color = 'cyan';
  } else if (health.kind === 'failing') {
    text = `cluster not answering: ${health.message ?? 'unknown error'} (${health.failures} failed poll(s), retrying)${age}`;
    color = 'red';
  } else if (pollWaitMs > Math.max(2 * intervalMs, 2000)) {
    text = `waiting for the cluster (${seconds(pollWaitMs)})${age}`;
    color = 'yellow';
  } else if (health.kind === 'connecting') {
    text = 'reading the cluster…';
  } else if (health.problems.length > 0) {
    text = `${health.problems[0]}${health.problems.length > 1 ? ` (+${health.problems.length - 1} more)` : ''}`;
    color = 'yellow';
  } else if (sizesAvailable === false) {
    text = 'bytes/s unavailable: the cluster does not report partition sizes (DescribeLogDirs)';
    color = 'yellow';
  } else {
    text = `ok${age}`;
    color = 'green';
  }
  // A FixedLine: the sample time in it changes every second.
  const line = fit(text, width);
  return <FixedLine text={color ? paint(color, line) : line} width={line.length} />;
}

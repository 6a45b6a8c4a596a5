/**
 * `kgo top --once`: two samples an interval apart (rates need two), folded
 * by the same reducer as the live screen, as data or as plain text tables.
 */
import { systemClock, type Clock } from '../common/index.js';
import type { TopSource } from './sources/index.js';
import { initialTopState, topReducer, topSnapshot, type TopSnapshot, type TopState } from './state/index.js';

export async function collectTopState(source: TopSource, intervalMs: number, clock: Clock = systemClock): Promise<TopState> {
  let state = initialTopState(intervalMs);
  state = topReducer(state, { type: 'sample', sample: await source.poll() });
  await new Promise<void>((resolve) => clock.setTimer(intervalMs, resolve));
  return topReducer(state, { type: 'sample', sample: await source.poll() });
}

export async function collectTopSnapshot(source: TopSource, intervalMs: number, clock: Clock = systemClock): Promise<TopSnapshot> {
  return topSnapshot(await collectTopState(source, intervalMs, clock));
}

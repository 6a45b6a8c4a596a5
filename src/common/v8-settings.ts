/**
 * V8 settings for a process that wakes once a second for hours (`kgo top`),
 * where V8's defaults, made for busy servers, cost more than the work itself. Both are flags V8 reads while it runs, set with
 * `v8.setFlagsFromString`.
 *
 * The young generation: V8 doubles the young generation whenever enough has survived its
 * scavenges since it last grew, up to 16 MB per semi-space (some 34 MB of
 * resident memory). Any process that allocates steadily gets there in the end,
 * `kgo top` within half a minute, though what survives a frame of it is a
 * fraction of that. The maximum can only be given when node starts
 * (--max-semi-space-size), but V8 reads its growth factor each time it grows
 * the space: once the space has reached the size we want, a factor of 1
 * keeps it there.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import * as v8 from 'node:v8';

/** Bytes V8 holds for its young generation (both semi-spaces). */
export function youngGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Lets the young generation grow to `maxBytes` and no further. It grows by
 * doubling, so a power of two is reached exactly; but collections are
 * reported a moment after they happen, and when several come in one burst it
 * can end one doubling past. Returns a function that stops watching.
 */
export function capYoungGeneration(maxBytes: number): () => void {
  const capped = () => {
    if (youngGenerationBytes() < maxBytes) return false;
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    return true;
  };
  if (capped()) return () => undefined;
  const observer = new PerformanceObserver(() => {
    if (capped()) observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

/**
 * Optimizes no more functions with TurboFan; those already optimized keep
 * their code. A screen redrawn once a second never earns back a compile: in
 * `kgo top` TurboFan's background compiles took more CPU than the screen
 * itself (some 80% of V8's worker threads), recompiling every function that
 * each full collection had deoptimized, for frames that were no faster.
 */
export function stopOptimizing(): void {
  v8.setFlagsFromString('--no-opt');
}

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const MIB = 1024 * 1024;
const module = new URL('../../dist/common/v8-settings.js', import.meta.url).href;

/**
 * In a process of its own (V8's flags are the process's): allocates steadily,
 * keeping the last 20,000 objects alive as a screen keeps its last frame, in
 * turns of the event loop as `kgo top` does, and reports the young
 * generation's size at the end.
 */
function youngGenerationAfterWork(capBytes: number | null): number {
  const script = `
    const { capYoungGeneration, youngGenerationBytes } = await import(${JSON.stringify(module)});
    if (${capBytes} !== null) capYoungGeneration(${capBytes});
    let kept = [];
    for (let turn = 0; turn < 150; turn++) {
      for (let i = 0; i < 20000; i++) kept.push({ turn, i, text: 'row ' + i });
      if (kept.length > 20000) kept = kept.slice(-20000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    console.log(youngGenerationBytes());
  `;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 }).trim());
}

describe('capYoungGeneration', () => {
  it('keeps the young generation within a doubling of the cap, where V8 alone grows it to its maximum', () => {
    const free = youngGenerationAfterWork(null);
    const capped = youngGenerationAfterWork(4 * MIB);
    expect(free).toBeGreaterThanOrEqual(16 * MIB);
    expect(capped).toBeGreaterThanOrEqual(4 * MIB);
    expect(capped).toBeLessThanOrEqual(8 * MIB + MIB);
  });
});

/**
 * In a process of its own: runs a function hot enough to be optimized, after
 * stopOptimizing or not, and reports whether it was optimized (bit 4 of V8's
 * optimization status). Compiles run on the main thread here, so the answer
 * does not depend on how soon a background compile finishes.
 */
function optimizedAfterHotLoop(stop: boolean): boolean {
  const script = `
    const { stopOptimizing } = await import(${JSON.stringify(module)});
    if (${stop}) stopOptimizing();
    function sum(values) { let total = 0; for (const v of values) total += v * 2 + 1; return total; }
    const values = Array.from({ length: 1000 }, (_, i) => i);
    let all = 0;
    for (let round = 0; round < 20000; round++) all += sum(values);
    console.log((%GetOptimizationStatus(sum) & 16) !== 0, all > 0);
  `;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--no-concurrent-recompilation', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  return out.trim().startsWith('true');
}

describe('stopOptimizing', () => {
  it('leaves hot functions to the baseline tiers, where V8 would optimize them', () => {
    expect(optimizedAfterHotLoop(false)).toBe(true);
    expect(optimizedAfterHotLoop(true)).toBe(false);
  });
});

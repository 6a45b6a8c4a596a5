import { describe, expect, it } from 'vitest';
import { createLatencyRecorder } from '../../src/client/bench.js';

describe('LatencyRecorder', () => {
  it('summarises 1..1000 ms within the histogram precision', async () => {
    const h = await createLatencyRecorder();
    for (let ms = 1; ms <= 1000; ms++) h.recordMs(ms);
    const s = h.summary();
    expect(h.count).toBe(1000);
    // Three significant digits: every figure is within 0.1% of the exact one.
    const near = (actual: number, exact: number) => expect(Math.abs(actual - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.001);
    near(s.avg, 500.5);
    near(s.p50, 500);
    near(s.p95, 950);
    near(s.p99, 990);
    near(s.p999, 999);
    near(s.max, 1000);
  });

  it('weights a batch by its record count and keeps sub-millisecond values', async () => {
    const h = await createLatencyRecorder();
    h.recordMs(0.25, 99);
    h.recordMs(40, 1);
    const s = h.summary();
    expect(h.count).toBe(100);
    expect(s.p50).toBeCloseTo(0.25, 3);
    expect(s.p95).toBeCloseTo(0.25, 3);
    expect(s.max).toBeCloseTo(40, 1);
    expect(s.avg).toBeCloseTo((0.25 * 99 + 40) / 100, 2);
  });

  it('never reports a percentile above the maximum', async () => {
    const h = await createLatencyRecorder();
    h.recordMs(146.078, 1000);
    const s = h.summary();
    expect(s.max).toBe(146.078);
    for (const p of [s.p50, s.p95, s.p99, s.p999]) expect(p).toBeLessThanOrEqual(s.max);
  });

  it('reports zeros when nothing was recorded, and ignores empty batches', async () => {
    const h = await createLatencyRecorder();
    h.recordMs(5, 0);
    expect(h.summary()).toEqual({ avg: 0, max: 0, p50: 0, p95: 0, p99: 0, p999: 0 });
  });
});

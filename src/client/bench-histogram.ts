/**
 * Latency percentiles from an HDR histogram. Values are kept in microseconds
 * (three significant digits), so sub-millisecond loopback latencies are not
 * rounded to zero; summaries are reported in milliseconds.
 */
import type { Histogram } from 'hdr-histogram-js';

export interface LatencySummaryMs {
  avg: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
}

export const EMPTY_LATENCY: LatencySummaryMs = Object.freeze({ avg: 0, max: 0, p50: 0, p95: 0, p99: 0, p999: 0 });

const US_PER_MS = 1_000;

export class LatencyRecorder {
  constructor(private readonly histogram: Histogram) {}

  /** Records `count` values of `latencyMs` (one per record of a batch). */
  recordMs(latencyMs: number, count = 1): void {
    if (count <= 0) return;
    const us = Math.max(0, Math.round(latencyMs * US_PER_MS));
    this.histogram.recordValueWithCount(us, count);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummaryMs {
    if (this.histogram.totalCount === 0) return { ...EMPTY_LATENCY };
    const maxUs = this.histogram.maxValue;
    // A percentile is reported as the top of its bucket, which can lie above
    // the largest value recorded; no percentile may exceed the maximum.
    const ms = (us: number): number => roundMs(Math.min(us, maxUs) / US_PER_MS);
    return {
      avg: ms(this.histogram.mean),
      max: ms(maxUs),
      p50: ms(this.histogram.getValueAtPercentile(50)),
      p95: ms(this.histogram.getValueAtPercentile(95)),
      p99: ms(this.histogram.getValueAtPercentile(99)),
      p999: ms(this.histogram.getValueAtPercentile(99.9)),
    };
  }
}

/** Loads hdr-histogram-js on first use, so commands that never measure do not pay for it. */
export async function createLatencyRecorder(): Promise<LatencyRecorder> {
  const hdr = await import('hdr-histogram-js');
  return new LatencyRecorder(hdr.build({ numberOfSignificantValueDigits: 3, autoResize: true }));
}

function roundMs(ms: number): number {
  return Math.round(ms * 1_000) / 1_000;
}

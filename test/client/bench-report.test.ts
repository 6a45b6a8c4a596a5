import { describe, expect, it } from 'vitest';
import {
  CONSUMER_HEADER,
  consumerLines,
  e2eLine,
  perfTimestamp,
  producerTotalLine,
  rates,
  ThroughputWindow,
  type ConsumeBenchResult,
  type E2eBenchResult,
} from '../../src/client/bench.js';

const MiB = 1024 * 1024;
const latencyMs = { avg: 7.004, max: 230, p50: 4.9, p95: 29.2, p99: 53.999, p999: 68.01 };

describe('producerTotalLine', () => {
  it('has kafka-producer-perf-test\'s shape and rounding', () => {
    const line = producerTotalLine({ records: 5_000_000, bytes: 5_000_000 * 100, elapsedMs: 6_649, latencyMs });
    expect(line).toBe(
      '5000000 records sent, 751992.780869 records/sec (71.72 MB/sec), 7.00 ms avg latency, ' +
        '230.00 ms max latency, 4 ms 50th, 29 ms 95th, 53 ms 99th, 68 ms 99.9th.',
    );
  });
});

describe('consumerLines', () => {
  it('prints the consumer perf test header and figures', () => {
    const start = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
    const result: ConsumeBenchResult = {
      kind: 'consume',
      engine: 'kafkajs',
      topic: 't',
      records: 1_000,
      bytes: 2 * MiB,
      elapsedMs: 2_000,
      recordsPerSec: 500,
      mbPerSec: 1,
      latencyMs,
      groupId: 'g',
      startTimeMs: start,
      endTimeMs: start + 2_000,
      rebalanceTimeMs: 1_000,
      fetchTimeMs: 1_000,
      fetchMbPerSec: 2,
      fetchRecordsPerSec: 1_000,
      complete: true,
    };
    expect(consumerLines(result)).toBe(
      `${CONSUMER_HEADER}\n2026-01-02 03:04:05:006, 2026-01-02 03:04:07:006, 2.0000, 1.0000, 1000, 500.0000, 1000, 1000, 2.0000, 1000.0000`,
    );
    expect(CONSUMER_HEADER.split(', ')).toEqual([
      'start.time', 'end.time', 'data.consumed.in.MB', 'MB.sec', 'data.consumed.in.nMsg', 'nMsg.sec',
      'rebalance.time.ms', 'fetch.time.ms', 'fetch.MB.sec', 'fetch.nMsg.sec',
    ]);
  });

  it('formats times as yyyy-MM-dd HH:mm:ss:SSS', () => {
    expect(perfTimestamp(new Date(2026, 10, 24, 15, 9, 0, 42).getTime())).toBe('2026-11-24 15:09:00:042');
  });
});

describe('e2eLine and rates', () => {
  it('says how many arrived and the percentiles', () => {
    const r: E2eBenchResult = {
      kind: 'e2e', engine: 'kafkajs', topic: 't', records: 398, bytes: 39_800, elapsedMs: 2_000, recordsPerSec: 199, mbPerSec: 0.019,
      latencyMs, ratePerSec: 200, durationMs: 2_000, recordsSent: 400, recordsLost: 2,
    };
    expect(e2eLine(r)).toBe(
      '398 of 400 records received (2 not received) at 199.0 records/sec, end-to-end latency 7.00 ms avg, ' +
        '230.00 ms max, 4.90 ms 50th, 29.20 ms 95th, 54.00 ms 99th, 68.01 ms 99.9th.',
    );
  });

  it('computes records/s and MB/s (2^20 bytes)', () => {
    expect(rates(3_000, 3 * MiB, 1_500)).toEqual({ recordsPerSec: 2_000, mbPerSec: 2 });
  });
});

describe('ThroughputWindow', () => {
  it('prints one interval and starts the next', () => {
    const w = new ThroughputWindow(0);
    w.record(1_000, MiB, 2);
    w.record(1_000, MiB, 6);
    expect(w.flush(2_000)).toBe('2000 records sent, 1000.0 records/sec (1.00 MB/sec), 4.0 ms avg latency, 6.0 ms max latency.');
    expect(w.flush(3_000, 'consumed')).toBe('0 records consumed, 0.0 records/sec (0.00 MB/sec), 0.0 ms avg latency, 0.0 ms max latency.');
  });
});

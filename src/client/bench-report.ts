/**
 * What `kgo bench` reports, in the shapes of Kafka's own perf tools
 * (kafka-producer-perf-test, kafka-consumer-perf-test), so the numbers can be
 * put beside ones people already know. Like those tools, "MB" here is 2^20
 * bytes, and bytes count record keys and values only.
 */
import type { LatencySummaryMs } from './bench-histogram.js';

export const BENCH_MB_BYTES = 1024 * 1024;

export type BenchKind = 'produce' | 'consume' | 'e2e';
export type BenchEngine = 'kafkajs' | 'raw';

/** The `--json` output of every bench command; kinds add their own figures. */
export interface BenchResult {
  kind: BenchKind;
  engine: BenchEngine;
  topic: string;
  records: number;
  bytes: number;
  elapsedMs: number;
  recordsPerSec: number;
  mbPerSec: number;
  latencyMs: LatencySummaryMs;
}

export interface ProduceBenchResult extends BenchResult {
  kind: 'produce';
  recordSizeBytes: number;
  acks: string;
  compression: string;
  producers: number;
  batchRecords: number;
}

export interface ConsumeBenchResult extends BenchResult {
  kind: 'consume';
  groupId: string;
  startTimeMs: number;
  endTimeMs: number;
  rebalanceTimeMs: number;
  fetchTimeMs: number;
  fetchMbPerSec: number;
  fetchRecordsPerSec: number;
  /** False when the consumer stopped before reading the records it was asked for. */
  complete: boolean;
}

export interface E2eBenchResult extends BenchResult {
  kind: 'e2e';
  ratePerSec: number;
  durationMs: number;
  recordsSent: number;
  recordsLost: number;
}

/** Rates over a run, as every kind reports them. */
export function rates(records: number, bytes: number, elapsedMs: number): { recordsPerSec: number; mbPerSec: number } {
  const seconds = Math.max(elapsedMs, 1) / 1_000;
  return { recordsPerSec: round(records / seconds, 1), mbPerSec: round(bytes / BENCH_MB_BYTES / seconds, 4) };
}

/** kafka-producer-perf-test's closing line. */
export function producerTotalLine(r: Pick<BenchResult, 'records' | 'bytes' | 'elapsedMs' | 'latencyMs'>): string {
  const seconds = Math.max(r.elapsedMs, 1) / 1_000;
  const l = r.latencyMs;
  return (
    `${r.records} records sent, ${(r.records / seconds).toFixed(6)} records/sec ` +
    `(${(r.bytes / BENCH_MB_BYTES / seconds).toFixed(2)} MB/sec), ${l.avg.toFixed(2)} ms avg latency, ` +
    `${l.max.toFixed(2)} ms max latency, ${Math.trunc(l.p50)} ms 50th, ${Math.trunc(l.p95)} ms 95th, ` +
    `${Math.trunc(l.p99)} ms 99th, ${Math.trunc(l.p999)} ms 99.9th.`
  );
}

export const CONSUMER_HEADER =
  'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';

/** kafka-consumer-perf-test's header and figures line. */
export function consumerLines(r: ConsumeBenchResult): string {
  const seconds = Math.max(r.endTimeMs - r.startTimeMs, 1) / 1_000;
  const mb = r.bytes / BENCH_MB_BYTES;
  const figures = [
    perfTimestamp(r.startTimeMs),
    perfTimestamp(r.endTimeMs),
    mb.toFixed(4),
    (mb / seconds).toFixed(4),
    String(r.records),
    (r.records / seconds).toFixed(4),
    String(Math.round(r.rebalanceTimeMs)),
    String(Math.round(r.fetchTimeMs)),
    r.fetchMbPerSec.toFixed(4),
    r.fetchRecordsPerSec.toFixed(4),
  ];
  return `${CONSUMER_HEADER}\n${figures.join(', ')}`;
}

/** The end-to-end summary: how many arrived, at what rate, with which latencies. */
export function e2eLine(r: E2eBenchResult): string {
  const l = r.latencyMs;
  const lost = r.recordsLost > 0 ? ` (${r.recordsLost} not received)` : '';
  return (
    `${r.records} of ${r.recordsSent} records received${lost} at ${r.recordsPerSec.toFixed(1)} records/sec, ` +
    `end-to-end latency ${l.avg.toFixed(2)} ms avg, ${l.max.toFixed(2)} ms max, ${l.p50.toFixed(2)} ms 50th, ` +
    `${l.p95.toFixed(2)} ms 95th, ${l.p99.toFixed(2)} ms 99th, ${l.p999.toFixed(2)} ms 99.9th.`
  );
}

/** Kafka's perf tools' time format, yyyy-MM-dd HH:mm:ss:SSS in local time. */
export function perfTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}:${p(d.getMilliseconds(), 3)}`
  );
}

/**
 * The figures of one progress interval, printed like the perf test's
 * periodic line. Kept apart from the histogram: it is reset every interval.
 */
export class ThroughputWindow {
  private records = 0;
  private bytes = 0;
  private latencySumMs = 0;
  private latencyMaxMs = 0;

  constructor(private startMs: number) {}

  record(records: number, bytes: number, latencyMs: number): void {
    this.records += records;
    this.bytes += bytes;
    this.latencySumMs += latencyMs * records;
    if (latencyMs > this.latencyMaxMs) this.latencyMaxMs = latencyMs;
  }

  /** The interval's line (`verb`: sent, consumed, received); starts the next interval. */
  flush(nowMs: number, verb = 'sent'): string {
    const seconds = Math.max(nowMs - this.startMs, 1) / 1_000;
    const avgMs = this.records === 0 ? 0 : this.latencySumMs / this.records;
    const line =
      `${this.records} records ${verb}, ${(this.records / seconds).toFixed(1)} records/sec ` +
      `(${(this.bytes / BENCH_MB_BYTES / seconds).toFixed(2)} MB/sec), ${avgMs.toFixed(1)} ms avg latency, ` +
      `${this.latencyMaxMs.toFixed(1)} ms max latency.`;
    this.startMs = nowMs;
    this.records = 0;
    this.bytes = 0;
    this.latencySumMs = 0;
    this.latencyMaxMs = 0;
    return line;
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

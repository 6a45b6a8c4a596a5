/**
 * `kgo bench produce` on kafkajs: what a Node application sees. Each producer
 * keeps several sends in flight; each send carries about 1,000 records
 * (kafkajs groups a send's messages per partition in quadratic time, so much
 * larger sends measure kafkajs's bookkeeping, not the cluster). A record's
 * latency is the ack time minus the send time of its batch.
 */
import { performance } from 'node:perf_hooks';
import type { Kafka, Message, Producer } from 'kafkajs';
import { UserError } from '../common/index.js';
import { createLatencyRecorder, type LatencyRecorder } from './bench-histogram.js';
import { rates, ThroughputWindow, type ProduceBenchResult } from './bench-report.js';
import { BatchPacer, TokenBucket } from './bench-token-bucket.js';
import { connectWithin } from './connection.js';
import type { ConnectionSettings } from './settings.js';

export const BENCH_BATCH_RECORDS = 1_000;
export const BENCH_IN_FLIGHT = 4;
export const BENCH_PROGRESS_INTERVAL_MS = 5_000;

const ACKS_CODE: Record<string, number> = { all: -1, '1': 1, '0': 0 };
const COMPRESSION_CODE: Record<string, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

/** The RecordBatch attribute bits of a codec name. */
export function compressionCode(name: ProduceBenchOptions['compression']): 0 | 1 | 2 | 3 | 4 {
  return COMPRESSION_CODE[name] as 0 | 1 | 2 | 3 | 4;
}

export interface ProduceBenchOptions {
  topic: string;
  records: number;
  recordSizeBytes: number;
  /** Records per second across all producers; <= 0 for as fast as possible. */
  throughputPerSec: number;
  acks: 'all' | '1' | '0';
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  batchRecords: number;
  lingerMs: number;
  producers: number;
  inFlight: number;
}

/** Progress as it happens: `window` every 5 s, `total` records acked so far. */
export interface BenchProgress {
  window(line: string): void;
  total(records: number): void;
}

export const silentProgress: BenchProgress = { window() {}, total() {} };

/** Kafka's perf test fills values with random capital letters; so does this. */
export function benchPayload(sizeBytes: number): Buffer {
  const payload = Buffer.allocUnsafe(sizeBytes);
  for (let i = 0; i < sizeBytes; i++) payload[i] = 65 + Math.floor(Math.random() * 26);
  return payload;
}

/** Shared by every sender: how many records are left to hand out, and the pace. */
export class SendPlan {
  private remaining: number;

  constructor(
    records: number,
    private readonly batchRecords: number,
    private readonly pacer: BatchPacer,
  ) {
    this.remaining = records;
  }

  /** The size of the next batch, once the pace allows it; 0 when all are handed out. */
  async next(): Promise<number> {
    const want = Math.min(this.batchRecords, this.remaining);
    if (want <= 0) return 0;
    this.remaining -= want;
    const granted = await this.pacer.next(want);
    this.remaining += want - granted;
    return granted;
  }
}

export async function runProduceBench(
  kafka: Kafka,
  settings: ConnectionSettings,
  options: ProduceBenchOptions,
  progress: BenchProgress = silentProgress,
): Promise<ProduceBenchResult> {
  const { default: kafkajs } = await import('kafkajs');
  const producers: Producer[] = [];
  try {
    for (let i = 0; i < options.producers; i++) {
      const producer = kafka.producer({ allowAutoTopicCreation: true, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
      producers.push(await connectWithin(producer, settings));
    }
    // An empty send loads the topic's metadata (creating it if the broker
    // auto-creates), so the timed run measures records, not start-up.
    for (const p of producers) await p.send({ topic: options.topic, messages: [] }).catch((err: unknown) => Promise.reject(sendError(options.topic, err)));
    const meter = await createProduceMeter(options, progress);
    const payload = benchPayload(options.recordSizeBytes);
    const startMs = performance.now();
    await meter.during(() => {
      const senders = producers.flatMap((p) => Array.from({ length: options.inFlight }, () => sendLoop(p, options, payload, meter)));
      return Promise.all(senders);
    });
    return meter.result('kafkajs', performance.now() - startMs);
  } finally {
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
  }
}

async function sendLoop(producer: Producer, options: ProduceBenchOptions, payload: Buffer, meter: ProduceMeter): Promise<void> {
  const acks = ACKS_CODE[options.acks]!;
  const compression = COMPRESSION_CODE[options.compression]!;
  for (let n = await meter.next(); n > 0; n = await meter.next()) {
    const messages: Message[] = new Array(n);
    for (let i = 0; i < n; i++) messages[i] = { value: payload };
    const sentMs = performance.now();
    try {
      await producer.send({ topic: options.topic, messages, acks, compression });
    } catch (err) {
      meter.stop();
      throw sendError(options.topic, err);
    }
    meter.ack(n, performance.now() - sentMs);
  }
}

/**
 * The engine-independent half of a produce benchmark: hands out paced batch
 * sizes, records each acked batch's latency, prints the progress window and
 * builds the result. The raw engine drives the same meter.
 */
export class ProduceMeter {
  acked = 0;
  private stopped = false;
  private readonly plan: SendPlan;
  private readonly window = new ThroughputWindow(performance.now());

  constructor(
    private readonly options: ProduceBenchOptions,
    private readonly histogram: LatencyRecorder,
    private readonly progress: BenchProgress,
  ) {
    const burst = Math.max(options.batchRecords, Math.ceil(options.throughputPerSec / 10));
    const pacer = new BatchPacer(new TokenBucket(options.throughputPerSec, burst), options.lingerMs);
    this.plan = new SendPlan(options.records, options.batchRecords, pacer);
  }

  /** The next batch's record count; 0 once all are handed out or a send failed. */
  async next(): Promise<number> {
    return this.stopped ? 0 : this.plan.next();
  }

  ack(records: number, latencyMs: number): void {
    this.histogram.recordMs(latencyMs, records);
    this.window.record(records, records * this.options.recordSizeBytes, latencyMs);
    this.acked += records;
    this.progress.total(this.acked);
  }

  /** Stops handing out batches: one failed send ends the run. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs `work` with the progress window printed every 5 s. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => this.progress.window(this.window.flush(performance.now())), BENCH_PROGRESS_INTERVAL_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  result(engine: 'kafkajs' | 'raw', elapsedMs: number): ProduceBenchResult {
    const o = this.options;
    const bytes = this.acked * o.recordSizeBytes;
    return {
      kind: 'produce',
      engine,
      topic: o.topic,
      records: this.acked,
      bytes,
      elapsedMs: Math.round(elapsedMs),
      ...rates(this.acked, bytes, elapsedMs),
      latencyMs: this.histogram.summary(),
      recordSizeBytes: o.recordSizeBytes,
      acks: o.acks,
      compression: o.compression,
      producers: o.producers,
      batchRecords: o.batchRecords,
    };
  }
}

export async function createProduceMeter(options: ProduceBenchOptions, progress: BenchProgress = silentProgress): Promise<ProduceMeter> {
  return new ProduceMeter(options, await createLatencyRecorder(), progress);
}

function sendError(topic: string, err: unknown): UserError {
  const message = (err as Error)?.message ?? String(err);
  if (/does not host this topic-partition|UNKNOWN_TOPIC/i.test(message)) {
    return new UserError(`topic "${topic}" does not exist and the broker did not create it`, 'create it with `kgo topic create`', 1, 'TOPIC_NOT_FOUND');
  }
  return new UserError(`producing to "${topic}" failed: ${message}`, undefined, 1, 'PRODUCE_FAILED');
}

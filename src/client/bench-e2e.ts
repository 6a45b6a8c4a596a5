/**
 * `kgo bench e2e`: produce-to-consume latency at a fixed rate. Each record
 * carries this run's id and its send time (performance.now(), the producer
 * and the consumer being one process); the consumer records now minus that.
 * The consumer starts at the end of the topic and joins before the first
 * send, so every record of the run can arrive.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Consumer, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import { UsageError, UserError } from '../common/index.js';
import { createLatencyRecorder, type LatencyRecorder } from './bench-histogram.js';
import { BENCH_PROGRESS_INTERVAL_MS, benchPayload, silentProgress, type BenchProgress } from './bench-produce.js';
import { rates, ThroughputWindow, type E2eBenchResult } from './bench-report.js';
import { BatchPacer, TokenBucket } from './bench-token-bucket.js';
import { connectError, connectWithin, CONNECT_DEADLINE_MS, requireTopics } from './connection.js';
import type { ConnectionSettings } from './settings.js';

/** Run id (8 bytes) then the send time (float64 ms). */
export const E2E_HEADER_BYTES = 16;
const RUN_ID_BYTES = 8;
const SENDERS = 4;
/** Each send carries about this much of a second's records. */
const SENDS_PER_SEC = 100;

/** `--duration`: `30s`, `500ms`, `2m`, or plain seconds. */
export function parseBenchDurationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const unitMs = m === null ? 0 : m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1_000;
  const ms = m === null ? NaN : Math.round(Number(m[1]) * unitMs);
  if (!(ms > 0)) throw new UsageError(`--duration: "${text}" is not a duration`, 'write it as 30s, 500ms, 2m or a number of seconds');
  return ms;
}

export interface E2eBenchOptions {
  topic: string;
  ratePerSec: number;
  durationMs: number;
  recordSizeBytes: number;
  acks: 'all' | '1';
  /** After the last send, how long to wait for records still on their way. */
  graceMs: number;
}

export async function runE2eBench(
  kafka: Kafka,
  settings: ConnectionSettings,
  options: E2eBenchOptions,
  progress: BenchProgress = silentProgress,
): Promise<E2eBenchResult> {
  const { default: kafkajs } = await import('kafkajs');
  const admin = await connectWithin(kafka.admin(), settings);
  const groupId = `kgo-bench-e2e-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100, retry: { retries: 3, restartOnFailure: async () => false } });
  let producer: Producer | undefined;
  try {
    await requireTopics(admin, [options.topic]);
    const ends = await admin.fetchTopicOffsets(options.topic);
    const run = new E2eRun(options, await createLatencyRecorder(), progress);
    await run.startConsumer(consumer, settings, ends.map((e) => ({ partition: e.partition, offset: e.high })));
    producer = await connectWithin(kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner }), settings);
    return await run.produceAndWait(producer);
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/** The run id and send time of a record value, or null if it belongs to another run. */
export function readE2eStamp(value: Buffer | null, runId: Buffer): number | null {
  if (value === null || value.length < E2E_HEADER_BYTES) return null;
  if (!value.subarray(0, RUN_ID_BYTES).equals(runId)) return null;
  return value.readDoubleBE(RUN_ID_BYTES);
}

class E2eRun {
  private readonly runId = randomBytes(RUN_ID_BYTES);
  private readonly payload: Buffer;
  private sent = 0;
  private received = 0;
  private sendFailure: unknown;
  private readonly window = new ThroughputWindow(performance.now());
  private settle!: (err?: unknown) => void;
  private readonly failed = new Promise<never>((_, reject) => {
    this.settle = (err) => reject(err);
  });
  private onReceived: () => void = () => undefined;

  constructor(
    private readonly options: E2eBenchOptions,
    private readonly histogram: LatencyRecorder,
    private readonly progress: BenchProgress,
  ) {
    this.payload = benchPayload(Math.max(options.recordSizeBytes, E2E_HEADER_BYTES));
    this.runId.copy(this.payload, 0);
    this.failed.catch(() => undefined);
  }

  async startConsumer(consumer: Consumer, settings: ConnectionSettings, ends: { partition: number; offset: string }[]): Promise<void> {
    consumer.on(consumer.events.CRASH, ({ payload }) => this.settle(payload.error));
    let joined!: () => void;
    const groupJoined = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    try {
      await within(consumer.connect(), CONNECT_DEADLINE_MS);
    } catch (err) {
      throw connectError(err, settings);
    }
    await consumer.subscribe({ topics: [this.options.topic], fromBeginning: false });
    await consumer.run({ autoCommit: false, eachBatch: (payload) => this.eachBatch(payload) });
    for (const e of ends) consumer.seek({ topic: this.options.topic, partition: e.partition, offset: e.offset });
    await within(Promise.race([groupJoined, this.failed]), CONNECT_DEADLINE_MS, 'the consumer did not join its group');
  }

  async produceAndWait(producer: Producer): Promise<E2eBenchResult> {
    const bucket = new TokenBucket(this.options.ratePerSec, Math.max(1, Math.ceil(this.options.ratePerSec / 10)));
    const pacer = new BatchPacer(bucket, 1_000 / SENDS_PER_SEC);
    const batchMax = Math.max(1, Math.ceil(this.options.ratePerSec / SENDS_PER_SEC));
    const startMs = performance.now();
    const endMs = startMs + this.options.durationMs;
    const windowTimer = setInterval(() => this.progress.window(this.window.flush(performance.now(), 'received')), BENCH_PROGRESS_INTERVAL_MS);
    try {
      const senders = Array.from({ length: SENDERS }, () => this.sendLoop(producer, pacer, batchMax, endMs));
      await Promise.race([Promise.all(senders), this.failed]);
      await Promise.race([this.allReceived(this.options.graceMs), this.failed]);
    } finally {
      clearInterval(windowTimer);
    }
    const elapsedMs = performance.now() - startMs;
    const bytes = this.received * this.payload.length;
    return {
      kind: 'e2e',
      engine: 'kafkajs',
      topic: this.options.topic,
      records: this.received,
      bytes,
      elapsedMs: Math.round(elapsedMs),
      ...rates(this.received, bytes, elapsedMs),
      latencyMs: this.histogram.summary(),
      ratePerSec: this.options.ratePerSec,
      durationMs: this.options.durationMs,
      recordsSent: this.sent,
      recordsLost: this.sent - this.received,
    };
  }

  private async sendLoop(producer: Producer, pacer: BatchPacer, batchMax: number, endMs: number): Promise<void> {
    const acks = this.options.acks === 'all' ? -1 : 1;
    while (performance.now() < endMs && this.sendFailure === undefined) {
      const n = await pacer.next(batchMax);
      if (performance.now() >= endMs) return;
      const messages: Message[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const value = Buffer.from(this.payload);
        value.writeDoubleBE(performance.now(), RUN_ID_BYTES);
        messages[i] = { value };
      }
      try {
        await producer.send({ topic: this.options.topic, messages, acks });
      } catch (err) {
        this.sendFailure = err;
        throw new UserError(`producing to "${this.options.topic}" failed: ${(err as Error).message}`, undefined, 1, 'PRODUCE_FAILED');
      }
      this.sent += n;
    }
  }

  private async eachBatch({ batch }: EachBatchPayload): Promise<void> {
    const nowMs = performance.now();
    let records = 0;
    for (const m of batch.messages) {
      const sentMs = readE2eStamp(m.value, this.runId);
      if (sentMs === null) continue;
      const latencyMs = nowMs - sentMs;
      this.histogram.recordMs(latencyMs);
      this.window.record(1, m.value!.length, latencyMs);
      records++;
    }
    this.received += records;
    if (records > 0) {
      this.progress.total(this.received);
      this.onReceived();
    }
  }

  /** Resolves when every sent record has arrived, or after `graceMs` without that. */
  private allReceived(graceMs: number): Promise<void> {
    if (this.received >= this.sent) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      this.onReceived = () => {
        if (this.received < this.sent) return;
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

async function within<T>(work: Promise<T>, deadlineMs: number, what = `no answer within ${deadlineMs} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UserError(what, undefined, 1, 'TIMEOUT')), deadlineMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

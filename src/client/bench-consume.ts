/**
 * `kgo bench consume` on kafkajs: reads a topic from the beginning in a
 * group of one and reports kafka-consumer-perf-test's figures. The rebalance
 * time is from subscribing to the group join; fetch time is the rest. Without
 * --records it reads up to the high watermarks seen at the start.
 *
 * latencyMs here is the wait between consecutive batches reaching the
 * consumer: what a fetch round trip costs as kafkajs delivers it.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { createLatencyRecorder, type LatencyRecorder } from './bench-histogram.js';
import { BENCH_PROGRESS_INTERVAL_MS, silentProgress, type BenchProgress } from './bench-produce.js';
import { rates, ThroughputWindow, type ConsumeBenchResult } from './bench-report.js';
import { connectError, connectWithin, CONNECT_DEADLINE_MS, requireTopics } from './connection.js';
import type { ConnectionSettings } from './settings.js';

export interface ConsumeBenchOptions {
  topic: string;
  /** A named group commits its offsets; without one a throwaway group is used and deleted. */
  groupId?: string;
  /** Stop after this many records; by default at the high watermarks seen at the start. */
  records?: number;
  /** Give up when no record arrives for this long. */
  idleMs: number;
}

export async function runConsumeBench(
  kafka: Kafka,
  settings: ConnectionSettings,
  options: ConsumeBenchOptions,
  progress: BenchProgress = silentProgress,
): Promise<ConsumeBenchResult> {
  const admin = await connectWithin(kafka.admin(), settings);
  const groupId = options.groupId ?? `kgo-bench-${randomBytes(4).toString('hex')}`;
  try {
    await requireTopics(admin, [options.topic]);
    const ends = await highWatermarks(admin, options.topic);
    const state = new ConsumeRun(options, ends, await createLatencyRecorder(), progress);
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
      retry: { retries: 3, restartOnFailure: async () => false },
    });
    try {
      await state.consume(consumer, settings);
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    return state.result(groupId);
  } finally {
    if (options.groupId === undefined) await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Partition -> high watermark, for partitions holding any record. */
async function highWatermarks(admin: Admin, topic: string): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]));
}

class ConsumeRun {
  private records = 0;
  private bytes = 0;
  private startMs = Date.now();
  private joinedMs: number | undefined;
  private endMs: number | undefined;
  private lastBatchMs: number | undefined;
  private lastRecordMs = performance.now();
  private lastRecordWallMs: number | undefined;
  private complete = false;
  private readonly window = new ThroughputWindow(performance.now());
  private settle!: (err?: unknown) => void;
  private readonly finished = new Promise<void>((resolve, reject) => {
    this.settle = (err) => (err === undefined ? resolve() : reject(err));
  });

  constructor(
    private readonly options: ConsumeBenchOptions,
    private readonly pending: Map<number, number>,
    private readonly histogram: LatencyRecorder,
    private readonly progress: BenchProgress,
  ) {}

  async consume(consumer: Consumer, settings: ConnectionSettings): Promise<void> {
    if (this.targetReached()) return this.finish(true);
    consumer.on(consumer.events.CRASH, ({ payload }) => this.settle(payload.error));
    consumer.on(consumer.events.GROUP_JOIN, () => (this.joinedMs ??= Date.now()));
    const deadline = setTimeout(() => this.settle(new Error(`no answer within ${CONNECT_DEADLINE_MS} ms`)), CONNECT_DEADLINE_MS);
    try {
      await consumer.connect();
    } catch (err) {
      throw connectError(err, settings);
    } finally {
      clearTimeout(deadline);
    }
    this.startMs = Date.now();
    this.lastRecordMs = performance.now();
    await consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await consumer.run({ autoCommit: this.options.groupId !== undefined, eachBatch: (payload) => this.eachBatch(payload) });
    const ticker = setInterval(() => this.tick(), 250);
    const windowTimer = setInterval(() => this.progress.window(this.window.flush(performance.now(), 'consumed')), BENCH_PROGRESS_INTERVAL_MS);
    try {
      await this.finished;
    } finally {
      clearInterval(ticker);
      clearInterval(windowTimer);
    }
  }

  private async eachBatch({ batch }: EachBatchPayload): Promise<void> {
    if (this.endMs !== undefined) return;
    const nowMs = performance.now();
    const firstBatch = this.lastBatchMs === undefined;
    const waitMs = firstBatch ? 0 : nowMs - this.lastBatchMs!;
    this.lastBatchMs = nowMs;
    let records = 0;
    let bytes = 0;
    for (const m of batch.messages) {
      if (this.options.records !== undefined && this.records + records >= this.options.records) break;
      records++;
      bytes += (m.key?.length ?? 0) + (m.value?.length ?? 0);
    }
    if (records > 0) {
      this.lastRecordMs = nowMs;
      this.lastRecordWallMs = Date.now();
    }
    if (!firstBatch) this.histogram.recordMs(waitMs);
    this.records += records;
    this.bytes += bytes;
    this.window.record(records, bytes, waitMs);
    this.progress.total(this.records);
    const end = this.pending.get(batch.partition);
    if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) this.pending.delete(batch.partition);
    if (this.targetReached()) this.finish(true);
  }

  private targetReached(): boolean {
    return this.options.records !== undefined ? this.records >= this.options.records : this.pending.size === 0;
  }

  private tick(): void {
    if (performance.now() - this.lastRecordMs > this.options.idleMs) this.finish(false);
  }

  private finish(complete: boolean): void {
    if (this.endMs !== undefined) return;
    this.endMs = Date.now();
    this.complete = complete;
    this.settle();
  }

  result(groupId: string): ConsumeBenchResult {
    const endMs = this.endMs ?? Date.now();
    // Waiting out the idle timeout is not reading: it counts in neither time.
    const joinedMs = this.joinedMs ?? this.startMs;
    const readEndMs = Math.max(joinedMs, this.complete ? endMs : (this.lastRecordWallMs ?? endMs));
    const elapsedMs = Math.max(readEndMs - this.startMs, 0);
    const fetchMs = Math.max(readEndMs - joinedMs, 1);
    const fetch = rates(this.records, this.bytes, fetchMs);
    return {
      kind: 'consume',
      engine: 'kafkajs',
      topic: this.options.topic,
      records: this.records,
      bytes: this.bytes,
      elapsedMs,
      ...rates(this.records, this.bytes, elapsedMs),
      latencyMs: this.histogram.summary(),
      groupId,
      startTimeMs: this.startMs,
      endTimeMs: readEndMs,
      rebalanceTimeMs: joinedMs - this.startMs,
      fetchTimeMs: readEndMs - joinedMs,
      fetchMbPerSec: fetch.mbPerSec,
      fetchRecordsPerSec: fetch.recordsPerSec,
      complete: this.complete,
    };
  }
}

/**
 * The figures of a consume run driven by another engine (the raw one): it
 * reports each fetch here, and there is no group, so no rebalance time.
 */
export class ConsumeMeter {
  private records = 0;
  private bytes = 0;
  private readonly window = new ThroughputWindow(performance.now());

  constructor(
    private readonly topic: string,
    private readonly histogram: LatencyRecorder,
    private readonly progress: BenchProgress,
  ) {}

  onFetch(records: number, bytes: number, latencyMs: number): void {
    this.records += records;
    this.bytes += bytes;
    this.histogram.recordMs(latencyMs);
    this.window.record(records, bytes, latencyMs);
    this.progress.total(this.records);
  }

  /** Runs `work` with the progress window printed every 5 s. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => this.progress.window(this.window.flush(performance.now(), 'consumed')), BENCH_PROGRESS_INTERVAL_MS);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  result(engine: 'kafkajs' | 'raw', startTimeMs: number, endTimeMs: number, complete: boolean): ConsumeBenchResult {
    const elapsedMs = Math.max(endTimeMs - startTimeMs, 0);
    const r = rates(this.records, this.bytes, elapsedMs);
    return {
      kind: 'consume',
      engine,
      topic: this.topic,
      records: this.records,
      bytes: this.bytes,
      elapsedMs,
      ...r,
      latencyMs: this.histogram.summary(),
      groupId: '',
      startTimeMs,
      endTimeMs,
      rebalanceTimeMs: 0,
      fetchTimeMs: elapsedMs,
      fetchMbPerSec: r.mbPerSec,
      fetchRecordsPerSec: r.recordsPerSec,
      complete,
    };
  }
}

export async function createConsumeMeter(topic: string, progress: BenchProgress = silentProgress): Promise<ConsumeMeter> {
  return new ConsumeMeter(topic, await createLatencyRecorder(), progress);
}

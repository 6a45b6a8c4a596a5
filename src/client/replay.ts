/**
 * `kgo replay`: re-publishes a range of one topic into another, keeping keys,
 * headers and timestamps, in each source partition's order. Reads with a
 * throwaway consumer group that commits nothing and is deleted afterwards.
 */
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { systemClock, UserError, type Clock } from '../common/index.js';
import { requireTopics } from './connection.js';
import {
  paceDelayMs,
  planReplayRanges,
  rangeRecords,
  targetPartitionFor,
  type PaceState,
  type ReplayPosition,
  type ReplayRange,
  type SourcePartition,
} from './replay-plan.js';

export interface ReplayOptions {
  topic: string;
  toTopic: string;
  from: ReplayPosition;
  /** Exclusive; the end of each partition as the replay starts when left out. */
  to?: ReplayPosition;
  speed: number | 'max';
  ratePerSecond?: number;
  dryRun: boolean;
  /** Only these source partitions; all when left out. */
  partitions?: readonly number[];
  clock?: Clock;
  /** Stops the replay (Ctrl-C): it fails with how many records were published. */
  signal?: AbortSignal;
}

export interface ReplayProgress {
  replayed: number;
  planned: number;
}

export interface ReplayResult {
  topic: string;
  toTopic: string;
  dryRun: boolean;
  partitions: (ReplayRange & { records: number })[];
  /** Offsets in the planned ranges (an upper bound: compaction and transactions leave gaps). */
  planned: number;
  /** Records published (0 on a dry run). */
  replayed: number;
  elapsedMs: number;
}

/** Records sent to the producer in one request when no pacing holds them back. */
const SEND_CHUNK_RECORDS = 500;
/** Longest single sleep, so the consumer keeps heartbeating through long gaps. */
const SLEEP_SLICE_MS = 1_000;
/** Source partitions read and paced at the same time. */
const PARTITIONS_CONCURRENT_MAX = 32;

async function sourcePartitions(admin: Admin, options: ReplayOptions): Promise<SourcePartition[]> {
  const offsets = await admin.fetchTopicOffsets(options.topic);
  const known = new Set(offsets.map((o) => o.partition));
  const unknown = options.partitions?.find((p) => !known.has(p));
  if (unknown !== undefined) throw new UserError(`topic "${options.topic}" has no partition ${unknown}`);
  const atTime = async (position: ReplayPosition | undefined) =>
    position?.kind === 'time'
      ? new Map((await admin.fetchTopicOffsetsByTimestamp(options.topic, position.timestampMs)).map((o) => [o.partition, Number(o.offset)]))
      : undefined;
  const fromTimes = await atTime(options.from);
  const toTimes = await atTime(options.to);
  return offsets
    .filter((o) => !options.partitions || options.partitions.includes(o.partition))
    .map((o) => {
      const p: SourcePartition = { partition: o.partition, low: Number(o.low), high: Number(o.high) };
      const fromTime = fromTimes?.get(o.partition);
      const toTime = toTimes?.get(o.partition);
      if (fromTime !== undefined) p.fromTimeOffset = fromTime;
      if (toTime !== undefined) p.toTimeOffset = toTime;
      return p;
    });
}

export async function runReplay(
  kafka: Kafka,
  admin: Admin,
  options: ReplayOptions,
  onProgress: (progress: ReplayProgress) => void = () => undefined,
): Promise<ReplayResult> {
  const clock = options.clock ?? systemClock;
  const startedMs = clock.nowMs();
  await requireTopics(admin, [options.topic]);
  const ranges = planReplayRanges(await sourcePartitions(admin, options), options.from, options.to ?? { kind: 'latest' });
  const planned = rangeRecords(ranges);
  const result = (replayed: number): ReplayResult => ({
    topic: options.topic,
    toTopic: options.toTopic,
    dryRun: options.dryRun,
    partitions: ranges.map((r) => ({ ...r, records: r.endOffset - r.startOffset })),
    planned,
    replayed,
    elapsedMs: clock.nowMs() - startedMs,
  });
  if (options.dryRun || planned === 0) return result(0);
  if (options.toTopic !== options.topic) {
    const existing = new Set(await admin.listTopics());
    if (!existing.has(options.toTopic)) {
      throw new UserError(
        `target topic "${options.toTopic}" does not exist`,
        `create it first: kgo topic create ${options.toTopic} -p PARTITIONS`,
        1,
        'TOPIC_NOT_FOUND',
      );
    }
  }
  const { topics } = await admin.fetchTopicMetadata({ topics: [options.toTopic] });
  const targetPartitions = topics[0]?.partitions.length ?? 0;
  if (targetPartitions === 0) throw new UserError(`target topic "${options.toTopic}" has no partitions`);

  const groupId = `kgo-replay-${process.pid}-${startedMs.toString(36)}`;
  const producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1, idempotent: false });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
  try {
    await producer.connect();
    await consumer.connect();
    const replayed = await copyRanges({ consumer, producer, options, ranges, targetPartitions, clock, onProgress, planned });
    return result(replayed);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}

export interface CopyContext {
  consumer: Consumer;
  producer: Producer;
  options: ReplayOptions;
  ranges: ReplayRange[];
  targetPartitions: number;
  clock: Clock;
  planned: number;
  onProgress: (progress: ReplayProgress) => void;
}

function sleep(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(delayMs, resolve));
}

/** Consumes every range to its end and publishes what it reads; resolves with the count published. */
export async function copyRanges(ctx: CopyContext): Promise<number> {
  return new RangeCopier(ctx).run();
}

class RangeCopier {
  /**
   * The next offset to publish per partition: a re-fetch after a seek can
   * deliver records again, and this keeps each one published exactly once.
   */
  private readonly next: Map<number, number>;
  private readonly ends: Map<number, number>;
  private readonly open: Set<number>;
  private pace: PaceState | undefined;
  private replayed = 0;
  private stopped = false;
  private settle!: (error?: unknown) => void;
  private readonly finished: Promise<void>;

  constructor(private readonly ctx: CopyContext) {
    this.next = new Map(ctx.ranges.map((r) => [r.partition, r.startOffset]));
    this.ends = new Map(ctx.ranges.map((r) => [r.partition, r.endOffset]));
    this.open = new Set(ctx.ranges.map((r) => r.partition));
    this.finished = new Promise<void>((resolve, reject) => {
      this.settle = (error) => {
        this.stopped = true;
        if (error === undefined) resolve();
        else reject(error);
      };
    });
  }

  async run(): Promise<number> {
    const { consumer, options, ranges } = this.ctx;
    const onAbort = () =>
      this.settle(
        new UserError(
          `replay stopped after ${this.replayed} of ${this.ctx.planned} record(s)`,
          'the records counted were published; run again with a later --from to go on',
        ),
      );
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Batches that held only control records or aborted data never reach
    // eachBatch; the end-of-batch event still says how far the partition got.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic !== options.topic) return;
      const lastOffset = Number(payload.lastOffset);
      if (lastOffset >= this.next.get(payload.partition)! - 1) this.closePartition(payload.partition, lastOffset);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.settle(payload.error));
    try {
      await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        // Each partition waits for its own records' times; one partition's long
        // gap must not hold back the others.
        partitionsConsumedConcurrently: Math.min(Math.max(ranges.length, 1), PARTITIONS_CONCURRENT_MAX),
        eachBatch: async (payload) => {
          try {
            await this.eachBatch(payload);
          } catch (error) {
            this.settle(error);
          }
        },
      });
      for (const r of ranges) consumer.seek({ topic: options.topic, partition: r.partition, offset: String(r.startOffset) });
      await this.finished;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    await consumer.stop();
    return this.replayed;
  }

  private closePartition(partition: number, lastOffset: number): void {
    if (!this.open.has(partition) || lastOffset < this.ends.get(partition)! - 1) return;
    this.open.delete(partition);
    this.ctx.consumer.pause([{ topic: this.ctx.options.topic, partitions: [partition] }]);
    if (this.open.size === 0) this.settle();
  }

  private async send(messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    await this.ctx.producer.send({ topic: this.ctx.options.toTopic, acks: -1, messages });
    this.replayed += messages.length;
    this.ctx.onProgress({ replayed: this.replayed, planned: this.ctx.planned });
  }

  private async eachBatch({ batch, heartbeat, isRunning }: EachBatchPayload): Promise<void> {
    const partition = batch.partition;
    if (!this.open.has(partition) || this.stopped) return;
    let pending: Message[] = [];
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset < this.next.get(partition)! || offset >= this.ends.get(partition)!) continue;
      const timestampMs = Number(message.timestamp);
      const slot = this.reserveSlot(timestampMs);
      if (this.delayMs(slot, timestampMs) > 0) {
        await this.send(pending);
        pending = [];
        await this.waitTurn(slot, timestampMs, heartbeat, isRunning);
      }
      if (this.stopped) return;
      pending.push(toMessage(message, partition, this.ctx.targetPartitions));
      this.next.set(partition, offset + 1);
      if (pending.length >= SEND_CHUNK_RECORDS) {
        await this.send(pending);
        pending = [];
      }
    }
    await this.send(pending);
    this.closePartition(partition, this.next.get(partition)! - 1);
  }

  /**
   * A record's place on the replayed timeline and in the --rate budget,
   * taken before it waits because partitions are paced concurrently.
   */
  private reserveSlot(timestampMs: number): PaceState {
    this.pace ??= { startWallMs: this.ctx.clock.nowMs(), baseTimestampMs: timestampMs, sent: 0 };
    return { ...this.pace, sent: this.pace.sent++ };
  }

  private delayMs(slot: PaceState, timestampMs: number): number {
    const { clock, options } = this.ctx;
    return paceDelayMs(slot, timestampMs, clock.nowMs(), options.speed, options.ratePerSecond);
  }

  /** Sleeps in slices until the record is due, heartbeating so long gaps do not cost the group. */
  private async waitTurn(
    slot: PaceState,
    timestampMs: number,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<void> {
    let delayMs = this.delayMs(slot, timestampMs);
    while (delayMs > 0 && isRunning() && !this.stopped) {
      await sleep(this.ctx.clock, Math.min(delayMs, SLEEP_SLICE_MS));
      await heartbeat();
      delayMs = this.delayMs(slot, timestampMs);
    }
  }
}

function toMessage(message: KafkaMessage, sourcePartition: number, targetPartitions: number): Message {
  const key = message.key ?? null;
  const out: Message = {
    key,
    value: message.value,
    partition: targetPartitionFor(sourcePartition, key, targetPartitions),
    timestamp: message.timestamp,
  };
  if (message.headers && Object.keys(message.headers).length > 0) out.headers = message.headers;
  return out;
}

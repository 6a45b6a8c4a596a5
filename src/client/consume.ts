/**
 * The consume pipeline on kafkajs's public consumer API.
 *
 * kafkajs reads only through a consumer group. Without `-g`, kgo joins a
 * throwaway group `kgo-consume-<uuid>` that never commits and is deleted on
 * exit, so nothing is left behind on the cluster; start offsets come from
 * explicit seeks (kafkajs drops batches fetched before a pending seek). With
 * `-g`, kgo commits as it goes and, on exit, exactly up to the last record it
 * handed to stdout.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { connectError, CONNECT_DEADLINE_MS } from './connection.js';
import type { FormatRecord, RecordHeader } from './format.js';
import type { PartitionPlan } from './consume-plan.js';
import type { ConnectionSettings } from './settings.js';

export interface ConsumeOptions {
  plans: PartitionPlan[];
  format: (r: FormatRecord) => string;
  write: (text: string) => Promise<void>;
  /** Stop after this many records written. */
  count?: number;
  /** Stop once every partition reached its high watermark at start. */
  exitAtEnd?: boolean;
  group?: string;
  readUncommitted?: boolean;
  grep?: RegExp;
  /** Aborting ends consumption cleanly (commits, leaves the group). */
  signal?: AbortSignal;
  verbose?: boolean;
}

export interface ConsumeResult {
  records: number;
  group?: string;
}

export function throwawayGroupId(): string {
  return `kgo-consume-${randomUUID()}`;
}

export function toFormatRecord(topic: string, partition: number, m: KafkaMessage): FormatRecord {
  return { topic, partition, offset: m.offset, timestampMs: m.timestamp, key: m.key ?? null, value: m.value ?? null, headers: headerList(m.headers) };
}

export function headerList(headers: IHeaders | undefined): RecordHeader[] {
  const out: RecordHeader[] = [];
  if (!headers) return out;
  for (const [key, v] of Object.entries(headers)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      out.push({ key, value: one === undefined ? null : Buffer.isBuffer(one) ? one : Buffer.from(one) });
    }
  }
  return out;
}

const tpKey = (topic: string, partition: number) => `${topic}/${partition}`;

export async function consumeRecords(kafka: Kafka, admin: Admin, settings: ConnectionSettings, opts: ConsumeOptions): Promise<ConsumeResult> {
  const wanted = new Map(opts.plans.map((p) => [tpKey(p.topic, p.partition), p]));
  const done = new Set<string>();
  if (opts.exitAtEnd) {
    for (const p of opts.plans) if (p.start !== undefined && p.start >= p.end) done.add(tpKey(p.topic, p.partition));
  }
  if ((opts.exitAtEnd && done.size === wanted.size) || opts.count === 0) return { records: 0, group: opts.group };

  const groupId = opts.group ?? throwawayGroupId();
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    readUncommitted: opts.readUncommitted ?? false,
    maxWaitTimeInMs: 500,
    retry: { retries: 3, restartOnFailure: async () => false },
  });
  const state = new ConsumeState(opts, wanted, done);
  try {
    await startConsumer(consumer, opts, state, settings);
    await state.finished;
    return { records: state.records, group: opts.group };
  } finally {
    state.stopped = true;
    await consumer.disconnect().catch(() => undefined);
    if (opts.group === undefined) await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}

async function startConsumer(consumer: Consumer, opts: ConsumeOptions, state: ConsumeState, settings: ConnectionSettings): Promise<void> {
  consumer.on(consumer.events.CRASH, ({ payload }) => state.fail(payload.error));
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.firstOffset !== null) state.sawBatchEnd(payload.topic, payload.partition, BigInt(payload.firstOffset), BigInt(payload.lastOffset));
  });
  opts.signal?.addEventListener('abort', () => state.finish(), { once: true });
  const deadline = setTimeout(() => state.fail(new Error(`no answer within ${CONNECT_DEADLINE_MS} ms`)), CONNECT_DEADLINE_MS);
  try {
    await Promise.race([consumer.connect(), state.finished]);
  } catch (err) {
    throw connectError(err, settings);
  } finally {
    clearTimeout(deadline);
  }
  const topics = [...new Set(opts.plans.map((p) => p.topic))];
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => state.eachBatch(consumer, payload) });
  for (const p of opts.plans) {
    if (p.start !== undefined) consumer.seek({ topic: p.topic, partition: p.partition, offset: p.start.toString() });
  }
}

function maxOffset(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

class ConsumeState {
  records = 0;
  stopped = false;
  /** Next offset to read per partition, as far as records were handed on. */
  private readonly positions = new Map<string, bigint>();
  readonly finished: Promise<void>;
  private resolve!: () => void;
  private reject!: (err: unknown) => void;

  constructor(
    private readonly opts: ConsumeOptions,
    private readonly wanted: Map<string, PartitionPlan>,
    private readonly done: Set<string>,
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.finished.catch(() => undefined);
  }

  finish(): void {
    this.stopped = true;
    this.resolve();
  }

  fail(err: unknown): void {
    this.stopped = true;
    this.reject(err);
  }

  /**
   * Batches kafkajs skips without calling eachBatch (only control records, or
   * all compacted away) still move a partition towards its end. A batch from
   * before the start offset is one fetched ahead of a seek and counts for nothing.
   */
  sawBatchEnd(topic: string, partition: number, firstOffset: bigint, lastOffset: bigint): void {
    const key = tpKey(topic, partition);
    const from = this.positions.get(key) ?? this.wanted.get(key)?.start ?? 0n;
    if (firstOffset >= from) this.markIfAtEnd(key, lastOffset);
  }

  private markIfAtEnd(key: string, lastOffset: bigint): void {
    const plan = this.wanted.get(key);
    if (!this.opts.exitAtEnd || !plan) return;
    if (lastOffset + 1n >= plan.end) this.done.add(key);
    if (this.done.size === this.wanted.size) this.finish();
  }

  async eachBatch(consumer: Consumer, { batch, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    const key = tpKey(batch.topic, batch.partition);
    const plan = this.wanted.get(key);
    if (this.stopped || isStale()) return;
    if (!plan || this.done.has(key)) {
      // Not ours (-p) or finished (-e): stop fetching it.
      resolveOffset(batch.lastOffset());
      consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
      return;
    }
    let text = '';
    let nextOffset: bigint | undefined;
    let wholeBatch = true;
    for (const m of batch.messages) {
      const offset = BigInt(m.offset);
      if (this.opts.exitAtEnd && offset >= plan.end) {
        wholeBatch = false;
        break;
      }
      nextOffset = offset + 1n;
      if (this.opts.grep && !this.opts.grep.test(m.value?.toString('utf8') ?? '')) continue;
      text += this.opts.format(toFormatRecord(batch.topic, batch.partition, m));
      this.records++;
      if (this.opts.count !== undefined && this.records >= this.opts.count) {
        wholeBatch = false;
        break;
      }
    }
    try {
      await this.opts.write(text);
    } catch (err) {
      this.fail(err);
      return;
    }
    if (nextOffset === undefined) {
      // The first record is already past the end seen at start.
      if (this.opts.exitAtEnd && batch.messages.length > 0) this.markIfAtEnd(key, plan.end - 1n);
      return;
    }
    // kafkajs fetches next from the last resolved offset.
    resolveOffset((nextOffset - 1n).toString());
    this.positions.set(key, nextOffset);
    if (this.opts.group !== undefined) {
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: nextOffset.toString() }]);
    }
    if (this.opts.count !== undefined && this.records >= this.opts.count) this.finish();
    // A fetch may end in records kafkajs does not hand on (a transaction marker,
    // aborted data): the batch's last offset, not its last message, says how far it went.
    else this.markIfAtEnd(key, wholeBatch ? maxOffset(nextOffset - 1n, BigInt(batch.lastOffset())) : nextOffset - 1n);
  }
}

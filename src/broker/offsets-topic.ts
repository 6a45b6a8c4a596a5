/**
 * `__consumer_offsets`: the internal, compacted topic where the group
 * coordinator persists offsets and group metadata as ordinary record
 * batches, in Kafka's key and value formats. Appends are answered only once
 * fsynced; on start every partition is read back so groups and offsets are
 * whole before the first request is served.
 */
import { buildRecordBatchSync, decodeRecords, iterateBatches } from '../protocol/index.js';
import type { BrokerSettings } from './config.js';
import type { CoordinatorRecord, GroupStore } from './coordinator/index.js';
import type { Topics } from './metadata/topics.js';

export const OFFSETS_TOPIC = '__consumer_offsets';
/** Kafka's offsets.topic.segment.bytes: small segments keep compaction cheap. */
const OFFSETS_SEGMENT_BYTES = 100 * 1024 * 1024;
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

interface PendingAppend {
  records: CoordinatorRecord[];
  resolve(): void;
  reject(err: unknown): void;
}

export class OffsetsTopic implements GroupStore {
  private readonly pending = new Map<number, PendingAppend[]>();

  private constructor(
    private readonly topics: Topics,
    readonly partitions: number,
  ) {}

  static async open(topics: Topics, settings: BrokerSettings): Promise<OffsetsTopic> {
    const existing = topics.get(OFFSETS_TOPIC);
    if (existing) return new OffsetsTopic(topics, existing.partitions);
    const created = await topics.create({
      name: OFFSETS_TOPIC,
      partitions: settings.offsetsTopicPartitions,
      replicationFactor: 1,
      configs: { 'cleanup.policy': 'compact', 'segment.bytes': String(OFFSETS_SEGMENT_BYTES) },
      internal: true,
      // Fifty directories nobody may use: each appears with its first group.
      createLogsNow: false,
    });
    return new OffsetsTopic(topics, created.partitions);
  }

  /**
   * Appends go out as one batch per partition per turn of the event loop:
   * commits arriving together share one write and one fsync, in the order
   * they were asked for.
   */
  append(partition: number, records: CoordinatorRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let queue = this.pending.get(partition);
      if (!queue) {
        queue = [];
        this.pending.set(partition, queue);
        setImmediate(() => this.writePending(partition));
      }
      queue.push({ records, resolve, reject });
    });
  }

  private writePending(partition: number): void {
    const queue = this.pending.get(partition) ?? [];
    this.pending.delete(partition);
    let durable: Promise<void>;
    try {
      const log = this.topics.log(OFFSETS_TOPIC, partition);
      if (!log) throw new Error(`${OFFSETS_TOPIC} has no partition ${partition}`);
      const batch = buildRecordBatchSync({ records: queue.flatMap((q) => q.records.map((r) => ({ key: r.key, value: r.value }))) });
      const { lastOffset } = log.append(batch);
      this.topics.notifyAppend(OFFSETS_TOPIC, partition, batch.length);
      durable = log.flush(lastOffset + 1);
    } catch (err) {
      for (const q of queue) q.reject(err);
      return;
    }
    durable.then(
      () => queue.forEach((q) => q.resolve()),
      (err: unknown) => queue.forEach((q) => q.reject(err)),
    );
  }

  /** Every record of every partition, each partition in log order. */
  async readAll(): Promise<CoordinatorRecord[]> {
    const out: CoordinatorRecord[] = [];
    for (let p = 0; p < this.partitions; p++) {
      const log = this.topics.logs.getLog(OFFSETS_TOPIC, p);
      if (!log) continue; // never used: nothing to read
      let offset = log.logStartOffset;
      while (offset < log.logEndOffset) {
        const { records } = log.read(offset, READ_CHUNK_BYTES, { minOneBatch: true });
        if (records.length === 0) break;
        let next = offset;
        for (const chunk of records) {
          for (const b of iterateBatches(chunk)) {
            const batch = chunk.subarray(b.pos, b.pos + b.size);
            for (const r of await decodeRecords(batch)) {
              if (r.offset >= offset && r.key) out.push({ key: r.key, value: r.value });
            }
            next = Math.max(next, b.header.baseOffset + b.header.lastOffsetDelta + 1);
          }
        }
        if (next <= offset) break;
        offset = next;
      }
    }
    return out;
  }
}

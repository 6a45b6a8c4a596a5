/**
 * The raw consume engine: fetches a topic's partitions from their leaders
 * through kgo's own codec, one fetch in flight per partition, counting
 * records from batch headers without decoding them, so the figure is the
 * broker's fetch capacity. Bytes are whole RecordBatch bytes as fetched.
 * Record counts assume offsets without gaps (not a compacted topic).
 */
import { BATCH_HEADER_BYTES, iterateBatches } from '../protocol/index.js';
import { ApiKey, BrokerError, type RawClient } from './raw-client.js';
import { routeTopic, type PartitionRoute, type RouteOptions } from './raw-routes.js';

const OFFSET_OUT_OF_RANGE = 1;
const FETCH_WAIT_MS = 500;
const PARTITION_FETCH_BYTES_MAX = 8 * 1024 * 1024;

export interface RawConsumeOptions extends RouteOptions {
  /** Stop after this many records; by default at the high watermarks of the first fetches. */
  records?: number;
  /** Give up when no record arrives for this long. */
  idleMs: number;
  /** Called once per fetch answer that carried records. */
  onFetch(records: number, bytes: number, latencyMs: number): void;
}

export interface RawConsumeOutcome {
  records: number;
  bytes: number;
  /** performance.now() when the last record arrived. */
  lastRecordMs: number;
  complete: boolean;
}

interface Position {
  offset: number;
  /** The high watermark to read up to, once known. */
  end: number | undefined;
}

export class RawConsumer {
  private records = 0;
  private bytes = 0;
  private lastRecordMs = performance.now();
  private stopped = false;

  private constructor(
    private readonly options: RawConsumeOptions,
    private readonly clients: RawClient[],
    private readonly routes: PartitionRoute[],
  ) {}

  /** Finds the leaders of an existing topic (a missing one is a user error) and connects. */
  static async open(options: RawConsumeOptions): Promise<RawConsumer> {
    const clients: RawClient[] = [];
    try {
      return new RawConsumer(options, clients, await routeTopic(options, clients, false));
    } catch (err) {
      for (const c of clients) c.close();
      throw err;
    }
  }

  async run(): Promise<RawConsumeOutcome> {
    this.lastRecordMs = performance.now();
    const idle = setInterval(() => {
      if (performance.now() - this.lastRecordMs > this.options.idleMs) this.stopped = true;
    }, 100);
    try {
      const done = await Promise.all(this.routes.map((route) => this.readPartition(route)));
      return { records: this.records, bytes: this.bytes, lastRecordMs: this.lastRecordMs, complete: done.every(Boolean) || this.enough() };
    } finally {
      clearInterval(idle);
    }
  }

  close(): void {
    for (const c of this.clients) c.close();
  }

  private enough(): boolean {
    return this.options.records !== undefined && this.records >= this.options.records;
  }

  /** Reads one partition to its end (or until enough records overall); false if stopped idle. */
  private async readPartition(route: PartitionRoute): Promise<boolean> {
    const client = route.clients[route.partition % route.clients.length]!;
    const position: Position = { offset: 0, end: undefined };
    for (;;) {
      if (this.enough()) return true;
      if (this.options.records === undefined && position.end !== undefined && position.offset >= position.end) return true;
      if (this.stopped) return false;
      const sentMs = performance.now();
      const answer = await this.fetch(client, route.partition, position.offset);
      if (answer.errorCode === OFFSET_OUT_OF_RANGE) {
        position.offset = answer.logStartOffset;
        continue;
      }
      position.end ??= answer.highWatermark;
      const { records, bytes, nextOffset } = countBatches(answer.records, position.offset, this.options.records === undefined ? undefined : this.options.records - this.records);
      position.offset = nextOffset;
      if (records > 0) {
        this.records += records;
        this.bytes += bytes;
        this.lastRecordMs = performance.now();
        this.options.onFetch(records, bytes, this.lastRecordMs - sentMs);
      }
    }
  }

  private async fetch(client: RawClient, partition: number, fetchOffset: number): Promise<{ errorCode: number; highWatermark: number; logStartOffset: number; records: Buffer | null }> {
    const topic = this.options.topic;
    const answer = await client.request(
      ApiKey.fetch,
      {
        replicaId: -1,
        maxWaitMs: FETCH_WAIT_MS,
        minBytes: 1,
        maxBytes: PARTITION_FETCH_BYTES_MAX,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: PARTITION_FETCH_BYTES_MAX }] }],
        forgottenTopicsData: [],
        rackId: '',
      },
      { allowErrors: [OFFSET_OUT_OF_RANGE] },
    );
    const parts = (answer.responses as any[]).flatMap((t) => (t.topic === topic ? t.partitions : []));
    if (parts.length !== 1 || parts[0].partitionIndex !== partition) {
      throw new BrokerError(`fetch of ${topic}-${partition} was answered for other partitions`);
    }
    return parts[0];
  }
}

/**
 * Records and bytes of the complete batches in a fetch answer from `fetchOffset`
 * (the first batch may start before it), at most `recordsMax`.
 */
export function countBatches(data: Buffer | null, fetchOffset: number, recordsMax?: number): { records: number; bytes: number; nextOffset: number } {
  let records = 0;
  let bytes = 0;
  let next = fetchOffset;
  if (data === null) return { records, bytes, nextOffset: next };
  for (const { size, header } of iterateBatches(data)) {
    if (size < BATCH_HEADER_BYTES) throw new BrokerError(`a fetched batch of ${size} bytes is shorter than its header`);
    const last = header.baseOffset + header.lastOffsetDelta;
    if (last < next) continue;
    let count = last + 1 - Math.max(header.baseOffset, next);
    if (recordsMax !== undefined && records + count >= recordsMax) {
      count = recordsMax - records;
      records += count;
      bytes += size;
      return { records, bytes, nextOffset: Math.max(header.baseOffset, next) + count };
    }
    records += count;
    bytes += size;
    next = last + 1;
  }
  return { records, bytes, nextOffset: next };
}

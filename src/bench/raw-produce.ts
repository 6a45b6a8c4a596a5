/**
 * The raw produce engine: pre-built RecordBatch v2 bytes sent straight
 * through kgo's codec, several requests in flight per connection, so the
 * figure is the broker's capacity rather than a client library's. Batches are
 * built once per size and reused: the broker assigns offsets to its own copy.
 */
import { UserError } from '../common/index.js';
import { buildRecordBatch, type CompressionCodecId } from '../protocol/index.js';
import { ApiKey, BrokerError, type RawClient } from './raw-client.js';
import { routeTopic, type PartitionRoute } from './raw-routes.js';

export interface RawProduceOptions {
  brokers: string[];
  clientId: string;
  requestTimeoutMs: number;
  topic: string;
  recordSizeBytes: number;
  acks: -1 | 0 | 1;
  compression: CompressionCodecId;
  /** Connections to each partition leader. */
  connections: number;
  /** Requests in flight per connection. */
  inFlight: number;
  /** The next batch's record count once the pace allows; 0 ends the run. */
  nextBatch(): Promise<number>;
  /** Called once per acknowledged batch. */
  onAck(records: number, latencyMs: number): void;
}

/**
 * Connects to every partition leader (letting the broker auto-create the
 * topic) before anything is timed; `run` then sends until `nextBatch` says 0.
 */
export class RawProducer {
  private constructor(
    private readonly options: RawProduceOptions,
    private readonly clients: RawClient[],
    private readonly routes: PartitionRoute[],
  ) {}

  static async open(options: RawProduceOptions): Promise<RawProducer> {
    const clients: RawClient[] = [];
    try {
      return new RawProducer(options, clients, await routeTopic(options, clients, true));
    } catch (err) {
      for (const c of clients) c.close();
      throw err;
    }
  }

  async run(): Promise<void> {
    const { options, routes } = this;
    const batches = new BatchCache(options.recordSizeBytes, options.compression);
    let turn = 0;
    const sender = async (): Promise<void> => {
      for (let n = await options.nextBatch(); n > 0; n = await options.nextBatch()) {
        const route = routes[turn % routes.length]!;
        const client = route.clients[Math.floor(turn / routes.length) % route.clients.length]!;
        turn++;
        const batch = await batches.get(n);
        const sentMs = performance.now();
        await produceBatch(client, options, route.partition, batch);
        options.onAck(n, performance.now() - sentMs);
      }
    };
    const loops = new Set(routes.flatMap((r) => r.clients)).size * options.inFlight;
    try {
      await Promise.all(Array.from({ length: loops }, sender));
    } catch (err) {
      if (err instanceof BrokerError) throw new UserError(`producing to "${options.topic}" failed: ${err.message}`, undefined, 1, 'PRODUCE_FAILED');
      throw err;
    }
  }

  close(): void {
    for (const c of this.clients) c.close();
  }
}

async function produceBatch(client: RawClient, options: RawProduceOptions, partition: number, batch: Buffer): Promise<void> {
  const body = {
    transactionalId: null,
    acks: options.acks,
    timeoutMs: options.requestTimeoutMs,
    topicData: [{ name: options.topic, partitionData: [{ index: partition, records: batch }] }],
  };
  const answer = await client.request(ApiKey.produce, body, { expectResponse: options.acks !== 0 });
  if (options.acks === 0) return;
  const parts = (answer.responses as any[]).flatMap((t) => (t.name === options.topic ? t.partitionResponses : []));
  if (parts.length !== 1 || parts[0].index !== partition) {
    throw new BrokerError(`produce to ${options.topic}-${partition} was answered for other partitions`);
  }
}

/** Paced runs send partial batches of many sizes; only so many are kept. */
const CACHED_BATCH_SIZES_MAX = 64;

/** One batch per record count, built on first use (the same payload throughout). */
class BatchCache {
  private readonly batches = new Map<number, Promise<Buffer>>();
  private readonly payload: Buffer;

  constructor(
    recordSizeBytes: number,
    private readonly compression: CompressionCodecId,
  ) {
    this.payload = Buffer.allocUnsafe(recordSizeBytes);
    for (let i = 0; i < recordSizeBytes; i++) this.payload[i] = 65 + Math.floor(Math.random() * 26);
  }

  get(records: number): Promise<Buffer> {
    let batch = this.batches.get(records);
    if (batch === undefined) {
      const input = Array.from({ length: records }, () => ({ key: null, value: this.payload }));
      batch = buildRecordBatch({ records: input, compression: this.compression });
      if (this.batches.size < CACHED_BATCH_SIZES_MAX) this.batches.set(records, batch);
    }
    return batch;
  }
}

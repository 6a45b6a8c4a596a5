/**
 * The raw produce engine: pre-built RecordBatch v2 bytes sent straight
 * through kgo's codec, several requests in flight per connection, so the
 * figure is the broker's capacity rather than a client library's. Batches are
 * built once per size and reused: the broker assigns offsets to its own copy.
 */
import { UserError } from '../common/index.js';
import { buildRecordBatch, type CompressionCodecId } from '../protocol/index.js';
import { ApiKey, BrokerError, RawClient } from './raw-client.js';

const UNKNOWN_TOPIC_OR_PARTITION = 3;
const LEADER_NOT_AVAILABLE = 5;
/** A topic the broker has just auto-created may have no leader for a moment. */
const METADATA_ATTEMPTS = 20;
const METADATA_RETRY_MS = 100;

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

interface PartitionRoute {
  partition: number;
  clients: RawClient[];
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
      return new RawProducer(options, clients, await routeTopic(options, clients));
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

/** Finds each partition's leader (letting the broker auto-create the topic) and connects to the leaders. */
async function routeTopic(options: RawProduceOptions, clients: RawClient[]): Promise<PartitionRoute[]> {
  const bootstrap = await connectAny(options);
  clients.push(bootstrap);
  const metadata = await topicMetadata(bootstrap, options.topic);
  const addresses = new Map<number, string>((metadata.brokers as any[]).map((b) => [b.nodeId as number, `${b.host}:${b.port}`]));
  const byLeader = new Map<number, RawClient[]>();
  const routes: PartitionRoute[] = [];
  for (const p of metadata.partitions as any[]) {
    let leaderClients = byLeader.get(p.leaderId);
    if (leaderClients === undefined) {
      const address = addresses.get(p.leaderId);
      if (address === undefined) throw new BrokerError(`partition ${p.partitionIndex} has no known leader`);
      leaderClients = [];
      for (let i = 0; i < options.connections; i++) {
        const client = await RawClient.connect(address, options.clientId, options.requestTimeoutMs);
        clients.push(client);
        leaderClients.push(client);
      }
      byLeader.set(p.leaderId, leaderClients);
    }
    routes.push({ partition: p.partitionIndex, clients: leaderClients });
  }
  return routes.sort((a, b) => a.partition - b.partition);
}

async function connectAny(options: RawProduceOptions): Promise<RawClient> {
  let lastError: unknown;
  for (const address of options.brokers) {
    try {
      return await RawClient.connect(address, options.clientId, options.requestTimeoutMs);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function topicMetadata(client: RawClient, topic: string): Promise<{ brokers: unknown[]; partitions: unknown[] }> {
  for (let attempt = 1; ; attempt++) {
    const answer = await client.request(
      ApiKey.metadata,
      { topics: [{ name: topic, topicId: Buffer.alloc(16) }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false },
      { allowErrors: [UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE] },
    );
    const t = (answer.topics as any[]).find((x) => x.name === topic);
    const ready = t !== undefined && t.errorCode === 0 && t.partitions.length > 0 && t.partitions.every((p: any) => p.errorCode === 0 && p.leaderId >= 0);
    if (ready) return { brokers: answer.brokers, partitions: t.partitions };
    if (attempt >= METADATA_ATTEMPTS) {
      if (t?.errorCode === UNKNOWN_TOPIC_OR_PARTITION) {
        throw new UserError(`topic "${topic}" does not exist and the broker did not create it`, 'create it with `kgo topic create`', 1, 'TOPIC_NOT_FOUND');
      }
      throw new BrokerError(`topic "${topic}" has no leader for every partition`);
    }
    await new Promise((resolve) => setTimeout(resolve, METADATA_RETRY_MS));
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

/**
 * The requests `kgo top` polls with that kafkajs' Admin does not offer in the
 * form a monitor needs:
 *
 * - high watermarks of many topics in one ListOffsets per leader (Admin's
 *   fetchTopicOffsets asks twice per topic, for the low and high offsets);
 * - every offset a group has committed, with OffsetFetch v3 and a null topic
 *   list (kafkajs always sends an explicit, possibly empty, list);
 * - DescribeLogDirs v1 (API key 35), which kafkajs 2.2.4 has no encoder for,
 *   written here with kafkajs' own Encoder and Decoder. Partition sizes are
 *   where bytes/s come from; a cluster that refuses it leaves bytes/s unknown.
 *
 * All go over a private kafkajs Cluster built from the same settings (TLS,
 * SASL and all). This relies on internals of the exact kafkajs version pinned
 * in package.json; a lookup that fails says so instead of guessing.
 */
import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';
import { KgoError } from '../common/index.js';

const require = createRequire(import.meta.url);

interface Encoder {
  writeString(value: string): Encoder;
  writeInt32(value: number): Encoder;
  writeNullableArray(items: Encoder[]): Encoder;
}
interface Decoder {
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readBoolean(): boolean;
  readString(): string;
  readArray<T>(read: (decoder: Decoder) => T): T[];
}
interface RawRequest {
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<Encoder> };
  response: { decode(bytes: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> };
}
export interface KafkajsBroker {
  nodeId: number;
  connectionPool: { send(request: RawRequest): Promise<unknown> };
  describeGroups(request: { groupIds: string[] }): Promise<{ groups: DescribedGroup[] }>;
}
export interface DescribedGroup {
  groupId: string;
  errorCode: number;
  state: string;
  members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer | null }[];
}
interface PartitionMetadata {
  partitionId: number;
  leader: number;
}
/** The parts of kafkajs' Cluster the monitor uses. */
export interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  getNodeIds(): string[];
  findBroker(node: { nodeId: string }): Promise<KafkajsBroker>;
  findGroupCoordinator(group: { groupId: string }): Promise<KafkajsBroker>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  findTopicPartitionMetadata(topic: string): PartitionMetadata[];
  fetchTopicsOffset(
    topics: { topic: string; fromBeginning: boolean; partitions: { partition: number }[] }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

const DESCRIBE_LOG_DIRS_API_KEY = 35;
const OFFSET_FETCH_API_KEY = 9;
/** ListOffsets isolation level 0: the high watermark, not the last stable offset. */
const READ_UNCOMMITTED = 0;

function codec(): { Encoder: new () => Encoder; Decoder: new (bytes: Buffer) => Decoder } {
  return {
    Encoder: require('kafkajs/src/protocol/encoder') as new () => Encoder,
    Decoder: require('kafkajs/src/protocol/decoder') as new (bytes: Buffer) => Decoder,
  };
}

/** A private cluster built from the same settings as `kafka`'s admin, producers and consumers. */
export function createMonitorCluster(kafka: Kafka): KafkajsCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof create !== 'function') {
    throw new KgoError('this kafkajs version offers no way to build a cluster client', 'KAFKAJS_INTERNALS');
  }
  return create({ allowAutoTopicCreation: false, isolationLevel: READ_UNCOMMITTED }) as KafkajsCluster;
}

/** topic -> partition -> high watermark, for every partition of `topics`. */
export async function fetchHighWatermarks(
  cluster: KafkajsCluster,
  topics: readonly string[],
): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  if (topics.length === 0) return out;
  await cluster.addMultipleTargetTopics([...topics]);
  await cluster.refreshMetadataIfNecessary();
  const request = topics.map((topic) => ({
    topic,
    fromBeginning: false,
    partitions: cluster.findTopicPartitionMetadata(topic).map((p) => ({ partition: p.partitionId })),
  }));
  for (const t of await cluster.fetchTopicsOffset(request)) {
    out.set(t.topic, new Map(t.partitions.map((p) => [p.partition, Number(p.offset)])));
  }
  return out;
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** Every offset the group has committed (partitions it never committed are absent). */
export async function fetchAllCommittedOffsets(coordinator: KafkajsBroker, groupId: string): Promise<CommittedOffset[]> {
  const { Encoder } = codec();
  const offsetFetchV3 = require('kafkajs/src/protocol/requests/offsetFetch/v3/response') as RawRequest['response'];
  const result = (await coordinator.connectionPool.send({
    request: {
      apiKey: OFFSET_FETCH_API_KEY,
      apiVersion: 3,
      apiName: 'OffsetFetch',
      encode: async () => new Encoder().writeString(groupId).writeNullableArray([]),
    },
    response: offsetFetchV3,
  })) as { responses: { topic: string; partitions: { partition: number; offset: string }[] }[] };
  const out: CommittedOffset[] = [];
  for (const t of result.responses) {
    for (const p of t.partitions) {
      const offset = Number(p.offset);
      if (Number.isFinite(offset) && offset >= 0) out.push({ topic: t.topic, partition: p.partition, offset });
    }
  }
  return out;
}

interface LogDirsResult {
  results: { errorCode: number; topics: { name: string; partitions: { partition: number; sizeBytes: number }[] }[] }[];
}

function describeLogDirsRequest(): RawRequest {
  const { Encoder, Decoder } = codec();
  return {
    request: {
      apiKey: DESCRIBE_LOG_DIRS_API_KEY,
      apiVersion: 1,
      apiName: 'DescribeLogDirs',
      // A null topic list asks for every partition the broker holds.
      encode: async () => new Encoder().writeNullableArray([]),
    },
    response: {
      decode: async (bytes: Buffer) => {
        const d = new Decoder(bytes);
        d.readInt32(); // throttle time
        const results = d.readArray((r) => ({
          errorCode: r.readInt16(),
          logDir: r.readString(),
          topics: r.readArray((t) => ({
            name: t.readString(),
            partitions: t.readArray((p) => {
              const partition = p.readInt32();
              const sizeBytes = Number(p.readInt64().toString());
              p.readInt64(); // offset lag
              p.readBoolean(); // future replica
              return { partition, sizeBytes };
            }),
          })),
        }));
        return { results } satisfies LogDirsResult;
      },
      parse: async (data: unknown) => data,
    },
  };
}

/**
 * topic -> partition -> bytes on disk, from every broker. With replication a
 * partition lives on several brokers; the largest replica stands for it.
 */
export async function fetchPartitionSizes(cluster: KafkajsCluster): Promise<Map<string, Map<number, number>>> {
  await cluster.refreshMetadataIfNecessary();
  const answers = await Promise.all(
    cluster.getNodeIds().map(async (nodeId) => {
      const broker = await cluster.findBroker({ nodeId });
      return (await broker.connectionPool.send(describeLogDirsRequest())) as LogDirsResult;
    }),
  );
  const out = new Map<string, Map<number, number>>();
  let dirsAnswered = 0;
  for (const answer of answers) {
    for (const dir of answer.results) {
      if (dir.errorCode !== 0) continue;
      dirsAnswered++;
      for (const t of dir.topics) {
        const sizes = out.get(t.name) ?? new Map<number, number>();
        out.set(t.name, sizes);
        for (const p of t.partitions) sizes.set(p.partition, Math.max(sizes.get(p.partition) ?? 0, p.sizeBytes));
      }
    }
  }
  // Kafka answers an unauthorized DescribeLogDirs with no directories rather than an error.
  if (dirsAnswered === 0) throw new KgoError('no broker described its log directories (not authorized?)', 'NO_LOG_DIRS');
  return out;
}

/**
 * Requests to a group's coordinator that kafkajs' Admin does not offer:
 *
 * - OffsetDelete (API key 47) forgets committed offsets; kafkajs 2.2.4 has no
 *   call for it, so it is encoded here with kafkajs' own encoder and decoder.
 * - OffsetCommit as an administrator (generation -1, no member id), which is
 *   how Kafka's AdminClient moves a stopped group's offsets. kafkajs'
 *   admin.setOffsets instead joins the group with a consumer, which waits out
 *   the broker's initial rebalance delay.
 *
 * Both go over a connection kafkajs sets up from the same settings (TLS, SASL
 * and all). This relies on internals of the exact kafkajs version pinned in
 * package.json; the lookups fail with a clear message if they ever change.
 */
import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';
import { KgoError, UserError } from '../common/index.js';

const require = createRequire(import.meta.url);

interface KafkajsEncoder {
  writeString(value: string): KafkajsEncoder;
  writeInt32(value: number): KafkajsEncoder;
  writeArray(items: KafkajsEncoder[]): KafkajsEncoder;
}
interface KafkajsDecoder {
  readInt16(): number;
  readInt32(): number;
  readString(): string;
  readArray<T>(read: (decoder: KafkajsDecoder) => T): T[];
}
interface KafkajsInternals {
  Encoder: new () => KafkajsEncoder;
  Decoder: new (bytes: Buffer) => KafkajsDecoder;
  errorName(code: number): string;
}
interface KafkajsConnectionPool {
  send(request: unknown): Promise<unknown>;
}
interface KafkajsCoordinator {
  connectionPool: KafkajsConnectionPool;
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}
interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(group: { groupId: string }): Promise<KafkajsCoordinator>;
}

const OFFSET_DELETE_API_KEY = 47;

function internals(): KafkajsInternals {
  const Encoder = require('kafkajs/src/protocol/encoder') as KafkajsInternals['Encoder'];
  const Decoder = require('kafkajs/src/protocol/decoder') as KafkajsInternals['Decoder'];
  const errors = require('kafkajs/src/protocol/error') as { errorCodes: { code: number; type: string }[] };
  const errorName = (code: number) => errors.errorCodes.find((e) => e.code === code)?.type ?? `error ${code}`;
  return { Encoder, Decoder, errorName };
}

/** A private cluster built from the same settings as `kafka`'s producers and consumers. */
function createCluster(kafka: Kafka): KafkajsCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof create !== 'function') {
    throw new KgoError('this kafkajs version offers no way to reach a group coordinator', 'KAFKAJS_INTERNALS');
  }
  return create({ allowAutoTopicCreation: false }) as KafkajsCluster;
}

async function withCoordinator<T>(kafka: Kafka, groupId: string, fn: (coordinator: KafkajsCoordinator) => Promise<T>): Promise<T> {
  const cluster = createCluster(kafka);
  await cluster.connect();
  try {
    return await fn(await cluster.findGroupCoordinator({ groupId }));
  } finally {
    await cluster.disconnect();
  }
}

/**
 * Commits offsets for a group that has no members, without joining it. The
 * broker refuses (UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION) if members appeared meanwhile.
 */
export async function commitOffsetsAsAdmin(
  kafka: Kafka,
  groupId: string,
  topic: string,
  partitions: readonly { partition: number; offset: number }[],
): Promise<void> {
  await withCoordinator(kafka, groupId, (coordinator) =>
    coordinator.offsetCommit({
      groupId,
      groupGenerationId: -1,
      memberId: '',
      topics: [{ topic, partitions: partitions.map((p) => ({ partition: p.partition, offset: String(p.offset) })) }],
    }),
  );
}

export interface OffsetDeleteResult {
  partition: number;
  /** Kafka's error name, or null when the offset was deleted. */
  error: string | null;
}

export async function deleteCommittedOffsets(
  kafka: Kafka,
  groupId: string,
  topic: string,
  partitions: readonly number[],
): Promise<OffsetDeleteResult[]> {
  const { Encoder, Decoder, errorName } = internals();
  return withCoordinator(kafka, groupId, async (coordinator) => {
    const request = {
      apiKey: OFFSET_DELETE_API_KEY,
      apiVersion: 0,
      apiName: 'OffsetDelete',
      encode: async () =>
        new Encoder()
          .writeString(groupId)
          .writeArray([
            new Encoder().writeString(topic).writeArray(partitions.map((p) => new Encoder().writeInt32(p))),
          ]),
    };
    const response = {
      decode: async (bytes: Buffer) => {
        const decoder = new Decoder(bytes);
        const errorCode = decoder.readInt16();
        decoder.readInt32(); // throttle time
        const topics = decoder.readArray((t) => ({
          name: t.readString(),
          partitions: t.readArray((p) => ({ partition: p.readInt32(), errorCode: p.readInt16() })),
        }));
        return { errorCode, topics };
      },
      parse: async <T>(data: T) => data,
    };
    const result = (await coordinator.connectionPool.send({ request, response })) as {
      errorCode: number;
      topics: { name: string; partitions: { partition: number; errorCode: number }[] }[];
    };
    if (result.errorCode !== 0) {
      const name = errorName(result.errorCode);
      const hint =
        name === 'GROUP_SUBSCRIBED_TO_TOPIC'
          ? 'stop the consumers reading this topic first'
          : name === 'GROUP_ID_NOT_FOUND'
            ? 'kgo group list shows the groups there are'
            : undefined;
      throw new UserError(`cannot delete offsets of group "${groupId}": ${name}`, hint);
    }
    return result.topics
      .flatMap((t) => t.partitions)
      .map((p) => ({ partition: p.partition, error: p.errorCode === 0 ? null : errorName(p.errorCode) }))
      .sort((a, b) => a.partition - b.partition);
  });
}

/**
 * OffsetDelete (API key 47): forgets a group's committed offsets for some
 * partitions. kafkajs 2.2.4 has no admin call for it, so this file speaks the
 * one request itself over the connection kafkajs already set up (TLS, SASL and
 * all), using kafkajs' own encoder and decoder. It relies on internals of that
 * exact kafkajs version (pinned in package.json); the lookups below fail with a
 * clear message if they ever change.
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
interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(group: { groupId: string }): Promise<{ connectionPool: KafkajsConnectionPool }>;
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
    throw new KgoError('this kafkajs version offers no way to send OffsetDelete', 'KAFKAJS_INTERNALS');
  }
  return create({ allowAutoTopicCreation: false }) as KafkajsCluster;
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
  const cluster = createCluster(kafka);
  await cluster.connect();
  try {
    const coordinator = await cluster.findGroupCoordinator({ groupId });
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
  } finally {
    await cluster.disconnect();
  }
}

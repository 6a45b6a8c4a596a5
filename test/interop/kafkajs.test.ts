/**
 * kafkajs 2.2.4, unchanged apart from kgo's snappy/lz4/zstd codecs, against a
 * real `kgo serve`: admin (create topic, metadata, offsets, offsets by
 * timestamp), producer with keys, headers, explicit timestamps and every
 * codec at acks=-1, and a consumer of explicitly chosen partitions.
 *
 * kafkajs has no manual assignment: every consumer is a group member. To read
 * chosen partitions, the consumer brings its own partition assigner that
 * hands out exactly those partitions (a unique group id keeps it alone);
 * see `explicitPartitions` in clients.ts.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { CODEC_IDS, CODECS, KAFKAJS_CODECS, compressible, consumePartition, kafkajsClient, storedBatches } from './clients.js';

const topic = 'kafkajs-interop';
const PER_CODEC = 5;

interface Sent {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, Buffer>;
  timestamp: string;
}

describe('kafkajs against kgo serve', () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const timestampBase = Date.now() - 3_600_000;
  const sent: Sent[] = [];

  beforeAll(async () => {
    broker = await spawnBroker();
    kafka = await kafkajsClient(broker.bootstrap);
    admin = kafka.admin();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.allSettled([admin?.disconnect(), producer?.disconnect()]);
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  it('creates a topic and reads its metadata', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true);
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(md.topics[0]!.partitions.map((p) => [p.partitionId, p.leader]).sort()).toEqual([[0, 0], [1, 0], [2, 0]]);
    expect(await admin.listTopics()).toContain(topic);
  });

  CODECS.forEach((codec, codecIndex) => {
    it(`produces keys, headers and timestamps with codec ${codec} (acks=-1), offsets contiguous`, async () => {
      const messages: Sent[] = Array.from({ length: PER_CODEC }, (_, i) => ({
        key: i === 1 ? null : Buffer.from(`key-${codec}-${i}`),
        value: Buffer.concat([Buffer.from(compressible(codec, i)), Buffer.from([0, 0xff, i])]),
        headers: { trace: Buffer.from(`t-${i}`), bin: Buffer.from([0xca, 0xfe, i]) },
        timestamp: String(timestampBase + codecIndex * 1000 + i),
      }));
      const [meta] = await producer.send({ topic, acks: -1, compression: KAFKAJS_CODECS[codec], messages: messages.map((m) => ({ ...m, partition: 1 })) });
      expect(meta).toMatchObject({ topicName: topic, partition: 1, errorCode: 0, baseOffset: String(sent.length) });
      sent.push(...messages);
      const batches = storedBatches(broker.dataDir, topic, 1).filter((b) => b.lastOffset >= sent.length - PER_CODEC);
      expect(batches).toEqual([{ baseOffset: sent.length - PER_CODEC, lastOffset: sent.length - 1, codec: CODEC_IDS[codec] }]);
    });
  });

  it('reads offsets and offsets by timestamp (ListOffsets)', async () => {
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.find((o) => o.partition === 1)).toMatchObject({ low: '0', high: String(sent.length) });
    expect(offsets.find((o) => o.partition === 0)).toMatchObject({ low: '0', high: '0' });
    // The third record of the lz4 run, in the middle of a batch.
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, timestampBase + 3 * 1000 + 2);
    expect(byTime.find((o) => o.partition === 1)?.offset).toBe(String(3 * PER_CODEC + 2));
  });

  it('consumes explicitly chosen partitions with an exact round trip', async () => {
    await producer.send({ topic, messages: [{ partition: 0, value: 'not assigned' }, { partition: 2, value: 'not assigned' }] });
    const got = await consumePartition(kafka, topic, 1, sent.length);
    expect(got.map((m) => m.partition)).toEqual(sent.map(() => 1));
    expect(got.map((m) => m.offset)).toEqual(sent.map((_, i) => String(i)));
    expect(got.map((m) => ({ key: m.key, value: m.value, headers: m.headers, timestamp: m.timestamp }))).toEqual(sent);
  });
});

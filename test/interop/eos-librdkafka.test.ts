/**
 * librdkafka 2.0.2 (kcat, confluent-kafka) idempotence and transactions
 * against an in-process kgo broker reached through a fault-injecting proxy:
 * idempotent producers write each record once, also when a Produce response
 * is lost and the connection reset (the client retries the batch, the broker
 * answers with the original offset); consume-transform-produce transactions
 * with send_offsets_to_transaction commit and abort, and a read_committed
 * consumer sees exactly the committed records while the group's offsets move
 * only on commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { hasConfluentKafka, hasKcat } from '../support/interop.js';
import { startFaultProxy, type FaultProxy } from '../broker/txn/fault-proxy.js';
import { kafkajsClient, kcat, python } from './clients.js';

const SCRIPT = 'eos_confluent.py';

async function partitionValues(kafka: Kafka, bootstrap: string, topic: string, partitions: number[], expect: number): Promise<string[]> {
  void kafka;
  const r = await python<{ values?: string[]; error?: string }>(SCRIPT, { op: 'read_committed', bootstrap, topic, partitions, expect });
  if (r.error) throw new Error(r.error);
  return r.values!;
}

describe('librdkafka idempotence and transactions against kgo', () => {
  let broker: RunningBroker;
  let proxy: FaultProxy;
  let kafka: Kafka;
  let admin: Admin;
  let bootstrap: string;

  beforeAll(async () => {
    let upstream = 0;
    proxy = await startFaultProxy(() => upstream);
    broker = await startBroker({ port: 0, advertisedPort: proxy.port, log: () => {} });
    upstream = broker.port;
    bootstrap = `127.0.0.1:${proxy.port}`;
    kafka = await kafkajsClient(bootstrap);
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: ['kcat-idem', 'rdk-idem', 'rdk-fault', 'rdk-in'].map((topic) => ({ topic, numPartitions: 1 })).concat([{ topic: 'rdk-out', numPartitions: 2 }]),
    });
  });

  afterAll(async () => {
    await admin?.disconnect();
    await broker?.close();
    await proxy?.close();
  });

  const high = async (topic: string) => (await admin.fetchTopicOffsets(topic)).map((p) => Number(p.high)).reduce((a, b) => a + b, 0);

  it.runIf(hasKcat())('kcat with enable.idempotence=true writes each line once', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `k${i}`);
    await kcat(['-b', bootstrap, '-P', '-t', 'kcat-idem', '-p', '0', '-X', 'enable.idempotence=true'], `${lines.join('\n')}\n`);
    expect(await high('kcat-idem')).toBe(50);
  });

  it.runIf(hasConfluentKafka())('confluent-kafka with enable.idempotence=true writes each record once', async () => {
    const r = await python<{ errors: string[]; unflushed: number }>(SCRIPT, { op: 'produce_idempotent', bootstrap, topic: 'rdk-idem', count: 200, prefix: 'i' });
    expect(r).toEqual({ errors: [], unflushed: 0 });
    const values = await partitionValues(kafka, bootstrap, 'rdk-idem', [0], 200);
    expect(new Set(values).size).toBe(200);
    expect(await high('rdk-idem')).toBe(200);
  });

  it.runIf(hasConfluentKafka())('a lost Produce response and a reset connection cause a retry, not a duplicate', async () => {
    proxy.dropProduceResponse(3);
    const r = await python<{ errors: string[]; unflushed: number }>(SCRIPT, { op: 'produce_idempotent', bootstrap, topic: 'rdk-fault', count: 300, prefix: 'f', chunk: 30 });
    expect(r).toEqual({ errors: [], unflushed: 0 });
    expect(proxy.dropped()).toBe(1);
    const values = await partitionValues(kafka, bootstrap, 'rdk-fault', [0], 300);
    expect(values.length).toBe(300);
    expect(new Set(values).size).toBe(300);
    expect(await high('rdk-fault')).toBe(300);
  });

  it.runIf(hasConfluentKafka())('consume-transform-produce: committed and aborted transactions with send_offsets_to_transaction', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'rdk-in', acks: -1, messages: Array.from({ length: 9 }, (_, i) => ({ value: `in${i}` })) });
    await producer.disconnect();
    const step = (commit: boolean) =>
      python<{ taken?: string[]; error?: string }>(SCRIPT, { op: 'transform', bootstrap, input: 'rdk-in', output: 'rdk-out', group: 'rdk-g', txn_id: 'rdk-t', count: 3, commit });
    const committedOffset = async () => (await python<{ offsets: number[] }>(SCRIPT, { op: 'committed', bootstrap, group: 'rdk-g', topic: 'rdk-in', partitions: [0] })).offsets[0];

    expect(await step(true)).toEqual({ taken: ['in0', 'in1', 'in2'] });
    expect(await committedOffset()).toBe(3);
    expect(await step(false)).toEqual({ taken: ['in3', 'in4', 'in5'] });
    expect(await committedOffset()).toBe(3);
    // The group restarts from its committed offset: the aborted input is transformed again.
    expect(await step(true)).toEqual({ taken: ['in3', 'in4', 'in5'] });
    expect(await committedOffset()).toBe(6);

    const values = await partitionValues(kafka, bootstrap, 'rdk-out', [0, 1], 6);
    expect(values.sort()).toEqual(['in0-out', 'in1-out', 'in2-out', 'in3-out', 'in4-out', 'in5-out']);
    expect(await high('rdk-out')).toBeGreaterThan(9);
  });
});

/**
 * Embedding kgo in an application's test suite: start a broker in-process on
 * a free port with a temporary data directory, point kafkajs at it, close it
 * when done. This file is the README's example, written as a user would
 * (the user's import is `from 'kgo'`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, type RunningBroker } from 'kgo';

describe('an application tested against an embedded kgo broker', () => {
  let broker: RunningBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    // Port 0: a free port; no dataDir: a temporary one, removed by close().
    broker = await startBroker({ port: 0, settings: { 'num.partitions': '3' }, log: () => {} });
    kafka = new Kafka({ clientId: 'my-app-tests', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  });

  afterAll(async () => {
    await broker?.close();
  });

  it('produces and consumes through the embedded broker', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'orders',
      messages: [
        { key: 'order-1', value: JSON.stringify({ total: 42 }), partition: 0 },
        { key: 'order-2', value: JSON.stringify({ total: 7 }), partition: 0 },
      ],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'billing' });
    await consumer.connect();
    await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.length} orders arrived`)), 15_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(`${message.key}=${message.value}`);
          if (seen.length === 2) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();

    expect(seen).toEqual(['order-1={"total":42}', 'order-2={"total":7}']);
  });

  it('applies broker settings and cleans up its temporary data directory on close', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'payments' }] });
    const md = await admin.fetchTopicMetadata({ topics: ['payments'] });
    await admin.disconnect();
    expect(md.topics[0]!.partitions).toHaveLength(3);

    const other = await startBroker({ port: 0, log: () => {} });
    expect(other.port).not.toBe(broker.port);
    expect(fs.existsSync(other.dataDir)).toBe(true);
    await other.close();
    expect(fs.existsSync(other.dataDir)).toBe(false);
  });
});

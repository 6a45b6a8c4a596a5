/**
 * Retention and DeleteRecords as real clients see them: kcat `-o beginning`
 * starts at the new log start, and a kafkajs consumer whose committed offset
 * fell below it gets OFFSET_OUT_OF_RANGE and applies its reset policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { hasKcat } from '../support/interop.js';
import { kafkajsClient, kcat, parseKcatJson } from '../interop/clients.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let broker: RunningBroker;

beforeAll(async () => {
  broker = await startBroker({ port: 0, log: () => {}, settings: { 'log.retention.check.interval.ms': '100' } });
});
afterAll(async () => {
  await broker?.close();
});

async function lowWatermark(topic: string): Promise<number> {
  const admin = (await kafkajsClient(broker.bootstrap)).admin();
  await admin.connect();
  try {
    return Number((await admin.fetchTopicOffsets(topic))[0]!.low);
  } finally {
    await admin.disconnect();
  }
}

async function createAndFill(topic: string, configs: Record<string, string>, count: number): Promise<void> {
  const kafka = await kafkajsClient(broker.bootstrap);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < count; i += 10) {
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, j) => ({ key: `k${i + j}`, value: `v${i + j}-${'.'.repeat(80)}` })) });
  }
  await producer.disconnect();
}

/** Waits (bounded) until retention has moved the log start. */
async function waitForLogStart(topic: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const low = await lowWatermark(topic);
    if (low > 0) return low;
    await sleep(100);
  }
  throw new Error(`retention never moved the log start of ${topic}`);
}

describe('retention seen by clients', () => {
  it.skipIf(!hasKcat())('kcat -o beginning reads from the new log start after retention', async () => {
    await createAndFill('kept-small', { 'segment.bytes': '2048', 'retention.bytes': '4096' }, 200);
    const low = await waitForLogStart('kept-small');
    const records = parseKcatJson((await kcat(['-C', '-b', broker.bootstrap, '-t', 'kept-small', '-p', '0', '-o', 'beginning', '-e', '-J'])).stdout);
    expect(records[0]!.offset).toBe(low);
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 200 - low }, (_, i) => low + i));
    expect(records[0]!.key).toBe(`k${low}`);
  });

  it.skipIf(!hasKcat())('kcat -o beginning reads from where DeleteRecords moved the log start', async () => {
    await createAndFill('trimmed-by-admin', {}, 50);
    const admin = (await kafkajsClient(broker.bootstrap)).admin();
    await admin.connect();
    await admin.fetchTopicOffsets('trimmed-by-admin'); // loads the metadata deleteTopicRecords needs
    await admin.deleteTopicRecords({ topic: 'trimmed-by-admin', partitions: [{ partition: 0, offset: '37' }] });
    await admin.disconnect();
    expect(await lowWatermark('trimmed-by-admin')).toBe(37);
    const records = parseKcatJson((await kcat(['-C', '-b', broker.bootstrap, '-t', 'trimmed-by-admin', '-p', '0', '-o', 'beginning', '-e', '-J'])).stdout);
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 13 }, (_, i) => 37 + i));
  });

  it('a kafkajs consumer whose committed offset fell below the log start resets to the earliest', async () => {
    await createAndFill('aged-out', { 'segment.bytes': '2048', 'retention.bytes': '4096' }, 200);
    expect(await waitForLogStart('aged-out')).toBeGreaterThan(3);
    const kafka = await kafkajsClient(broker.bootstrap);
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: 'late-reader', topic: 'aged-out', partitions: [{ partition: 0, offset: '3' }] });
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: 'late-reader', sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'aged-out', fromBeginning: true });
    const offsets: number[] = [];
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          offsets.push(Number(message.offset));
          if (Number(message.offset) === 199) resolve();
        },
      });
    });
    await Promise.race([done, sleep(20_000)]);
    await consumer.disconnect();
    // Nothing is produced any more, so the log start has settled.
    expect(offsets[0]).toBe(await lowWatermark('aged-out'));
    expect(offsets.at(-1)).toBe(199);
  });
});

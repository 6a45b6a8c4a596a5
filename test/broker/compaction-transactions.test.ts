/**
 * A compacted topic written by a kafkajs transactional producer that aborts:
 * the broker's cleaner must keep the committed value of each key, not the
 * newer aborted one (a read_committed consumer, such as a state store
 * restoring from a changelog, would otherwise find the key gone), and it
 * removes the aborted records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { decodeRecordsSync, iterateBatches } from '../../src/protocol/index.js';
import { Api, RawClient, fetchBody } from '../support/raw-client.js';

let broker: RunningBroker;
let client: RawClient;
let kafka: kafkajs.Kafka;
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4'];

beforeAll(async () => {
  broker = await startBroker({ port: 0, log: () => undefined, settings: { 'log.cleaner.backoff.ms': '50' } });
  client = await RawClient.connect(broker.port);
  kafka = new kafkajs.Kafka({ brokers: [broker.bootstrap], logLevel: kafkajs.logLevel.NOTHING, clientId: 'compaction-txn' });
});
afterAll(async () => {
  client?.close();
  await broker?.close();
});

/** Every keyed record of the partition as stored (read_uncommitted), in offset order. */
async function stored(topic: string): Promise<{ key: string; value: string }[]> {
  const r = await client.request(Api.Fetch, 11, fetchBody(topic, 0, 0));
  const records: Buffer = r.responses[0].partitions[0].records ?? Buffer.alloc(0);
  const out: { key: string; value: string }[] = [];
  for (const b of iterateBatches(records)) {
    if (b.header.isControl) continue;
    for (const rec of decodeRecordsSync(records.subarray(b.pos, b.pos + b.size))) out.push({ key: rec.key!.toString(), value: rec.value!.toString() });
  }
  return out;
}

describe('compaction of a transactional topic', () => {
  it('keeps the committed value of each key over a newer aborted one, and drops the aborted records', async () => {
    const topic = 'changelog';
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '2048' }, { name: 'min.cleanable.dirty.ratio', value: '0.01' }] }],
    });
    await admin.disconnect();
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic, messages: KEYS.map((key) => ({ key, value: `${key}-committed` })) });
    const transactional = kafka.producer({ transactionalId: 'changelog-writer', idempotent: true, maxInFlightRequests: 1 });
    await transactional.connect();
    const txn = await transactional.transaction();
    await txn.send({ topic, messages: KEYS.map((key) => ({ key, value: `${key}-aborted` })) });
    await txn.abort();
    await transactional.disconnect();
    // Other keys, written over and over, roll all of the above out of the active segment.
    for (let round = 0; round < 10; round++) {
      await plain.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `other-${i}`, value: `round-${round}-${'.'.repeat(100)}` })) });
    }
    await plain.disconnect();

    // The cleaner has run once the early rounds of the other keys are gone.
    const deadline = Date.now() + 15_000;
    let records = await stored(topic);
    while (records.some((r) => r.value.startsWith('round-0-')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      records = await stored(topic);
    }
    expect(records.some((r) => r.value.startsWith('round-0-')), 'the cleaner ran').toBe(false);
    expect(records.filter((r) => KEYS.includes(r.key))).toEqual(KEYS.map((key) => ({ key, value: `${key}-committed` })));
  });
});

/**
 * Compacted topics written by idempotent and transactional producers. The
 * broker's cleaner must keep the committed value of each key, not a newer
 * aborted one (a read_committed consumer, such as a state store restoring
 * from a changelog, would otherwise find the key gone), and each producer's
 * last batch, from which a restarted broker rebuilds its sequence numbers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { buildRecordBatchSync, decodeRecordsSync, ErrorCode, iterateBatches } from '../../src/protocol/index.js';
import { Api, RawClient, createTopicBody, fetchBody, produceBody } from '../support/raw-client.js';
import { readCommitted } from './txn/kafkajs-read.js';

let broker: RunningBroker;
let client: RawClient;
let kafka: kafkajs.Kafka;
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4'];
const INIT_PRODUCER_ID = 22;

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
async function stored(topic: string, from = client): Promise<{ key: string; value: string }[]> {
  const r = await from.request(Api.Fetch, 11, fetchBody(topic, 0, 0));
  const records: Buffer = r.responses[0].partitions[0].records ?? Buffer.alloc(0);
  const out: { key: string; value: string }[] = [];
  for (const b of iterateBatches(records)) {
    if (b.header.isControl) continue;
    for (const rec of decodeRecordsSync(records.subarray(b.pos, b.pos + b.size))) out.push({ key: rec.key!.toString(), value: rec.value!.toString() });
  }
  return out;
}

/** The stored records once the cleaner has run: when the early rounds of the other keys are gone. */
async function afterCleaning(topic: string, from: RawClient): Promise<{ key: string; value: string }[]> {
  const deadline = Date.now() + 15_000;
  let records = await stored(topic, from);
  while (records.some((r) => r.value.startsWith('round-0-')) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    records = await stored(topic, from);
  }
  expect(records.some((r) => r.value.startsWith('round-0-')), 'the cleaner ran').toBe(false);
  return records;
}

describe('compaction of a transactional topic', () => {
  it('keeps the committed value of each key over a newer aborted one', async () => {
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

    const records = await afterCleaning(topic, client);
    const ofKeys = records.filter((r) => KEYS.includes(r.key));
    expect(ofKeys.filter((r) => r.value.endsWith('-committed'))).toEqual(KEYS.map((key) => ({ key, value: `${key}-committed` })));
    // The aborted batch is the transactional producer's last, kept for its sequence numbers (see below); nothing else is left.
    expect(ofKeys.every((r) => r.value.endsWith('-committed') || r.value.endsWith('-aborted'))).toBe(true);
    // What a read_committed reader, such as a state store restoring, sees: the committed values.
    const read = await readCommitted(kafka, topic, KEYS.length, 'restoring-store');
    expect(read.filter((v) => v.startsWith('k'))).toEqual(KEYS.map((key) => `${key}-committed`));
  });

  it("keeps an idempotent producer's last batch, so a broker that rebuilds its state from the log takes the next one", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-compaction-producer-'));
    const settings = { 'log.cleaner.backoff.ms': '50' };
    let first: RunningBroker | undefined = await startBroker({ port: 0, dataDir, log: () => undefined, settings });
    let second: RunningBroker | undefined;
    let raw = await RawClient.connect(first.port);
    try {
      const topic = 'idempotent-changelog';
      await raw.request(Api.CreateTopics, 5, createTopicBody(topic, 1, { 'cleanup.policy': 'compact', 'segment.bytes': '2048', 'min.cleanable.dirty.ratio': '0.01' }));
      const { producerId, producerEpoch } = await raw.request(INIT_PRODUCER_ID, 4, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 });
      const idempotent = (baseSequence: number, value: string) =>
        buildRecordBatchSync({ records: KEYS.map((key) => ({ key, value: `${key}-${value}` })), producerId, producerEpoch, baseSequence });
      const produce = async (client: RawClient, records: Buffer) => (await client.request(Api.Produce, 9, produceBody(topic, 0, records))).responses[0].partitionResponses[0];
      expect(await produce(raw, idempotent(0, 'idempotent'))).toMatchObject({ errorCode: ErrorCode.NONE });
      // Newer values for the same keys, then other keys over and over, so the producer's only batch is compacted.
      expect(await produce(raw, buildRecordBatchSync({ records: KEYS.map((key) => ({ key, value: `${key}-newer` })) }))).toMatchObject({ errorCode: ErrorCode.NONE });
      for (let round = 0; round < 10; round++) {
        const others = Array.from({ length: 10 }, (_, i) => ({ key: `other-${i}`, value: `round-${round}-${'.'.repeat(100)}` }));
        expect(await produce(raw, buildRecordBatchSync({ records: others }))).toMatchObject({ errorCode: ErrorCode.NONE });
      }
      await afterCleaning(topic, raw);
      raw.close();
      await first.close();
      first = undefined;
      // As after a kill before any snapshot: the state comes from the log alone.
      fs.rmSync(path.join(dataDir, 'meta', 'producer-snapshots'), { recursive: true, force: true });
      second = await startBroker({ port: 0, dataDir, log: () => undefined, settings });
      raw = await RawClient.connect(second.port);
      expect(await produce(raw, idempotent(KEYS.length, 'after-restart'))).toMatchObject({ errorCode: ErrorCode.NONE });
    } finally {
      raw.close();
      await first?.close();
      await second?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

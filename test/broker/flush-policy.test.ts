/**
 * flush.messages and flush.ms in a running broker (on a ManualClock, over a
 * FileSystem that counts and can hold fdatasyncs): the produce request that
 * brings a partition's unsynced records to flush.messages is answered only
 * after an fdatasync, whatever its acks, and a partition holding unsynced
 * records is fdatasync'ed once flush.ms has passed since its last one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/index.js';
import { resolveBrokerSettings, startBroker, type RunningBroker } from '../../src/broker/index.js';
import { logConfigFor } from '../../src/broker/metadata/topics.js';
import { buildRecordBatchSync } from '../../src/protocol/index.js';
import { FaultyFileSystem } from '../support/faulty-fs.js';
import { Api, RawClient, createTopicBody, produceBody } from '../support/raw-client.js';

const clock = new ManualClock();
const faulty = new FaultyFileSystem();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-flush-policy-'));
let broker: RunningBroker;
let client: RawClient;

beforeAll(async () => {
  broker = await startBroker({ port: 0, clock, fs: faulty, dataDir, log: () => undefined });
  client = await RawClient.connect(broker.port);
});
afterAll(async () => {
  client?.close();
  await broker?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const batch = (n: number) => buildRecordBatchSync({ records: Array.from({ length: n }, (_, i) => ({ key: null, value: `v${i}` })) });
const syncsOf = (topic: string) => faulty.fdatasyncPaths.filter((p) => p.includes(`${topic}-0`) && p.endsWith('.log')).length;
/** Lets the timers that ManualClock fired, and the fdatasyncs they started, finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function produce(topic: string, records: number, acks: number) {
  const r = await client.request(Api.Produce, 9, produceBody(topic, 0, batch(records), acks));
  return r.responses[0].partitionResponses[0];
}

describe('flush.messages', () => {
  it('answers the acks=1 produce that reaches it only after an fdatasync, and the ones before at once', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('counted', 1, { 'flush.messages': '5' }));
    const release = faulty.holdFdatasyncs();
    try {
      expect(await produce('counted', 2, 1)).toMatchObject({ errorCode: 0, baseOffset: 0 });
      expect(await produce('counted', 2, 1)).toMatchObject({ errorCode: 0, baseOffset: 2 });
      let answered = false;
      const fifth = produce('counted', 1, 1).then((p) => {
        answered = true;
        return p;
      });
      await settle();
      expect(answered).toBe(false);
      release();
      expect(await fifth).toMatchObject({ errorCode: 0, baseOffset: 4 });
      expect(syncsOf('counted')).toBeGreaterThanOrEqual(1);
      // Synced: the count starts again.
      const before = syncsOf('counted');
      expect(await produce('counted', 4, 1)).toMatchObject({ errorCode: 0, baseOffset: 5 });
      expect(syncsOf('counted')).toBe(before);
    } finally {
      release();
    }
  });

  it('leaves acks=1 unsynced on a topic without it', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('uncounted', 1));
    const release = faulty.holdFdatasyncs();
    try {
      for (let i = 0; i < 5; i++) expect(await produce('uncounted', 100, 1)).toMatchObject({ errorCode: 0 });
      expect(syncsOf('uncounted')).toBe(0);
    } finally {
      release();
    }
  });

  it('answers with KAFKA_STORAGE_ERROR when that fdatasync fails', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('counted-failing', 1, { 'flush.messages': '1' }));
    faulty.failFdatasyncs({ match: (p) => p.includes('counted-failing-0') });
    try {
      expect(await produce('counted-failing', 1, 1)).toMatchObject({ errorCode: 56 });
    } finally {
      faulty.clearFaults();
    }
  });

  it('flushes for acks=0 too, and a failure there, answered to no one, leaves the broker serving', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('counted-unacked', 1, { 'flush.messages': '1' }));
    faulty.failFdatasyncs({ match: (p) => p.includes('counted-unacked-0') });
    try {
      const calls = faulty.fdatasyncCalls;
      client.send(Api.Produce, 9, produceBody('counted-unacked', 0, batch(1), 0));
      await settle();
      expect(faulty.fdatasyncCalls).toBeGreaterThan(calls);
      expect(await produce('counted', 1, 1)).toMatchObject({ errorCode: 0 });
    } finally {
      faulty.clearFaults();
    }
  });
});

describe('flush.ms', () => {
  it('fdatasyncs a partition with unsynced records once flush.ms has passed since its last fdatasync', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('timed', 1, { 'flush.ms': '500' }));
    expect(await produce('timed', 3, 1)).toMatchObject({ errorCode: 0 });
    const before = syncsOf('timed');
    clock.advance(400);
    await settle();
    expect(syncsOf('timed')).toBe(before);
    clock.advance(1100); // checks run at least once a second, and every 500 ms while such a log exists
    await settle();
    expect(syncsOf('timed')).toBe(before + 1);
    clock.advance(5000); // nothing new to sync
    await settle();
    expect(syncsOf('timed')).toBe(before + 1);
    expect(await produce('timed', 1, 1)).toMatchObject({ errorCode: 0 });
    clock.advance(600);
    await settle();
    expect(syncsOf('timed')).toBe(before + 2);
  });

  it('leaves a topic without it alone', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('untimed', 1));
    expect(await produce('untimed', 3, 1)).toMatchObject({ errorCode: 0 });
    clock.advance(60_000);
    await settle();
    expect(syncsOf('untimed')).toBe(0);
  });
});

describe('the broker settings behind them', () => {
  it('log.flush.interval.messages and log.flush.interval.ms are what a topic without its own flush configs uses', () => {
    const settings = resolveBrokerSettings({ 'log.flush.interval.messages': '1000', 'log.flush.interval.ms': '200' });
    expect(logConfigFor({ configs: {} }, settings)).toMatchObject({ flushMessages: 1000, flushMs: 200 });
    expect(logConfigFor({ configs: { 'flush.ms': '50', 'flush.messages': '7' } }, settings)).toMatchObject({ flushMessages: 7, flushMs: 50 });
  });

  it('by default neither flushes: acks=all is what makes a record durable', () => {
    const config = logConfigFor({ configs: {} }, resolveBrokerSettings({}));
    expect(config.flushMessages).toBeUndefined();
    expect(config.flushMs).toBeUndefined();
  });

  it('refuses a negative log.flush.interval.ms other than -1', () => {
    expect(() => resolveBrokerSettings({ 'log.flush.interval.ms': '-5' })).toThrow(/at least 0/);
    expect(resolveBrokerSettings({ 'log.flush.interval.ms': '-1' }).flushIntervalMs).toBe(-1);
  });
});

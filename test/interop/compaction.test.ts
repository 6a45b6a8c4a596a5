/**
 * Compaction seen by kcat (librdkafka), unchanged: 100,000 records over
 * 1,000 keys, 100 of the keys then deleted with tombstones; once the log
 * cleaner has run and the tombstones are past delete.retention.ms, kcat
 * reads exactly the last value of each remaining key, at its own offset,
 * skipping the gaps compaction left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { hasKcat } from '../support/interop.js';
import { kafkajsClient, kcat, parseKcatJson, type KcatRecord } from './clients.js';

const topic = 'compacted-keys';
const RECORDS = 100_000;
const KEYS = 1_000;
const DELETED = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasKcat())('compaction read back by kcat', () => {
  let broker: RunningBroker;
  const lines: string[] = [];

  beforeAll(async () => {
    broker = await startBroker({ port: 0, log: (m) => lines.push(m), settings: { 'log.cleaner.backoff.ms': '100' } });
    const admin = (await kafkajsClient(broker.bootstrap)).admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{
        topic,
        numPartitions: 1,
        configEntries: [
          { name: 'cleanup.policy', value: 'compact' },
          { name: 'segment.bytes', value: String(256 * 1024) },
          { name: 'delete.retention.ms', value: '1500' },
        ],
      }],
    });
    await admin.disconnect();
  });

  afterAll(async () => {
    await broker?.close();
  });

  it('leaves exactly the last value of each key, and no tombstone once delete.retention.ms has passed', async () => {
    const latest = new Map<string, string>();
    const input: string[] = [];
    for (let i = 0; i < RECORDS; i++) {
      const key = `key-${(i * 7919) % KEYS}`;
      latest.set(key, `value-${i}`);
      input.push(`${key}:value-${i}`);
    }
    for (let k = 0; k < DELETED; k++) {
      input.push(`key-${k * 10}:`);
      latest.delete(`key-${k * 10}`);
    }
    await kcat(['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-K:', '-Z', '-z', 'lz4', '-X', 'acks=all'], input.join('\n') + '\n');
    // Another key's records roll the tombstones out of the active segment, which is never cleaned.
    const filler = Array.from({ length: 20_000 }, (_, i) => `filler:${i}`);
    await kcat(['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-K:', '-X', 'acks=all'], filler.join('\n') + '\n');
    latest.set('filler', '19999');

    let records: KcatRecord[] = [];
    for (let attempt = 0; attempt < 60; attempt++) {
      await sleep(500);
      if (!lines.some((l) => l.includes(`${topic}-0: compacted`))) continue;
      records = parseKcatJson((await kcat(['-C', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-J', '-Z'])).stdout);
      const fillers = records.filter((r) => r.key === 'filler').length;
      if (records.every((r) => r.payload !== null) && records.length - fillers === KEYS - DELETED) break;
    }
    const keyed = records.filter((r) => r.key !== 'filler');
    const seen = new Map(keyed.map((r) => [r.key!, r.payload!]));
    expect(keyed.length).toBe(KEYS - DELETED); // one record per key
    expect(records.filter((r) => r.payload === null)).toEqual([]);
    expect(seen).toEqual(new Map([...latest].filter(([k]) => k !== 'filler')));
    // Each kept record sits at its original offset: value-i was produced at offset i.
    for (const r of keyed) expect(r.offset).toBe(Number(r.payload!.slice('value-'.length)));
    expect(records.at(-1)).toMatchObject({ key: 'filler', payload: '19999', offset: RECORDS + DELETED + 20_000 - 1 });
  }, 60_000);
});

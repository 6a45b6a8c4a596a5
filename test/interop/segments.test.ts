/**
 * Real clients across segment boundaries: with tiny segments and sparse
 * indexes, kcat writes many small zstd batches; kcat, confluent-kafka and
 * kafkajs then read from the start, from the middle of a segment and by
 * timestamp, before and after a restart, and all see the same records.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { hasConfluentKafka, hasKcat } from '../support/interop.js';
import { hex, kafkajsClient, kcat, parseKcatJson, python, type HexRecord, type KcatRecord } from './clients.js';

const topic = 'segments';
const RUNS = 8;
const PER_RUN = 40;
const settings = { 'log.segment.bytes': '4096', 'log.index.interval.bytes': '256' };

describe.skipIf(!hasKcat() || !hasConfluentKafka())('real clients across segment boundaries', () => {
  let broker: BrokerProcess;
  let written: KcatRecord[] = [];

  const readAllWithKcat = async () =>
    parseKcatJson((await kcat(['-C', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-J'])).stdout);

  beforeAll(async () => {
    broker = await spawnBroker({ settings });
    for (let run = 0; run < RUNS; run++) {
      const lines = Array.from({ length: PER_RUN }, (_, i) => `k${run}-${i}:run ${run} record ${i} ${randomBytes(40).toString('hex')}`);
      await kcat(['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-K:', '-z', 'zstd', '-X', 'batch.num.messages=7', '-X', 'linger.ms=0'], lines.join('\n') + '\n');
      // Distinct timestamps per run, so a lookup by time has one right answer.
      await new Promise((r) => setTimeout(r, 5));
    }
    written = await readAllWithKcat();
  });

  afterAll(async () => {
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  it('spreads the records over several segments, offsets contiguous', () => {
    const segments = fs.readdirSync(path.join(broker.dataDir, `${topic}-0`)).filter((n) => n.endsWith('.log'));
    expect(segments.length).toBeGreaterThan(3);
    expect(written.map((r) => r.offset)).toEqual(Array.from({ length: RUNS * PER_RUN }, (_, i) => i));
  });

  it('confluent-kafka reads from the middle of a segment exactly what kcat read', async () => {
    const from = 157;
    const got = await python<{ records: HexRecord[] }>('confluent-kafka-client.py', { op: 'consume', bootstrap: broker.bootstrap, topic, offset: from, count: written.length - from });
    expect(got.records.map((r) => ({ offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp }))).toEqual(
      written.slice(from).map((r) => ({ offset: r.offset, key: hex(r.key!), value: hex(r.payload!), timestamp: r.ts })),
    );
  });

  it('kafkajs finds each run by its first timestamp', async () => {
    const admin = (await kafkajsClient(broker.bootstrap)).admin();
    await admin.connect();
    try {
      for (let run = 0; run < RUNS; run++) {
        const ts = written[run * PER_RUN]!.ts;
        const expected = written.find((r) => r.ts >= ts)!.offset;
        const [p] = await admin.fetchTopicOffsetsByTimestamp(topic, ts);
        expect({ run, offset: p!.offset }).toEqual({ run, offset: String(expected) });
      }
    } finally {
      await admin.disconnect();
    }
  });

  it('serves the same records after a restart (indexes reloaded)', async () => {
    await broker.stop();
    broker = await spawnBroker({ dataDir: broker.dataDir, settings });
    expect(await readAllWithKcat()).toEqual(written);
  });
});

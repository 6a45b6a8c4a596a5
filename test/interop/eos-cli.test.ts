/**
 * `kgo consume --isolation read_committed` (the default) against kgo's own
 * broker: records of aborted transactions are skipped, committed ones and
 * plain records are printed; read_uncommitted prints them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { requireBuild, runKgo } from '../cli/kgo-process.js';
import { kafkajsClient } from './clients.js';

const topic = 'eos-cli';

describe('kgo consume --isolation', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    requireBuild();
    broker = await startBroker({ port: 0, log: () => {} });
    const kafka = await kafkajsClient(broker.bootstrap);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }, { topic: `${topic}-end`, numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer({ transactionalId: 'cli-txn', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (const [values, commit] of [[['c1', 'c2'], true], [['a1', 'a2'], false], [['c3'], true]] as const) {
      const txn = await producer.transaction();
      await txn.send({ topic, messages: values.map((value) => ({ value })) });
      await (commit ? txn.commit() : txn.abort());
    }
    await producer.disconnect();
    const endsInMarker = kafka.producer({ transactionalId: 'cli-txn-end', idempotent: true, maxInFlightRequests: 1 });
    await endsInMarker.connect();
    const last = await endsInMarker.transaction();
    await last.send({ topic: `${topic}-end`, messages: [{ value: 'e1' }, { value: 'e2' }] });
    await last.commit();
    await endsInMarker.disconnect();
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic, messages: [{ value: 'p1' }] });
    await plain.disconnect();
  });

  afterAll(async () => {
    await broker?.close();
  });

  it('read_committed skips the aborted transaction', async () => {
    const r = await runKgo(['consume', topic, '-b', broker.bootstrap, '-o', 'beginning', '-n', '4', '--isolation', 'read_committed']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['c1', 'c2', 'c3', 'p1']);
  });

  it('-e exits at the end of a partition whose last offset is a transaction marker', async () => {
    const r = await runKgo(['consume', `${topic}-end`, '-b', broker.bootstrap, '-e'], { timeoutMs: 15_000 });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['e1', 'e2']);
  });

  it('read_uncommitted prints every data record', async () => {
    const r = await runKgo(['consume', topic, '-b', broker.bootstrap, '-o', 'beginning', '-n', '6', '--isolation', 'read_uncommitted']);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['c1', 'c2', 'a1', 'a2', 'c3', 'p1']);
  });
});

/**
 * A broker SIGKILLed in the middle of a transaction: after the restart the
 * open transaction is aborted once its transaction.timeout.ms has passed and
 * stays invisible to read_committed readers, while a transaction committed
 * before the crash is complete; records committed after the abort are read.
 */
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { readCommitted } from '../broker/txn/kafkajs-read.js';
import { kafkajsClient } from './clients.js';

const topic = 'eos-crash';

describe('transactions across a SIGKILL of the broker', () => {
  let broker: BrokerProcess | undefined;
  let dataDir = '';

  afterAll(async () => {
    await broker?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('aborts the open transaction after restart and keeps the committed one', async () => {
    broker = await spawnBroker();
    dataDir = broker.dataDir;
    const before = await kafkajsClient(broker.bootstrap);
    const admin = before.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();

    const committer = before.producer({ transactionalId: 'crash-commit', idempotent: true, maxInFlightRequests: 1 });
    await committer.connect();
    const done = await committer.transaction();
    await done.send({ topic, messages: ['c1', 'c2', 'c3'].map((value) => ({ value })) });
    await done.commit();

    const abandoned = before.producer({ transactionalId: 'crash-open', idempotent: true, maxInFlightRequests: 1, transactionTimeout: 3000 });
    await abandoned.connect();
    const open = await abandoned.transaction();
    await open.send({ topic, messages: ['o1', 'o2', 'o3'].map((value) => ({ value })) });

    await broker.kill();
    await Promise.allSettled([committer.disconnect(), abandoned.disconnect()]);
    broker = await spawnBroker({ dataDir });

    const after = await kafkajsClient(broker.bootstrap);
    const next = after.producer({ transactionalId: 'crash-commit', idempotent: true, maxInFlightRequests: 1 });
    await next.connect();
    const later = await next.transaction();
    await later.send({ topic, messages: [{ value: 'c4' }] });
    await later.commit();
    await next.disconnect();

    // c4 lies past the abandoned transaction: it is readable only once that one is aborted.
    const seen = await readCommitted(after, topic, 4, 'crash-reader');
    expect(seen).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(broker.stderr()).toMatch(/crash-open: aborting after its 3000 ms timeout/);
  });
});

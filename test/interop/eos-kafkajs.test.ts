/**
 * kafkajs 2.2.4 transactions against an in-process kgo broker: an
 * idempotent producer writes each record once; a transactional producer
 * commits one transaction and aborts another, each with offsets sent through
 * sendOffsets; a read_committed consumer sees exactly the committed records
 * and the group's offsets move only with the commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { kafkajsClient } from './clients.js';
import { readCommitted } from '../broker/txn/kafkajs-read.js';

describe('kafkajs transactions against kgo', () => {
  let broker: RunningBroker;
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, log: () => {} });
    kafka = await kafkajsClient(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'eos-in', numPartitions: 1 }, { topic: 'eos-out', numPartitions: 2 }, { topic: 'eos-idem', numPartitions: 1 }] });
  });

  afterAll(async () => {
    await admin?.disconnect();
    await broker?.close();
  });

  it('writes each record of an idempotent producer once', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 5; i++) await producer.send({ topic: 'eos-idem', acks: -1, messages: [{ value: `v${i}` }, { value: `w${i}` }] });
    await producer.disconnect();
    const offsets = await admin.fetchTopicOffsets('eos-idem');
    expect(offsets[0]!.high).toBe('10');
  });

  it('commits and aborts consume-transform-produce transactions; read_committed sees only the commit', async () => {
    const producer = kafka.producer({ transactionalId: 'kjs-txn', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const committed = await producer.transaction();
    await committed.send({ topic: 'eos-out', messages: [{ value: 'c1', partition: 0 }, { value: 'c2', partition: 1 }] });
    await committed.sendOffsets({ consumerGroupId: 'kjs-group', topics: [{ topic: 'eos-in', partitions: [{ partition: 0, offset: '5' }] }] });
    await committed.commit();
    expect(await admin.fetchOffsets({ groupId: 'kjs-group', topics: ['eos-in'] })).toEqual([
      { topic: 'eos-in', partitions: [expect.objectContaining({ partition: 0, offset: '5' })] },
    ]);

    const aborted = await producer.transaction();
    await aborted.send({ topic: 'eos-out', messages: [{ value: 'a1', partition: 0 }, { value: 'a2', partition: 1 }] });
    await aborted.sendOffsets({ consumerGroupId: 'kjs-group', topics: [{ topic: 'eos-in', partitions: [{ partition: 0, offset: '9' }] }] });
    await aborted.abort();
    const after = await admin.fetchOffsets({ groupId: 'kjs-group', topics: ['eos-in'] });
    expect(after[0]!.partitions[0]!.offset).toBe('5');

    const last = await producer.transaction();
    await last.send({ topic: 'eos-out', messages: [{ value: 'c3', partition: 0 }] });
    await last.commit();
    await producer.disconnect();

    const seen = await readCommitted(kafka, 'eos-out', 3, 'kjs-reader');
    expect(seen.sort()).toEqual(['c1', 'c2', 'c3']);
  });

  it('fences an older producer of the same transactional id', async () => {
    const first = kafka.producer({ transactionalId: 'kjs-fence', idempotent: true, maxInFlightRequests: 1 });
    await first.connect();
    const open = await first.transaction();
    await open.send({ topic: 'eos-out', messages: [{ value: 'zombie', partition: 0 }] });
    const second = kafka.producer({ transactionalId: 'kjs-fence', idempotent: true, maxInFlightRequests: 1 });
    await second.connect();
    // kafkajs sends the transactional InitProducerId when a transaction starts.
    const newer = await second.transaction();
    await expect(open.commit()).rejects.toThrow(/epoch/i);
    await newer.send({ topic: 'eos-out', messages: [{ value: 'c4', partition: 1 }] });
    await newer.commit();
    await Promise.allSettled([first.disconnect(), second.disconnect()]);
    const seen = await readCommitted(kafka, 'eos-out', 4, 'kjs-reader-2');
    expect(seen.sort()).toEqual(['c1', 'c2', 'c3', 'c4']);
  });
});

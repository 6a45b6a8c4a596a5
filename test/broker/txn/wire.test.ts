/**
 * Idempotence and transactions on the wire, with kgo's own codec against an
 * in-process broker: exact versions, error codes, offsets, the last stable
 * offset and aborted transactions, the tooling APIs, and state that survives
 * a restart.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRecordBatchSync, ErrorCode } from '../../../src/protocol/index.js';
import { startBroker, type RunningBroker } from '../../../src/broker/index.js';
import { Api, RawClient, createTopicBody, fetchBody, produceBody } from '../../support/raw-client.js';

const E = ErrorCode;
const INIT_PRODUCER_ID = 22;
const ADD_PARTITIONS = 24;
const END_TXN = 26;
const DESCRIBE_PRODUCERS = 61;
const DESCRIBE_TRANSACTIONS = 65;
const LIST_TRANSACTIONS = 66;

function batch(producerId: number, producerEpoch: number, baseSequence: number, values: string[], transactional = false): Buffer {
  return buildRecordBatchSync({ records: values.map((value) => ({ key: null, value })), producerId, producerEpoch, baseSequence, transactional });
}

describe('idempotence and transactions on the wire', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-txn-wire-'));
  let broker: RunningBroker;
  let client: RawClient;

  const produce = async (topic: string, records: Buffer, transactionalId: string | null = null) => {
    const body = { ...produceBody(topic, 0, records), transactionalId };
    const r = await client.request(Api.Produce, 7, body);
    return r.responses[0].partitionResponses[0] as { errorCode: number; baseOffset: number };
  };
  const fetchPartition = async (topic: string, offset: number, isolationLevel: number) => {
    const r = await client.request(Api.Fetch, 11, { ...fetchBody(topic, 0, offset), isolationLevel });
    return r.responses[0].partitions[0];
  };
  const latest = async (topic: string, isolationLevel: number) => {
    const r = await client.request(Api.ListOffsets, 2, { replicaId: -1, isolationLevel, topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1 }] }] });
    return r.topics[0].partitions[0].offset as number;
  };
  const initProducerId = (version: number, transactionalId: string | null, producerId = -1, producerEpoch = -1) =>
    client.request(INIT_PRODUCER_ID, version, { transactionalId, transactionTimeoutMs: 60_000, producerId, producerEpoch });

  beforeAll(async () => {
    broker = await startBroker({ port: 0, dataDir, log: () => {} });
    client = await RawClient.connect(broker.port);
    for (const name of ['idem', 'txn']) await client.request(Api.CreateTopics, 4, createTopicBody(name, 1));
  });

  afterAll(async () => {
    client?.close();
    await broker?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a retried batch with its first offset, refuses gaps and old epochs', async () => {
    const { producerId, producerEpoch, errorCode } = await initProducerId(4, null);
    expect(errorCode).toBe(E.NONE);
    expect(await produce('idem', batch(producerId, producerEpoch, 0, ['a', 'b']))).toMatchObject({ errorCode: E.NONE, baseOffset: 0 });
    expect(await produce('idem', batch(producerId, producerEpoch, 2, ['c']))).toMatchObject({ errorCode: E.NONE, baseOffset: 2 });
    expect(await produce('idem', batch(producerId, producerEpoch, 0, ['a', 'b']))).toMatchObject({ errorCode: E.NONE, baseOffset: 0 });
    expect(await produce('idem', batch(producerId, producerEpoch, 5, ['x']))).toMatchObject({ errorCode: E.OUT_OF_ORDER_SEQUENCE_NUMBER });
    const bumped = await initProducerId(4, null, producerId, producerEpoch);
    expect(bumped).toMatchObject({ producerId, producerEpoch: producerEpoch + 1 });
    expect(await produce('idem', batch(producerId, producerEpoch + 1, 0, ['d']))).toMatchObject({ errorCode: E.NONE, baseOffset: 3 });
    expect(await produce('idem', batch(producerId, producerEpoch, 3, ['e']))).toMatchObject({ errorCode: E.INVALID_PRODUCER_EPOCH });
    expect(await latest('idem', 0)).toBe(4);
  });

  it('holds read_committed readers at the last stable offset and lists the aborted transaction', async () => {
    const init = await initProducerId(1, 'wire-txn');
    const { producerId, producerEpoch } = init;
    expect(await produce('txn', batch(-1, -1, -1, ['plain']))).toMatchObject({ baseOffset: 0 });
    const added = await client.request(ADD_PARTITIONS, 0, { v3AndBelowTransactionalId: 'wire-txn', v3AndBelowProducerId: producerId, v3AndBelowProducerEpoch: producerEpoch, v3AndBelowTopics: [{ name: 'txn', partitions: [0] }] });
    expect(added.resultsByTopicV3AndBelow[0].resultsByPartition[0].partitionErrorCode).toBe(E.NONE);
    expect(await produce('txn', batch(producerId, producerEpoch, 0, ['t1', 't2'], true), 'wire-txn')).toMatchObject({ baseOffset: 1 });

    const open = await fetchPartition('txn', 0, 1);
    expect(open.lastStableOffset).toBe(1);
    expect(open.highWatermark).toBe(3);
    expect(open.records.length).toBeGreaterThan(0);
    expect(await fetchPartition('txn', 1, 1)).toMatchObject({ lastStableOffset: 1, abortedTransactions: [] });
    expect((await fetchPartition('txn', 1, 1)).records.length).toBe(0);
    expect(await latest('txn', 1)).toBe(1);
    expect(await latest('txn', 0)).toBe(3);

    const listed = await client.request(LIST_TRANSACTIONS, 1, { stateFilters: ['Ongoing'], producerIdFilters: [], durationFilter: -1 });
    expect(listed.transactionStates).toEqual([{ transactionalId: 'wire-txn', producerId, transactionState: 'Ongoing' }]);
    const described = await client.request(DESCRIBE_TRANSACTIONS, 0, { transactionalIds: ['wire-txn', 'nobody'] });
    expect(described.transactionStates[0]).toMatchObject({ errorCode: E.NONE, transactionState: 'Ongoing', producerId, topics: [{ topic: 'txn', partitions: [0] }] });
    expect(described.transactionStates[1].errorCode).toBe(E.TRANSACTIONAL_ID_NOT_FOUND);
    const producers = await client.request(DESCRIBE_PRODUCERS, 0, { topics: [{ name: 'txn', partitionIndexes: [0] }] });
    expect(producers.topics[0].partitions[0].activeProducers).toEqual([
      expect.objectContaining({ producerId, producerEpoch, lastSequence: 1, currentTxnStartOffset: 1 }),
    ]);

    const ended = await client.request(END_TXN, 1, { transactionalId: 'wire-txn', producerId, producerEpoch, committed: false });
    expect(ended.errorCode).toBe(E.NONE);
    const done = await fetchPartition('txn', 1, 1);
    expect(done).toMatchObject({ highWatermark: 4, lastStableOffset: 4, abortedTransactions: [{ producerId, firstOffset: 1 }] });
    expect(await latest('txn', 1)).toBe(4);
  });

  it('holds TxnOffsetCommit offsets until the commit', async () => {
    const { producerId, producerEpoch } = await initProducerId(1, 'wire-offsets');
    const ids = { transactionalId: 'wire-offsets', producerId, producerEpoch };
    const commitOffsets = (partitions: number[]) =>
      client.request(28, 3, {
        ...ids,
        groupId: 'wire-group',
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        topics: [{ name: 'idem', partitions: partitions.map((partitionIndex) => ({ partitionIndex, committedOffset: 2, committedLeaderEpoch: -1, committedMetadata: null })) }],
      });
    const committed = async () => {
      const r = await client.request(9, 1, { groupId: 'wire-group', topics: [{ name: 'idem', partitionIndexes: [0] }] });
      return r.topics[0].partitions[0].committedOffset as number;
    };
    expect((await commitOffsets([0])).topics[0].partitions[0].errorCode).toBe(E.INVALID_TXN_STATE);
    expect((await client.request(25, 1, { ...ids, groupId: 'wire-group' })).errorCode).toBe(E.NONE);
    const answer = await commitOffsets([0, 7]);
    expect(answer.topics[0].partitions.map((p: { errorCode: number }) => p.errorCode)).toEqual([E.NONE, E.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(await committed()).toBe(-1);
    // requireStable (v7+): the consumer is told to wait rather than start from an offset about to change.
    const stable = async (requireStable: boolean) => {
      const v7 = (await client.request(9, 7, { groupId: 'wire-group', topics: [{ name: 'idem', partitionIndexes: [0] }], requireStable })).topics[0].partitions[0];
      const v8 = (await client.request(9, 8, { groups: [{ groupId: 'wire-group', topics: [{ name: 'idem', partitionIndexes: [0] }] }], requireStable })).groups[0].topics[0].partitions[0];
      expect(v8).toEqual(v7);
      return { offset: v7.committedOffset as number, errorCode: v7.errorCode as number };
    };
    expect(await stable(true)).toEqual({ offset: -1, errorCode: E.UNSTABLE_OFFSET_COMMIT });
    expect(await stable(false)).toEqual({ offset: -1, errorCode: E.NONE });
    expect((await client.request(END_TXN, 1, { ...ids, committed: true })).errorCode).toBe(E.NONE);
    expect(await committed()).toBe(2);
    expect(await stable(true)).toEqual({ offset: 2, errorCode: E.NONE });
  });

  it('answers a stale epoch with PRODUCER_FENCED only from the versions that know it', async () => {
    const first = await initProducerId(1, 'wire-fence');
    const second = await initProducerId(1, 'wire-fence');
    expect(second.producerEpoch).toBe(first.producerEpoch + 1);
    const end = (version: number) => client.request(END_TXN, version, { transactionalId: 'wire-fence', producerId: first.producerId, producerEpoch: first.producerEpoch, committed: true });
    expect((await end(1)).errorCode).toBe(E.INVALID_PRODUCER_EPOCH);
    expect((await end(3)).errorCode).toBe(E.PRODUCER_FENCED);
    expect((await initProducerId(3, 'wire-fence', first.producerId, first.producerEpoch)).errorCode).toBe(E.INVALID_PRODUCER_EPOCH);
    expect((await initProducerId(4, 'wire-fence', first.producerId, first.producerEpoch)).errorCode).toBe(E.PRODUCER_FENCED);
  });

  it('keeps sequences, aborted transactions and unique producer ids across a restart', async () => {
    const before = await initProducerId(4, null);
    expect(await produce('idem', batch(before.producerId, 0, 0, ['r']))).toMatchObject({ baseOffset: 4 });
    client.close();
    await broker.close();
    broker = await startBroker({ port: 0, dataDir, log: () => {} });
    client = await RawClient.connect(broker.port);
    expect(await produce('idem', batch(before.producerId, 0, 0, ['r']))).toMatchObject({ errorCode: E.NONE, baseOffset: 4 });
    expect(await latest('idem', 0)).toBe(5);
    const after = await initProducerId(4, null);
    expect(after.producerId).toBeGreaterThan(before.producerId);
    const txn = await fetchPartition('txn', 1, 1);
    expect(txn.abortedTransactions).toHaveLength(1);
    const described = await client.request(DESCRIBE_TRANSACTIONS, 0, { transactionalIds: ['wire-txn'] });
    expect(described.transactionStates[0].transactionState).toBe('CompleteAbort');
  });
});

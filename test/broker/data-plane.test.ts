/**
 * The broker's produce/fetch/offsets semantics through exact requests on
 * kgo's own codec, against an in-process broker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { PARTITION_ANSWER_BYTES_MAX } from '../../src/broker/handlers/fetch.js';
import { buildRecordBatchSync, decodeRecordsSync, iterateBatches } from '../../src/protocol/index.js';
import { Api, RawClient, createTopicBody, fetchBody, produceBody } from '../support/raw-client.js';
import { tempDir } from '../support/broker-process.js';

const records = (n: number, prefix = 'v', timestamp?: number) =>
  buildRecordBatchSync({
    records: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `${prefix}${i}`, headers: [{ key: 'h', value: String(i) }], timestamp })),
  });

function fetchedValues(partition: { records: Buffer | null }): string[] {
  const out: string[] = [];
  if (!partition.records) return out;
  for (const b of iterateBatches(partition.records)) {
    for (const r of decodeRecordsSync(partition.records.subarray(b.pos, b.pos + b.size))) out.push(r.value!.toString());
  }
  return out;
}

let broker: RunningBroker;
let client: RawClient;
const logs: string[] = [];

beforeAll(async () => {
  broker = await startBroker({ port: 0, log: (m) => logs.push(m) });
  client = await RawClient.connect(broker.port);
});
afterAll(async () => {
  client?.close();
  await broker?.close();
});

describe('produce and fetch', () => {
  it('assigns contiguous offsets and reads back exactly what was written', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('rt', 1));
    const first = await client.request(Api.Produce, 7, produceBody('rt', 0, records(3, 'a')));
    const second = await client.request(Api.Produce, 9, produceBody('rt', 0, records(2, 'b')));
    expect(first.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(second.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 3 });
    const fetched = await client.request(Api.Fetch, 11, fetchBody('rt', 0, 0));
    const p = fetched.responses[0].partitions[0];
    expect(p).toMatchObject({ errorCode: 0, highWatermark: 5, lastStableOffset: 5, logStartOffset: 0 });
    expect(fetchedValues(p)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    const fromMiddle = await client.request(Api.Fetch, 12, fetchBody('rt', 0, 4));
    // Whole batches: the one holding offset 4 starts at 3.
    expect(fetchedValues(fromMiddle.responses[0].partitions[0])).toEqual(['b0', 'b1']);
  });

  it('long-polls: a waiting fetch is woken by an append', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('poll', 1));
    const other = await RawClient.connect(broker.port);
    try {
      const waiting = other.request(Api.Fetch, 11, fetchBody('poll', 0, 0, { maxWaitMs: 20_000, minBytes: 1 }));
      await new Promise((r) => setTimeout(r, 50));
      await client.request(Api.Produce, 7, produceBody('poll', 0, records(1, 'woke')));
      const fetched = await waiting;
      expect(fetchedValues(fetched.responses[0].partitions[0])).toEqual(['woke0']);
    } finally {
      other.close();
    }
  });

  it('a long poll with nothing to read answers empty after maxWaitMs', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('quiet', 1));
    const fetched = await client.request(Api.Fetch, 11, fetchBody('quiet', 0, 0, { maxWaitMs: 100, minBytes: 1 }));
    expect(fetched.responses[0].partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 0 });
    expect(fetchedValues(fetched.responses[0].partitions[0])).toEqual([]);
  });

  it('returns one whole batch even when it is larger than maxBytes, and no more', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('big', 1));
    await client.request(Api.Produce, 7, produceBody('big', 0, records(50, 'x')));
    await client.request(Api.Produce, 7, produceBody('big', 0, records(50, 'y')));
    const fetched = await client.request(Api.Fetch, 11, fetchBody('big', 0, 0, { maxBytes: 10, partitionMaxBytes: 10 }));
    const values = fetchedValues(fetched.responses[0].partitions[0]);
    expect(values).toHaveLength(50);
    expect(values[0]).toBe('x0');
  });

  it('caps what one partition adds to an answer, yet returns a larger single batch whole when the limits admit it', async () => {
    const MIB = 1024 * 1024;
    const batchOf = (count: number, tag: string) =>
      buildRecordBatchSync({ records: Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.alloc(MIB, `${tag}${i}`) })) });
    await client.request(Api.CreateTopics, 5, createTopicBody('capped', 2, { 'max.message.bytes': String(16 * MIB) }));
    const small = batchOf(3, 's');
    for (let i = 0; i < 4; i++) await client.request(Api.Produce, 7, produceBody('capped', 0, small));
    await client.request(Api.Produce, 7, produceBody('capped', 1, batchOf(10, 'b')));
    const fetchBoth = (fromP0: number, p1MaxBytes: number) => {
      const body = fetchBody('capped', 0, fromP0, { maxBytes: 100 * MIB, partitionMaxBytes: 100 * MIB });
      body.topics[0]!.partitions.push({ ...body.topics[0]!.partitions[0]!, partition: 1, fetchOffset: 0, partitionMaxBytes: p1MaxBytes });
      return client.request(Api.Fetch, 11, body);
    };
    const both = await fetchBoth(0, 100 * MIB);
    const [p0, p1] = both.responses[0].partitions;
    // Whole batches up to the cap: two of the four 3 MiB batches, though the client allowed them all.
    const batchesUnderCap = Math.floor(PARTITION_ANSWER_BYTES_MAX / small.length);
    expect(batchesUnderCap).toBeLessThan(4);
    expect(p0.records.length).toBe(batchesUnderCap * small.length);
    expect(p0.highWatermark).toBe(12);
    // A 10 MiB batch, above the cap, that the client's limits admit: whole.
    expect(fetchedValues(p1)).toHaveLength(10);
    // Not admitted by the client's limit for that partition, and not the answer's first data: nothing.
    const refused = await fetchBoth(0, 9 * MIB);
    expect(refused.responses[0].partitions[1].records?.length ?? 0).toBe(0);
    // As the answer's first data it comes whole, as any first batch does.
    const first = await fetchBoth(12, 9 * MIB);
    expect(first.responses[0].partitions[0].records?.length ?? 0).toBe(0);
    expect(fetchedValues(first.responses[0].partitions[1])).toHaveLength(10);
  });

  it('answers OFFSET_OUT_OF_RANGE past the high watermark and UNKNOWN_TOPIC_OR_PARTITION for missing partitions', async () => {
    const fetched = await client.request(Api.Fetch, 11, fetchBody('rt', 0, 99));
    expect(fetched.responses[0].partitions[0]).toMatchObject({ errorCode: 1, highWatermark: 5 });
    const missing = await client.request(Api.Fetch, 11, fetchBody('rt', 7, 0));
    expect(missing.responses[0].partitions[0].errorCode).toBe(3);
    const produced = await client.request(Api.Produce, 7, produceBody('rt', 7, records(1)));
    expect(produced.responses[0].partitionResponses[0].errorCode).toBe(3);
  });

  it('refuses a corrupt batch, two batches in one partition, and a batch above max.message.bytes', async () => {
    const corrupt = Buffer.from(records(2));
    corrupt[corrupt.length - 1]! ^= 0xff;
    const bad = await client.request(Api.Produce, 7, produceBody('rt', 0, corrupt));
    expect(bad.responses[0].partitionResponses[0].errorCode).toBe(2); // CORRUPT_MESSAGE
    const two = await client.request(Api.Produce, 7, produceBody('rt', 0, Buffer.concat([records(1), records(1)])));
    expect(two.responses[0].partitionResponses[0].errorCode).toBe(87); // INVALID_RECORD
    await client.request(Api.CreateTopics, 5, createTopicBody('small', 1, { 'max.message.bytes': '100' }));
    const tooLarge = await client.request(Api.Produce, 7, produceBody('small', 0, records(20)));
    expect(tooLarge.responses[0].partitionResponses[0].errorCode).toBe(10); // MESSAGE_TOO_LARGE
    const after = await client.request(Api.Fetch, 11, fetchBody('rt', 0, 0));
    expect(after.responses[0].partitions[0].highWatermark).toBe(5);
  });

  it('acks=0 is never answered, and later responses still match their requests', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('fire', 1));
    client.send(Api.Produce, 7, produceBody('fire', 0, records(1, 'f'), 0));
    const metadata = await client.request(Api.Metadata, 6, { topics: [{ name: 'fire' }], allowAutoTopicCreation: false });
    expect(metadata.topics[0].errorCode).toBe(0);
    const fetched = await client.request(Api.Fetch, 11, fetchBody('fire', 0, 0));
    expect(fetchedValues(fetched.responses[0].partitions[0])).toEqual(['f0']);
  });

  it('acks=0 that cannot be written closes the connection, the only way to tell the producer', async () => {
    const other = await RawClient.connect(broker.port);
    other.send(Api.Produce, 7, produceBody('no-such-topic', 0, records(1), 0));
    await other.closed;
    expect(logs.some((l) => l.includes('has no response to carry the error'))).toBe(true);
  });

  it('answers pipelined requests in request order even when an earlier one waits', async () => {
    const other = await RawClient.connect(broker.port);
    try {
      const slow = other.request(Api.Fetch, 11, fetchBody('quiet', 0, 0, { maxWaitMs: 200, minBytes: 1 }));
      const fast = [1, 2, 3].map(() => other.request(Api.Metadata, 1, { topics: [] }));
      await Promise.all([slow, ...fast]);
      expect(other.arrivals).toEqual([1, 2, 3, 4]);
    } finally {
      other.close();
    }
  });
});

describe('offsets by time', () => {
  it('answers earliest, latest, max timestamp and by timestamp', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('times', 1));
    await client.request(Api.Produce, 7, produceBody('times', 0, records(2, 'a', 1_000)));
    await client.request(Api.Produce, 7, produceBody('times', 0, records(2, 'b', 5_000)));
    await client.request(Api.Produce, 7, produceBody('times', 0, records(2, 'c', 3_000)));
    const ask = async (timestamp: number) => {
      const r = await client.request(Api.ListOffsets, 7, { replicaId: -1, isolationLevel: 0, topics: [{ name: 'times', partitions: [{ partitionIndex: 0, timestamp }] }] });
      return r.topics[0].partitions[0];
    };
    expect(await ask(-2)).toMatchObject({ errorCode: 0, offset: 0 });
    expect(await ask(-1)).toMatchObject({ errorCode: 0, offset: 6 });
    // Max timestamp is located per batch (as Kafka before 3.8): an offset of the batch holding it.
    const max = await ask(-3);
    expect(max).toMatchObject({ errorCode: 0, timestamp: 5_000 });
    expect([2, 3]).toContain(max.offset);
    expect(await ask(2_000)).toMatchObject({ errorCode: 0, offset: 2 });
    expect((await ask(9_000)).offset).toBe(-1);
  });
});

describe('topics', () => {
  it('validates creation: names, duplicates, replication factor, configs, validate-only', async () => {
    const create = async (name: string, partitions: number, configs: Record<string, string> = {}, validateOnly = false, rf = 1) =>
      (await client.request(Api.CreateTopics, 7, createTopicBody(name, partitions, configs, validateOnly, rf))).topics[0];
    expect((await create('bad name!', 1)).errorCode).toBe(17);
    expect((await create('rt', 1)).errorCode).toBe(36);
    expect((await create('rf', 1, {}, false, 3)).errorCode).toBe(38);
    const badConfig = await create('cfg', 1, { 'cleanup.policy': 'sometimes' });
    expect(badConfig.errorCode).toBe(40);
    expect(badConfig.errorMessage).toContain('cleanup.policy');
    expect((await create('zero', 0)).errorCode).toBe(37);
    expect((await create('dry', 3, {}, true)).errorCode).toBe(0);
    const meta = await client.request(Api.Metadata, 6, { topics: [{ name: 'dry' }], allowAutoTopicCreation: false });
    expect(meta.topics[0].errorCode).toBe(3);
  });

  it('creates with an id, grows partitions, deletes files', async () => {
    const created = (await client.request(Api.CreateTopics, 7, createTopicBody('grow', 2))).topics[0];
    expect(created).toMatchObject({ errorCode: 0, numPartitions: 2 });
    expect(created.topicId).toMatch(/^[0-9a-f]{32}$/);
    const grown = await client.request(Api.CreatePartitions, 1, { topics: [{ name: 'grow', count: 4, assignments: null }], timeoutMs: 1000, validateOnly: false });
    expect(grown.results[0].errorCode).toBe(0);
    const shrink = await client.request(Api.CreatePartitions, 1, { topics: [{ name: 'grow', count: 1, assignments: null }], timeoutMs: 1000, validateOnly: false });
    expect(shrink.results[0].errorCode).toBe(37);
    const meta = await client.request(Api.Metadata, 12, { topics: [{ name: 'grow', topicId: '00000000000000000000000000000000' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(meta.topics[0].partitions).toHaveLength(4);
    expect(meta.topics[0].topicId).toBe(created.topicId);
    expect(fs.existsSync(path.join(broker.dataDir, 'grow-3'))).toBe(true);
    const deleted = await client.request(Api.DeleteTopics, 4, { topicNames: ['grow', 'never-was'], timeoutMs: 1000 });
    expect(deleted.responses.map((r: { errorCode: number }) => r.errorCode)).toEqual([0, 3]);
    expect(fs.existsSync(path.join(broker.dataDir, 'grow-0'))).toBe(false);
    expect(fs.existsSync(path.join(broker.dataDir, 'grow-3'))).toBe(false);
  });

  it('auto-creates on Metadata only when both the broker and the request allow it', async () => {
    const refused = await client.request(Api.Metadata, 6, { topics: [{ name: 'auto-no' }], allowAutoTopicCreation: false });
    expect(refused.topics[0].errorCode).toBe(3);
    const allowed = await client.request(Api.Metadata, 6, { topics: [{ name: 'auto-yes' }], allowAutoTopicCreation: true });
    expect(allowed.topics[0]).toMatchObject({ errorCode: 0, name: 'auto-yes' });
    expect(allowed.topics[0].partitions).toHaveLength(1);
    expect(allowed.brokers[0]).toMatchObject({ host: '127.0.0.1', port: broker.port });
  });

  it('DeleteRecords moves the log start offset and fetches below it are out of range', async () => {
    const trimmed = await client.request(Api.DeleteRecords, 1, { topics: [{ name: 'rt', partitions: [{ partitionIndex: 0, offset: 3 }] }], timeoutMs: 1000 });
    expect(trimmed.topics[0].partitions[0]).toMatchObject({ errorCode: 0, lowWatermark: 3 });
    const below = await client.request(Api.Fetch, 11, fetchBody('rt', 0, 0));
    expect(below.responses[0].partitions[0]).toMatchObject({ errorCode: 1, logStartOffset: 3 });
  });
});

describe('restart and locking', () => {
  it('keeps topics and records across a restart, and refuses a second broker on the same data dir', async () => {
    const dataDir = tempDir();
    const first = await startBroker({ port: 0, dataDir, log: () => undefined });
    await expect(startBroker({ port: 0, dataDir, log: () => undefined })).rejects.toThrow(/already using/);
    const c1 = await RawClient.connect(first.port);
    await c1.request(Api.CreateTopics, 5, createTopicBody('kept', 2));
    await c1.request(Api.Produce, 7, produceBody('kept', 1, records(4, 'p')));
    c1.close();
    await first.close();
    const second = await startBroker({ port: 0, dataDir, log: () => undefined });
    try {
      const c2 = await RawClient.connect(second.port);
      const fetched = await c2.request(Api.Fetch, 11, fetchBody('kept', 1, 0));
      expect(fetchedValues(fetched.responses[0].partitions[0])).toEqual(['p0', 'p1', 'p2', 'p3']);
      const more = await c2.request(Api.Produce, 7, produceBody('kept', 1, records(1)));
      expect(more.responses[0].partitionResponses[0].baseOffset).toBe(4);
      c2.close();
    } finally {
      await second.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('bad peers', () => {
  it('closes a connection that sends an oversized frame, an unknown API or an unserved version, and keeps serving', async () => {
    const huge = await RawClient.connect(broker.port);
    huge.writeRaw(Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0]));
    await huge.closed;
    const unknown = await RawClient.connect(broker.port);
    const frame = Buffer.alloc(4 + 10);
    frame.writeInt32BE(10, 0);
    frame.writeInt16BE(999, 4);
    unknown.writeRaw(frame);
    await unknown.closed;
    expect(logs.some((l) => l.includes('unknown API key 999'))).toBe(true);
    const meta = await client.request(Api.Metadata, 1, { topics: [] });
    expect(meta.brokers).toHaveLength(1);
  });

  it('answers a too-new ApiVersions with UNSUPPORTED_VERSION and its own range', async () => {
    const c = await RawClient.connect(broker.port);
    try {
      // Decoded as v0: the broker answers with a v0 body whatever the version asked.
      const frameChunks = (await import('../../src/protocol/index.js')).encodeRequest(18, 3, 77, 'x', { clientSoftwareName: 'a', clientSoftwareVersion: '1' });
      const bytes = Buffer.concat(frameChunks);
      bytes.writeInt16BE(99, 6); // api_version field
      const answer = await new Promise<Buffer>((resolve) => {
        c.socket.removeAllListeners('data');
        c.socket.on('data', (d: Buffer) => resolve(d));
        c.writeRaw(bytes);
      });
      expect(answer.readInt32BE(4)).toBe(77); // correlation id, header v0
      expect(answer.readInt16BE(8)).toBe(35); // UNSUPPORTED_VERSION
      expect(answer.readInt32BE(10)).toBe(1); // one entry
      expect(answer.readInt16BE(14)).toBe(18);
    } finally {
      c.close();
    }
  });
});

describe('configs', () => {
  it('describes, alters and incrementally alters topic configs, refusing bad values by name', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('conf', 1, { 'retention.ms': '1000' }));
    const describe = async () => {
      const r = await client.request(Api.DescribeConfigs, 4, { resources: [{ resourceType: 2, resourceName: 'conf', configurationKeys: null }], includeSynonyms: true, includeDocumentation: false });
      return Object.fromEntries(r.results[0].configs.map((c: { name: string; value: string; configSource: number }) => [c.name, { value: c.value, source: c.configSource }]));
    };
    expect((await describe())['retention.ms']).toEqual({ value: '1000', source: 1 });
    expect((await describe())['cleanup.policy']).toEqual({ value: 'delete', source: 5 });
    const bad = await client.request(44, 1, { resources: [{ resourceType: 2, resourceName: 'conf', configs: [{ name: 'cleanup.policy', configOperation: 0, value: 'never' }] }], validateOnly: false });
    expect(bad.responses[0].errorCode).toBe(40);
    expect(bad.responses[0].errorMessage).toContain('cleanup.policy');
    const set = await client.request(44, 1, { resources: [{ resourceType: 2, resourceName: 'conf', configs: [{ name: 'cleanup.policy', configOperation: 0, value: 'compact' }, { name: 'retention.ms', configOperation: 1, value: null }] }], validateOnly: false });
    expect(set.responses[0].errorCode).toBe(0);
    const after = await describe();
    expect(after['cleanup.policy']).toEqual({ value: 'compact', source: 1 });
    expect(after['retention.ms'].source).toBe(5);
    const replaced = await client.request(33, 1, { resources: [{ resourceType: 2, resourceName: 'conf', configs: [{ name: 'segment.bytes', value: '1048576' }] }], validateOnly: false });
    expect(replaced.responses[0].errorCode).toBe(0);
    const final = await describe();
    expect(final['segment.bytes']).toEqual({ value: '1048576', source: 1 });
    expect(final['cleanup.policy'].source).toBe(5);
    const tooBig = await client.request(33, 1, { resources: [{ resourceType: 2, resourceName: 'conf', configs: [{ name: 'segment.bytes', value: '99999999999' }] }], validateOnly: false });
    expect(tooBig.responses[0].errorCode).toBe(40);
  });
});

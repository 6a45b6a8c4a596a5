/**
 * Retention and compaction inside a running broker, on a ManualClock: the
 * background checks fire when the clock passes their intervals, and clients
 * see the new log start (OFFSET_OUT_OF_RANGE below it, ListOffsets earliest).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/index.js';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { buildRecordBatchSync, decodeRecordsSync, iterateBatches } from '../../src/protocol/index.js';
import { Api, RawClient, createTopicBody, fetchBody, produceBody } from '../support/raw-client.js';

const clock = new ManualClock();
let broker: RunningBroker;
let client: RawClient;

beforeAll(async () => {
  broker = await startBroker({
    port: 0,
    clock,
    log: () => {},
    settings: { 'log.retention.check.interval.ms': '1000', 'log.cleaner.backoff.ms': '500' },
  });
  client = await RawClient.connect(broker.port);
});
afterAll(async () => {
  client?.close();
  await broker?.close();
});

const batch = (n: number, prefix: string, keys = n) =>
  buildRecordBatchSync({ records: Array.from({ length: n }, (_, i) => ({ key: `k${i % keys}`, value: `${prefix}-${i}-${'.'.repeat(100)}`, timestamp: clock.nowMs() })) });

async function produce(topic: string, batches: number, prefix: string, keys?: number): Promise<void> {
  for (let i = 0; i < batches; i++) {
    const r = await client.request(Api.Produce, 9, produceBody(topic, 0, batch(5, `${prefix}${i}`, keys)));
    expect(r.responses[0].partitionResponses[0].errorCode).toBe(0);
  }
}

async function fetchFrom(topic: string, offset: number) {
  return (await client.request(Api.Fetch, 11, fetchBody(topic, 0, offset))).responses[0].partitions[0];
}

async function earliest(topic: string): Promise<number> {
  const r = await client.request(Api.ListOffsets, 7, { replicaId: -1, isolationLevel: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -2 }] }] });
  return Number(r.topics[0].partitions[0].offset);
}

/** Lets the timers that ManualClock fired finish their asynchronous part. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('retention in the broker', () => {
  it('deletes segments past retention.ms at the next check; fetches below the new start are out of range', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('aged', 1, { 'segment.bytes': '2048', 'retention.ms': '60000' }));
    await produce('aged', 10, 'old');
    clock.advance(30_000);
    await produce('aged', 10, 'new');
    clock.advance(31_000); // the old batches are now 61 s old, the new ones 31 s
    await settle();
    const start = await earliest('aged');
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThanOrEqual(50);
    const below = await fetchFrom('aged', 0);
    expect(below.errorCode).toBe(1); // OFFSET_OUT_OF_RANGE
    expect(Number(below.logStartOffset)).toBe(start);
    const from = await fetchFrom('aged', start);
    expect(from.errorCode).toBe(0);
    expect(Number(from.records.readBigInt64BE(0))).toBe(start);
  });

  it('deletes the oldest segments beyond retention.bytes', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('sized', 1, { 'segment.bytes': '2048', 'retention.bytes': '4096' }));
    await produce('sized', 30, 's');
    clock.advance(1000);
    await settle();
    expect(await earliest('sized')).toBeGreaterThan(100);
    expect((await fetchFrom('sized', 149)).errorCode).toBe(0);
  });

  it('applies a dynamic broker log.retention.ms to topics without their own', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('inherits', 1, { 'segment.bytes': '2048' }));
    await produce('inherits', 10, 'i');
    clock.advance(10_000);
    await settle();
    expect(await earliest('inherits')).toBe(0);
    const altered = await client.request(44, 1, { resources: [{ resourceType: 4, resourceName: '0', configs: [{ name: 'log.retention.ms', configOperation: 0, value: '5000' }] }], validateOnly: false });
    expect(altered.responses[0]).toMatchObject({ errorCode: 0 });
    clock.advance(1000);
    await settle();
    expect(await earliest('inherits')).toBeGreaterThan(0);
    const reset = await client.request(44, 1, { resources: [{ resourceType: 4, resourceName: '0', configs: [{ name: 'log.retention.ms', configOperation: 1, value: null }] }], validateOnly: false });
    expect(reset.responses[0].errorCode).toBe(0);
  });
});

describe('compaction in the broker', () => {
  it('compacts a cleanup.policy=compact topic when the cleaner wakes, and fetch skips the gaps', async () => {
    await client.request(Api.CreateTopics, 5, createTopicBody('keyed', 1, { 'segment.bytes': '2048', 'cleanup.policy': 'compact' }));
    await produce('keyed', 40, 'v', 3);
    clock.advance(500);
    await settle();
    for (let i = 0; i < 200 && (await fetchFrom('keyed', 0)).records.readBigInt64BE(0) === 0n; i++) await settle();
    const seen = new Map<string, string>();
    let offset = 0;
    let reads = 0;
    for (;;) {
      const p = await fetchFrom('keyed', offset);
      if (!p.records || p.records.length === 0) break;
      for (const b of iterateBatches(p.records)) {
        for (const r of decodeRecordsSync(p.records.subarray(b.pos, b.pos + b.size))) {
          if (r.offset < offset) continue;
          reads++;
          seen.set(r.key!.toString(), r.value!.toString());
        }
        offset = b.header.baseOffset + b.header.lastOffsetDelta + 1;
      }
    }
    expect(offset).toBe(200);
    expect([...seen.keys()].sort()).toEqual(['k0', 'k1', 'k2']);
    expect(seen.get('k1')).toMatch(/^v39-4-/);
    expect(reads).toBeLessThan(100);
  });
});

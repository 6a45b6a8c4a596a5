/**
 * A full disk or failing fsync through the broker: the affected produce
 * requests get KAFKA_STORAGE_ERROR, nothing unwritten is acknowledged, the
 * log stays readable. After a full disk, producing resumes once space returns;
 * after a failed fsync, only once a restart has re-validated the log.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { buildRecordBatchSync, decodeRecordsSync, iterateBatches } from '../../src/protocol/index.js';
import { FaultyFileSystem } from '../support/faulty-fs.js';
import { Api, RawClient, createTopicBody, fetchBody, produceBody } from '../support/raw-client.js';

const KAFKA_STORAGE_ERROR = 56;
const batch = (value: string) => buildRecordBatchSync({ records: [{ key: null, value }] });

function values(p: { records: Buffer | null }): string[] {
  const out: string[] = [];
  for (const b of iterateBatches(p.records ?? Buffer.alloc(0))) {
    for (const r of decodeRecordsSync(p.records!.subarray(b.pos, b.pos + b.size))) out.push(r.value!.toString());
  }
  return out;
}

let broker: RunningBroker;
let client: RawClient;
const faulty = new FaultyFileSystem();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-disk-faults-'));
const onDisk = (path: string) => path.includes('disk-0') && path.endsWith('.log');

beforeAll(async () => {
  broker = await startBroker({ port: 0, fs: faulty, dataDir, log: () => undefined });
  client = await RawClient.connect(broker.port);
  await client.request(Api.CreateTopics, 5, createTopicBody('disk', 1));
});
afterAll(async () => {
  client?.close();
  await broker?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('disk faults', () => {
  it('ENOSPC: refused, not acknowledged, log readable, producing resumes', async () => {
    const ok = await client.request(Api.Produce, 7, produceBody('disk', 0, batch('before')));
    expect(ok.responses[0].partitionResponses[0].errorCode).toBe(0);
    faulty.failWrites({ code: 'ENOSPC', times: 1000, match: onDisk });
    const full = await client.request(Api.Produce, 7, produceBody('disk', 0, batch('lost'), 1));
    expect(full.responses[0].partitionResponses[0].errorCode).toBe(KAFKA_STORAGE_ERROR);
    const torn = await client.request(Api.Produce, 7, produceBody('disk', 0, batch('lost-too')));
    expect(torn.responses[0].partitionResponses[0].errorCode).toBe(KAFKA_STORAGE_ERROR);
    const readable = await client.request(Api.Fetch, 11, fetchBody('disk', 0, 0));
    expect(readable.responses[0].partitions[0].highWatermark).toBe(1);
    expect(values(readable.responses[0].partitions[0])).toEqual(['before']);
    faulty.clearFaults();
    const resumed = await client.request(Api.Produce, 7, produceBody('disk', 0, batch('after')));
    expect(resumed.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 1 });
    const all = await client.request(Api.Fetch, 11, fetchBody('disk', 0, 0));
    expect(values(all.responses[0].partitions[0])).toEqual(['before', 'after']);
  });

  it('a torn write is cut away and never acknowledged', async () => {
    faulty.failWrites({ code: 'ENOSPC', times: 1, match: onDisk, torn: true });
    const torn = await client.request(Api.Produce, 7, produceBody('disk', 0, batch('half')));
    expect(torn.responses[0].partitionResponses[0].errorCode).toBe(KAFKA_STORAGE_ERROR);
    faulty.clearFaults();
    const next = await client.request(Api.Produce, 7, produceBody('disk', 0, batch('whole')));
    expect(next.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 2 });
    const all = await client.request(Api.Fetch, 11, fetchBody('disk', 0, 0));
    expect(values(all.responses[0].partitions[0])).toEqual(['before', 'after', 'whole']);
  });

  it('a failed fsync refuses that acks=all produce, and the partition takes no writes until a restart', async () => {
    const lines: string[] = [];
    await broker.close();
    broker = await startBroker({ port: 0, fs: faulty, dataDir, log: (line) => lines.push(line) });
    client.close();
    client = await RawClient.connect(broker.port);
    const before = (await client.request(Api.Fetch, 11, fetchBody('disk', 0, 0))).responses[0].partitions[0];
    faulty.failFdatasyncs({ code: 'EIO', times: 1, match: onDisk });
    const refused = await client.request(Api.Produce, 7, produceBody('disk', 0, batch('unsynced')));
    expect(refused.responses[0].partitionResponses[0].errorCode).toBe(KAFKA_STORAGE_ERROR);
    expect(lines.some((l) => l.includes('takes no more writes until the broker restarts'))).toBe(true);
    faulty.clearFaults();
    // The kernel may have dropped the unsynced pages and marked them clean: a later fsync that succeeds proves nothing.
    for (const acks of [-1, 1]) {
      const later = await client.request(Api.Produce, 7, produceBody('disk', 0, batch(`later acks=${acks}`), acks));
      expect(later.responses[0].partitionResponses[0].errorCode, `acks=${acks}`).toBe(KAFKA_STORAGE_ERROR);
    }
    const readable = await client.request(Api.Fetch, 11, fetchBody('disk', 0, 0));
    expect(values(readable.responses[0].partitions[0])).toEqual([...values(before), 'unsynced']);

    await broker.close();
    broker = await startBroker({ port: 0, fs: faulty, dataDir, log: () => undefined });
    client.close();
    client = await RawClient.connect(broker.port);
    const resumed = await client.request(Api.Produce, 7, produceBody('disk', 0, batch('after restart')));
    expect(resumed.responses[0].partitionResponses[0].errorCode).toBe(0);
    const all = await client.request(Api.Fetch, 11, fetchBody('disk', 0, 0));
    expect(values(all.responses[0].partitions[0]).at(-1)).toBe('after restart');
  });
});

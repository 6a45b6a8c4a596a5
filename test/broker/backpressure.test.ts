/**
 * A client that sends requests but never reads the answers must not make the
 * broker buffer them without limit: once its unread responses pass a bound,
 * its connection stops being read, and the rest wait in the kernel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { buildRecordBatchSync, encodeRequest } from '../../src/protocol/index.js';
import { Api, RawClient, createTopicBody, fetchBody, produceBody } from '../support/raw-client.js';

let broker: RunningBroker;

beforeAll(async () => {
  broker = await startBroker({ port: 0, log: () => undefined });
});
afterAll(async () => {
  await broker?.close();
});

describe('backpressure', () => {
  it('stops reading a connection whose responses are not read', async () => {
    const setup = await RawClient.connect(broker.port);
    await setup.request(Api.CreateTopics, 5, createTopicBody('flood', 1));
    const value = Buffer.alloc(1024 * 1024 - 200, 0x61);
    await setup.request(Api.Produce, 7, produceBody('flood', 0, buildRecordBatchSync({ records: [{ key: null, value }] })));
    setup.close();

    const reader = await RawClient.connect(broker.port);
    reader.socket.pause(); // never read: every fetch answer is ~1 MiB
    const before = process.memoryUsage().arrayBuffers;
    const requests = 800; // ~800 MiB of answers if the broker kept them all
    let written = 0;
    await new Promise<void>((resolve) => {
      const writeMore = () => {
        while (written < requests) {
          const chunks = encodeRequest(Api.Fetch, 11, written + 1, 'flood', fetchBody('flood', 0, 0));
          written++;
          let ok = true;
          for (const c of chunks) ok = reader.socket.write(c);
          if (!ok) return; // the broker stopped reading us: wait for drain or give up below
        }
        resolve();
      };
      reader.socket.on('drain', writeMore);
      writeMore();
      setTimeout(resolve, 3_000);
    });
    await new Promise((r) => setTimeout(r, 500));
    const grownBytes = process.memoryUsage().arrayBuffers - before;
    reader.close();
    // Without backpressure the broker would hold hundreds of MiB of answers.
    expect(grownBytes).toBeLessThan(200 * 1024 * 1024);
    // And it still serves everyone else.
    const other = await RawClient.connect(broker.port);
    const meta = await other.request(Api.Metadata, 1, { topics: [] });
    expect(meta.brokers).toHaveLength(1);
    other.close();
  });

  it('answers thousands of pipelined requests queued behind slow ones, in order, without recursing', async () => {
    const c = await RawClient.connect(broker.port);
    try {
      // 16 long polls fill the connection's unanswered budget while thousands
      // of quick requests from the same read wait behind them; when a poll
      // ends they are dispatched from one resume, each answered at once.
      const slow = Array.from({ length: 16 }, () => c.request(Api.Fetch, 11, fetchBody('flood', 0, 1, { maxWaitMs: 300, minBytes: 1 })));
      c.socket.cork(); // one write: the broker reads the quick ones in the same chunks
      const quick = Array.from({ length: 5000 }, () => c.request(Api.Heartbeat, 0, { groupId: 'none', generationId: 1, memberId: 'm' }));
      c.socket.uncork();
      await Promise.all([...slow, ...quick]);
      expect(c.arrivals).toEqual(Array.from({ length: 5016 }, (_, i) => i + 1));
    } finally {
      c.close();
    }
  });

  it('counts the log data a fetch holds against its connection, so a peer pipelining fetches it does not read stops being read', async () => {
    const setup = await RawClient.connect(broker.port);
    await setup.request(Api.CreateTopics, 5, createTopicBody('wide-flood', 8));
    const value = Buffer.alloc(1024 * 1024 - 200, 0x62);
    for (let partition = 0; partition < 8; partition++) {
      for (let i = 0; i < 4; i++) await setup.request(Api.Produce, 7, produceBody('wide-flood', partition, buildRecordBatchSync({ records: [{ key: null, value }] })));
    }
    setup.close();
    const everyPartition = fetchBody('wide-flood', 0, 0, { partitionMaxBytes: 64 * 1024 * 1024 });
    everyPartition.topics[0]!.partitions = Array.from({ length: 8 }, (_, partition) => ({ ...everyPartition.topics[0]!.partitions[0]!, partition }));
    const peer = await RawClient.connect(broker.port);
    peer.socket.pause();
    const before = process.memoryUsage().arrayBuffers;
    // 16 fetches of 32 MiB each in one write, so the broker reads them all at once.
    peer.socket.cork();
    for (let i = 0; i < 16; i++) for (const chunk of encodeRequest(Api.Fetch, 11, i + 1, 'flood', everyPartition)) peer.socket.write(chunk);
    peer.socket.uncork();
    await new Promise((r) => setTimeout(r, 1_000));
    const grownBytes = process.memoryUsage().arrayBuffers - before;
    peer.close();
    // Read all at once they would hold 512 MiB; the connection stops being read after two or three.
    expect(grownBytes).toBeLessThan(160 * 1024 * 1024);
  });
});

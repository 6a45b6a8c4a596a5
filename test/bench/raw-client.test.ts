/**
 * The benchmark client must refuse to count what a broken broker answers:
 * error codes anywhere, answers out of order, offsets that do not tile the
 * log, fetched batches that fail their CRC or skip offsets.
 */
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameSplitter, buildRecordBatchSync, decodeRequest, encodeResponse } from '../../src/protocol/index.js';

// bench/ is plain JavaScript on the built dist/; a computed specifier keeps tsc from typing it.
const benchModule = (name: string) => import(new URL(`../../bench/${name}`, import.meta.url).href);
const { RawClient, OffsetLedger, checkErrorCodes, checkFetchedBatches, scanFetchedBatches, BrokerError } = await benchModule('raw-client.js');

type Answer = (apiKey: number, body: Record<string, unknown>) => { body: Record<string, unknown>; correlationShift?: number };

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A fake broker on 127.0.0.1: ApiVersions advertises Produce 0-9; other answers come from `answer`. */
async function fakeBroker(answer: Answer): Promise<number> {
  const server = net.createServer((socket) => {
    const splitter = new FrameSplitter({ frameBytesMax: 1 << 24 });
    socket.on('data', (chunk) => {
      for (const frame of splitter.push(chunk)) {
        const { header, body } = decodeRequest(frame);
        const reply =
          header.apiKey === 18
            ? { body: { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 9 }, { apiKey: 18, minVersion: 0, maxVersion: 4 }] } }
            : answer(header.apiKey, body);
        const correlationId = header.correlationId + (reply.correlationShift ?? 0);
        for (const c of encodeResponse(header.apiKey, header.apiVersion, correlationId, reply.body)) socket.write(c);
      }
    });
    socket.on('error', () => socket.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

const produceAnswer = (errorCode: number, baseOffset: number) => ({
  responses: [{ name: 't', partitionResponses: [{ index: 0, errorCode, baseOffset, errorMessage: errorCode ? 'bad batch' : null }] }],
});

const batch = (baseOffset: number, count: number) =>
  buildRecordBatchSync({ baseOffset, baseTimestamp: 1, records: Array.from({ length: count }, () => ({ key: null, value: 'v' })) });

describe('RawClient', () => {
  it('returns the base offsets of pipelined produce answers', async () => {
    let next = 0;
    const port = await fakeBroker(() => {
      const base = next;
      next += 2;
      return { body: produceAnswer(0, base) };
    });
    const client = await RawClient.connect({ port });
    const offsets = await Promise.all([0, 1, 2].map(() => client.produce('t', 0, batch(0, 2), 1)));
    client.close();
    expect(offsets).toEqual([0, 2, 4]);
  });

  it('rejects a produce answer carrying an error code', async () => {
    const port = await fakeBroker(() => ({ body: produceAnswer(87, -1) }));
    const client = await RawClient.connect({ port });
    await expect(client.produce('t', 0, batch(0, 1), 1)).rejects.toThrow(/INVALID_RECORD \(87\): bad batch/);
    client.close();
  });

  it('rejects an answer whose correlation id is not the one due', async () => {
    const port = await fakeBroker(() => ({ body: produceAnswer(0, 0), correlationShift: 1 }));
    const client = await RawClient.connect({ port });
    await expect(client.produce('t', 0, batch(0, 1), 1)).rejects.toThrow(/arrived where/);
    client.close();
  });

  it('refuses an API the broker does not advertise', async () => {
    const port = await fakeBroker(() => ({ body: {} }));
    const client = await RawClient.connect({ port });
    expect(() => client.versionFor(1)).toThrow(BrokerError);
    client.close();
  });
});

describe('checkErrorCodes', () => {
  it('finds a non-zero code at any depth unless it is allowed', () => {
    const body = { errorCode: 0, topics: [{ partitions: [{ errorCode: 0 }, { errorCode: 3 }] }] };
    expect(() => checkErrorCodes(body)).toThrow(/topics\[0\]\.partitions\[1\]: UNKNOWN_TOPIC_OR_PARTITION/);
    expect(() => checkErrorCodes(body, [3])).not.toThrow();
  });
});

describe('OffsetLedger', () => {
  it('accepts ranges that tile the log in any order', () => {
    const ledger = new OffsetLedger();
    ledger.add(5, 5);
    ledger.add(0, 5);
    expect(() => ledger.verify(10)).not.toThrow();
  });

  it('refuses gaps, overlaps and a short total', () => {
    const gap = new OffsetLedger();
    gap.add(0, 5);
    gap.add(6, 5);
    expect(() => gap.verify(11)).toThrow(/jump from 5 to 6/);
    const overlap = new OffsetLedger();
    overlap.add(0, 5);
    overlap.add(4, 5);
    expect(() => overlap.verify(9)).toThrow(/jump/);
    const short = new OffsetLedger();
    short.add(0, 5);
    expect(() => short.verify(6)).toThrow(/acknowledged 5 records/);
  });
});

describe('checkFetchedBatches', () => {
  it('counts complete batches that continue from the fetch offset, ignoring a partial tail', () => {
    const first = batch(0, 3);
    const second = batch(3, 3);
    const records = Buffer.concat([first, second, batch(6, 3).subarray(0, 40)]);
    expect(checkFetchedBatches(records, 1)).toEqual({ nextOffset: 6, bytes: first.length + second.length, records: 5 });
  });

  it('finds where complete batches end from their headers alone', () => {
    const first = batch(0, 3);
    const records = Buffer.concat([first, batch(3, 3).subarray(0, 70)]);
    expect(scanFetchedBatches(records, 1)).toEqual({ nextOffset: 3, bytes: first.length });
    expect(scanFetchedBatches(null, 7)).toEqual({ nextOffset: 7, bytes: 0 });
  });

  it('refuses a skipped offset and a corrupt batch', () => {
    expect(() => checkFetchedBatches(Buffer.concat([batch(0, 3), batch(4, 3)]), 0)).toThrow(/does not continue at offset 3/);
    const corrupt = batch(0, 3);
    corrupt[corrupt.length - 1]! ^= 0xff;
    expect(() => checkFetchedBatches(corrupt, 0)).toThrow(/CRC/);
  });
});

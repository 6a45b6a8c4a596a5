/**
 * Durability of a real `kgo serve` process: records acknowledged with
 * acks=all survive a SIGKILL sent the moment the acknowledgement arrives;
 * garbage and a torn batch at the end of a segment are cut off on start
 * (with a line saying how many bytes), and producing continues at the right
 * offset; a second broker on the same data directory refuses to start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import { spawnBroker, tempDir, type BrokerProcess } from '../support/broker-process.js';
import { consumePartition, kafkajsClient, storedBatches } from '../interop/clients.js';

const topic = 'crash';
const started: BrokerProcess[] = [];

async function start(dataDir: string): Promise<BrokerProcess> {
  const broker = await spawnBroker({ dataDir });
  started.push(broker);
  return broker;
}

afterEach(async () => {
  for (const b of started.splice(0)) {
    await b.kill();
    fs.rmSync(b.dataDir, { recursive: true, force: true });
  }
});

/** Produces `count` single-record batches, each awaited, to partition 0; returns the acknowledged offsets. */
async function produceAcked(kafka: Kafka, prefix: string, count: number): Promise<number[]> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const offsets: number[] = [];
    for (let i = 0; i < count; i++) {
      const [meta] = await producer.send({ topic, acks: -1, messages: [{ partition: 0, key: `${prefix}-${i}`, value: `${prefix}-value-${i}` }] });
      offsets.push(Number(meta!.baseOffset));
    }
    return offsets;
  } finally {
    await producer.disconnect();
  }
}

function lastSegment(dataDir: string): string {
  const dir = path.join(dataDir, `${topic}-0`);
  const logs = fs.readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
  return path.join(dir, logs[logs.length - 1]!);
}

describe('kgo serve across crashes', () => {
  it('keeps every record acknowledged with acks=all through a SIGKILL right after the acks', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const kafka = await kafkajsClient(first.bootstrap);
    const producer = kafka.producer();
    await producer.connect();
    const acked: { offset: number; value: string }[] = [];
    // Four sends in flight at a time; the broker dies the instant the 120th acknowledgement arrives.
    const target = 120;
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < target) {
        const value = `acked-${next++}`;
        try {
          const [meta] = await producer.send({ topic, acks: -1, messages: [{ partition: 0, key: value, value }] });
          if (killed) return;
          acked.push({ offset: Number(meta!.baseOffset), value });
          if (acked.length >= target) {
            killed = true;
            process.kill(first.pid, 'SIGKILL');
          }
        } catch {
          return; // in flight when the broker died: not acknowledged, may or may not be there
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await first.kill();
    await producer.disconnect().catch(() => undefined);
    expect(acked.length).toBe(target);

    const second = await start(dataDir);
    const records = await consumePartition(await kafkajsClient(second.bootstrap), topic, 0, target);
    expect(records.map((r) => Number(r.offset))).toEqual(records.map((_, i) => i));
    const byOffset = new Map(records.map((r) => [Number(r.offset), r.value?.toString()]));
    for (const a of acked) expect(byOffset.get(a.offset)).toBe(a.value);
  });

  it('cuts garbage appended to a segment on start, says how many bytes, and appends at the right offset', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const offsets = await produceAcked(await kafkajsClient(first.bootstrap), 'before', 5);
    expect(offsets).toEqual([0, 1, 2, 3, 4]);
    await first.kill();
    const garbage = Buffer.alloc(777, 0xab);
    fs.appendFileSync(lastSegment(dataDir), garbage);

    const second = await start(dataDir);
    expect(second.stderr()).toMatch(/dropped 777 bytes/);
    const kafka = await kafkajsClient(second.bootstrap);
    expect(await produceAcked(kafka, 'after', 2)).toEqual([5, 6]);
    const values = (await consumePartition(kafka, topic, 0, 7)).map((r) => r.value?.toString());
    expect(values).toEqual([0, 1, 2, 3, 4].map((i) => `before-value-${i}`).concat(['after-value-0', 'after-value-1']));
  });

  it('cuts a torn last batch on start and reuses its offsets', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    await produceAcked(await kafkajsClient(first.bootstrap), 'before', 4);
    await first.kill();
    const file = lastSegment(dataDir);
    const [last] = storedBatches(dataDir, topic, 0).slice(-1);
    expect(last?.baseOffset).toBe(3);
    const size = fs.statSync(file).size;
    const lastBatchBytes = size - batchPosition(file, 3);
    const tornBytes = Math.floor(lastBatchBytes / 2);
    fs.truncateSync(file, size - lastBatchBytes + tornBytes);

    const second = await start(dataDir);
    expect(second.stderr()).toMatch(new RegExp(`dropped ${tornBytes} bytes`));
    const kafka = await kafkajsClient(second.bootstrap);
    expect(await produceAcked(kafka, 'after', 1)).toEqual([3]);
    const values = (await consumePartition(kafka, topic, 0, 4)).map((r) => r.value?.toString());
    expect(values).toEqual(['before-value-0', 'before-value-1', 'before-value-2', 'after-value-0']);
  });

  it('refuses a second kgo serve on the same data directory, at once and with a clear message', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    await expect(spawnBroker({ dataDir, startTimeoutMs: 10_000 })).rejects.toThrow(
      new RegExp(`exited with [1-9][0-9]* before listening[\\s\\S]*another kgo broker \\(pid ${first.pid}\\) is already using`),
    );
    // The first one is untouched.
    expect(await produceAcked(await kafkajsClient(first.bootstrap), 'still', 1)).toEqual([0]);
  });
});

/** File position of the batch whose base offset is `baseOffset`. */
function batchPosition(file: string, baseOffset: number): number {
  const bytes = fs.readFileSync(file);
  let pos = 0;
  while (pos + 12 <= bytes.length) {
    if (Number(bytes.readBigInt64BE(pos)) === baseOffset) return pos;
    pos += 12 + bytes.readInt32BE(pos + 8);
  }
  throw new Error(`no batch at offset ${baseOffset} in ${file}`);
}

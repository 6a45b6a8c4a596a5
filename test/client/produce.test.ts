import { PassThrough, Readable } from 'node:stream';
import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { inputParser, produceRecords, toKafkaMessage } from '../../src/client/index.js';
import { UserError } from '../../src/common/index.js';

/** A producer that records what it was asked to send; `failOn` makes one send fail. */
function fakeProducer(failOn?: number) {
  const sends: ProducerRecord[] = [];
  let inFlight = 0;
  let inFlightMax = 0;
  const producer = {
    async send(record: ProducerRecord) {
      const n = sends.push(record);
      inFlight++;
      inFlightMax = Math.max(inFlightMax, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      if (n === failOn) throw new Error('broker said no');
      return [];
    },
  } as unknown as Producer;
  return { producer, sends, inFlightMax: () => inFlightMax };
}

const lines = (n: number) => Readable.from([Array.from({ length: n }, (_, i) => `k${i}:v${i}`).join('\n') + '\n']);

describe('produceRecords', () => {
  it('sends every line once, in order, in batches of at most 1,000', async () => {
    const fake = fakeProducer();
    const result = await produceRecords(fake.producer, { topic: 't', input: lines(2500), format: 'lines', keyDelimiter: ':' });
    expect(result).toMatchObject({ recordsRead: 2500, recordsSent: 2500, recordsFailed: 0 });
    expect(fake.sends.map((s) => s.messages.length)).toEqual([1000, 1000, 500]);
    const values = fake.sends.flatMap((s) => s.messages.map((m) => String(m.value)));
    expect(values).toEqual(Array.from({ length: 2500 }, (_, i) => `v${i}`));
    expect(String(fake.sends[0]!.messages[0]!.key)).toBe('k0');
    expect(fake.sends[0]).toMatchObject({ topic: 't', acks: -1, compression: 0 });
  });

  it('keeps one send in flight by default, so records stay in order', async () => {
    const fake = fakeProducer();
    await produceRecords(fake.producer, { topic: 't', input: lines(5000), format: 'lines', batchRecords: 500 });
    expect(fake.inFlightMax()).toBe(1);
  });

  it('keeps at most inFlightMax sends in flight when asked for more', async () => {
    const fake = fakeProducer();
    await produceRecords(fake.producer, { topic: 't', input: lines(10_000), format: 'lines', batchRecords: 500, inFlightMax: 3 });
    expect(fake.inFlightMax()).toBeGreaterThan(1);
    expect(fake.inFlightMax()).toBeLessThanOrEqual(3);
  });

  it('sends a partial batch when input pauses, without waiting for the end', async () => {
    const fake = fakeProducer();
    const input = new PassThrough();
    const done = produceRecords(fake.producer, { topic: 't', input, format: 'lines' });
    input.write('first\n');
    await vi.waitFor(() => expect(fake.sends).toHaveLength(1));
    input.write('second\nthird\n');
    await vi.waitFor(() => expect(fake.sends).toHaveLength(2));
    input.end();
    expect(await done).toMatchObject({ recordsSent: 3 });
    expect(fake.sends.map((s) => s.messages.map((m) => String(m.value)))).toEqual([['first'], ['second', 'third']]);
  });

  it('passes acks and compression through', async () => {
    const fake = fakeProducer();
    await produceRecords(fake.producer, { topic: 't', input: lines(1), format: 'lines', acks: '0', compression: 'zstd' });
    expect(fake.sends[0]).toMatchObject({ acks: 0, compression: 4 });
  });

  it('fails with a user error saying how many records were not delivered', async () => {
    const fake = fakeProducer(2);
    const err = await produceRecords(fake.producer, { topic: 't', input: lines(3000), format: 'lines', inFlightMax: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/not delivered to "t" \(1000 delivered\)/);
  });

  it('paces sends to --rate', async () => {
    const fake = fakeProducer();
    const waits: number[] = [];
    await produceRecords(fake.producer, {
      topic: 't',
      input: lines(30),
      format: 'lines',
      ratePerSec: 10,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(fake.sends.map((s) => s.messages.length)).toEqual([10, 10, 10]);
    expect(waits.length).toBeGreaterThanOrEqual(2);
  });

  it('reads JSON lines, skipping blank ones', async () => {
    const fake = fakeProducer();
    const input = Readable.from(['{"key":"a","value":"1","partition":2,"timestamp":5}\n\n{"key":null,"value":null}\n']);
    await produceRecords(fake.producer, { topic: 't', input, format: 'json', keepPartition: true });
    expect(fake.sends[0]!.messages).toEqual([
      { key: Buffer.from('a'), value: Buffer.from('1'), partition: 2, timestamp: '5' },
      { key: null, value: null },
    ]);
  });
});

describe('toKafkaMessage', () => {
  it('merges record and -H headers, repeating keys as arrays', () => {
    const m = toKafkaMessage(
      { key: null, value: Buffer.from('v'), headers: [{ key: 'a', value: Buffer.from('1') }] },
      { headers: [{ key: 'a', value: Buffer.from('2') }, { key: 'b', value: null }] },
    );
    expect(m.headers).toEqual({ a: [Buffer.from('1'), Buffer.from('2')], b: Buffer.alloc(0) });
  });

  it('sends to -p, else to the JSON partition only with keepPartition', () => {
    const r = { key: null, value: null, headers: [], partition: 4 };
    expect(toKafkaMessage(r, {}).partition).toBeUndefined();
    expect(toKafkaMessage(r, { keepPartition: true }).partition).toBe(4);
    expect(toKafkaMessage(r, { keepPartition: true, partition: 1 }).partition).toBe(1);
  });
});

describe('input formats', () => {
  it('sends template input to the partitions it names', async () => {
    const fake = fakeProducer();
    await produceRecords(fake.producer, { topic: 't', input: Readable.from(['1 a x\n0 b y\n']), format: '%p %k %v', keepPartition: true });
    expect(fake.sends[0]!.messages.map((m) => [m.partition, String(m.key), String(m.value)])).toEqual([
      [1, 'a', 'x'],
      [0, 'b', 'y'],
    ]);
  });

  it('names the bad input line, as a runtime error', async () => {
    const fake = fakeProducer();
    const err = await produceRecords(fake.producer, { topic: 't', input: Readable.from(['{"value":"ok"}\nnot json\n']), format: 'json' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^input line 2: invalid JSON/);
    expect((err as UserError).exitCode).toBe(1);
  });

  it('refuses -K with json or a template', () => {
    expect(() => inputParser('json', ':')).toThrow(/-K/);
    expect(() => inputParser('%k=%v', ':')).toThrow(/-K/);
    expect(inputParser('%v\\n', ':')('a:b').key?.toString()).toBe('a');
  });
});

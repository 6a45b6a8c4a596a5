/**
 * What one client writes through kgo, another reads identically: kcat and
 * kafka-python both ways, kafkajs and confluent-kafka both ways (offsets,
 * timestamps, keys, values and headers).
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { hasConfluentKafka, hasKafkaPython, hasKcat } from '../support/interop.js';
import { consumePartition, hex, kafkajsClient, kcat, parseKcatJson, python, type HexRecord, type KcatRecord } from './clients.js';

const KAFKA_PYTHON = 'kafka-python-client.py';
const CONFLUENT = 'confluent-kafka-client.py';

/** kcat -J shows headers as a flat [name, value, ...] list of strings. */
function fromKcat(r: KcatRecord): HexRecord {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < (r.headers ?? []).length; i += 2) headers.push([r.headers![i]!, hex(r.headers![i + 1]!)]);
  return { offset: r.offset, partition: r.partition, timestamp: r.ts, key: r.key === null ? null : hex(r.key), value: r.payload === null ? null : hex(r.payload), headers };
}

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await spawnBroker();
});

afterAll(async () => {
  await broker?.stop();
  if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
});

describe.skipIf(!hasKcat() || !hasKafkaPython())('kcat and kafka-python', () => {
  it('kafka-python reads what kcat produced, identically', async () => {
    const topic = 'kcat-to-python';
    const input = ['a:first', 'b:second ✓', 'c:third'].join('\n') + '\n';
    await kcat(['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-K:', '-H', 'origin=kcat', '-H', 'n=1', '-z', 'gzip'], input);
    const viaKcat = parseKcatJson((await kcat(['-C', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-J'])).stdout).map(fromKcat);
    expect(viaKcat.map((r) => r.offset)).toEqual([0, 1, 2]);
    const viaPython = await python<{ records: HexRecord[] }>(KAFKA_PYTHON, { op: 'consume', bootstrap: broker.bootstrap, topic, offset: 0, count: 3 });
    expect(viaPython.records).toEqual(viaKcat);
  });

  it('kcat reads what kafka-python produced, identically', async () => {
    const topic = 'python-to-kcat';
    const records: HexRecord[] = ['x', 'y', 'z'].map((k, i) => ({ key: hex(k), value: hex(`from python ${i} ✓`), headers: [['origin', hex('python')]], timestamp: 1_700_000_000_000 + i }));
    const produced = await python<{ offsets: number[] }>(KAFKA_PYTHON, { op: 'produce', bootstrap: broker.bootstrap, topic, codec: 'gzip', records });
    expect(produced.offsets).toEqual([0, 1, 2]);
    const viaKcat = parseKcatJson((await kcat(['-C', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-J'])).stdout).map(fromKcat);
    expect(viaKcat).toEqual(records.map((r, i) => ({ ...r, offset: i, partition: 0 })));
  });
});

describe.skipIf(!hasConfluentKafka())('kafkajs and confluent-kafka', () => {
  it('confluent-kafka reads what kafkajs produced, identically', async () => {
    const topic = 'kafkajs-to-confluent';
    const kafka = await kafkajsClient(broker.bootstrap);
    const producer = kafka.producer();
    await producer.connect();
    const messages = [0, 1, 2].map((i) => ({ key: `js-${i}`, value: Buffer.from([i, 0xff, 0]), headers: { origin: 'kafkajs' }, timestamp: String(1_700_000_000_100 + i), partition: 0 }));
    await producer.send({ topic, acks: -1, compression: 2 /* snappy */, messages });
    await producer.disconnect();
    const got = await python<{ records: HexRecord[] }>(CONFLUENT, { op: 'consume', bootstrap: broker.bootstrap, topic, offset: 0, count: 3 });
    expect(got.records).toEqual(
      messages.map((m, i) => ({ offset: i, partition: 0, timestamp: Number(m.timestamp), key: hex(m.key), value: m.value.toString('hex'), headers: [['origin', hex('kafkajs')]] })),
    );
  });

  it('kafkajs reads what confluent-kafka produced, identically', async () => {
    const topic = 'confluent-to-kafkajs';
    const records: HexRecord[] = [0, 1, 2].map((i) => ({ key: hex(`rd-${i}`), value: Buffer.from([0x80, i]).toString('hex'), headers: [['origin', hex('librdkafka')]], timestamp: 1_700_000_000_200 + i }));
    const produced = await python<{ offsets: number[] }>(CONFLUENT, { op: 'produce', bootstrap: broker.bootstrap, topic, codec: 'zstd', records });
    expect(produced.offsets).toEqual([0, 1, 2]);
    const got = await consumePartition(await kafkajsClient(broker.bootstrap), topic, 0, 3);
    expect(
      got.map((m) => ({ offset: Number(m.offset), timestamp: Number(m.timestamp), key: m.key?.toString('hex') ?? null, value: m.value?.toString('hex') ?? null, headers: m.headers })),
    ).toEqual(records.map((r, i) => ({ offset: i, timestamp: r.timestamp, key: r.key, value: r.value, headers: { origin: Buffer.from('librdkafka') } })));
  });
});

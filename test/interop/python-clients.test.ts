/**
 * kafka-python 2.0.2 and confluent-kafka (librdkafka 2.0.2) under Debian's
 * python3, unchanged, against a real `kgo serve`: metadata, topic creation,
 * produce with keys, headers and every codec the client has, an exact round
 * trip through an assigned-partition consumer, contiguous offsets, and
 * ListOffsets by timestamp.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { hasConfluentKafka, hasKafkaPython, requireInterop } from '../support/interop.js';
import { CODEC_IDS, CODECS, compressible, hex, python, pythonModulesSync, storedBatches, type CodecName, type HexRecord } from './clients.js';

interface ProduceAnswer {
  offsets: (number | null)[];
  errors?: string[];
}

/** Five records per codec: keys (one null), binary values, repeated and binary headers, explicit timestamps. */
function recordsFor(codec: CodecName, timestampBase: number): HexRecord[] {
  return Array.from({ length: 5 }, (_, i) => ({
    key: i === 3 ? null : hex(`key-${codec}-${i}`),
    value: hex(Buffer.concat([Buffer.from(compressible(codec, i)), Buffer.from([0, 0xff, 0x80, i])])),
    headers: [
      ['trace', hex(`t-${i}`)],
      ['bin', Buffer.from([0xde, 0xad, i]).toString('hex')],
      ['trace', hex('repeated')],
    ],
    timestamp: timestampBase + i,
  }));
}

interface PythonClient {
  name: string;
  script: string;
  installed: () => boolean;
  /** kafka-python needs an extra module per codec; librdkafka has them all built in. */
  codecModules: Partial<Record<CodecName, string>>;
}

const clients: PythonClient[] = [
  { name: 'kafka-python', script: 'kafka-python-client.py', installed: hasKafkaPython, codecModules: { snappy: 'snappy', lz4: 'lz4', zstd: 'zstandard' } },
  { name: 'confluent-kafka', script: 'confluent-kafka-client.py', installed: hasConfluentKafka, codecModules: {} },
];

let broker: BrokerProcess;
// Known when the tests are defined, so a codec test skips (or, under
// KGO_REQUIRE_INTEROP=1, fails) for a module that is really missing.
const modules = pythonModulesSync(['snappy', 'lz4', 'zstandard']);

beforeAll(async () => {
  broker = await spawnBroker();
});

afterAll(async () => {
  await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
});

for (const client of clients) {
  const installed = client.installed();
  describe.skipIf(!installed)(`${client.name} against kgo serve`, () => {
    const topic = `py-${client.name}`;
    const timestampBase = Date.now() - 3_600_000;
    let nextOffset = 0;
    const cmd = (op: string, extra: Record<string, unknown> = {}) => ({ op, bootstrap: broker.bootstrap, topic, ...extra });

    it('creates a topic and sees it in metadata', async () => {
      await python(client.script, cmd('create_topic', { partitions: 3 }));
      const md = await python<{ topics: string[]; partitions: Record<string, number[]> }>(client.script, cmd('metadata', { topics: [topic] }));
      expect(md.topics).toContain(topic);
      expect(md.partitions[topic]).toEqual([0, 1, 2]);
    });

    CODECS.forEach((codec, codecIndex) => {
      const module = client.codecModules[codec];
      const missing = module !== undefined && !modules[module];
      if (missing && requireInterop) throw new Error(`${client.name} ${codec}: python module ${module} is required (KGO_REQUIRE_INTEROP=1) but not installed`);
      if (missing) console.warn(`SKIPPED: ${client.name} ${codec}: python module ${module} is not installed`);
      it.skipIf(missing)(`produces and reads back exactly with codec ${codec}`, async () => {
        const records = recordsFor(codec, timestampBase + codecIndex * 1000);
        const produced = await python<ProduceAnswer>(client.script, cmd('produce', { codec, records }));
        expect(produced.errors ?? []).toEqual([]);
        expect(produced.offsets).toEqual(records.map((_, i) => nextOffset + i));
        const batches = storedBatches(broker.dataDir, topic, 0).filter((b) => b.lastOffset >= nextOffset);
        expect(batches.map((b) => b.codec)).toEqual(batches.map(() => CODEC_IDS[codec]));
        const read = await python<{ records: HexRecord[] }>(client.script, cmd('consume', { offset: nextOffset, count: records.length }));
        expect(read.records).toEqual(records.map((r, i) => ({ ...r, offset: nextOffset + i, partition: 0 })));
        nextOffset += records.length;
      });
    });

    it('finds offsets by timestamp (ListOffsets)', async () => {
      expect(nextOffset).toBeGreaterThan(0);
      const firstCodecIndex = 0;
      const found = await python<{ offset: number | null; begin: number; end: number }>(
        client.script,
        cmd('offsets_for_times', { timestamp: timestampBase + firstCodecIndex * 1000 + 2 }),
      );
      expect(found).toEqual({ offset: 2, begin: 0, end: nextOffset });
      const after = await python<{ offset: number | null }>(client.script, cmd('offsets_for_times', { timestamp: Date.now() + 60_000 }));
      expect(after.offset === null || after.offset === -1).toBe(true);
    });
  });
}

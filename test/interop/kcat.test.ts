/**
 * kcat 1.7.1 (librdkafka 2.0.2), unchanged, against a real `kgo serve`:
 * `-L` metadata, `-P` with keys (-K:), headers (-H) and every codec (-z),
 * `-C -e -J` to read back with offsets and timestamps, and `-o s@<ts>`
 * (ListOffsets by timestamp). kcat cannot create topics; the first produce
 * creates it (auto.create.topics.enable, kgo's default as Kafka's).
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { hasKcat } from '../support/interop.js';
import { CODEC_IDS, CODECS, compressible, kcat, parseKcatJson, storedBatches, type KcatRecord } from './clients.js';

const topic = 'kcat-interop';
const perCodec = 4;

describe.skipIf(!hasKcat())('kcat against kgo serve', () => {
  let broker: BrokerProcess;
  let b: string[];

  beforeAll(async () => {
    broker = await spawnBroker({ settings: { 'num.partitions': '2' } });
    b = ['-b', broker.bootstrap];
  });

  afterAll(async () => {
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  it('reads the cluster metadata (-L)', async () => {
    const md = JSON.parse((await kcat(['-L', '-J', ...b])).stdout) as {
      brokers: { id: number; name: string }[];
      topics: { topic: string }[];
    };
    expect(md.brokers).toEqual([{ id: 0, name: broker.bootstrap }]);
    expect(Array.isArray(md.topics)).toBe(true);
  });

  const produced: { codec: string; key: string; payload: string; headers: string[] }[] = [];

  CODECS.forEach((codec) => {
    it(`produces with keys, headers and codec ${codec}, acks=all`, async () => {
      const lines: string[] = [];
      for (let i = 0; i < perCodec; i++) {
        const key = `k-${codec}-${i}`;
        const payload = compressible(codec, i);
        lines.push(`${key}:${payload}`);
        produced.push({ codec, key, payload, headers: ['h1', `v-${codec}`, 'h2', 'ünïcode'] });
      }
      await kcat(['-P', ...b, '-t', topic, '-p', '0', '-K:', '-H', `h1=v-${codec}`, '-H', 'h2=ünïcode', '-z', codec, '-X', 'acks=all'], lines.join('\n') + '\n');
      const first = produced.length - perCodec;
      const batches = storedBatches(broker.dataDir, topic, 0).filter((x) => x.lastOffset >= first);
      expect(batches.length).toBeGreaterThan(0);
      expect(batches.map((x) => x.codec)).toEqual(batches.map(() => CODEC_IDS[codec]));
    });
  });

  let records: KcatRecord[] = [];

  it('reads every record back exactly, offsets contiguous (-C -e -J)', async () => {
    records = parseKcatJson((await kcat(['-C', ...b, '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-J'])).stdout);
    expect(records.map((r) => r.offset)).toEqual(produced.map((_, i) => i));
    expect(records.map((r) => ({ key: r.key, payload: r.payload, headers: r.headers }))).toEqual(
      produced.map((p) => ({ key: p.key, payload: p.payload, headers: p.headers })),
    );
    for (const r of records) expect(r.tstype).toBe('create');
  });

  it('starts at the first record at or after a timestamp (-o s@ts)', async () => {
    expect(records.length).toBe(produced.length);
    // The first record of the third codec's run: earlier records have earlier (or equal) timestamps.
    const target = records[2 * perCodec]!.ts;
    const expected = records.find((r) => r.ts >= target)!.offset;
    const got = parseKcatJson((await kcat(['-C', ...b, '-t', topic, '-p', '0', '-o', `s@${target}`, '-e', '-J'])).stdout);
    expect(got[0]?.offset).toBe(expected);
    expect(got.map((r) => r.offset)).toEqual(records.filter((r) => r.offset >= expected).map((r) => r.offset));
  });

  it('lists the auto-created topic with the configured partition count', async () => {
    const md = JSON.parse((await kcat(['-L', '-J', ...b, '-t', topic])).stdout) as {
      topics: { topic: string; partitions: { partition: number; leader: number }[] }[];
    };
    const t = md.topics.find((x) => x.topic === topic);
    expect(t?.partitions.map((p) => [p.partition, p.leader])).toEqual([[0, 0], [1, 0]]);
  });
});

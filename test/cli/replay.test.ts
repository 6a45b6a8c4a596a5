import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../src/broker/index.js';
import type { ReplayResult } from '../../src/client/index.js';
import { kgo, kgoJson, kgoProcess, produce, readAll, startTestBroker, testKafka } from './topic-cli-harness.js';

let broker: RunningBroker;
let bootstrap: string;
const BASE_MS = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  broker = await startTestBroker();
  bootstrap = broker.bootstrap;
  await kgoJson(bootstrap, ['topic', 'create', 'ledger', '-p', '3']);
  // Offsets 0..5 on each partition; timestamps one second apart within a partition.
  await produce(
    testKafka(bootstrap),
    'ledger',
    Array.from({ length: 18 }, (_, i) => ({
      partition: i % 3,
      key: `acct-${i % 4}`,
      value: `entry-${i}`,
      timestampMs: BASE_MS + Math.floor(i / 3) * 1_000,
      headers: { source: `s${i}` },
    })),
  );
});
afterAll(async () => {
  await broker?.close();
});

describe('kgo replay', () => {
  it('counts an offset range on a dry run without publishing', async () => {
    await kgoJson(bootstrap, ['topic', 'create', 'dry', '-p', '3']);
    const result = await kgoJson<ReplayResult>(bootstrap, ['replay', 'ledger', '--to-topic', 'dry', '--from', '2', '--to', '5', '--dry-run']);
    expect(result.dryRun).toBe(true);
    expect(result.planned).toBe(9);
    expect(result.replayed).toBe(0);
    expect(result.partitions).toEqual([0, 1, 2].map((partition) => ({ partition, startOffset: 2, endOffset: 5, records: 3 })));
    expect(await readAll(testKafka(bootstrap), 'dry')).toEqual([]);
  });

  it('replays an offset range keeping keys, headers, timestamps and partition order', async () => {
    await kgoJson(bootstrap, ['topic', 'create', 'rebuilt', '-p', '3']);
    const result = await kgoJson<ReplayResult>(bootstrap, ['replay', 'ledger', '--to-topic', 'rebuilt', '--from', '2', '--to', '5']);
    expect(result.replayed).toBe(9);
    const kafka = testKafka(bootstrap);
    const source = (await readAll(kafka, 'ledger')).filter((r) => r.offset >= 2 && r.offset < 5);
    const copied = await readAll(kafka, 'rebuilt');
    const strip = (r: (typeof copied)[number]) => ({ partition: r.partition, key: r.key, value: r.value, timestampMs: r.timestampMs, headers: r.headers });
    expect(copied.map(strip)).toEqual(source.map(strip));
  });

  it('folds partitions the target lacks by key, keeping each key on one partition', async () => {
    await kgoJson(bootstrap, ['topic', 'create', 'narrow', '-p', '2']);
    const result = await kgoJson<ReplayResult>(bootstrap, ['replay', 'ledger', '--to-topic', 'narrow']);
    expect(result.replayed).toBe(18);
    const copied = await readAll(testKafka(bootstrap), 'narrow');
    expect(copied).toHaveLength(18);
    const partitionOfKey = new Map<string, Set<number>>();
    for (const r of copied.filter((c) => c.partition === 0 || c.partition === 1)) {
      const index = Number(r.value!.slice('entry-'.length));
      if (index % 3 !== 2) continue;
      partitionOfKey.set(r.key!, (partitionOfKey.get(r.key!) ?? new Set()).add(r.partition));
    }
    for (const partitions of partitionOfKey.values()) expect(partitions.size).toBe(1);
    // Source partitions 0 and 1 keep their numbers and their order.
    const fromZero = copied.filter((r) => r.partition === 0 && Number(r.value!.slice(6)) % 3 === 0).map((r) => r.value);
    expect(fromZero).toEqual([0, 3, 6, 9, 12, 15].map((i) => `entry-${i}`));
  });

  it('replays a time range with the original gaps divided by --speed', async () => {
    await kgoJson(bootstrap, ['topic', 'create', 'paced', '-p', '1']);
    // Partition 0 holds entries 0, 3, 6, ... at BASE, BASE+1s, BASE+2s, ...: [BASE+1s, BASE+4s) is offsets 1..3.
    const from = new Date(BASE_MS + 1_000).toISOString();
    const to = `time:${BASE_MS + 4_000}`;
    const result = await kgoJson<ReplayResult>(bootstrap, [
      'replay', 'ledger', '--to-topic', 'paced', '--partition', '0', '--from', from, '--to', to, '--speed', '5',
    ]);
    expect(result.partitions).toEqual([{ partition: 0, startOffset: 1, endOffset: 4, records: 3 }]);
    expect(result.replayed).toBe(3);
    // Two gaps of one second at five times the speed: about 400 ms; never less than the gaps allow.
    expect(result.elapsedMs).toBeGreaterThanOrEqual(400);
    const copied = await readAll(testKafka(bootstrap), 'paced');
    expect(copied.map((r) => r.value)).toEqual(['entry-3', 'entry-6', 'entry-9']);
    expect(copied.map((r) => r.timestampMs)).toEqual([1, 2, 3].map((s) => BASE_MS + s * 1_000));
  });

  it('caps the rate with --rate', async () => {
    await kgoJson(bootstrap, ['topic', 'create', 'capped', '-p', '3']);
    const result = await kgoJson<ReplayResult>(bootstrap, ['replay', 'ledger', '--to-topic', 'capped', '--to', '2', '--rate', '20']);
    expect(result.replayed).toBe(6);
    // Record n leaves no earlier than n / 20 s after the first: five gaps of 50 ms at least.
    expect(result.elapsedMs).toBeGreaterThanOrEqual(250);
  });

  it('stops on Ctrl-C, says how far it got and leaves no consumer group behind', async () => {
    await kgoJson(bootstrap, ['topic', 'create', 'interrupted', '-p', '3']);
    // At --speed 0.01 the one-second gaps become 100 s: the replay sends the first records and waits.
    const run = kgoProcess(bootstrap, ['replay', 'ledger', '--to-topic', 'interrupted', '--speed', '0.01']);
    const kafka = testKafka(bootstrap);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const written = async () => (await admin.fetchTopicOffsets('interrupted')).reduce((n, o) => n + Number(o.high), 0);
      while ((await written()) === 0 && run.child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 100));
      run.child.kill('SIGINT');
      const result = await run.result;
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/replay stopped after \d+ of 18 record/);
      const { groups } = await admin.listGroups();
      expect(groups.filter((g) => g.groupId.startsWith('kgo-replay-'))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });

  it('fails clearly on missing topics and bad flags, creating nothing', async () => {
    const [missing, noTarget] = await Promise.all([
      kgo(bootstrap, ['replay', 'ghost', '--to-topic', 'rebuilt']),
      kgo(bootstrap, ['replay', 'ledger', '--to-topic', 'ghost-target']),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/topic "ghost" does not exist/);
    expect(noTarget.code).toBe(1);
    expect(noTarget.stderr).toMatch(/target topic "ghost-target" does not exist/);
    const topics = await kgoJson<{ name: string }[]>(bootstrap, ['topic', 'list', '--all']);
    expect(topics.map((t) => t.name)).not.toContain('ghost');
    expect(topics.map((t) => t.name)).not.toContain('ghost-target');

    const usage = await Promise.all([
      kgo(bootstrap, ['replay', 'ledger', '--to-topic', 'rebuilt', '--speed', '0']),
      kgo(bootstrap, ['replay', 'ledger', '--to-topic', 'rebuilt', '--from', 'soon']),
      kgo(bootstrap, ['replay', 'ledger', '--to-topic', 'rebuilt', '--rate', '0']),
      kgo(bootstrap, ['replay', 'ledger']),
    ]);
    expect(usage.map((r) => r.code)).toEqual([2, 2, 2, 2]);
  });
});

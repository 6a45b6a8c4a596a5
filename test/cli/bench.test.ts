/**
 * kgo bench end to end: the compiled CLI against a kgo broker in this
 * process. Record counts are checked against what the broker holds (high
 * watermarks read with kafkajs), not against the command's own word.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { requireBuild, runKgo, type KgoRunOptions } from './kgo-process.js';

let broker: RunningBroker;
let admin: Admin;
const dir = mkdtempSync(join(tmpdir(), 'kgo-bench-cli-'));

beforeAll(async () => {
  requireBuild();
  broker = await startBroker({ port: 0, log: () => undefined });
  admin = new kafkajs.Kafka({ brokers: [broker.bootstrap], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await broker?.close();
});

const kgo = (args: string[], opts?: KgoRunOptions) => runKgo([...args, '-b', broker.bootstrap], opts);

async function kgoOk(args: string[]): Promise<string> {
  const r = await kgo(args);
  if (r.code !== 0) throw new Error(`kgo ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  // Not a terminal: no spinner, no progress lines.
  expect(r.stderr).toBe('');
  return r.stdout;
}

async function recordsHeld(topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
}

function sane(latencyMs: Record<string, number>): void {
  for (const k of ['avg', 'max', 'p50', 'p95', 'p99', 'p999']) expect(latencyMs[k]).toBeGreaterThanOrEqual(0);
  expect(latencyMs.p50).toBeLessThanOrEqual(latencyMs.p95!);
  expect(latencyMs.p95).toBeLessThanOrEqual(latencyMs.p99!);
  expect(latencyMs.p99).toBeLessThanOrEqual(latencyMs.p999!);
  expect(latencyMs.p999).toBeLessThanOrEqual(latencyMs.max!);
}

const PRODUCER_LINE =
  /^20000 records sent, \d+\.\d{6} records\/sec \(\d+\.\d{2} MB\/sec\), \d+\.\d{2} ms avg latency, \d+\.\d{2} ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.\n$/;

describe('bench produce', () => {
  it('kafkajs engine: prints the perf-test line, and the broker holds every record', async () => {
    const out = await kgoOk(['bench', 'produce', 'bench-a', '--records', '20000', '--record-size', '100']);
    expect(out).toMatch(PRODUCER_LINE);
    expect(await recordsHeld('bench-a')).toBe(20_000);
  });

  it('raw engine: --json counts match the broker across partitions', async () => {
    await admin.createTopics({ topics: [{ topic: 'bench-raw', numPartitions: 3 }], waitForLeaders: true });
    const json = JSON.parse(await kgoOk(['bench', 'produce', 'bench-raw', '-n', '20000', '-s', '100', '--engine', 'raw', '--json']));
    expect(json).toMatchObject({ kind: 'produce', engine: 'raw', topic: 'bench-raw', records: 20_000, bytes: 2_000_000, recordSizeBytes: 100 });
    expect(json.recordsPerSec).toBeGreaterThan(0);
    expect(json.mbPerSec).toBeGreaterThan(0);
    sane(json.latencyMs);
    expect(await recordsHeld('bench-raw')).toBe(20_000);
    const perPartition = await admin.fetchTopicOffsets('bench-raw');
    for (const p of perPartition) expect(Number(p.high)).toBeGreaterThan(0);
  });

  it('paced, compressed, several producers: still exactly --records', async () => {
    const json = JSON.parse(await kgoOk(['bench', 'produce', 'bench-paced', '-n', '3000', '-s', '50', '--throughput', '20000', '-z', 'lz4', '-P', '2', '--batch-size', '200', '--json']));
    expect(json).toMatchObject({ records: 3_000, bytes: 150_000, compression: 'lz4', producers: 2 });
    expect(await recordsHeld('bench-paced')).toBe(3_000);
  });

  it('--compare prints the previous result beside this one with ratios', async () => {
    const previous = await kgoOk(['bench', 'produce', 'bench-cmp', '-n', '2000', '-s', '100', '--json']);
    const file = join(dir, 'previous.json');
    writeFileSync(file, previous);
    const out = await kgoOk(['bench', 'produce', 'bench-cmp', '-n', '2000', '-s', '100', '--engine', 'raw', '--compare', file]);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^2000 records sent/);
    expect(lines).toContain(`compared with ${file}`);
    expect(lines.find((l) => l.startsWith('records '))).toMatch(/^records\s+2000\s+2000\s+1\.000x$/);
    expect(lines.find((l) => l.startsWith('recordsPerSec'))).toMatch(/\d+\.\d{3}x$/);
    const json = JSON.parse(await kgoOk(['bench', 'produce', 'bench-cmp', '-n', '10', '-s', '10', '--compare', file, '--json']));
    expect(json.comparison.rows.find((r: { figure: string }) => r.figure === 'records')).toEqual({ figure: 'records', previous: 2000, current: 10, ratio: 0.005 });
  });
});

describe('bench produce to a broker that does not auto-create topics', () => {
  it('exits 1 with both engines', async () => {
    const strict = await startBroker({ port: 0, log: () => undefined, settings: { 'auto.create.topics.enable': 'false' } });
    try {
      for (const engine of ['kafkajs', 'raw']) {
        const r = await runKgo(['bench', 'produce', 'bench-absent', '-n', '10', '-s', '10', '--engine', engine, '-b', strict.bootstrap]);
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toMatch(/topic "bench-absent" does not exist/);
      }
    } finally {
      await strict.close();
    }
  });
});

describe('bench consume', () => {
  it('reads what was produced and reports the same count', async () => {
    await kgoOk(['bench', 'produce', 'bench-c', '-n', '20000', '-s', '100', '--engine', 'raw']);
    const out = await kgoOk(['bench', 'consume', 'bench-c']);
    const [header, figures] = out.trimEnd().split('\n');
    expect(header).toBe('start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec');
    const cells = figures!.split(', ');
    expect(cells).toHaveLength(10);
    expect(cells[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}$/);
    expect(cells[2]).toBe((2_000_000 / 1024 / 1024).toFixed(4));
    expect(cells[4]).toBe('20000');
    const json = JSON.parse(await kgoOk(['bench', 'consume', 'bench-c', '--records', '5000', '--group', 'bench-readers', '--json']));
    expect(json).toMatchObject({ kind: 'consume', records: 5_000, bytes: 500_000, complete: true, groupId: 'bench-readers' });
    sane(json.latencyMs);
  });

  it('raw engine: reads every record the broker holds', async () => {
    await admin.createTopics({ topics: [{ topic: 'bench-c3', numPartitions: 3 }], waitForLeaders: true });
    await kgoOk(['bench', 'produce', 'bench-c3', '-n', '20000', '-s', '100', '--engine', 'raw', '--batch-size', '700']);
    const all = JSON.parse(await kgoOk(['bench', 'consume', 'bench-c3', '--engine', 'raw', '--json']));
    expect(all).toMatchObject({ kind: 'consume', engine: 'raw', records: await recordsHeld('bench-c3'), complete: true });
    // Whole batches: the record bytes plus batch and record headers.
    expect(all.bytes).toBeGreaterThan(2_000_000);
    sane(all.latencyMs);
    const some = JSON.parse(await kgoOk(['bench', 'consume', 'bench-c3', '--engine', 'raw', '--records', '1234', '--json']));
    expect(some).toMatchObject({ records: 1_234, complete: true });
    const missing = await kgo(['bench', 'consume', 'bench-no-such-topic', '--engine', 'raw']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/topic "bench-no-such-topic" does not exist/);
  });

  it('a missing topic exits 1', async () => {
    const r = await kgo(['bench', 'consume', 'bench-no-such-topic']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/topic "bench-no-such-topic" does not exist/);
    expect(r.stdout).toBe('');
  });
});

describe('bench e2e', () => {
  it('2 s at 200 records/s: every record arrives, with sane percentiles', async () => {
    await admin.createTopics({ topics: [{ topic: 'bench-e2e', numPartitions: 2 }], waitForLeaders: true });
    // Records from before the run must not count.
    await kgoOk(['bench', 'produce', 'bench-e2e', '-n', '500', '-s', '100']);
    const json = JSON.parse(await kgoOk(['bench', 'e2e', 'bench-e2e', '--rate', '200', '--duration', '2s', '--json']));
    expect(json).toMatchObject({ kind: 'e2e', ratePerSec: 200, durationMs: 2_000, recordsLost: 0 });
    expect(json.recordsSent).toBeGreaterThan(0);
    expect(json.recordsSent).toBeLessThanOrEqual(400);
    expect(json.records).toBe(json.recordsSent);
    expect(await recordsHeld('bench-e2e')).toBe(500 + json.recordsSent);
    sane(json.latencyMs);
    expect(json.latencyMs.max).toBeGreaterThan(0);
  });
});

describe.concurrent('bad flags exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['no records', ['bench', 'produce', 't', '--record-size', '10'], /records/],
    ['zero records', ['bench', 'produce', 't', '-n', '0', '-s', '10'], /--records/],
    ['zero throughput', ['bench', 'produce', 't', '-n', '1', '-s', '10', '--throughput', '0'], /--throughput/],
    ['unknown acks', ['bench', 'produce', 't', '-n', '1', '-s', '10', '--acks', '2'], /--acks/],
    ['unknown engine', ['bench', 'produce', 't', '-n', '1', '-s', '10', '--engine', 'turbo'], /--engine/],
    ['unreadable compare file', ['bench', 'produce', 't', '-n', '1', '-s', '10', '--compare', '/nonexistent/x.json'], /--compare/],
    ['bad duration', ['bench', 'e2e', 't', '--rate', '10', '--duration', 'soon'], /--duration/],
    ['no rate', ['bench', 'e2e', 't', '--duration', '1s'], /rate/],
    ['zero consume records', ['bench', 'consume', 't', '--records', '0'], /--records/],
    ['a group with the raw engine', ['bench', 'consume', 't', '--engine', 'raw', '--group', 'g'], /--group/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const r = await kgo(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }
});

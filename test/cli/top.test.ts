/**
 * `kgo top` as scripts use it: --once --json against a real `kgo serve`, and
 * the refusal to draw without a terminal.
 */
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopSnapshot } from '../../src/tui/index.js';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { deadPort, requireBuild, runKgo } from './kgo-process.js';

let broker: BrokerProcess;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  requireBuild();
  broker = await spawnBroker();
  const { Kafka: KafkaClient, logLevel } = (await import('kafkajs')).default;
  kafka = new KafkaClient({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, clientId: 'top-test' });
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'clicks', numPartitions: 3 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'clicks', messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: `click-${i}` })) });
  await producer.disconnect();
  const consumed = await runKgo(['consume', 'clicks', '-b', broker.bootstrap, '-g', 'readers', '-p', '0', '-e']);
  expect(consumed.code).toBe(0);
});

afterAll(async () => {
  await admin?.disconnect();
  await broker?.stop();
});

describe('kgo top --once', () => {
  it('prints one JSON snapshot of topics and groups', async () => {
    const run = await runKgo(['top', '--once', '--json', '-b', broker.bootstrap, '--interval', '200']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const snapshot = JSON.parse(run.stdout) as TopSnapshot;
    expect(Object.keys(snapshot).sort()).toEqual(['groups', 'intervalMs', 'problems', 'sampledAt', 'sizesAvailable', 'topics']);
    expect(snapshot.intervalMs).toBe(200);
    expect(Number.isNaN(Date.parse(snapshot.sampledAt!))).toBe(false);
    expect(snapshot.sizesAvailable).toBe(true);
    expect(snapshot.topics.map((t) => t.topic)).toEqual(['clicks']); // internal topics are left out
    const clicks = snapshot.topics[0]!;
    expect(clicks.partitions.map((p) => [p.partition, p.highWatermark])).toEqual([[0, 10], [1, 10], [2, 10]]);
    for (const p of clicks.partitions) {
      expect(p.sizeBytes).toBeGreaterThan(0);
      expect(p.recordsPerSec).toBe(0);
      expect(p.bytesPerSec).toBe(0);
    }
    const readers = snapshot.groups.find((g) => g.groupId === 'readers')!;
    expect(readers).toMatchObject({ state: 'Empty', members: 0, totalLag: 0, status: 'OK', catchUpSec: 0 });
    expect(readers.partitions).toEqual([
      { topic: 'clicks', partition: 0, committed: 10, highWatermark: 10, lag: 0, owner: null, status: 'OK' },
    ]);
  });

  it('prints the same figures as tables without --json', async () => {
    const run = await runKgo(['top', '--once', '-b', broker.bootstrap, '--interval', '200']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^TOPIC\s+PARTS\s+RECORDS\/S\s+BYTES\/S/m);
    expect(run.stdout).toMatch(/^clicks\s+3\s+0\s+0 B/m);
    expect(run.stdout).toMatch(/^readers\s+Empty\s+0\s+0/m);
  });

  it('says to use --once when there is no terminal', async () => {
    const run = await runKgo(['top', '-b', broker.bootstrap]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs a terminal');
    expect(run.stderr).toContain('kgo top --once');
    expect(run.stdout).toBe('');
  });

  it('fails with the address when the cluster is not there', async () => {
    const port = await deadPort();
    const run = await runKgo(['top', '--once', '--json', '-b', `127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.message).toContain(`127.0.0.1:${port}`);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../src/broker/index.js';
import type { TopicDescription, TopicSummary, TrimResult } from '../../src/client/index.js';
import { hasKcat } from '../support/interop.js';
import { kgo, kgoJson, produce, startTestBroker, testKafka } from './topic-cli-harness.js';

let broker: RunningBroker;
let bootstrap: string;

beforeAll(async () => {
  broker = await startTestBroker();
  bootstrap = broker.bootstrap;
});
afterAll(async () => {
  await broker?.close();
});

describe('kgo topic', () => {
  it('creates, lists, describes, grows and deletes a topic', async () => {
    const created = await kgoJson<TopicSummary>(bootstrap, ['topic', 'create', 'orders', '-p', '3', '-c', 'retention.ms=86400000']);
    expect(created).toEqual({ name: 'orders', partitions: 3, replicationFactor: 1 });

    const again = await kgo(bootstrap, ['topic', 'create', 'orders', '-p', '3']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const list = await kgoJson<TopicSummary[]>(bootstrap, ['topic', 'list']);
    expect(list).toContainEqual({ name: 'orders', partitions: 3, replicationFactor: 1 });
    expect(list.some((t) => t.name.startsWith('__'))).toBe(false);
    const human = await kgo(bootstrap, ['topic', 'list']);
    expect(human.stdout).toMatch(/orders\s*│\s*3/);

    const described = await kgoJson<TopicDescription>(bootstrap, ['topic', 'describe', 'orders']);
    expect(described.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(described.configs['retention.ms']).toBe('86400000');

    const grown = await kgoJson<{ before: number; after: number }>(bootstrap, ['topic', 'add-partitions', 'orders', '-n', '5']);
    expect(grown).toMatchObject({ before: 3, after: 5 });
    const shrink = await kgo(bootstrap, ['topic', 'add-partitions', 'orders', '-n', '2']);
    expect(shrink.code).toBe(1);
    expect(shrink.stderr).toMatch(/already has 5 partitions/);
    if (hasKcat()) {
      const kcatMeta = await promisify(execFile)('kcat', ['-L', '-b', bootstrap, '-t', 'orders', '-J']);
      expect((JSON.parse(kcatMeta.stdout) as { topics: { partitions: unknown[] }[] }).topics[0]!.partitions).toHaveLength(5);
    }

    const deleted = await kgoJson<{ deleted: string[] }>(bootstrap, ['topic', 'delete', 'orders']);
    expect(deleted.deleted).toEqual(['orders']);
    const after = await kgoJson<TopicSummary[]>(bootstrap, ['topic', 'list']);
    expect(after.map((t) => t.name)).not.toContain('orders');
  });

  it('sets and removes topic configs', async () => {
    await kgoJson(bootstrap, ['topic', 'create', 'configured', '-p', '1', '-c', 'retention.ms=1000000']);
    const set = await kgoJson<{ configs: Record<string, string> }>(bootstrap, [
      'topic', 'alter-config', 'configured', '--set', 'cleanup.policy=compact', '--delete', 'retention.ms',
    ]);
    expect(set.configs).toEqual({ 'cleanup.policy': 'compact' });
    const described = await kgoJson<TopicDescription>(bootstrap, ['topic', 'describe', 'configured']);
    expect(described.configs).toEqual({ 'cleanup.policy': 'compact' });
    const missing = await kgo(bootstrap, ['topic', 'alter-config', 'nope', '--set', 'retention.ms=1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('trims a topic so readers start at the new log start', async () => {
    await kgoJson(bootstrap, ['topic', 'create', 'trimmed', '-p', '2']);
    const kafka = testKafka(bootstrap);
    await produce(
      kafka,
      'trimmed',
      Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, value: `v${i}` })),
    );
    const trimmed = await kgoJson<TrimResult>(bootstrap, ['topic', 'trim', 'trimmed', '--before', '3', '--partition', '0']);
    expect(trimmed.partitions).toEqual([{ partition: 0, lowBefore: 0, lowAfter: 3, high: 5 }]);
    expect(trimmed.deleted).toBe(3);

    if (hasKcat()) {
      const { stdout } = await promisify(execFile)('kcat', ['-C', '-b', bootstrap, '-t', 'trimmed', '-p', '0', '-o', 'beginning', '-e', '-q', '-f', '%o %s\n']);
      expect(stdout.trim().split('\n')).toEqual(['3 v6', '4 v8']);
    }

    const byTime = await kgoJson<TrimResult>(bootstrap, ['topic', 'trim', 'trimmed', '--before', 'now']);
    expect(byTime.partitions.map((p) => p.lowAfter)).toEqual([5, 5]);
  });

  it('fails clearly on missing topics and bad flags', async () => {
    const missing = await kgo(bootstrap, ['topic', 'describe', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/topic "nope" does not exist/);
    const list = await kgoJson<TopicSummary[]>(bootstrap, ['topic', 'list', '--all']);
    expect(list.map((t) => t.name)).not.toContain('nope');

    const usage = await Promise.all([
      kgo(bootstrap, ['topic', 'create', 'bad', '-p', '0']),
      kgo(bootstrap, ['topic', 'create', 'bad', '-p', '1', '-c', 'novalue']),
      kgo(bootstrap, ['topic', 'trim', 'trimmed', '--before', 'yesterday']),
      kgo(bootstrap, ['topic', 'alter-config', 'trimmed']),
      kgo(bootstrap, ['topic', 'add-partitions', 'trimmed']),
    ]);
    expect(usage.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    const deleteMissing = await kgo(bootstrap, ['topic', 'delete', 'trimmed', 'nope']);
    expect(deleteMissing.code).toBe(1);
    expect((await kgoJson<TopicSummary[]>(bootstrap, ['topic', 'list'])).map((t) => t.name)).toContain('trimmed');
  });
});

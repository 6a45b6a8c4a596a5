import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../src/broker/index.js';
import type { GroupDescription, GroupSummary, ResetPlan } from '../../src/client/index.js';
import { kgo, kgoJson, produce, startTestBroker, testKafka } from './topic-cli-harness.js';

let broker: RunningBroker;
let bootstrap: string;

beforeAll(async () => {
  broker = await startTestBroker();
  bootstrap = broker.bootstrap;
  await kgoJson(bootstrap, ['topic', 'create', 'events', '-p', '2']);
  await produce(
    testKafka(bootstrap),
    'events',
    Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}`, timestampMs: 1_000_000 + i * 1_000 })),
  );
});
afterAll(async () => {
  await broker?.close();
});

const committed = (group: GroupDescription) => group.partitions.map((p) => [p.partition, p.committed, p.lag]);

describe('kgo group', () => {
  it('describes members and lag, refuses to reset a live group, then resets it', async () => {
    const kafka = testKafka(bootstrap);
    const consumer = kafka.consumer({ groupId: 'billing', maxWaitTimeInMs: 100 });
    await consumer.connect();
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.subscribe({ topics: ['events'], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await joined;
    await consumer.commitOffsets([
      { topic: 'events', partition: 0, offset: '3' },
      { topic: 'events', partition: 1, offset: '5' },
    ]);

    const live = await kgoJson<GroupDescription>(bootstrap, ['group', 'describe', 'billing']);
    expect(live.state).toBe('Stable');
    expect(live.members).toHaveLength(1);
    expect(live.members[0]).toMatchObject({ clientId: 'kgo-test', assignment: [{ topic: 'events', partitions: [0, 1] }] });
    expect(live.partitions).toEqual([
      { topic: 'events', partition: 0, committed: 3, logEnd: 5, lag: 2, owner: 'kgo-test' },
      { topic: 'events', partition: 1, committed: 5, logEnd: 5, lag: 0, owner: 'kgo-test' },
    ]);
    expect(live.totalLag).toBe(2);
    const human = await kgo(bootstrap, ['group', 'describe', 'billing']);
    expect(human.stdout).toMatch(/total lag 2/);
    expect(human.stdout).toMatch(/events\[0,1\]/);

    const refused = await kgo(bootstrap, ['group', 'reset', 'billing', '--topic', 'events', '--to', 'earliest', '--execute']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Stable with 1 member/);

    await consumer.disconnect();
    const groups = await kgoJson<GroupSummary[]>(bootstrap, ['group', 'list']);
    expect(groups).toContainEqual({ groupId: 'billing', protocolType: 'consumer', state: 'Empty', members: 0 });

    const dryRun = await kgoJson<ResetPlan>(bootstrap, ['group', 'reset', 'billing', '--topic', 'events', '--to', 'earliest']);
    expect(dryRun.executed).toBe(false);
    expect(dryRun.partitions.map((r) => [r.current, r.target])).toEqual([[3, 0], [5, 0]]);
    expect(committed(await kgoJson<GroupDescription>(bootstrap, ['group', 'describe', 'billing']))).toEqual([[0, 3, 2], [1, 5, 0]]);

    await kgoJson(bootstrap, ['group', 'reset', 'billing', '--topic', 'events', '--to', 'earliest', '--execute']);
    const reset = await kgoJson<GroupDescription>(bootstrap, ['group', 'describe', 'billing']);
    expect(committed(reset)).toEqual([[0, 0, 5], [1, 0, 5]]);
    expect(reset.totalLag).toBe(10);

    await kgoJson(bootstrap, ['group', 'reset', 'billing', '--topic', 'events', '--to', 'shift:+2', '--execute']);
    expect(committed(await kgoJson<GroupDescription>(bootstrap, ['group', 'describe', 'billing']))).toEqual([[0, 2, 3], [1, 2, 3]]);

    // Partition 0 holds timestamps 1000000, 1002000, ...; partition 1 holds 1001000, 1003000, ...
    await kgoJson(bootstrap, ['group', 'reset', 'billing', '--topic', 'events', '--to', 'datetime:1004500', '--execute']);
    expect(committed(await kgoJson<GroupDescription>(bootstrap, ['group', 'describe', 'billing']))).toEqual([[0, 3, 2], [1, 2, 3]]);

    await kgoJson(bootstrap, ['group', 'reset', 'billing', '--topic', 'events', '--to', 'offset:99', '--execute']);
    expect(committed(await kgoJson<GroupDescription>(bootstrap, ['group', 'describe', 'billing']))).toEqual([[0, 5, 0], [1, 5, 0]]);
  });

  it('deletes offsets and groups', async () => {
    await kgoJson(bootstrap, ['group', 'reset', 'audit', '--topic', 'events', '--to', 'latest', '--execute']);
    expect((await kgoJson<GroupDescription>(bootstrap, ['group', 'describe', 'audit'])).partitions).toHaveLength(2);

    const deleted = await kgoJson<{ partitions: { partition: number; error: string | null }[] }>(bootstrap, [
      'group', 'delete-offsets', 'audit', '--topic', 'events',
    ]);
    expect(deleted.partitions).toEqual([{ partition: 0, error: null }, { partition: 1, error: null }]);
    expect((await kgoJson<GroupDescription>(bootstrap, ['group', 'describe', 'audit'])).partitions).toEqual([]);

    await kgoJson(bootstrap, ['group', 'delete', 'audit']);
    const groups = await kgoJson<GroupSummary[]>(bootstrap, ['group', 'list']);
    expect(groups.map((g) => g.groupId)).not.toContain('audit');
  });

  it('fails clearly on missing groups and bad flags', async () => {
    const missing = await kgo(bootstrap, ['group', 'describe', 'nobody']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/group "nobody" does not exist/);
    const usage = await Promise.all([
      kgo(bootstrap, ['group', 'reset', 'x', '--topic', 'events', '--to', 'yesterday']),
      kgo(bootstrap, ['group', 'reset', 'x', '--topic', 'events', '--to', 'earliest', '--dry-run', '--execute']),
      kgo(bootstrap, ['group', 'reset', 'x', '--to', 'earliest']),
      kgo(bootstrap, ['group', 'delete-offsets', 'x']),
    ]);
    expect(usage.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    const noTopic = await kgo(bootstrap, ['group', 'reset', 'x', '--topic', 'nope', '--to', 'earliest']);
    expect(noTopic.code).toBe(1);
    expect(noTopic.stderr).toMatch(/does not exist/);
  });
});

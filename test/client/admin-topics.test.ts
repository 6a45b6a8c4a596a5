import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { alterTopicConfig, parseConfigPairs, parseTrimPoint, trimTopic } from '../../src/client/admin-topics.js';
import { UsageError, UserError } from '../../src/common/index.js';

const NOW_MS = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('parseConfigPairs', () => {
  it('splits at the first "="', () => {
    expect(parseConfigPairs(['retention.ms=1000', 'x=a=b', 'empty='])).toEqual({ 'retention.ms': '1000', x: 'a=b', empty: '' });
  });
  it.each(['novalue', '=v'])('refuses %j', (pair) => {
    expect(() => parseConfigPairs([pair])).toThrow(UsageError);
  });
});

describe('parseTrimPoint', () => {
  it('reads offsets and times', () => {
    expect(parseTrimPoint('1000', NOW_MS)).toEqual({ kind: 'offset', offset: 1000 });
    expect(parseTrimPoint('offset:7', NOW_MS)).toEqual({ kind: 'offset', offset: 7 });
    expect(parseTrimPoint('time:1700000000000', NOW_MS)).toEqual({ kind: 'time', timestampMs: 1_700_000_000_000 });
    expect(parseTrimPoint('-7d', NOW_MS)).toEqual({ kind: 'time', timestampMs: NOW_MS - 7 * 86_400_000 });
    expect(() => parseTrimPoint('soon', NOW_MS)).toThrow(UsageError);
  });
});

/** Just enough of kafkajs' Admin for the topic functions, recording what they ask. */
function fakeAdmin(configs: { configName: string; configValue: string; configSource?: number; isDefault?: boolean }[]) {
  const calls: { alterConfigs?: unknown; deleteTopicRecords?: unknown } = {};
  const admin = {
    listTopics: async () => ['orders'],
    describeConfigs: async () => ({
      resources: [{ configEntries: configs.map((c) => ({ isDefault: false, ...c })) }],
    }),
    alterConfigs: async (request: { resources: { configEntries: { name: string; value: string }[] }[] }) => {
      calls.alterConfigs = request;
      configs = request.resources[0]!.configEntries.map((e) => ({ configName: e.name, configValue: e.value, configSource: 1 }));
    },
    fetchTopicOffsets: async () => [
      { partition: 0, offset: '10', low: '2', high: '10' },
      { partition: 1, offset: '4', low: '4', high: '4' },
    ],
    fetchTopicOffsetsByTimestamp: async () => [
      { partition: 0, offset: '6' },
      { partition: 1, offset: '4' },
    ],
    deleteTopicRecords: async (request: unknown) => {
      calls.deleteTopicRecords = request;
    },
  };
  return { admin: admin as unknown as Admin, calls };
}

describe('alterTopicConfig', () => {
  it('sends the whole override set with the change applied, keeping other overrides', async () => {
    const { admin, calls } = fakeAdmin([
      { configName: 'retention.ms', configValue: '1000', configSource: 1 },
      { configName: 'segment.bytes', configValue: '4096', configSource: 1 },
      { configName: 'cleanup.policy', configValue: 'delete', configSource: 5, isDefault: true },
    ]);
    const result = await alterTopicConfig(admin, 'orders', { set: { 'cleanup.policy': 'compact' }, delete: ['retention.ms'] });
    expect(calls.alterConfigs).toMatchObject({
      resources: [{ name: 'orders', configEntries: [{ name: 'segment.bytes', value: '4096' }, { name: 'cleanup.policy', value: 'compact' }] }],
    });
    expect(result.configs).toEqual({ 'cleanup.policy': 'compact', 'segment.bytes': '4096' });
  });

  it('refuses a topic that does not exist', async () => {
    const { admin } = fakeAdmin([]);
    await expect(alterTopicConfig(admin, 'ghost', { set: { a: 'b' }, delete: [] })).rejects.toThrow(UserError);
  });
});

describe('trimTopic', () => {
  it('asks only partitions whose log start moves, capped at the high watermark', async () => {
    const { admin, calls } = fakeAdmin([]);
    await trimTopic(admin, 'orders', { kind: 'offset', offset: 50 });
    expect(calls.deleteTopicRecords).toEqual({ topic: 'orders', partitions: [{ partition: 0, offset: '10' }] });
  });

  it('uses the offsets found for a time', async () => {
    const { admin, calls } = fakeAdmin([]);
    await trimTopic(admin, 'orders', { kind: 'time', timestampMs: 1 });
    expect(calls.deleteTopicRecords).toEqual({ topic: 'orders', partitions: [{ partition: 0, offset: '6' }] });
  });

  it('refuses partitions the topic does not have', async () => {
    const { admin } = fakeAdmin([]);
    await expect(trimTopic(admin, 'orders', { kind: 'offset', offset: 1 }, [7])).rejects.toThrow(/no partition 7/);
  });
});

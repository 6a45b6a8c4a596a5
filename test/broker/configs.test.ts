/**
 * Topic and broker configs through real admin clients: kafkajs
 * describeConfigs/alterConfigs, kafka-python's KafkaAdminClient
 * describe_configs/alter_configs, and `kgo topic alter-config`. Dynamic
 * broker configs survive a restart; read-only ones are refused by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { resolveBrokerSettings, startBroker, type RunningBroker } from '../../src/broker/index.js';
import { hasKafkaPython, PYTHON } from '../support/interop.js';
import { tempDir } from '../support/broker-process.js';
import { kafkajsClient, run } from '../interop/clients.js';
import { kgoJson } from '../cli/topic-cli-harness.js';
import { RawClient } from '../support/raw-client.js';

const { ConfigResourceTypes } = kafkajs;
const SOURCE = { topic: 1, dynamicBroker: 2, dynamicDefault: 3, staticBroker: 4, default: 5 };

let dataDir: string;
let broker: RunningBroker;

const start = () => startBroker({ port: 0, dataDir, log: () => {}, settings: { 'log.segment.bytes': '1048576' } });

beforeAll(async () => {
  dataDir = tempDir('kgo-configs-');
  broker = await start();
});
afterAll(async () => {
  await broker?.close();
});

async function withAdmin<T>(fn: (admin: kafkajs.Admin) => Promise<T>): Promise<T> {
  const admin = (await kafkajsClient(broker.bootstrap)).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

type Entry = { configName: string; configValue: string; readOnly: boolean; configSource: number; configSynonyms: { configName: string; configValue: string; configSource: number }[] };

async function describeTopic(topic: string): Promise<Record<string, Entry>> {
  const r = await withAdmin((a) => a.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: true }));
  return Object.fromEntries((r.resources[0]!.configEntries as unknown as Entry[]).map((e) => [e.configName, e]));
}

async function describeBroker(name = '0'): Promise<Record<string, Entry>> {
  const r = await withAdmin((a) => a.describeConfigs({ resources: [{ type: ConfigResourceTypes.BROKER, name }], includeSynonyms: true }));
  return Object.fromEntries((r.resources[0]!.configEntries as unknown as Entry[]).map((e) => [e.configName, e]));
}

describe('retention and cleaner settings for kgo serve -c', () => {
  it('reads them under Kafka names and refuses bad values by name', () => {
    const s = resolveBrokerSettings({ 'log.cleanup.policy': 'compact,delete', 'log.cleaner.min.cleanable.ratio': '0.3', 'log.retention.bytes': '1048576', 'log.retention.check.interval.ms': '1000' });
    expect(s).toMatchObject({ logCleanupPolicy: 'compact,delete', logCleanerMinCleanableRatio: 0.3, logRetentionBytes: 1048576, logRetentionCheckIntervalMs: 1000, logCleanerBackoffMs: 15000 });
    expect(resolveBrokerSettings({}).logCleanerIoMaxBytesPerSecond).toBe(50_000_000);
    expect(() => resolveBrokerSettings({ 'log.cleanup.policy': 'keep' })).toThrow(/log\.cleanup\.policy.*delete, compact/);
    expect(() => resolveBrokerSettings({ 'log.cleaner.min.cleanable.ratio': '1.5' })).toThrow(/from 0 to 1/);
    expect(() => resolveBrokerSettings({ 'log.retention.ms': '-2' })).toThrow(/at least -1/);
  });
});

describe('configs through kafkajs admin', () => {
  it('describes topic configs with their sources and synonyms, and alters them by name', async () => {
    await withAdmin((a) => a.createTopics({ topics: [{ topic: 'cfg', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] }));
    let configs = await describeTopic('cfg');
    expect(configs['retention.ms']).toMatchObject({ configValue: '3600000', configSource: SOURCE.topic, readOnly: false });
    expect(configs['retention.ms']!.configSynonyms.map((s) => [s.configName, s.configSource])).toEqual([
      ['retention.ms', SOURCE.topic],
      ['log.retention.ms', SOURCE.default],
    ]);
    expect(configs['segment.bytes']).toMatchObject({ configValue: '1048576', configSource: SOURCE.staticBroker });
    for (const name of ['retention.bytes', 'segment.ms', 'segment.index.bytes', 'cleanup.policy', 'delete.retention.ms', 'min.cleanable.dirty.ratio', 'min.compaction.lag.ms', 'max.compaction.lag.ms', 'max.message.bytes', 'message.timestamp.type', 'flush.messages', 'flush.ms', 'min.insync.replicas']) {
      expect(configs[name], name).toBeDefined();
    }
    expect(configs['cleanup.policy']).toMatchObject({ configValue: 'delete', configSource: SOURCE.default });
    await withAdmin((a) => a.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'cfg', configEntries: [{ name: 'cleanup.policy', value: 'compact,delete' }, { name: 'min.cleanable.dirty.ratio', value: '0.1' }] }] }));
    configs = await describeTopic('cfg');
    expect(configs['cleanup.policy']).toMatchObject({ configValue: 'compact,delete', configSource: SOURCE.topic });
    expect(configs['retention.ms']!.configSource).toBe(SOURCE.default); // AlterConfigs replaces the whole set
    const refused = withAdmin((a) => a.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'cfg', configEntries: [{ name: 'min.cleanable.dirty.ratio', value: '2' }] }] }));
    // kafkajs shows the code, not the message: kafka-python and the raw test below read the message.
    await expect(refused).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
  });

  it('alters dynamic broker configs, which topics inherit, and refuses read-only ones', async () => {
    let configs = await describeBroker();
    expect(configs['log.retention.ms']).toMatchObject({ readOnly: false, configSource: SOURCE.default });
    expect(configs['num.partitions']).toMatchObject({ readOnly: true });
    expect(configs['log.segment.bytes']).toMatchObject({ configValue: '1048576', configSource: SOURCE.staticBroker, readOnly: true });
    await withAdmin((a) => a.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '0', configEntries: [{ name: 'log.retention.ms', value: '7200000' }] }] }));
    configs = await describeBroker();
    expect(configs['log.retention.ms']).toMatchObject({ configValue: '7200000', configSource: SOURCE.dynamicBroker });
    await withAdmin((a) => a.createTopics({ topics: [{ topic: 'inheriting', numPartitions: 1 }] }));
    expect((await describeTopic('inheriting'))['retention.ms']).toMatchObject({ configValue: '7200000', configSource: SOURCE.dynamicBroker });
    // kafkajs will not name the "" resource (every broker's defaults): a raw IncrementalAlterConfigs does.
    const raw = await RawClient.connect(broker.port);
    try {
      const alter = async (name: string, configName: string, value: string) =>
        (await raw.request(44, 1, { resources: [{ resourceType: 4, resourceName: name, configs: [{ name: configName, configOperation: 0, value }] }], validateOnly: false })).responses[0];
      expect(await alter('', 'log.cleaner.min.cleanable.ratio', '0.25')).toMatchObject({ errorCode: 0 });
      expect(await alter('0', 'num.partitions', '3')).toMatchObject({ errorCode: 40, errorMessage: expect.stringMatching(/num\.partitions is read-only/) });
      expect(await alter('0', 'log.cleanup.policy', 'sometimes')).toMatchObject({ errorCode: 40, errorMessage: expect.stringMatching(/log\.cleanup\.policy.*delete, compact/) });
      expect(await alter('7', 'log.retention.ms', '1')).toMatchObject({ errorCode: 42 });
    } finally {
      raw.close();
    }
    expect((await describeBroker())['log.cleaner.min.cleanable.ratio']).toMatchObject({ configValue: '0.25', configSource: SOURCE.dynamicDefault });
    const readOnly = withAdmin((a) => a.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '0', configEntries: [{ name: 'num.partitions', value: '3' }] }] }));
    await expect(readOnly).rejects.toMatchObject({ type: 'INVALID_CONFIG' });

    await broker.close();
    broker = await start();
    expect((await describeBroker())['log.retention.ms']).toMatchObject({ configValue: '7200000', configSource: SOURCE.dynamicBroker });
    expect((await describeTopic('inheriting'))['min.cleanable.dirty.ratio']).toMatchObject({ configValue: '0.25', configSource: SOURCE.dynamicDefault });
  });

  it('gives each config its type and, when asked, its documentation (DescribeConfigs v3+)', async () => {
    const raw = await RawClient.connect(broker.port);
    try {
      const describe = async (includeDocumentation: boolean) =>
        (await raw.request(32, 4, { resources: [{ resourceType: 2, resourceName: 'cfg', configurationKeys: ['retention.ms', 'cleanup.policy', 'min.cleanable.dirty.ratio'] }], includeSynonyms: false, includeDocumentation })).results[0].configs as { name: string; configType: number; documentation: string | null; synonyms: unknown[] }[];
      const withDocs = await describe(true);
      expect(withDocs.map((c) => [c.name, c.configType])).toEqual([['cleanup.policy', 7], ['retention.ms', 5], ['min.cleanable.dirty.ratio', 6]]);
      expect(withDocs.every((c) => typeof c.documentation === 'string' && c.documentation.length > 10 && c.synonyms.length === 0)).toBe(true);
      expect((await describe(false)).map((c) => c.documentation)).toEqual([null, null, null]);
    } finally {
      raw.close();
    }
  });

  it('round-trips kgo topic alter-config', async () => {
    await withAdmin((a) => a.createTopics({ topics: [{ topic: 'cli-cfg', numPartitions: 1 }] }));
    const set = await kgoJson<{ configs: Record<string, string> }>(broker.bootstrap, ['topic', 'alter-config', 'cli-cfg', '--set', 'retention.bytes=123456', '--set', 'message.timestamp.type=LogAppendTime']);
    expect(set.configs).toMatchObject({ 'retention.bytes': '123456', 'message.timestamp.type': 'LogAppendTime' });
    const configs = await describeTopic('cli-cfg');
    expect(configs['retention.bytes']).toMatchObject({ configValue: '123456', configSource: SOURCE.topic });
    expect(configs['message.timestamp.type']).toMatchObject({ configValue: 'LogAppendTime', configSource: SOURCE.topic });
  });
});

const KAFKA_PYTHON_SCRIPT = `
import json, sys
from kafka.admin import KafkaAdminClient, ConfigResource, ConfigResourceType
cmd = json.loads(sys.argv[1])
admin = KafkaAdminClient(bootstrap_servers=cmd['bootstrap'], client_id='kgo-configs-test', request_timeout_ms=10000)
out = {}
if cmd.get('alter'):
    r = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, cmd['topic'], configs=cmd['alter'])])
    out['alter'] = [[res[0], res[1]] for res in r.resources]
r = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, cmd['topic'])], include_synonyms=True)
res = r[0].resources[0]
out['error'] = res[0]
out['configs'] = {e[0]: {'value': e[1], 'readOnly': e[2], 'source': e[3]} for e in res[4]}
admin.close()
print(json.dumps(out))
`;

interface PythonAnswer {
  alter?: [number, string | null][];
  error: number;
  configs: Record<string, { value: string; readOnly: boolean; source: number }>;
}

async function kafkaPython(command: Record<string, unknown>): Promise<PythonAnswer> {
  const r = await run(PYTHON, ['-c', KAFKA_PYTHON_SCRIPT, JSON.stringify({ bootstrap: broker.bootstrap, ...command })]);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`kafka-python exited ${r.status}: ${r.stderr}`);
  return JSON.parse(last) as PythonAnswer;
}

describe.skipIf(!hasKafkaPython())('configs through kafka-python', () => {
  it('describe_configs and alter_configs on a topic, bad values refused by name', async () => {
    await withAdmin((a) => a.createTopics({ topics: [{ topic: 'py-cfg', numPartitions: 1 }] }));
    const before = await kafkaPython({ topic: 'py-cfg' });
    expect(before.error).toBe(0);
    expect(before.configs['cleanup.policy']).toMatchObject({ value: 'delete', readOnly: false });
    const altered = await kafkaPython({ topic: 'py-cfg', alter: { 'cleanup.policy': 'compact', 'delete.retention.ms': '1000' } });
    expect(altered.alter).toEqual([[0, null]]);
    expect(altered.configs['cleanup.policy']).toEqual({ value: 'compact', readOnly: false, source: SOURCE.topic });
    expect(altered.configs['delete.retention.ms']).toEqual({ value: '1000', readOnly: false, source: SOURCE.topic });
    const bad = await kafkaPython({ topic: 'py-cfg', alter: { 'segment.bytes': '10' } });
    expect(bad.alter![0]![0]).toBe(40);
    expect(bad.alter![0]![1]).toMatch(/segment\.bytes.*from 14/);
    expect(bad.configs['cleanup.policy']!.value).toBe('compact');
  });
});

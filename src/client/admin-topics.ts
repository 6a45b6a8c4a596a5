/**
 * Topic administration on any Kafka cluster through kafkajs' Admin client:
 * what `kgo topic ...` does once its flags are read.
 */
import type { Admin, ConfigEntries } from 'kafkajs';
import { UserError, UsageError } from '../common/index.js';
import { requireTopics } from './connection.js';
import { parseTimeSpec } from './time-spec.js';

// kafkajs' TOPIC_RESOURCE and ConfigSource values, as numbers so that
// loading this module does not load kafkajs.
const TOPIC_RESOURCE = 2;
const SOURCE_UNKNOWN = 0;
const SOURCE_TOPIC_CONFIG = 1;

export interface TopicSummary {
  name: string;
  partitions: number;
  replicationFactor: number;
}

export interface TopicPartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  /** Log start offset. */
  low: number;
  /** High watermark. */
  high: number;
}

export interface TopicDescription {
  name: string;
  partitions: TopicPartitionInfo[];
  /** Configs set on the topic itself (not broker defaults). */
  configs: Record<string, string>;
}

/** Reads `k=v` pairs from repeated flags. */
export function parseConfigPairs(pairs: readonly string[]): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`config "${pair}" is not key=value`, 'e.g. -c retention.ms=86400000');
    configs[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return configs;
}

/** Topics sorted by name; internal ones (`__consumer_offsets`, ...) only when asked. */
export async function listTopics(admin: Admin, options: { includeInternal?: boolean } = {}): Promise<TopicSummary[]> {
  const names = (await admin.listTopics()).filter((name) => options.includeInternal || !name.startsWith('__'));
  if (names.length === 0) return [];
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  return topics
    .map((t) => ({
      name: t.name,
      partitions: t.partitions.length,
      replicationFactor: t.partitions[0]?.replicas.length ?? 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface CreateTopicOptions {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

export async function createTopic(admin: Admin, options: CreateTopicOptions): Promise<TopicSummary> {
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic: options.name,
        numPartitions: options.partitions,
        replicationFactor: options.replicationFactor,
        configEntries: Object.entries(options.configs).map(([name, value]) => ({ name, value })),
      },
    ],
  });
  if (!created) throw new UserError(`topic "${options.name}" already exists`, `kgo topic describe ${options.name} shows it`);
  return { name: options.name, partitions: options.partitions, replicationFactor: options.replicationFactor };
}

function isTopicOverride(entry: ConfigEntries): boolean {
  const source = entry.configSource as number | undefined;
  if (source === SOURCE_TOPIC_CONFIG) return true;
  return (source === undefined || source === SOURCE_UNKNOWN) && !entry.isDefault;
}

/** The configs set on the topic itself, sorted by name. */
export async function topicConfigOverrides(admin: Admin, name: string): Promise<Record<string, string>> {
  const response = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: TOPIC_RESOURCE, name }],
  });
  const entries = (response.resources[0]?.configEntries ?? []).filter(isTopicOverride);
  entries.sort((a, b) => a.configName.localeCompare(b.configName));
  return Object.fromEntries(entries.map((e) => [e.configName, e.configValue]));
}

export async function describeTopic(admin: Admin, name: string): Promise<TopicDescription> {
  await requireTopics(admin, [name]);
  const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
  const offsets = await admin.fetchTopicOffsets(name);
  const byPartition = new Map(offsets.map((o) => [o.partition, o]));
  const partitions = (topics[0]?.partitions ?? [])
    .map((p) => ({
      partition: p.partitionId,
      leader: p.leader,
      replicas: p.replicas,
      isr: p.isr,
      low: Number(byPartition.get(p.partitionId)?.low ?? 0),
      high: Number(byPartition.get(p.partitionId)?.high ?? 0),
    }))
    .sort((a, b) => a.partition - b.partition);
  return { name, partitions, configs: await topicConfigOverrides(admin, name) };
}

export async function deleteTopics(admin: Admin, names: readonly string[]): Promise<{ deleted: string[] }> {
  await requireTopics(admin, [...names]);
  await admin.deleteTopics({ topics: [...names] });
  return { deleted: [...names] };
}

export interface ConfigChange {
  set: Record<string, string>;
  delete: readonly string[];
}

/**
 * AlterConfigs (the API kafkajs speaks) replaces a topic's whole override set,
 * so the current overrides are read first and the change is applied to them.
 */
export async function alterTopicConfig(
  admin: Admin,
  name: string,
  change: ConfigChange,
): Promise<{ name: string; configs: Record<string, string> }> {
  await requireTopics(admin, [name]);
  const configs = { ...(await topicConfigOverrides(admin, name)), ...change.set };
  for (const key of change.delete) delete configs[key];
  await admin.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: TOPIC_RESOURCE,
        name,
        configEntries: Object.entries(configs).map(([configName, value]) => ({ name: configName, value })),
      },
    ],
  });
  return { name, configs: await topicConfigOverrides(admin, name) };
}

/** Grows a topic to `total` partitions (Kafka never shrinks one). */
export async function addPartitions(
  admin: Admin,
  name: string,
  total: number,
): Promise<{ name: string; before: number; after: number }> {
  await requireTopics(admin, [name]);
  const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
  const before = topics[0]?.partitions.length ?? 0;
  if (total <= before) {
    throw new UserError(
      `topic "${name}" already has ${before} partitions`,
      `-n is the new total; use a number above ${before}`,
    );
  }
  await admin.createPartitions({ topicPartitions: [{ topic: name, count: total }] });
  return { name, before, after: total };
}

export type TrimPoint = { kind: 'offset'; offset: number } | { kind: 'time'; timestampMs: number };

/** `--before` of `kgo topic trim`: a bare number (or offset:N) is an offset; time:MS, dates and -2h are times. */
export function parseTrimPoint(text: string, nowMs: number): TrimPoint {
  if (text.startsWith('time:')) return { kind: 'time', timestampMs: parseTimeSpec(text.slice('time:'.length), nowMs) };
  const offsetText = text.replace(/^offset:/, '');
  if (/^\d+$/.test(offsetText) && Number.isSafeInteger(Number(offsetText))) return { kind: 'offset', offset: Number(offsetText) };
  return { kind: 'time', timestampMs: parseTimeSpec(text, nowMs) };
}

export interface TrimResult {
  name: string;
  partitions: { partition: number; lowBefore: number; lowAfter: number; high: number }[];
  /** Records deleted, counted in offsets. */
  deleted: number;
}

/** Deletes the records before a point (DeleteRecords): the log start offset moves up. */
export async function trimTopic(
  admin: Admin,
  name: string,
  before: TrimPoint,
  onlyPartitions?: readonly number[],
): Promise<TrimResult> {
  await requireTopics(admin, [name]);
  const offsets = await admin.fetchTopicOffsets(name);
  const forTime =
    before.kind === 'time'
      ? new Map((await admin.fetchTopicOffsetsByTimestamp(name, before.timestampMs)).map((o) => [o.partition, Number(o.offset)]))
      : undefined;
  const known = new Set(offsets.map((o) => o.partition));
  const unknown = onlyPartitions?.find((p) => !known.has(p));
  if (unknown !== undefined) throw new UserError(`topic "${name}" has no partition ${unknown}`);
  const rows = offsets
    .filter((o) => !onlyPartitions || onlyPartitions.includes(o.partition))
    .map((o) => {
      const low = Number(o.low);
      const high = Number(o.high);
      const wanted = before.kind === 'offset' ? before.offset : (forTime?.get(o.partition) ?? high);
      return { partition: o.partition, low, high, target: Math.min(Math.max(wanted, low), high) };
    })
    .sort((a, b) => a.partition - b.partition);
  const moving = rows.filter((r) => r.target > r.low);
  if (moving.length > 0) {
    await admin.deleteTopicRecords({
      topic: name,
      partitions: moving.map((r) => ({ partition: r.partition, offset: String(r.target) })),
    });
  }
  const after = new Map((await admin.fetchTopicOffsets(name)).map((o) => [o.partition, Number(o.low)]));
  const partitions = rows.map((r) => ({
    partition: r.partition,
    lowBefore: r.low,
    lowAfter: after.get(r.partition) ?? r.target,
    high: r.high,
  }));
  return { name, partitions, deleted: partitions.reduce((n, p) => n + (p.lowAfter - p.lowBefore), 0) };
}

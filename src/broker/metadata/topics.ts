/**
 * Topics and their partition logs, kept consistent: the catalogue
 * (TopicStore) says which topics exist, the LogManager holds their logs.
 * Every append is announced to listeners (the fetch long-poll waits on them).
 */
import { ErrorCode } from '../../protocol/index.js';
import type { Log, LogConfig, LogManager } from '../../storage/index.js';
import { TOPIC_PARTITIONS_MAX, type BrokerSettings } from '../config.js';
import type { TopicView } from '../broker-core.js';
import { topicConfigDefs, topicConfigProblem } from './topic-configs.js';
import { collisionKey, INTERNAL_TOPICS, topicNameProblem } from './topic-names.js';
import { newTopicId, type TopicRecord, type TopicStore } from './topic-store.js';

/** Called with the bytes appended to a partition a listener watches. */
export type AppendListener = (bytes: number) => void;

const partitionKey = (topic: string, partition: number) => `${partition}:${topic}`;

export class TopicProblem extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}


export interface NewTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
  internal?: boolean;
  /** Create the partition directories now (default), or on each partition's first use. */
  createLogsNow?: boolean;
}

/** The storage view of a topic's configs: its own values over the broker's. */
export function logConfigFor(topic: Pick<TopicRecord, 'configs'>, settings: BrokerSettings): LogConfig {
  const value = (name: string) => topic.configs[name] ?? topicConfigDefs[name]!.defaultValue(settings);
  const policy = value('cleanup.policy').split(',').map((p) => p.trim());
  return {
    segmentBytes: Number(value('segment.bytes')),
    segmentMs: Number(value('segment.ms')),
    indexIntervalBytes: Number(value('index.interval.bytes')),
    cleanupPolicy: { delete: policy.includes('delete'), compact: policy.includes('compact') },
    retentionMs: Number(value('retention.ms')),
    retentionBytes: Number(value('retention.bytes')),
    deleteRetentionMs: Number(value('delete.retention.ms')),
    minCleanableDirtyRatio: Number(value('min.cleanable.dirty.ratio')),
    minCompactionLagMs: Number(value('min.compaction.lag.ms')),
    maxCompactionLagMs: Number(value('max.compaction.lag.ms')),
    flushMessages: unlessLongMax(value('flush.messages')),
    flushMs: unlessLongMax(value('flush.ms')),
  };
}

/** Kafka's "never" for a long setting (Long.MAX_VALUE) reads as absent. */
function unlessLongMax(value: string): number | undefined {
  const n = Number(value);
  return n >= Number.MAX_SAFE_INTEGER ? undefined : n;
}

export class Topics implements TopicView {
  /** Listeners by partition, so an append wakes only the fetches reading it. */
  private readonly appendListeners = new Map<string, Set<AppendListener>>();

  constructor(
    readonly store: TopicStore,
    readonly logs: LogManager,
    private readonly settings: BrokerSettings,
  ) {}

  partitionCount(topic: string): number | undefined {
    return this.store.get(topic)?.partitions;
  }

  get(topic: string): TopicRecord | undefined {
    return this.store.get(topic);
  }

  all(): TopicRecord[] {
    return this.store.all();
  }

  log(topic: string, partition: number): Log | undefined {
    const t = this.store.get(topic);
    if (!t || partition < 0 || partition >= t.partitions) return undefined;
    return this.logs.getLog(topic, partition) ?? this.logs.createLog(topic, partition, this.logConfig(t));
  }

  logConfig(topic: TopicRecord): LogConfig {
    return logConfigFor(topic, this.settings);
  }

  maxMessageBytes(topic: TopicRecord): number {
    return Number(topic.configs['max.message.bytes'] ?? this.settings.messageMaxBytes);
  }

  /** Checks a creation without doing it; throws TopicProblem. */
  validateNew(spec: NewTopic): void {
    const nameProblem = topicNameProblem(spec.name);
    if (nameProblem) throw new TopicProblem(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
    if (this.store.get(spec.name)) throw new TopicProblem(ErrorCode.TOPIC_ALREADY_EXISTS, `topic '${spec.name}' already exists`);
    if (INTERNAL_TOPICS.has(spec.name) && !spec.internal) {
      throw new TopicProblem(ErrorCode.INVALID_TOPIC_EXCEPTION, `'${spec.name}' is reserved for the broker's internal use`);
    }
    const key = collisionKey(spec.name);
    const clash = this.store.all().find((t) => collisionKey(t.name) === key);
    if (clash) {
      throw new TopicProblem(ErrorCode.INVALID_TOPIC_EXCEPTION, `topic '${spec.name}' collides with existing topic '${clash.name}' ('.' and '_' are equivalent)`);
    }
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1 || spec.partitions > TOPIC_PARTITIONS_MAX) {
      throw new TopicProblem(ErrorCode.INVALID_PARTITIONS, `number of partitions must be between 1 and ${TOPIC_PARTITIONS_MAX}, not ${spec.partitions}`);
    }
    if (spec.replicationFactor !== 1) {
      throw new TopicProblem(ErrorCode.INVALID_REPLICATION_FACTOR, `replication factor ${spec.replicationFactor} is larger than the 1 available broker`);
    }
    for (const [name, value] of Object.entries(spec.configs)) {
      const problem = topicConfigProblem(name, value);
      if (problem) throw new TopicProblem(ErrorCode.INVALID_CONFIG, problem);
    }
  }

  async create(spec: NewTopic): Promise<TopicRecord> {
    this.validateNew(spec);
    const record: TopicRecord = {
      name: spec.name,
      id: newTopicId(),
      partitions: spec.partitions,
      configs: { ...spec.configs },
      internal: spec.internal ?? false,
    };
    await this.store.put(record);
    if (spec.createLogsNow ?? true) {
      for (let p = 0; p < record.partitions; p++) this.logs.createLog(record.name, p, this.logConfig(record));
    }
    return record;
  }

  async delete(name: string): Promise<void> {
    const t = this.store.get(name);
    if (!t) return;
    await this.store.remove(name);
    for (let p = 0; p < t.partitions; p++) await this.logs.deleteLog(name, p);
  }

  async addPartitions(name: string, totalCount: number): Promise<void> {
    const t = this.store.get(name);
    if (!t) return;
    const updated = { ...t, partitions: totalCount };
    await this.store.put(updated);
    for (let p = t.partitions; p < totalCount; p++) this.logs.createLog(name, p, this.logConfig(updated));
  }

  /** Applies the current configs (after a broker default changed) to every open log. */
  reapplyConfigs(): void {
    for (const t of this.store.all()) {
      const logConfig = this.logConfig(t);
      for (let p = 0; p < t.partitions; p++) this.logs.getLog(t.name, p)?.reconfigure(logConfig);
    }
  }

  /** Replaces the configs set on a topic, persists them, and applies them to its open logs. */
  async setConfigs(name: string, configs: Record<string, string>): Promise<void> {
    const t = this.store.get(name);
    if (!t) return;
    const updated = { ...t, configs: { ...configs } };
    await this.store.put(updated);
    const logConfig = this.logConfig(updated);
    for (let p = 0; p < updated.partitions; p++) this.logs.getLog(name, p)?.reconfigure(logConfig);
  }

  /** Calls `listener` on every append to any of the partitions; returns the unsubscribe function. */
  onAppend(partitions: Iterable<{ topic: string; partition: number }>, listener: AppendListener): () => void {
    const keys: string[] = [];
    for (const { topic, partition } of partitions) {
      const key = partitionKey(topic, partition);
      let set = this.appendListeners.get(key);
      if (!set) this.appendListeners.set(key, (set = new Set()));
      set.add(listener);
      keys.push(key);
    }
    return () => {
      for (const key of keys) {
        const set = this.appendListeners.get(key);
        set?.delete(listener);
        if (set?.size === 0) this.appendListeners.delete(key);
      }
    };
  }

  notifyAppend(topic: string, partition: number, bytes: number): void {
    const set = this.appendListeners.get(partitionKey(topic, partition));
    if (set) for (const listener of [...set]) listener(bytes);
  }

  /** Removes partition directories that no catalogue entry explains (a crash mid-delete). */
  async removeStrays(log: (message: string) => void): Promise<void> {
    for (const l of this.logs.allLogs()) {
      const t = this.store.get(l.topic);
      if (!t || l.partition >= t.partitions) {
        log(`removing partition directory ${l.topic}-${l.partition}: the topic catalogue does not list it`);
        await this.logs.deleteLog(l.topic, l.partition);
      }
    }
  }
}

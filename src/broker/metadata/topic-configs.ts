/**
 * Topic-level configs under Kafka's names, types and limits. A topic keeps
 * only the values set on it; everything else falls back to the broker
 * setting it derives from (its synonym), which may itself be a static
 * `kgo serve -c` setting, a dynamic broker config or Kafka's default.
 */
import type { BrokerSettings } from '../config.js';

/** DescribeConfigs' config sources (Kafka's ConfigSource ids). */
export const ConfigSource = { topic: 1, dynamicBroker: 2, dynamicDefaultBroker: 3, staticBroker: 4, default: 5 } as const;
/** Config resource types (Kafka's ConfigResource.Type ids). */
export const ResourceType = { topic: 2, broker: 4 } as const;
/** DescribeConfigs v3+ config types (Kafka's ConfigType ids). */
export const ConfigType = { boolean: 1, string: 2, int: 3, long: 5, double: 6, list: 7 } as const;

export interface TopicConfigDef {
  /** The broker setting this topic config overrides, when there is one. */
  brokerSynonym?: string;
  type: (typeof ConfigType)[keyof typeof ConfigType];
  doc: string;
  defaultValue(settings: BrokerSettings): string;
  /** Returns a problem with the value, or undefined. */
  validate(value: string): string | undefined;
}

const INT_MAX = 2147483647;
const LONG_MAX = '9223372036854775807';
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) => (value: string) =>
  (/^-?\d+$/.test(value) && Number(value) >= min && Number(value) <= max) || (max > INT_MAX && value === LONG_MAX)
    ? undefined
    : `must be a whole number from ${min} to ${max > INT_MAX ? LONG_MAX : max}`;
const oneOf = (...allowed: string[]) => (value: string) =>
  allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}`;
const listOf = (...allowed: string[]) => (value: string) =>
  value.split(',').every((v) => allowed.includes(v.trim())) ? undefined : `must be a comma-separated list of ${allowed.join(', ')}`;
const ratio = (value: string) => (/^\d*\.?\d+$/.test(value) && Number(value) <= 1 ? undefined : 'must be a number from 0 to 1');
const long = (s: number) => (s >= Number.MAX_SAFE_INTEGER ? LONG_MAX : String(s));

const T = ConfigType;

export const topicConfigDefs: Readonly<Record<string, TopicConfigDef>> = {
  'cleanup.policy': { brokerSynonym: 'log.cleanup.policy', type: T.list, doc: 'delete: old segments go by retention.ms/retention.bytes; compact: only the last record of each key is kept; both: compact,delete', defaultValue: (s) => s.logCleanupPolicy, validate: listOf('delete', 'compact') },
  'retention.ms': { brokerSynonym: 'log.retention.ms', type: T.long, doc: 'Delete closed segments whose newest record is older than this; -1: keep forever', defaultValue: (s) => long(s.logRetentionMs), validate: wholeNumber(-1) },
  'retention.bytes': { brokerSynonym: 'log.retention.bytes', type: T.long, doc: 'Delete the oldest closed segments while a partition is larger than this; -1: no limit', defaultValue: (s) => long(s.logRetentionBytes), validate: wholeNumber(-1) },
  'segment.bytes': { brokerSynonym: 'log.segment.bytes', type: T.int, doc: 'Roll to a new segment file when one reaches this size', defaultValue: (s) => String(s.segmentBytes), validate: wholeNumber(14, INT_MAX) },
  'segment.ms': { brokerSynonym: 'log.roll.ms', type: T.long, doc: 'Roll to a new segment file when the active one is this old', defaultValue: (s) => long(s.segmentMs), validate: wholeNumber(1) },
  'segment.index.bytes': { brokerSynonym: 'log.index.size.max.bytes', type: T.int, doc: 'Size of the offset index of a segment (accepted; kgo indexes grow as needed)', defaultValue: () => String(10 * 1024 * 1024), validate: wholeNumber(4, INT_MAX) },
  'index.interval.bytes': { brokerSynonym: 'log.index.interval.bytes', type: T.int, doc: 'Bytes of log between two offset index entries', defaultValue: (s) => String(s.indexIntervalBytes), validate: wholeNumber(0, INT_MAX) },
  'max.message.bytes': { brokerSynonym: 'message.max.bytes', type: T.int, doc: 'Largest record batch accepted', defaultValue: (s) => String(s.messageMaxBytes), validate: wholeNumber(0, INT_MAX) },
  'message.timestamp.type': { brokerSynonym: 'log.message.timestamp.type', type: T.string, doc: 'CreateTime: the producer\'s timestamps; LogAppendTime: the broker stamps each batch', defaultValue: () => 'CreateTime', validate: oneOf('CreateTime', 'LogAppendTime') },
  'delete.retention.ms': { brokerSynonym: 'log.cleaner.delete.retention.ms', type: T.long, doc: 'How long tombstones stay readable in a compacted topic', defaultValue: (s) => long(s.logCleanerDeleteRetentionMs), validate: wholeNumber(0) },
  'min.cleanable.dirty.ratio': { brokerSynonym: 'log.cleaner.min.cleanable.ratio', type: T.double, doc: 'Dirty share of the log (0 to 1) at which it is compacted', defaultValue: (s) => String(s.logCleanerMinCleanableRatio), validate: ratio },
  'min.compaction.lag.ms': { brokerSynonym: 'log.cleaner.min.compaction.lag.ms', type: T.long, doc: 'Records stay uncompacted at least this long', defaultValue: (s) => long(s.logCleanerMinCompactionLagMs), validate: wholeNumber(0) },
  'max.compaction.lag.ms': { brokerSynonym: 'log.cleaner.max.compaction.lag.ms', type: T.long, doc: 'Records are compacted within about this long, whatever the dirty ratio', defaultValue: (s) => long(s.logCleanerMaxCompactionLagMs), validate: wholeNumber(1) },
  'flush.messages': { brokerSynonym: 'log.flush.interval.messages', type: T.long, doc: 'Fsync a partition once this many records are not yet on disk; the produce request that reaches it is answered after that fsync (acks=all always is)', defaultValue: (s) => long(s.flushIntervalMessages), validate: wholeNumber(1) },
  'flush.ms': { brokerSynonym: 'log.flush.interval.ms', type: T.long, doc: 'Fsync a partition holding records not yet on disk once this long has passed since its last fsync', defaultValue: (s) => (s.flushIntervalMs >= 0 ? long(s.flushIntervalMs) : LONG_MAX), validate: wholeNumber(0) },
  'min.insync.replicas': { brokerSynonym: 'min.insync.replicas', type: T.int, doc: 'Accepted for compatibility: a single node is the only replica', defaultValue: () => '1', validate: wholeNumber(1, INT_MAX) },
  'compression.type': { brokerSynonym: 'compression.type', type: T.string, doc: 'Accepted for compatibility: batches are stored as the producer compressed them', defaultValue: () => 'producer', validate: oneOf('producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd') },
};

/** Returns a problem with the name/value pair (for INVALID_CONFIG), or undefined. */
export function topicConfigProblem(name: string, value: string | null): string | undefined {
  const def = topicConfigDefs[name];
  if (!def) return `unknown topic config ${name}`;
  if (value === null) return undefined;
  const problem = def.validate(value);
  return problem ? `invalid value "${value}" for ${name}: ${problem}` : undefined;
}

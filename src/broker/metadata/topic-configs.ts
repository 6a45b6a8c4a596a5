/**
 * Topic-level configs under Kafka's names. A topic keeps only the values set
 * on it; everything else falls back to the broker setting it derives from.
 */
import type { BrokerSettings } from '../config.js';

/** DescribeConfigs' config sources (Kafka's ConfigSource ids). */
export const ConfigSource = { topic: 1, staticBroker: 4, default: 5 } as const;
/** Config resource types (Kafka's ConfigResource.Type ids). */
export const ResourceType = { topic: 2, broker: 4 } as const;

export interface TopicConfigDef {
  /** The broker setting this topic config overrides, when there is one. */
  brokerSynonym?: string;
  defaultValue(settings: BrokerSettings): string;
  /** Returns a problem with the value, or undefined. */
  validate(value: string): string | undefined;
}

const INT_MAX = 2147483647;
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) => (value: string) =>
  (/^-?\d+$/.test(value) && Number(value) >= min && Number(value) <= max) || (max > INT_MAX && value === '9223372036854775807')
    ? undefined
    : `must be a whole number from ${min} to ${max}`;
const oneOf = (...allowed: string[]) => (value: string) =>
  value.split(',').every((v) => allowed.includes(v.trim())) ? undefined : `must be one of ${allowed.join(', ')}`;
const ratio = (value: string) => (/^\d*\.?\d+$/.test(value) && Number(value) <= 1 ? undefined : 'must be a number between 0 and 1');

export const topicConfigDefs: Readonly<Record<string, TopicConfigDef>> = {
  'cleanup.policy': { brokerSynonym: 'log.cleanup.policy', defaultValue: () => 'delete', validate: oneOf('delete', 'compact') },
  'retention.ms': { brokerSynonym: 'log.retention.ms', defaultValue: () => String(7 * 24 * 3600 * 1000), validate: wholeNumber(-1) },
  'retention.bytes': { brokerSynonym: 'log.retention.bytes', defaultValue: () => '-1', validate: wholeNumber(-1) },
  'segment.bytes': { brokerSynonym: 'log.segment.bytes', defaultValue: (s) => String(s.segmentBytes), validate: wholeNumber(14, INT_MAX) },
  'segment.ms': { brokerSynonym: 'log.roll.ms', defaultValue: (s) => String(s.segmentMs), validate: wholeNumber(1) },
  'segment.index.bytes': { brokerSynonym: 'log.index.size.max.bytes', defaultValue: () => String(10 * 1024 * 1024), validate: wholeNumber(4, INT_MAX) },
  'index.interval.bytes': { brokerSynonym: 'log.index.interval.bytes', defaultValue: (s) => String(s.indexIntervalBytes), validate: wholeNumber(0, INT_MAX) },
  'max.message.bytes': { brokerSynonym: 'message.max.bytes', defaultValue: (s) => String(s.messageMaxBytes), validate: wholeNumber(0, INT_MAX) },
  'message.timestamp.type': { brokerSynonym: 'log.message.timestamp.type', defaultValue: () => 'CreateTime', validate: oneOf('CreateTime', 'LogAppendTime') },
  'delete.retention.ms': { brokerSynonym: 'log.cleaner.delete.retention.ms', defaultValue: () => String(24 * 3600 * 1000), validate: wholeNumber(0) },
  'min.cleanable.dirty.ratio': { brokerSynonym: 'log.cleaner.min.cleanable.ratio', defaultValue: () => '0.5', validate: ratio },
  'min.compaction.lag.ms': { brokerSynonym: 'log.cleaner.min.compaction.lag.ms', defaultValue: () => '0', validate: wholeNumber(0) },
  'max.compaction.lag.ms': { brokerSynonym: 'log.cleaner.max.compaction.lag.ms', defaultValue: () => '9223372036854775807', validate: wholeNumber(1) },
  'flush.messages': { brokerSynonym: 'log.flush.interval.messages', defaultValue: (s) => String(s.flushIntervalMessages), validate: wholeNumber(1) },
  'flush.ms': { brokerSynonym: 'log.flush.interval.ms', defaultValue: () => '9223372036854775807', validate: wholeNumber(0) },
  'min.insync.replicas': { brokerSynonym: 'min.insync.replicas', defaultValue: () => '1', validate: wholeNumber(1, INT_MAX) },
  'compression.type': { brokerSynonym: 'compression.type', defaultValue: () => 'producer', validate: oneOf('producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd') },
};

/** Returns a problem with the name/value pair (for INVALID_CONFIG), or undefined. */
export function topicConfigProblem(name: string, value: string | null): string | undefined {
  const def = topicConfigDefs[name];
  if (!def) return `unknown topic config ${name}`;
  if (value === null) return undefined;
  const problem = def.validate(value);
  return problem ? `invalid value "${value}" for ${name}: ${problem}` : undefined;
}

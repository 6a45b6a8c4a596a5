/**
 * Broker settings, under Kafka's names and with Kafka's defaults except where
 * a developer's local broker wants otherwise (group.initial.rebalance.delay.ms
 * is 0: a test suite should not wait three seconds for every group).
 *
 * Settings come from `--config FILE` (Java properties syntax) and `-c k=v`; an
 * unknown name is refused with a suggestion, because a typo that is silently
 * ignored is worse than no setting at all.
 */
import { UsageError } from '../common/index.js';

type Kind = 'bool' | 'int' | 'long' | 'double' | 'string' | 'list';

export interface SettingDef {
  kind: Kind;
  default: string;
  doc: string;
  min?: number;
  /** For 'list' settings: the values each item may take. */
  allowed?: readonly string[];
  /** May be changed at runtime with AlterConfigs on the broker resource. */
  dynamic?: boolean;
}

const MIB = 1024 * 1024;

/**
 * Partitions one topic may have. Each partition holds open files and a
 * directory, so a single request must not be able to ask for unbounded ones.
 */
export const TOPIC_PARTITIONS_MAX = 10_000;

export const brokerSettingDefs: Readonly<Record<string, SettingDef>> = {
  'node.id': { kind: 'int', default: '0', doc: 'Id of this broker in Metadata answers', min: 0 },
  'auto.create.topics.enable': { kind: 'bool', default: 'true', doc: 'Create unknown topics on Metadata or Produce' },
  'num.partitions': { kind: 'int', default: '1', doc: 'Partitions of an auto-created topic', min: 1 },
  'default.replication.factor': { kind: 'int', default: '1', doc: 'Accepted for compatibility; one node keeps one replica', min: 1 },
  'message.max.bytes': { kind: 'int', default: '1048588', doc: 'Largest record batch accepted (topic: max.message.bytes)', min: 0 },
  'socket.request.max.bytes': { kind: 'int', default: String(100 * MIB), doc: 'Largest request frame; a larger one closes the connection', min: 1 },
  'log.segment.bytes': { kind: 'int', default: String(1024 * MIB), doc: 'Roll a segment when it reaches this size', min: 14 },
  'log.roll.ms': { kind: 'long', default: String(7 * 24 * 3600 * 1000), doc: 'Roll a segment when it is this old', min: 1 },
  'log.index.interval.bytes': { kind: 'int', default: '4096', doc: 'Bytes of log between two offset index entries', min: 0 },
  'log.flush.interval.messages': { kind: 'long', default: String(Number.MAX_SAFE_INTEGER), doc: 'Fsync a partition once this many records are not yet on disk, before answering the produce that reached it (acks=all always fsyncs)', min: 1 },
  'log.flush.interval.ms': { kind: 'long', default: '-1', doc: 'Fsync a partition holding records not yet on disk once this long has passed since its last fsync; -1: never', min: 0 },
  'group.initial.rebalance.delay.ms': { kind: 'int', default: '0', doc: 'Wait for more members before the first rebalance of an empty group', min: 0 },
  'group.min.session.timeout.ms': { kind: 'int', default: '6000', doc: 'Smallest session timeout a member may ask for', min: 0 },
  'group.max.session.timeout.ms': { kind: 'int', default: '1800000', doc: 'Largest session timeout a member may ask for', min: 0 },
  'offsets.topic.num.partitions': { kind: 'int', default: '50', doc: 'Partitions of __consumer_offsets (fixed once created)', min: 1 },
  'offsets.retention.minutes': { kind: 'int', default: '10080', doc: 'Keep offsets of an empty group this long', min: 1 },
  'offset.metadata.max.bytes': { kind: 'int', default: '4096', doc: 'Largest metadata string of an offset commit', min: 0 },
  'max.connections': { kind: 'int', default: '10000', doc: 'Connections accepted at once', min: 1 },
  'connections.max.idle.ms': { kind: 'long', default: '600000', doc: 'Close connections idle for this long', min: 1 },
  'fetch.max.bytes': { kind: 'int', default: '57671680', doc: 'Largest fetch answer, whatever a client asks for', min: 1024 },
  'log.cleanup.policy': { kind: 'list', default: 'delete', doc: 'What happens to old segments: delete (retention), compact (keep the last record per key), or both', allowed: ['delete', 'compact'], dynamic: true },
  'log.retention.ms': { kind: 'long', default: String(7 * 24 * 3600 * 1000), doc: 'Delete closed segments whose newest record is older than this; -1: keep forever', min: -1, dynamic: true },
  'log.retention.bytes': { kind: 'long', default: '-1', doc: 'Delete the oldest closed segments while a partition is larger than this; -1: no limit', min: -1, dynamic: true },
  'log.retention.check.interval.ms': { kind: 'long', default: '300000', doc: 'How often retention looks for segments to delete', min: 1, dynamic: true },
  'log.cleaner.enable': { kind: 'bool', default: 'true', doc: 'Run the log cleaner for topics with cleanup.policy=compact' },
  'log.cleaner.backoff.ms': { kind: 'long', default: '15000', doc: 'How long the log cleaner sleeps when no log needs cleaning', min: 0, dynamic: true },
  'log.cleaner.delete.retention.ms': { kind: 'long', default: String(24 * 3600 * 1000), doc: 'How long tombstones stay readable in compacted topics', min: 0, dynamic: true },
  'log.cleaner.min.cleanable.ratio': { kind: 'double', default: '0.5', doc: 'Dirty share of a log (0 to 1) at which it is compacted', min: 0, dynamic: true },
  'log.cleaner.min.compaction.lag.ms': { kind: 'long', default: '0', doc: 'Records stay uncompacted at least this long', min: 0, dynamic: true },
  'log.cleaner.max.compaction.lag.ms': { kind: 'long', default: '9223372036854775807', doc: 'Records are compacted within about this long whatever the dirty ratio', min: 1, dynamic: true },
  // Kafka's default is unlimited; a developer's broker shares its disk and core
  // with everything else on the machine, so kgo cleans at a pace that keeps
  // produce latency flat (the compaction bench measures both).
  'log.cleaner.io.max.bytes.per.second': { kind: 'double', default: '50000000', doc: 'Bytes per second the log cleaner may read and write, so produce latency holds (kgo: 50 MB/s; Kafka: unlimited)', min: 1, dynamic: true },
  'transaction.max.timeout.ms': { kind: 'int', default: '900000', doc: 'Largest transaction timeout a producer may ask for', min: 1 },
  'transactional.id.expiration.ms': { kind: 'int', default: '604800000', doc: 'Forget a transactional id idle this long', min: 1 },
  'producer.id.expiration.ms': { kind: 'int', default: '86400000', doc: "Drop an idle idempotent producer's sequence state after this long", min: 1 },
  'transaction.abort.timed.out.transaction.cleanup.interval.ms': { kind: 'int', default: '1000', doc: 'How often transactions past their timeout are looked for and aborted', min: 1 },
};

export interface BrokerSettings {
  nodeId: number;
  autoCreateTopics: boolean;
  numPartitions: number;
  messageMaxBytes: number;
  requestFrameBytesMax: number;
  segmentBytes: number;
  segmentMs: number;
  indexIntervalBytes: number;
  flushIntervalMessages: number;
  flushIntervalMs: number;
  groupInitialRebalanceDelayMs: number;
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
  offsetsTopicPartitions: number;
  offsetsRetentionMs: number;
  offsetMetadataMaxBytes: number;
  connectionsMax: number;
  connectionIdleMs: number;
  fetchMaxBytes: number;
  logCleanupPolicy: string;
  logRetentionMs: number;
  logRetentionBytes: number;
  logRetentionCheckIntervalMs: number;
  logCleanerEnable: boolean;
  logCleanerBackoffMs: number;
  logCleanerDeleteRetentionMs: number;
  logCleanerMinCleanableRatio: number;
  logCleanerMinCompactionLagMs: number;
  logCleanerMaxCompactionLagMs: number;
  logCleanerIoMaxBytesPerSecond: number;
  transactionMaxTimeoutMs: number;
  transactionalIdExpirationMs: number;
  producerIdExpirationMs: number;
  transactionAbortCheckIntervalMs: number;
}

/** Parses Java properties text: `key=value` or `key: value`, `#`/`!` comments. */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (!m) throw new UsageError(`cannot read the setting line "${line}"`, 'write settings as key=value');
    out[m[1]!] = m[2]!;
  }
  return out;
}

function closestName(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of Object.keys(brokerSettingDefs)) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/** A problem with `value` for the setting `name` (naming both and what is allowed), or undefined. */
export function brokerSettingProblem(name: string, value: string): string | undefined {
  const def = brokerSettingDefs[name];
  if (!def) return `unknown broker setting ${name}`;
  try {
    parseValue(name, def, value);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function parseValue(name: string, def: SettingDef, value: string): number | boolean | string {
  if (def.kind === 'bool') {
    if (value === 'true' || value === 'false') return value === 'true';
    throw new UsageError(`setting ${name} must be true or false, not "${value}"`);
  }
  if (def.kind === 'string') return value;
  if (def.kind === 'list') {
    const items = value.split(',').map((v) => v.trim());
    if (items.length === 0 || items.some((v) => !def.allowed?.includes(v))) {
      throw new UsageError(`setting ${name} must be a comma-separated list of ${def.allowed?.join(', ')}, not "${value}"`);
    }
    return items.join(',');
  }
  if (def.kind === 'double') {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`setting ${name} must be a number, not "${value}"`);
    if (def.min !== undefined && n < def.min) throw new UsageError(`setting ${name} must be at least ${def.min}, not ${value}`);
    if (name === 'log.cleaner.min.cleanable.ratio' && n > 1) throw new UsageError(`setting ${name} must be a number from 0 to 1, not ${value}`);
    return n;
  }
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`setting ${name} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) && value.trim() !== '9223372036854775807') {
    throw new UsageError(`setting ${name} is out of range: ${value}`);
  }
  const bounded = Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER;
  if (def.kind === 'int' && bounded > 2147483647) throw new UsageError(`setting ${name} must fit in 32 bits: ${value}`);
  if (def.min !== undefined && bounded < def.min && !(name === 'log.flush.interval.ms' && bounded === -1)) {
    throw new UsageError(`setting ${name} must be at least ${def.min}, not ${value}`);
  }
  return bounded;
}

/** Validates raw settings and returns the typed view the broker uses. */
export function resolveBrokerSettings(raw: Record<string, string>): BrokerSettings {
  const values: Record<string, number | boolean | string> = {};
  for (const [name, def] of Object.entries(brokerSettingDefs)) values[name] = parseValue(name, def, def.default);
  for (const [name, value] of Object.entries(raw)) {
    const def = brokerSettingDefs[name];
    if (!def) {
      const suggestion = closestName(name);
      throw new UsageError(
        `unknown broker setting "${name}"`,
        suggestion ? `did you mean ${suggestion}?` : 'kgo serve --help lists the settings it knows',
      );
    }
    values[name] = parseValue(name, def, value);
  }
  const n = (k: string) => values[k] as number;
  return {
    nodeId: n('node.id'),
    autoCreateTopics: values['auto.create.topics.enable'] as boolean,
    numPartitions: n('num.partitions'),
    messageMaxBytes: n('message.max.bytes'),
    requestFrameBytesMax: n('socket.request.max.bytes'),
    segmentBytes: n('log.segment.bytes'),
    segmentMs: n('log.roll.ms'),
    indexIntervalBytes: n('log.index.interval.bytes'),
    flushIntervalMessages: n('log.flush.interval.messages'),
    flushIntervalMs: n('log.flush.interval.ms'),
    groupInitialRebalanceDelayMs: n('group.initial.rebalance.delay.ms'),
    groupMinSessionTimeoutMs: n('group.min.session.timeout.ms'),
    groupMaxSessionTimeoutMs: n('group.max.session.timeout.ms'),
    offsetsTopicPartitions: n('offsets.topic.num.partitions'),
    offsetsRetentionMs: n('offsets.retention.minutes') * 60_000,
    offsetMetadataMaxBytes: n('offset.metadata.max.bytes'),
    connectionsMax: n('max.connections'),
    connectionIdleMs: n('connections.max.idle.ms'),
    fetchMaxBytes: n('fetch.max.bytes'),
    logCleanupPolicy: values['log.cleanup.policy'] as string,
    logRetentionMs: n('log.retention.ms'),
    logRetentionBytes: n('log.retention.bytes'),
    logRetentionCheckIntervalMs: n('log.retention.check.interval.ms'),
    logCleanerEnable: values['log.cleaner.enable'] as boolean,
    logCleanerBackoffMs: n('log.cleaner.backoff.ms'),
    logCleanerDeleteRetentionMs: n('log.cleaner.delete.retention.ms'),
    logCleanerMinCleanableRatio: n('log.cleaner.min.cleanable.ratio'),
    logCleanerMinCompactionLagMs: n('log.cleaner.min.compaction.lag.ms'),
    logCleanerMaxCompactionLagMs: n('log.cleaner.max.compaction.lag.ms'),
    logCleanerIoMaxBytesPerSecond: n('log.cleaner.io.max.bytes.per.second'),
    transactionMaxTimeoutMs: n('transaction.max.timeout.ms'),
    transactionalIdExpirationMs: n('transactional.id.expiration.ms'),
    producerIdExpirationMs: n('producer.id.expiration.ms'),
    transactionAbortCheckIntervalMs: n('transaction.abort.timed.out.transaction.cleanup.interval.ms'),
  };
}

/** `-c key=value` items to a record. */
export function parseSettingPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`"-c ${pair}" is not key=value`, 'for example: -c num.partitions=3');
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

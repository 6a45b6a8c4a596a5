/**
 * LogConfig: the per-partition settings storage acts on, under the names of
 * the topic configs they come from. Retention and cleaner fields are
 * optional; absent ones take Kafka's defaults (retentionSettings).
 */

export interface LogConfig {
  /** Roll to a new segment before one would exceed this (log.segment.bytes). */
  segmentBytes: number;
  /** Roll once the active segment is this old (log.roll.ms). */
  segmentMs: number;
  /** Bytes of log between two sparse index entries (log.index.interval.bytes). */
  indexIntervalBytes: number;
  /**
   * Records not yet fdatasync'ed at which a flush is due (flush.messages):
   * the broker answers the produce request that reaches it after that flush.
   * Absent: never for this reason.
   */
  flushMessages?: number;
  /** A log with unflushed records is flushed once this long has passed since its last flush (flush.ms); absent: never. */
  flushMs?: number;
  /** Largest batch accepted (max.message.bytes); the broker validates first, this is a last guard. */
  maxMessageBytes?: number;
  /**
   * cleanup.policy: 'delete' lets retention remove old segments, 'compact'
   * lets the LogCleaner keep only the last record per key; absent: 'delete'.
   */
  cleanupPolicy?: CleanupPolicy;
  /** Closed segments whose newest batch is older than this are deleted (retention.ms); -1: never. */
  retentionMs?: number;
  /** Oldest closed segments go while the log is larger than this (retention.bytes); -1: never. */
  retentionBytes?: number;
  /** Tombstones outlive the cleaning that finds them by this long (delete.retention.ms). */
  deleteRetentionMs?: number;
  /** Clean once dirty bytes / cleanable bytes reaches this (min.cleanable.dirty.ratio). */
  minCleanableDirtyRatio?: number;
  /** Records stay uncompacted for at least this long (min.compaction.lag.ms). */
  minCompactionLagMs?: number;
  /** Dirty records are compacted within about this long, whatever the ratio (max.compaction.lag.ms). */
  maxCompactionLagMs?: number;
}

export interface CleanupPolicy {
  delete: boolean;
  compact: boolean;
}

/** Kafka's defaults for the retention and cleaner fields a LogConfig leaves out. */
export const LOG_RETENTION_DEFAULTS = {
  cleanupPolicy: { delete: true, compact: false } as CleanupPolicy,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  retentionBytes: -1,
  deleteRetentionMs: 24 * 60 * 60 * 1000,
  minCleanableDirtyRatio: 0.5,
  minCompactionLagMs: 0,
  maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
} as const;

/** The retention and cleaner fields of `config`, with Kafka's defaults filled in. */
export function retentionSettings(config: LogConfig): Required<Pick<LogConfig, keyof typeof LOG_RETENTION_DEFAULTS>> {
  return {
    cleanupPolicy: config.cleanupPolicy ?? LOG_RETENTION_DEFAULTS.cleanupPolicy,
    retentionMs: config.retentionMs ?? LOG_RETENTION_DEFAULTS.retentionMs,
    retentionBytes: config.retentionBytes ?? LOG_RETENTION_DEFAULTS.retentionBytes,
    deleteRetentionMs: config.deleteRetentionMs ?? LOG_RETENTION_DEFAULTS.deleteRetentionMs,
    minCleanableDirtyRatio: config.minCleanableDirtyRatio ?? LOG_RETENTION_DEFAULTS.minCleanableDirtyRatio,
    minCompactionLagMs: config.minCompactionLagMs ?? LOG_RETENTION_DEFAULTS.minCompactionLagMs,
    maxCompactionLagMs: config.maxCompactionLagMs ?? LOG_RETENTION_DEFAULTS.maxCompactionLagMs,
  };
}

export const DEFAULT_LOG_CONFIG: LogConfig = {
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 60 * 60 * 1000,
  indexIntervalBytes: 4096,
};


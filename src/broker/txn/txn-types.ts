/** Transaction coordinator state and settings (Kafka's names and defaults). */

export const TXN_STATES = ['Empty', 'Ongoing', 'PrepareCommit', 'PrepareAbort', 'CompleteCommit', 'CompleteAbort', 'Dead'] as const;
export type TxnState = (typeof TXN_STATES)[number];

/** Allowed transitions, checked on every change (Kafka's TransactionState.validPreviousStates). */
const NEXT_STATES: Record<TxnState, readonly TxnState[]> = {
  Empty: ['Empty', 'Ongoing', 'PrepareAbort', 'Dead'],
  Ongoing: ['Ongoing', 'PrepareCommit', 'PrepareAbort'],
  PrepareCommit: ['CompleteCommit'],
  PrepareAbort: ['CompleteAbort'],
  CompleteCommit: ['Empty', 'Ongoing', 'PrepareAbort', 'Dead'],
  CompleteAbort: ['Empty', 'Ongoing', 'PrepareAbort', 'Dead'],
  Dead: [],
};

export function canTransition(from: TxnState, to: TxnState): boolean {
  return NEXT_STATES[from].includes(to);
}

export interface TxnOffset {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TxnMetadata {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  /** Partitions written in the current transaction, `${partition}:${topic}` keys. */
  partitions: Map<string, TopicPartition>;
  /** Offsets sent with TxnOffsetCommit, by group, applied on commit. */
  offsets: Map<string, TxnOffset[]>;
  startTimeMs: number;
  lastUpdateMs: number;
}

export interface TxnConfig {
  /** transaction.max.timeout.ms: larger client timeouts get INVALID_TRANSACTION_TIMEOUT. */
  maxTimeoutMs: number;
  /** transactional.id.expiration.ms: idle transactional ids are forgotten. */
  transactionalIdExpirationMs: number;
  /** producer.id.expiration.ms: idle producers' sequence state is dropped. */
  producerIdExpirationMs: number;
  /** transaction.abort.timed.out.transaction.cleanup.interval.ms. */
  abortCheckIntervalMs: number;
  /** How often producer state is snapshotted (Kafka snapshots on segment roll; kgo on a timer and at close). */
  snapshotIntervalMs: number;
}

export const DEFAULT_TXN_CONFIG: TxnConfig = {
  maxTimeoutMs: 15 * 60 * 1000,
  transactionalIdExpirationMs: 7 * 24 * 60 * 60 * 1000,
  producerIdExpirationMs: 24 * 60 * 60 * 1000,
  // Kafka checks every 10 s; a local broker answers abandoned transactions sooner.
  abortCheckIntervalMs: 1000,
  snapshotIntervalMs: 60_000,
};

export function partitionKey(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}

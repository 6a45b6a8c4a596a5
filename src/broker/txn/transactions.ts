/**
 * Idempotence and transactions wired into a running broker: the producer
 * state of every partition, producer id blocks in meta/, the transaction
 * coordinator over `__transaction_state`, and the marker writer it uses.
 * Handlers reach it with `transactionsOf(ctx.broker)`.
 */
import * as path from 'node:path';
import type { Clock } from '../../common/index.js';
import type { BatchHeader } from '../../protocol/index.js';
import { LogManager, type FileSystem, type Log } from '../../storage/index.js';
import type { BrokerCore } from '../broker-core.js';
import type { GroupCoordinator } from '../coordinator/index.js';
import type { Topics } from '../metadata/topics.js';
import { ProducerIdManager } from './producer-ids.js';
import { ProducerSnapshots, type PartitionIdentity } from './producer-snapshots.js';
import type { AppendCheck } from './producer-state.js';
import { ProducerStates, type MarkerInput } from './producer-states.js';
import { TransactionCoordinator } from './transaction-coordinator.js';
import { TransactionStateTopic } from './txn-log.js';
import { DEFAULT_TXN_CONFIG, type TopicPartition, type TxnConfig } from './txn-types.js';

export interface Transactions {
  readonly producerStates: ProducerStates;
  readonly coordinator: TransactionCoordinator;
  /** Before appending a batch of an idempotent producer: append, answer the earlier offset, or refuse. */
  checkAppend(log: Log, header: BatchHeader): AppendCheck;
  /** After appending it: remember its sequences (and open its transaction). */
  recordAppend(log: Log, header: BatchHeader, baseOffset: number): void;
  /** The last stable offset of a partition (read_committed's upper bound). */
  lastStableOffset(log: Log): number;
  /** Stops the periodic work and snapshots the producer state, for a quick next start. */
  close(): Promise<void>;
}

/** What the broker object carries so handlers can find the transactions (see broker.ts). */
export interface WithTransactions {
  readonly transactions: Transactions;
}

export function transactionsOf(broker: BrokerCore): Transactions | undefined {
  return (broker as Partial<WithTransactions>).transactions;
}

export interface TransactionsOptions {
  dataDir: string;
  fs: FileSystem;
  clock: Clock;
  topics: Topics;
  groups: GroupCoordinator;
  config?: Partial<TxnConfig>;
  log(message: string): void;
}

export async function openTransactions(opts: TransactionsOptions): Promise<Transactions> {
  const { topics, clock } = opts;
  const config = { ...DEFAULT_TXN_CONFIG, ...opts.config };
  const snapshots = new ProducerSnapshots(opts.fs, opts.dataDir, (log) => identify(topics, log), opts.log);
  const producerStates = new ProducerStates(config.producerIdExpirationMs, snapshots);
  let snapshotting: Promise<void> | undefined;
  let lastSnapshotMs = clock.nowMs();
  const snapshot = () => {
    lastSnapshotMs = clock.nowMs();
    snapshotting ??= producerStates
      .snapshotAll()
      .catch((err: Error) => opts.log(`producer state snapshot failed: ${err.message}`))
      .finally(() => (snapshotting = undefined));
    return snapshotting;
  };
  const ids = ProducerIdManager.open(opts.fs, opts.dataDir);
  const stateTopic = await TransactionStateTopic.open(topics);
  const loaded = await stateTopic.readAll(opts.log);

  const writeMarkers = async (partitions: TopicPartition[], marker: MarkerInput) => {
    const flushes: Promise<void>[] = [];
    for (const { topic, partition } of partitions) {
      const log = topics.log(topic, partition);
      if (!log) continue; // deleted since: nothing left to mark
      const { baseOffset, bytes } = producerStates.writeMarker(log, marker, clock.nowMs());
      topics.notifyAppend(topic, partition, bytes);
      flushes.push(log.flush(baseOffset + 1));
    }
    await Promise.all(flushes);
  };

  const coordinator = new TransactionCoordinator({
    clock,
    config,
    store: stateTopic,
    allocateProducerId: () => ids.allocate(),
    writeMarkers,
    commitOffsets: (groupId, offsets) => opts.groups.commitTransactionalOffsets(groupId, offsets),
    partitionExists: (topic, partition) => topics.log(topic, partition) !== undefined,
    onTick: () => {
      producerStates.expire(topics.logs.allLogs().map((l) => l.log), clock.nowMs());
      if (clock.nowMs() - lastSnapshotMs >= config.snapshotIntervalMs) void snapshot();
    },
    log: opts.log,
  });
  coordinator.start(loaded);

  return {
    producerStates,
    coordinator,
    checkAppend: (log, header) => producerStates.of(log).checkAppend(header),
    recordAppend: (log, header, baseOffset) => producerStates.of(log).onAppend(header, baseOffset, clock.nowMs()),
    lastStableOffset: (log) => producerStates.lastStableOffset(log),
    close: async () => {
      coordinator.close();
      await snapshotting;
      await snapshot();
    },
  };
}

/** The partition `log` serves, if it is still the catalogue's log for it. */
function identify(topics: Topics, log: Log): PartitionIdentity | undefined {
  const parsed = LogManager.parseDirName(path.basename(log.dir));
  if (!parsed || topics.log(parsed.topic, parsed.partition) !== log) return undefined;
  const topic = topics.get(parsed.topic);
  return topic ? { ...parsed, topicId: topic.id } : undefined;
}

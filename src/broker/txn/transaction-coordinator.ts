/**
 * The transaction coordinator of a single-node broker: it owns every
 * transactional id (producer id and epoch, state, partitions and group
 * offsets of the open transaction), persists each change through the
 * TxnStore before answering, and ends transactions by writing COMMIT/ABORT
 * markers to every partition involved.
 *
 * A transactional id moves Empty -> Ongoing -> PrepareCommit|PrepareAbort ->
 * CompleteCommit|CompleteAbort -> Ongoing ... A Prepare* state is the
 * durable decision: after a crash it is completed again (markers rewritten,
 * offsets applied). An Ongoing transaction older than its timeout is aborted
 * with a bumped epoch, which fences the producer that abandoned it.
 * One change per id at a time; a request arriving meanwhile gets
 * CONCURRENT_TRANSACTIONS (retriable).
 */
import { assert, type Clock } from '../../common/index.js';
import { ErrorCode } from '../../protocol/index.js';
import type { MarkerInput } from './producer-states.js';
import type { TxnStore } from './txn-log.js';
import {
  canTransition,
  partitionKey,
  type TopicPartition,
  type TxnConfig,
  type TxnMetadata,
  type TxnOffset,
  type TxnState,
} from './txn-types.js';

const E = ErrorCode;
const EPOCH_MAX = 32767;

export interface TxnCoordinatorDeps {
  clock: Clock;
  config: TxnConfig;
  store: TxnStore;
  allocateProducerId(): Promise<number>;
  /** Writes the marker to every partition; resolves once all are durable. */
  writeMarkers(partitions: TopicPartition[], marker: MarkerInput): Promise<void>;
  /** Stores a committed transaction's offsets for a group; resolves once durable. */
  commitOffsets(groupId: string, offsets: TxnOffset[]): Promise<void>;
  partitionExists(topic: string, partition: number): boolean;
  /** Called on every periodic check (producer state expiry rides along). */
  onTick?(): void;
  log(message: string): void;
}

export interface ProducerIdAndEpoch {
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

type Checked = { errorCode: number; meta?: undefined } | { errorCode: typeof E.NONE; meta: TxnMetadata };

export class TransactionCoordinator {
  private readonly txns = new Map<string, TxnMetadata>();
  private readonly busy = new Set<string>();
  private cancelTimer?: () => void;
  private closed = false;
  private checking = false;

  constructor(private readonly deps: TxnCoordinatorDeps) {}

  /** Takes the persisted metadata (latest per id) and starts the periodic check. */
  start(loaded: TxnMetadata[]): void {
    for (const m of loaded) this.txns.set(m.transactionalId, m);
    this.schedule();
  }

  close(): void {
    this.closed = true;
    this.cancelTimer?.();
  }

  get(transactionalId: string): TxnMetadata | undefined {
    return this.txns.get(transactionalId);
  }

  all(): TxnMetadata[] {
    return [...this.txns.values()];
  }

  async initProducerId(transactionalId: string | null, timeoutMs: number, expected: { producerId: number; producerEpoch: number }): Promise<ProducerIdAndEpoch> {
    if (transactionalId === null) {
      if (expected.producerId >= 0 && expected.producerEpoch >= 0 && expected.producerEpoch < EPOCH_MAX) {
        return { errorCode: E.NONE, producerId: expected.producerId, producerEpoch: expected.producerEpoch + 1 };
      }
      return { errorCode: E.NONE, producerId: await this.deps.allocateProducerId(), producerEpoch: 0 };
    }
    if (timeoutMs <= 0 || timeoutMs > this.deps.config.maxTimeoutMs) return failedInit(E.INVALID_TRANSACTION_TIMEOUT);
    if (this.busy.has(transactionalId)) return failedInit(E.CONCURRENT_TRANSACTIONS);
    this.busy.add(transactionalId);
    try {
      return await this.initTransactional(transactionalId, timeoutMs, expected);
    } catch (err) {
      this.deps.log(`transaction ${transactionalId}: InitProducerId failed: ${(err as Error).message}`);
      return failedInit(E.COORDINATOR_NOT_AVAILABLE);
    } finally {
      this.busy.delete(transactionalId);
    }
  }

  async addPartitions(transactionalId: string, producerId: number, producerEpoch: number, partitions: TopicPartition[]): Promise<Map<string, number>> {
    const results = new Map<string, number>();
    const all = (code: number) => {
      for (const tp of partitions) results.set(partitionKey(tp.topic, tp.partition), code);
      return results;
    };
    const checked = this.check(transactionalId, producerId, producerEpoch);
    if (!checked.meta) return all(checked.errorCode);
    const unknown = partitions.filter((tp) => !this.deps.partitionExists(tp.topic, tp.partition));
    if (unknown.length > 0) {
      all(E.OPERATION_NOT_ATTEMPTED);
      for (const tp of unknown) results.set(partitionKey(tp.topic, tp.partition), E.UNKNOWN_TOPIC_OR_PARTITION);
      return results;
    }
    const meta = checked.meta;
    if (meta.state === 'Ongoing' && partitions.every((tp) => meta.partitions.has(partitionKey(tp.topic, tp.partition)))) return all(E.NONE);
    const next = this.beginOrContinue(meta);
    for (const tp of partitions) next.partitions.set(partitionKey(tp.topic, tp.partition), { topic: tp.topic, partition: tp.partition });
    return all(await this.transition(next));
  }

  async addOffsets(transactionalId: string, producerId: number, producerEpoch: number, groupId: string): Promise<number> {
    const checked = this.check(transactionalId, producerId, producerEpoch);
    if (!checked.meta) return checked.errorCode;
    if (checked.meta.state === 'Ongoing' && checked.meta.offsets.has(groupId)) return E.NONE;
    const next = this.beginOrContinue(checked.meta);
    if (!next.offsets.has(groupId)) next.offsets.set(groupId, []);
    return this.transition(next);
  }

  /** Holds the offsets until the transaction ends: applied on commit, dropped on abort. */
  txnOffsetCommit(transactionalId: string, producerId: number, producerEpoch: number, groupId: string, offsets: TxnOffset[]): number {
    const checked = this.check(transactionalId, producerId, producerEpoch);
    if (!checked.meta) return checked.errorCode;
    const pending = checked.meta.offsets.get(groupId);
    if (checked.meta.state !== 'Ongoing' || !pending) return E.INVALID_TXN_STATE;
    for (const o of offsets) {
      const i = pending.findIndex((p) => p.topic === o.topic && p.partition === o.partition);
      if (i >= 0) pending[i] = o;
      else pending.push(o);
    }
    return E.NONE;
  }

  /**
   * Partitions ("topic/partition") of `groupId` with offsets held by a
   * transaction that has not ended yet: an OffsetFetch with requireStable
   * answers UNSTABLE_OFFSET_COMMIT for them, so the consumer waits.
   */
  pendingOffsetPartitions(groupId: string): Set<string> {
    const pending = new Set<string>();
    for (const meta of this.txns.values()) {
      if (meta.state !== 'Ongoing' && meta.state !== 'PrepareCommit' && meta.state !== 'PrepareAbort') continue;
      for (const o of meta.offsets.get(groupId) ?? []) pending.add(`${o.topic}/${o.partition}`);
    }
    return pending;
  }

  async endTxn(transactionalId: string, producerId: number, producerEpoch: number, commit: boolean): Promise<number> {
    const checked = this.check(transactionalId, producerId, producerEpoch);
    if (!checked.meta) return checked.errorCode;
    const state = checked.meta.state;
    if (state === 'Ongoing') return this.complete(checked.meta, commit, checked.meta.producerEpoch);
    // A retry of an end that already happened, or an empty transaction: nothing to do.
    if (state === 'Empty' || state === (commit ? 'CompleteCommit' : 'CompleteAbort')) return E.NONE;
    return E.INVALID_TXN_STATE;
  }

  /** One periodic pass: abort timed-out transactions, finish interrupted ends, forget idle ids. */
  async checkTimeouts(): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    this.deps.onTick?.();
    for (const meta of [...this.txns.values()]) {
      if (this.busy.has(meta.transactionalId)) continue;
      if (meta.state === 'Ongoing' && nowMs - meta.startTimeMs >= meta.timeoutMs) {
        this.deps.log(`transaction ${meta.transactionalId}: aborting after its ${meta.timeoutMs} ms timeout`);
        await this.complete(meta, false, Math.min(meta.producerEpoch + 1, EPOCH_MAX));
      } else if (meta.state === 'PrepareCommit' || meta.state === 'PrepareAbort') {
        await this.complete(meta, meta.state === 'PrepareCommit', meta.producerEpoch);
      } else if (isIdle(meta.state) && nowMs - meta.lastUpdateMs >= this.deps.config.transactionalIdExpirationMs) {
        await this.forget(meta);
      }
    }
  }

  private async initTransactional(transactionalId: string, timeoutMs: number, expected: { producerId: number; producerEpoch: number }): Promise<ProducerIdAndEpoch> {
    let meta = this.txns.get(transactionalId);
    const nowMs = this.deps.clock.nowMs();
    if (!meta) {
      const fresh = newMetadata(transactionalId, await this.deps.allocateProducerId(), 0, timeoutMs, nowMs);
      await this.deps.store.write(transactionalId, fresh);
      this.txns.set(transactionalId, fresh);
      return { errorCode: E.NONE, producerId: fresh.producerId, producerEpoch: 0 };
    }
    if (expected.producerId >= 0 && (expected.producerId !== meta.producerId || expected.producerEpoch !== meta.producerEpoch)) {
      return failedInit(E.PRODUCER_FENCED);
    }
    if (meta.state === 'Ongoing' || meta.state === 'PrepareAbort' || meta.state === 'PrepareCommit') {
      // A new producer instance fences the old one: its open transaction is aborted under a newer epoch.
      const code = await this.finish(meta, meta.state === 'PrepareCommit', meta.state === 'Ongoing' ? bump(meta.producerEpoch) : meta.producerEpoch);
      if (code !== E.NONE) return failedInit(code);
      meta = this.txns.get(transactionalId)!;
    }
    let producerId = meta.producerId;
    let producerEpoch = meta.producerEpoch + 1;
    if (producerEpoch >= EPOCH_MAX) {
      producerId = await this.deps.allocateProducerId();
      producerEpoch = 0;
    }
    const next = { ...newMetadata(transactionalId, producerId, producerEpoch, timeoutMs, nowMs), state: 'Empty' as TxnState };
    assert(canTransition(meta.state, 'Empty'), `transaction ${transactionalId}: ${meta.state} -> Empty`);
    await this.deps.store.write(transactionalId, next);
    this.txns.set(transactionalId, next);
    return { errorCode: E.NONE, producerId, producerEpoch };
  }

  private check(transactionalId: string, producerId: number, producerEpoch: number): Checked {
    const meta = this.txns.get(transactionalId);
    if (!meta || meta.producerId !== producerId) return { errorCode: E.INVALID_PRODUCER_ID_MAPPING };
    if (producerEpoch !== meta.producerEpoch) return { errorCode: E.PRODUCER_FENCED };
    if (this.busy.has(transactionalId) || meta.state === 'PrepareCommit' || meta.state === 'PrepareAbort') {
      return { errorCode: E.CONCURRENT_TRANSACTIONS };
    }
    return { errorCode: E.NONE, meta };
  }

  /** A copy to change: the open transaction, or a new one starting now. */
  private beginOrContinue(meta: TxnMetadata): TxnMetadata {
    if (meta.state === 'Ongoing') return { ...meta, partitions: new Map(meta.partitions), offsets: new Map(meta.offsets) };
    const nowMs = this.deps.clock.nowMs();
    return { ...meta, state: 'Ongoing', partitions: new Map(), offsets: new Map(), startTimeMs: nowMs, lastUpdateMs: nowMs };
  }

  /** Persists `next` and makes it current; the error code to answer with. */
  private async transition(next: TxnMetadata): Promise<number> {
    const id = next.transactionalId;
    const current = this.txns.get(id);
    assert(current !== undefined && canTransition(current.state, next.state), `transaction ${id}: ${current?.state} -> ${next.state}`);
    this.busy.add(id);
    try {
      next.lastUpdateMs = this.deps.clock.nowMs();
      await this.deps.store.write(id, next);
      this.txns.set(id, next);
      return E.NONE;
    } catch (err) {
      this.deps.log(`transaction ${id}: persisting ${next.state} failed: ${(err as Error).message}`);
      return E.COORDINATOR_NOT_AVAILABLE;
    } finally {
      this.busy.delete(id);
    }
  }

  private async complete(meta: TxnMetadata, commit: boolean, producerEpoch: number): Promise<number> {
    if (this.busy.has(meta.transactionalId)) return E.CONCURRENT_TRANSACTIONS;
    this.busy.add(meta.transactionalId);
    try {
      return await this.finish(meta, commit, producerEpoch);
    } finally {
      this.busy.delete(meta.transactionalId);
    }
  }

  /** Prepare (durable decision), markers, offsets, Complete. The caller holds the id's busy flag. */
  private async finish(meta: TxnMetadata, commit: boolean, producerEpoch: number): Promise<number> {
    const id = meta.transactionalId;
    const prepared: TxnMetadata = { ...meta, producerEpoch, state: commit ? 'PrepareCommit' : 'PrepareAbort', lastUpdateMs: this.deps.clock.nowMs() };
    try {
      if (meta.state !== prepared.state) {
        assert(canTransition(meta.state, prepared.state), `transaction ${id}: ${meta.state} -> ${prepared.state}`);
        await this.deps.store.write(id, prepared);
        this.txns.set(id, prepared);
      }
    } catch (err) {
      this.deps.log(`transaction ${id}: persisting ${prepared.state} failed: ${(err as Error).message}`);
      return E.COORDINATOR_NOT_AVAILABLE;
    }
    try {
      await this.deps.writeMarkers([...prepared.partitions.values()], { producerId: prepared.producerId, producerEpoch, commit, coordinatorEpoch: 0 });
      if (commit) for (const [groupId, offsets] of prepared.offsets) if (offsets.length > 0) await this.deps.commitOffsets(groupId, offsets);
      const done: TxnMetadata = { ...prepared, state: commit ? 'CompleteCommit' : 'CompleteAbort', partitions: new Map(), offsets: new Map(), lastUpdateMs: this.deps.clock.nowMs() };
      await this.deps.store.write(id, done);
      this.txns.set(id, done);
    } catch (err) {
      // The decision is durable; the periodic check completes it.
      this.deps.log(`transaction ${id}: completing ${prepared.state} failed, will retry: ${(err as Error).message}`);
    }
    return E.NONE;
  }

  private async forget(meta: TxnMetadata): Promise<void> {
    try {
      await this.deps.store.write(meta.transactionalId, null);
      if (this.txns.get(meta.transactionalId) === meta) this.txns.delete(meta.transactionalId);
    } catch (err) {
      this.deps.log(`transaction ${meta.transactionalId}: expiring failed: ${(err as Error).message}`);
    }
  }

  private schedule(): void {
    if (this.closed) return;
    this.cancelTimer = this.deps.clock.setTimer(this.deps.config.abortCheckIntervalMs, () => {
      this.schedule();
      // A pass still waiting on the disk is not overlapped by the next one.
      if (this.checking) return;
      this.checking = true;
      this.checkTimeouts()
        .catch((err: Error) => this.deps.log(`transaction check failed: ${err.message}`))
        .finally(() => (this.checking = false));
    });
  }
}

function isIdle(state: TxnState): boolean {
  return state === 'Empty' || state === 'CompleteCommit' || state === 'CompleteAbort';
}

function bump(epoch: number): number {
  return Math.min(epoch + 1, EPOCH_MAX);
}

function failedInit(errorCode: number): ProducerIdAndEpoch {
  return { errorCode, producerId: -1, producerEpoch: -1 };
}

function newMetadata(transactionalId: string, producerId: number, producerEpoch: number, timeoutMs: number, nowMs: number): TxnMetadata {
  return { transactionalId, producerId, producerEpoch, timeoutMs, state: 'Empty', partitions: new Map(), offsets: new Map(), startTimeMs: -1, lastUpdateMs: nowMs };
}

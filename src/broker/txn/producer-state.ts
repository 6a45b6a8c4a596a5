/**
 * Producer state of one partition, as Kafka keeps it: per producer id the
 * epoch, the last five appended batches' sequence ranges and offsets (so a
 * retried batch is answered with its original offset instead of being
 * written twice), and the first offset of its open transaction. Completed
 * aborted transactions are kept as (producerId, firstOffset, lastOffset) so
 * read_committed consumers can drop their records; the first offset of the
 * oldest open transaction is the last stable offset.
 *
 * Everything here is derived from batch headers and control records, so the
 * state is rebuilt by replaying the log (`replayBatch`).
 */
import { ErrorCode, type BatchHeader } from '../../protocol/index.js';

/** Kafka keeps this many batches per producer for duplicate detection. */
export const BATCHES_PER_PRODUCER_MAX = 5;
const SEQUENCE_MAX = 0x7fffffff;

export interface BatchRange {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
}

export interface ProducerEntry {
  producerId: number;
  producerEpoch: number;
  batches: BatchRange[];
  lastTimestampMs: number;
  coordinatorEpoch: number;
  /** First offset of the open transaction, -1 when none. */
  currentTxnFirstOffset: number;
}

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  /** Offset of the ABORT marker. */
  lastOffset: number;
}

export type AppendCheck =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'error'; errorCode: number; message: string };

function nextSeq(seq: number): number {
  return seq === SEQUENCE_MAX ? 0 : seq + 1;
}

function lastSeqOf(header: BatchHeader): number {
  const last = header.baseSequence + header.lastOffsetDelta;
  return last > SEQUENCE_MAX ? last - SEQUENCE_MAX - 1 : last;
}

/** Everything a PartitionProducerState holds, as plain data (see producer-snapshots.ts). */
export interface ProducerStateData {
  producers: ProducerEntry[];
  aborted: AbortedTxn[];
}

export class PartitionProducerState {
  private readonly producers = new Map<number, ProducerEntry>();
  /** First offset of each open transaction, by producer id; one per active transactional producer. */
  private readonly ongoing = new Map<number, number>();
  private aborted: AbortedTxn[] = [];

  static fromData(data: ProducerStateData): PartitionProducerState {
    const state = new PartitionProducerState();
    for (const e of data.producers) {
      state.producers.set(e.producerId, { ...e, batches: e.batches.map((b) => ({ ...b })) });
      if (e.currentTxnFirstOffset >= 0) state.ongoing.set(e.producerId, e.currentTxnFirstOffset);
    }
    state.aborted = data.aborted.map((a) => ({ ...a }));
    return state;
  }

  toData(): ProducerStateData {
    return { producers: [...this.producers.values()], aborted: this.aborted };
  }

  entry(producerId: number): ProducerEntry | undefined {
    return this.producers.get(producerId);
  }

  entries(): IterableIterator<ProducerEntry> {
    return this.producers.values();
  }

  /** Decides what to do with an idempotent batch (producerId >= 0) before it is appended. */
  checkAppend(header: BatchHeader): AppendCheck {
    const entry = this.producers.get(header.producerId);
    const lastSeq = lastSeqOf(header);
    if (!entry) {
      if (header.baseSequence === 0) return { kind: 'append' };
      return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `new producer ${header.producerId} must start at sequence 0, got ${header.baseSequence}` };
    }
    if (header.producerEpoch < entry.producerEpoch) {
      return { kind: 'error', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH, message: `epoch ${header.producerEpoch} is older than ${entry.producerEpoch}` };
    }
    if (header.producerEpoch > entry.producerEpoch || entry.batches.length === 0) {
      if (header.baseSequence === 0) return { kind: 'append' };
      return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `a new epoch must start at sequence 0, got ${header.baseSequence}` };
    }
    const dup = entry.batches.find((b) => b.firstSeq === header.baseSequence && b.lastSeq === lastSeq);
    if (dup) return { kind: 'duplicate', baseOffset: dup.firstOffset };
    const expected = nextSeq(entry.batches[entry.batches.length - 1]!.lastSeq);
    if (header.baseSequence !== expected) {
      return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message: `expected sequence ${expected}, got ${header.baseSequence}` };
    }
    return { kind: 'append' };
  }

  /** Records an appended data batch of a producer (checked or replayed). */
  onAppend(header: BatchHeader, baseOffset: number, timestampMs: number): void {
    const entry = this.producers.get(header.producerId) ?? this.newEntry(header.producerId, header.producerEpoch);
    if (header.producerEpoch > entry.producerEpoch) {
      entry.producerEpoch = header.producerEpoch;
      entry.batches = [];
    }
    entry.batches.push({ firstSeq: header.baseSequence, lastSeq: lastSeqOf(header), firstOffset: baseOffset, lastOffset: baseOffset + header.lastOffsetDelta });
    if (entry.batches.length > BATCHES_PER_PRODUCER_MAX) entry.batches.shift();
    entry.lastTimestampMs = timestampMs;
    if (header.isTransactional && entry.currentTxnFirstOffset < 0) {
      entry.currentTxnFirstOffset = baseOffset;
      this.ongoing.set(header.producerId, baseOffset);
    }
  }

  /** Records a COMMIT/ABORT marker written at `markerOffset`; closes the producer's open transaction. */
  onMarker(producerId: number, producerEpoch: number, commit: boolean, coordinatorEpoch: number, markerOffset: number, timestampMs: number): void {
    const entry = this.producers.get(producerId) ?? this.newEntry(producerId, producerEpoch);
    if (producerEpoch > entry.producerEpoch) {
      entry.producerEpoch = producerEpoch;
      entry.batches = [];
    }
    entry.coordinatorEpoch = coordinatorEpoch;
    entry.lastTimestampMs = timestampMs;
    if (entry.currentTxnFirstOffset >= 0 && !commit) {
      this.aborted.push({ producerId, firstOffset: entry.currentTxnFirstOffset, lastOffset: markerOffset });
    }
    entry.currentTxnFirstOffset = -1;
    this.ongoing.delete(producerId);
  }

  /** The first offset of the oldest open transaction, or `highWatermark` when none is open. */
  lastStableOffset(highWatermark: number): number {
    let lso = highWatermark;
    for (const first of this.ongoing.values()) if (first < lso) lso = first;
    return lso;
  }

  /** Aborted transactions that overlap [fromOffset, toOffset). */
  abortedTransactions(fromOffset: number, toOffset: number): AbortedTxn[] {
    return this.aborted.filter((a) => a.lastOffset >= fromOffset && a.firstOffset < toOffset);
  }

  /** Forgets aborted transactions wholly below the log start (deleted records). */
  truncateBelow(logStartOffset: number): void {
    if (this.aborted.length > 0 && this.aborted[0]!.lastOffset < logStartOffset) {
      this.aborted = this.aborted.filter((a) => a.lastOffset >= logStartOffset);
    }
  }

  /** Drops producers idle for `expirationMs` that have no open transaction. */
  expire(nowMs: number, expirationMs: number): void {
    for (const [id, entry] of this.producers) {
      if (entry.currentTxnFirstOffset < 0 && nowMs - entry.lastTimestampMs >= expirationMs) this.producers.delete(id);
    }
  }

  private newEntry(producerId: number, producerEpoch: number): ProducerEntry {
    const entry: ProducerEntry = { producerId, producerEpoch, batches: [], lastTimestampMs: -1, coordinatorEpoch: -1, currentTxnFirstOffset: -1 };
    this.producers.set(producerId, entry);
    return entry;
  }
}

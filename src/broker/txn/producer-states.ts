/**
 * Producer state for every partition log, built on first use by replaying
 * the log's batch headers (and the single record of each control batch), so
 * a restarted broker knows every producer's sequences and every open or
 * aborted transaction before it accepts or serves a batch of that partition.
 * Keyed by the Log object itself: a deleted and recreated topic starts clean.
 */
import {
  buildTransactionMarkerBatch,
  ControlRecordType,
  decodeRecordsSync,
  iterateBatches,
  parseControlRecord,
  type BatchHeader,
} from '../../protocol/index.js';
import type { Log } from '../../storage/index.js';
import { PartitionProducerState } from './producer-state.js';

const REPLAY_CHUNK_BYTES = 4 * 1024 * 1024;

/** Replays one stored batch into `state`. */
export function replayBatch(state: PartitionProducerState, header: BatchHeader, batch: Buffer): void {
  if (header.producerId < 0) return;
  if (!header.isControl) {
    state.onAppend(header, header.baseOffset, header.maxTimestamp);
    return;
  }
  const record = decodeRecordsSync(batch)[0];
  if (!record) return;
  const control = parseControlRecord(record);
  if (control.type !== ControlRecordType.abort && control.type !== ControlRecordType.commit) return;
  state.onMarker(header.producerId, header.producerEpoch, control.type === ControlRecordType.commit, control.coordinatorEpoch ?? -1, header.baseOffset, header.maxTimestamp);
}

/** Rebuilds a partition's producer state from its whole log. */
export function rebuildProducerState(log: Log): PartitionProducerState {
  const state = new PartitionProducerState();
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { records } = log.read(offset, REPLAY_CHUNK_BYTES, { minOneBatch: true });
    let next = offset;
    for (const chunk of records) {
      for (const b of iterateBatches(chunk)) {
        replayBatch(state, b.header, chunk.subarray(b.pos, b.pos + b.size));
        next = Math.max(next, b.header.baseOffset + b.header.lastOffsetDelta + 1);
      }
    }
    if (next <= offset) break;
    offset = next;
  }
  return state;
}

export interface MarkerInput {
  producerId: number;
  producerEpoch: number;
  commit: boolean;
  coordinatorEpoch: number;
}

export class ProducerStates {
  private readonly byLog = new WeakMap<Log, PartitionProducerState>();

  constructor(private readonly expirationMs: number) {}

  of(log: Log): PartitionProducerState {
    let state = this.byLog.get(log);
    if (!state) {
      state = rebuildProducerState(log);
      this.byLog.set(log, state);
    }
    return state;
  }

  /** Appends a COMMIT/ABORT marker to `log` and closes the producer's transaction there. */
  writeMarker(log: Log, input: MarkerInput, nowMs: number): { baseOffset: number; bytes: number } {
    const state = this.of(log);
    const batch = buildTransactionMarkerBatch({ ...input, timestampMs: nowMs });
    const { baseOffset } = log.append(batch);
    state.onMarker(input.producerId, input.producerEpoch, input.commit, input.coordinatorEpoch, baseOffset, nowMs);
    return { baseOffset, bytes: batch.length };
  }

  lastStableOffset(log: Log): number {
    return this.of(log).lastStableOffset(log.logEndOffset);
  }

  /** Forgets idle producers of the given logs (producer.id.expiration.ms). */
  expire(logs: Iterable<Log>, nowMs: number): void {
    for (const log of logs) {
      const state = this.byLog.get(log);
      if (!state) continue;
      state.expire(nowMs, this.expirationMs);
      state.truncateBelow(log.logStartOffset);
    }
  }
}

/**
 * Producer state for every partition log, built on first use by replaying
 * the log's batch headers (and the single record of each control batch), so
 * a restarted broker knows every producer's sequences and every open or
 * aborted transaction before it accepts or serves a batch of that partition.
 * Keyed by the Log object itself: a deleted and recreated topic starts clean.
 * With snapshots, only the log's tail past the snapshot is replayed.
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
import type { ProducerSnapshots } from './producer-snapshots.js';

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

/** Rebuilds a partition's producer state from its log, from `fromOffset` on (default: all of it). */
export function rebuildProducerState(log: Log, fromOffset = log.logStartOffset, state = new PartitionProducerState()): PartitionProducerState {
  let offset = fromOffset;
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
  /** Loaded states, with the log end offset of their last snapshot. */
  private readonly byLog = new Map<Log, { state: PartitionProducerState; snapshotOffset: number }>();

  constructor(
    private readonly expirationMs: number,
    private readonly snapshots?: ProducerSnapshots,
  ) {}

  of(log: Log): PartitionProducerState {
    let loaded = this.byLog.get(log);
    if (!loaded) {
      const snapshot = this.snapshots?.load(log);
      const state = snapshot ? rebuildProducerState(log, snapshot.offset, snapshot.state) : rebuildProducerState(log);
      loaded = { state, snapshotOffset: snapshot?.offset ?? -1 };
      this.byLog.set(log, loaded);
    }
    return loaded.state;
  }

  /** Snapshots every state whose log grew since its last snapshot; forgets logs of deleted topics. */
  async snapshotAll(): Promise<void> {
    if (!this.snapshots) return;
    for (const [log, loaded] of [...this.byLog]) {
      const id = this.snapshots.identify(log);
      if (!id) {
        this.byLog.delete(log);
        continue;
      }
      if (loaded.snapshotOffset === log.logEndOffset) continue;
      const offset = log.logEndOffset;
      await this.snapshots.write(log, loaded.state);
      loaded.snapshotOffset = offset;
    }
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
      const loaded = this.byLog.get(log);
      if (!loaded) continue;
      loaded.state.expire(nowMs, this.expirationMs);
      loaded.state.truncateBelow(log.logStartOffset);
    }
  }
}

/** The figures of one moment as plain data: what `kgo top --once --json` prints. */
import type { GroupStatus } from './group-status.js';
import { groupRows, topicRows } from './selectors.js';
import type { TopState } from './top-state.js';

export interface TopSnapshot {
  sampledAt: string | null;
  intervalMs: number;
  /** false when the cluster does not report partition sizes; bytesPerSec is then null. */
  sizesAvailable: boolean;
  problems: string[];
  topics: {
    topic: string;
    recordsPerSec: number | null;
    bytesPerSec: number | null;
    partitions: { partition: number; highWatermark: number; sizeBytes: number | null; recordsPerSec: number | null; bytesPerSec: number | null }[];
  }[];
  groups: {
    groupId: string;
    state: string;
    members: number;
    totalLag: number;
    consumePerSec: number | null;
    catchUpSec: number | null;
    status: GroupStatus;
    partitions: { topic: string; partition: number; committed: number | null; highWatermark: number | null; lag: number | null; owner: string | null; status: GroupStatus }[];
  }[];
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

export function topSnapshot(state: TopState): TopSnapshot {
  return {
    sampledAt: state.lastAtMs === null ? null : new Date(state.lastAtMs).toISOString(),
    intervalMs: state.intervalMs,
    sizesAvailable: state.sizesAvailable === true,
    problems: [...state.health.problems],
    topics: topicRows(state, '').map((t) => ({
      topic: t.topic,
      recordsPerSec: round(t.recordsPerSec),
      bytesPerSec: round(t.bytesPerSec),
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        highWatermark: p.highWatermark,
        sizeBytes: p.sizeBytes,
        recordsPerSec: round(p.recordsPerSec),
        bytesPerSec: round(p.bytesPerSec),
      })),
    })),
    groups: groupRows(state, '').map((g) => ({
      groupId: g.groupId,
      state: g.state,
      members: g.members.length,
      totalLag: g.totalLag,
      consumePerSec: round(g.consumePerSec),
      catchUpSec: round(g.catchUpSec),
      status: g.status,
      partitions: g.partitions.map((p) => ({
        topic: p.topic,
        partition: p.partition,
        committed: p.committed,
        highWatermark: p.highWatermark,
        lag: p.lag,
        owner: p.owner,
        status: p.status,
      })),
    })),
  };
}

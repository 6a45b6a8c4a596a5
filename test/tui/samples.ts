/** Synthetic cluster samples for the reducer and screen tests. */
import type { ClusterSample, GroupSample } from '../../src/client/index.js';

export interface TopicSpec {
  topic: string;
  /** High watermark per partition. */
  highs: number[];
  sizes?: number[];
}

export function sample(atMs: number, topics: TopicSpec[], groups: GroupSample[] = [], extra: Partial<ClusterSample> = {}): ClusterSample {
  return {
    atMs,
    partitions: topics.flatMap((t) =>
      t.highs.map((highWatermark, partition) => ({ topic: t.topic, partition, highWatermark, sizeBytes: t.sizes?.[partition] ?? null })),
    ),
    groups,
    sizesAvailable: topics.some((t) => t.sizes !== undefined),
    problems: [],
    ...extra,
  };
}

export function group(groupId: string, committed: [topic: string, partition: number, offset: number][], members: { clientId: string; topic: string; partitions: number[] }[] = []): GroupSample {
  return {
    groupId,
    state: members.length > 0 ? 'Stable' : 'Empty',
    members: members.map((m, i) => ({
      memberId: `${m.clientId}-${i}`,
      clientId: m.clientId,
      host: '/127.0.0.1',
      assignment: [{ topic: m.topic, partitions: m.partitions }],
    })),
    committed: committed.map(([topic, partition, offset]) => ({ topic, partition, offset })),
  };
}

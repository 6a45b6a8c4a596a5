/**
 * The figures `kgo top` shows, folded from successive cluster samples by one
 * pure reducer: records/s from high-watermark deltas, bytes/s from partition
 * size deltas, group lag with its trend, consume rate, catch-up estimate and
 * status. Topics and groups that leave the cluster leave the state, and every
 * history is a bounded ring, so memory depends on the cluster's shape only.
 */
import type { ClusterSample, GroupMemberSample, GroupSample, PartitionSample } from '../../client/index.js';
import { catchUpSeconds, partitionStatus, worstStatus, type GroupStatus, type OffsetPoint } from './group-status.js';
import { seriesLimits, type SeriesLimits } from './limits.js';
import { compareText } from './compare.js';
import { ringBuffer, ringFirst, ringLast, ringPush, ringResize, type RingBuffer } from './ring-buffer.js';

export interface PartitionState {
  topic: string;
  partition: number;
  highWatermark: number;
  sizeBytes: number | null;
  recordsPerSec: number | null;
  bytesPerSec: number | null;
  /** records/s, one value a sample. */
  history: RingBuffer<number>;
}

export interface TopicState {
  topic: string;
  partitions: readonly PartitionState[];
  recordsPerSec: number | null;
  bytesPerSec: number | null;
  history: RingBuffer<number>;
}

export interface GroupPartitionState {
  topic: string;
  partition: number;
  committed: number | null;
  highWatermark: number | null;
  lag: number | null;
  /** Client id of the member the partition is assigned to. */
  owner: string | null;
  window: RingBuffer<OffsetPoint>;
  status: GroupStatus;
}

export interface GroupState {
  groupId: string;
  state: string;
  members: readonly GroupMemberSample[];
  partitions: readonly GroupPartitionState[];
  totalLag: number;
  lagHistory: RingBuffer<number>;
  consumePerSec: number | null;
  producePerSec: number | null;
  catchUpSec: number | null;
  status: GroupStatus;
}

export interface ClusterHealth {
  kind: 'connecting' | 'ok' | 'failing';
  /** Why the last poll failed. */
  message: string | null;
  lastSampleMs: number | null;
  /** Polls failed in a row. */
  failures: number;
  /** What the last sample could not read. */
  problems: readonly string[];
}

export interface TopState {
  intervalMs: number;
  limits: SeriesLimits;
  lastAtMs: number | null;
  topics: ReadonlyMap<string, TopicState>;
  groups: ReadonlyMap<string, GroupState>;
  /** null until the first sample says. */
  sizesAvailable: boolean | null;
  health: ClusterHealth;
}

export type TopAction =
  | { type: 'sample'; sample: ClusterSample }
  | { type: 'poll-failed'; atMs: number; message: string };

export function initialTopState(intervalMs: number): TopState {
  return {
    intervalMs,
    limits: seriesLimits(intervalMs),
    lastAtMs: null,
    topics: new Map(),
    groups: new Map(),
    sizesAvailable: null,
    health: { kind: 'connecting', message: null, lastSampleMs: null, failures: 0, problems: [] },
  };
}

export function topReducer(state: TopState, action: TopAction): TopState {
  switch (action.type) {
    case 'sample':
      return applySample(state, action.sample);
    case 'poll-failed':
      return {
        ...state,
        health: { ...state.health, kind: 'failing', message: action.message, failures: state.health.failures + 1 },
      };
  }
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Per-second rate of a counter; null without an earlier value, or when it went backwards (recreated, retention). */
function ratePerSec(previous: number | null | undefined, current: number | null, elapsedSec: number): number | null {
  if (previous === null || previous === undefined || current === null || elapsedSec <= 0) return null;
  const delta = current - previous;
  return delta >= 0 ? delta / elapsedSec : null;
}

function applySample(state: TopState, sample: ClusterSample): TopState {
  const elapsedSec = state.lastAtMs === null ? 0 : (sample.atMs - state.lastAtMs) / 1000;
  const topics = foldTopics(state, sample.partitions, elapsedSec);
  const highs = new Map(sample.partitions.map((p) => [key(p.topic, p.partition), p.highWatermark]));
  const groups = new Map<string, GroupState>();
  for (const g of sample.groups) groups.set(g.groupId, foldGroup(state, g, highs, sample.atMs));
  return {
    ...state,
    lastAtMs: sample.atMs,
    topics,
    groups,
    sizesAvailable: sample.sizesAvailable,
    health: { kind: 'ok', message: null, lastSampleMs: sample.atMs, failures: 0, problems: sample.problems },
  };
}

function foldTopics(state: TopState, partitions: readonly PartitionSample[], elapsedSec: number): Map<string, TopicState> {
  const byTopic = new Map<string, PartitionState[]>();
  for (const p of partitions) {
    const previous = previousPartition(state.topics.get(p.topic), p.partition);
    const recordsPerSec = ratePerSec(previous?.highWatermark, p.highWatermark, elapsedSec);
    const next: PartitionState = {
      topic: p.topic,
      partition: p.partition,
      highWatermark: p.highWatermark,
      sizeBytes: p.sizeBytes,
      recordsPerSec,
      bytesPerSec: ratePerSec(previous?.sizeBytes, p.sizeBytes, elapsedSec),
      history: pushHistory(previous?.history, recordsPerSec, state.limits.historySamples),
    };
    const list = byTopic.get(p.topic) ?? [];
    list.push(next);
    byTopic.set(p.topic, list);
  }
  const topics = new Map<string, TopicState>();
  for (const [topic, list] of byTopic) {
    const recordsPerSec = sumKnown(list.map((p) => p.recordsPerSec));
    topics.set(topic, {
      topic,
      partitions: list,
      recordsPerSec,
      bytesPerSec: sumKnown(list.map((p) => p.bytesPerSec)),
      history: pushHistory(state.topics.get(topic)?.history, recordsPerSec, state.limits.historySamples),
    });
  }
  return topics;
}

/** Partitions are kept in order, so partition n is usually at index n. */
function previousPartition(topic: TopicState | undefined, partition: number): PartitionState | undefined {
  const atIndex = topic?.partitions[partition];
  if (atIndex?.partition === partition) return atIndex;
  return topic?.partitions.find((q) => q.partition === partition);
}

/** The first sample has no rate yet: histories start at the second. */
function pushHistory(ring: RingBuffer<number> | undefined, value: number | null, capacity: number): RingBuffer<number> {
  const base = ring ? ringResize(ring, capacity) : ringBuffer<number>(capacity);
  return value === null ? base : ringPush(base, value);
}

/** Sum of the known values; null when none is known. */
function sumKnown(values: readonly (number | null)[]): number | null {
  let sum: number | null = null;
  for (const v of values) if (v !== null) sum = (sum ?? 0) + v;
  return sum;
}

function foldGroup(state: TopState, sample: GroupSample, highs: ReadonlyMap<string, number>, atMs: number): GroupState {
  const previous = state.groups.get(sample.groupId);
  const before = new Map(previous?.partitions.map((p) => [key(p.topic, p.partition), p]));
  const owners = new Map<string, string>();
  const entries = new Map<string, { topic: string; partition: number; offset: number | null }>();
  for (const c of sample.committed) entries.set(key(c.topic, c.partition), { topic: c.topic, partition: c.partition, offset: c.offset });
  for (const m of sample.members) {
    for (const a of m.assignment) {
      for (const p of a.partitions) {
        const k = key(a.topic, p);
        owners.set(k, m.clientId);
        if (!entries.has(k)) entries.set(k, { topic: a.topic, partition: p, offset: null });
      }
    }
  }
  const hasMembers = sample.members.length > 0;
  const partitions: GroupPartitionState[] = [];
  for (const [k, { topic, partition, offset }] of entries) {
    const highWatermark = highs.get(k) ?? null;
    const lag = offset === null || highWatermark === null ? null : Math.max(0, highWatermark - offset);
    let window = ringResize(before.get(k)?.window ?? ringBuffer<OffsetPoint>(state.limits.windowSamples), state.limits.windowSamples);
    if (offset !== null && lag !== null) window = ringPush(window, { atMs, committed: offset, lag });
    const status = partitionStatus(window.items, hasMembers);
    partitions.push({ topic, partition, committed: offset, highWatermark, lag, owner: owners.get(k) ?? null, window, status });
  }
  partitions.sort((a, b) => compareText(a.topic, b.topic) || a.partition - b.partition);
  const totalLag = partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0);
  const { consumePerSec, producePerSec } = windowRates(partitions);
  return {
    groupId: sample.groupId,
    state: sample.state,
    members: sample.members,
    partitions,
    totalLag,
    lagHistory: pushHistory(previous?.lagHistory, totalLag, state.limits.historySamples),
    consumePerSec,
    producePerSec,
    catchUpSec: catchUpSeconds(totalLag, consumePerSec, producePerSec),
    status: worstStatus(partitions.map((p) => p.status)),
  };
}

/** Consume and produce rates of a group's partitions over their status windows. */
function windowRates(partitions: readonly GroupPartitionState[]): { consumePerSec: number | null; producePerSec: number | null } {
  let consumePerSec: number | null = null;
  let producePerSec: number | null = null;
  for (const p of partitions) {
    const first = ringFirst(p.window);
    const last = ringLast(p.window);
    if (!first || !last || last.atMs <= first.atMs) continue;
    const elapsedSec = (last.atMs - first.atMs) / 1000;
    consumePerSec = (consumePerSec ?? 0) + Math.max(0, last.committed - first.committed) / elapsedSec;
    producePerSec = (producePerSec ?? 0) + Math.max(0, last.committed + last.lag - (first.committed + first.lag)) / elapsedSec;
  }
  return { consumePerSec, producePerSec };
}

/**
 * Committed offsets: OffsetCommit (answered only once the records are
 * durable), OffsetFetch, OffsetDelete and the expiry of offsets of empty
 * groups after offsets.retention.ms. Offsets live on their group; a group that
 * only holds offsets (standalone commits) is an Empty group without a
 * protocol type.
 */
import { ErrorCode } from './error-codes.js';
import type { Group } from './group.js';
import { encodeOffsetCommitKey, encodeOffsetCommitValue } from './offsets-records.js';
import type { Rebalancer } from './rebalance.js';
import type {
  CoordinatorRecord,
  GroupCoordinatorConfig,
  OffsetCommitRequest,
  OffsetFetchResult,
  PartitionResult,
} from './types.js';
import type { Clock } from '../../common/index.js';

export interface OffsetsContext {
  readonly clock: Clock;
  readonly config: GroupCoordinatorConfig;
  readonly rebalancer: Rebalancer;
  /** Appends to the group's __consumer_offsets partition; resolves once durable. */
  append(groupId: string, records: CoordinatorRecord[]): Promise<void>;
  log(message: string): void;
}

/** The group-level answer to a commit: NONE when its partitions may be committed. */
export function commitError(group: Group | undefined, req: OffsetCommitRequest): number {
  if (!group) return req.generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
  if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (group.isStaticMemberFenced(req.groupInstanceId, req.memberId)) return ErrorCode.FENCED_INSTANCE_ID;
  if (req.generationId < 0 && group.is('Empty')) return ErrorCode.NONE;
  if (group.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
  if (!group.has(req.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  return ErrorCode.NONE;
}

export async function commitOffsets(
  ctx: OffsetsContext,
  group: Group,
  req: OffsetCommitRequest,
): Promise<PartitionResult[]> {
  const member = group.members.get(req.memberId);
  if (member) ctx.rebalancer.scheduleSessionTimeout(group, member);
  const nowMs = ctx.clock.nowMs();
  const results: PartitionResult[] = [];
  const accepted: { topic: string; partition: number; value: Parameters<Group['setOffset']>[2] }[] = [];
  for (const o of req.offsets) {
    const metadata = o.metadata ?? '';
    if (Buffer.byteLength(metadata, 'utf8') > ctx.config.offsetMetadataMaxBytes) {
      results.push({ topic: o.topic, partition: o.partition, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE });
      continue;
    }
    const value = { offset: o.offset, leaderEpoch: o.leaderEpoch, metadata, commitTimestampMs: nowMs };
    accepted.push({ topic: o.topic, partition: o.partition, value });
  }
  if (accepted.length === 0) return results;
  const records = accepted.map((a) => ({
    key: encodeOffsetCommitKey(group.groupId, a.topic, a.partition),
    value: encodeOffsetCommitValue(a.value),
  }));
  let errorCode: number = ErrorCode.NONE;
  try {
    await ctx.append(group.groupId, records);
    if (!group.is('Dead')) for (const a of accepted) group.setOffset(a.topic, a.partition, a.value);
  } catch (err) {
    ctx.log(`group ${group.groupId}: storing offsets failed: ${(err as Error)?.message ?? err}`);
    // retriable: the client finds the coordinator again and retries the commit
    errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }
  for (const a of accepted) results.push({ topic: a.topic, partition: a.partition, errorCode });
  return results;
}

/** `topics` null: every committed partition of the group. */
export function fetchOffsets(
  group: Group | undefined,
  topics: { name: string; partitionIndexes: number[] }[] | null,
): OffsetFetchResult {
  const wanted =
    topics ??
    [...(group?.offsets ?? new Map<string, Map<number, unknown>>()).entries()].map(([name, partitions]) => ({
      name,
      partitionIndexes: [...partitions.keys()].sort((a, b) => a - b),
    }));
  return {
    errorCode: ErrorCode.NONE,
    topics: wanted.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const c = group?.offsets.get(t.name)?.get(partitionIndex);
        return {
          partitionIndex,
          committedOffset: c?.offset ?? -1,
          committedLeaderEpoch: c?.leaderEpoch ?? -1,
          metadata: c?.metadata ?? '',
          errorCode: ErrorCode.NONE,
        };
      }),
    })),
  };
}

export interface OffsetDeleteResult {
  errorCode: number;
  partitions: PartitionResult[];
}

export async function deleteOffsets(
  ctx: OffsetsContext,
  group: Group | undefined,
  partitions: { topic: string; partition: number }[],
): Promise<OffsetDeleteResult> {
  if (!group || group.is('Dead')) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, partitions: [] };
  const active = !group.is('Empty');
  if (active && group.protocolType !== 'consumer') return { errorCode: ErrorCode.NON_EMPTY_GROUP, partitions: [] };
  const results: PartitionResult[] = [];
  const deleted: { topic: string; partition: number }[] = [];
  for (const p of partitions) {
    if (active && group.isSubscribedToTopic(p.topic)) {
      results.push({ ...p, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC });
      continue;
    }
    if (group.deleteOffset(p.topic, p.partition)) deleted.push(p);
    results.push({ ...p, errorCode: ErrorCode.NONE });
  }
  if (deleted.length > 0) {
    const tombstones = deleted.map((d) => ({ key: encodeOffsetCommitKey(group.groupId, d.topic, d.partition), value: null }));
    try {
      await ctx.append(group.groupId, tombstones);
    } catch (err) {
      ctx.log(`group ${group.groupId}: storing offset deletions failed: ${(err as Error)?.message ?? err}`);
      return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, partitions: [] };
    }
  }
  return { errorCode: ErrorCode.NONE, partitions: results };
}

/**
 * Offsets of an Empty group expire `offsetsRetentionMs` after the later of the
 * group becoming empty and the commit (Kafka's KIP-211 rule). Returns the
 * tombstones to write; the offsets are already removed from the group.
 */
export function expireOffsets(group: Group, nowMs: number, retentionMs: number): CoordinatorRecord[] {
  if (!group.is('Empty')) return [];
  const tombstones: CoordinatorRecord[] = [];
  for (const [topic, partitions] of [...group.offsets.entries()]) {
    for (const [partition, c] of [...partitions.entries()]) {
      const baseMs = group.protocolType !== null ? Math.max(group.stateTimestampMs, c.commitTimestampMs) : c.commitTimestampMs;
      if (nowMs - baseMs < retentionMs) continue;
      group.deleteOffset(topic, partition);
      tombstones.push({ key: encodeOffsetCommitKey(group.groupId, topic, partition), value: null });
    }
  }
  return tombstones;
}

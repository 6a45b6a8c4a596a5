/**
 * OffsetCommit (key 8), versions 0-9. Answered only once the offset records
 * are durable on __consumer_offsets; a storage failure answers the partitions
 * with COORDINATOR_NOT_AVAILABLE (retriable) and applies nothing. Commits with
 * generation -1 and an empty member id (and every v0 commit) are standalone:
 * allowed on an Empty or unknown group. v9's member epoch is treated as the
 * classic generation id (kgo has only classic groups).
 * Not implemented: per-commit retention (retentionTimeMs, v2-4) — the
 * broker's offsets.retention.ms applies; v1's client commitTimestamp — the
 * broker's clock stamps every commit.
 */
import { ErrorCode, type OffsetCommitRequest } from '../coordinator/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';

interface TopicIn {
  name: string;
  partitions: { partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }[];
}

function partitionExists(ctx: RequestContext, topic: string, partition: number): boolean {
  const count = ctx.broker.topics.partitionCount(topic);
  return count !== undefined && partition >= 0 && partition < count;
}

const handler: ApiHandler = {
  apiKey: 8,
  minVersion: 0,
  maxVersion: 9,
  async handle(ctx, request) {
    const topics = request.topics as TopicIn[];
    const commit: OffsetCommitRequest = {
      groupId: request.groupId,
      generationId: request.generationIdOrMemberEpoch ?? -1,
      memberId: request.memberId ?? '',
      groupInstanceId: request.groupInstanceId ?? null,
      offsets: [],
    };
    for (const t of topics) {
      for (const p of t.partitions) {
        if (!partitionExists(ctx, t.name, p.partitionIndex)) continue;
        commit.offsets.push({
          topic: t.name,
          partition: p.partitionIndex,
          offset: p.committedOffset,
          leaderEpoch: p.committedLeaderEpoch ?? -1,
          metadata: p.committedMetadata,
        });
      }
    }
    const results = commit.offsets.length > 0 ? await ctx.broker.groups.commitOffsets(commit) : [];
    const errors = new Map(results.map((r) => [`${r.topic}\0${r.partition}`, r.errorCode]));
    const responseTopics: Body[] = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partitionIndex,
        errorCode: errors.get(`${t.name}\0${p.partitionIndex}`) ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      })),
    }));
    return { throttleTimeMs: 0, topics: responseTopics };
  },
};

export default handler;

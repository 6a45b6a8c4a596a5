/**
 * OffsetFetch (key 9), versions 0-9. Partitions without a committed offset
 * answer offset -1 with no error; topics null (v2+) means every committed
 * partition of the group; v8+ fetches several groups at once.
 * requireStable (v7+): a partition whose offset a transaction holds and has
 * not ended yet answers UNSTABLE_OFFSET_COMMIT (offset -1), as Kafka does, so
 * a consumer retries instead of starting from an offset about to change.
 * Not checked: v9's member id and epoch (classic groups only).
 */
import { ErrorCode } from '../../protocol/index.js';
import { transactionsOf } from '../txn/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';

type TopicsIn = { name: string; partitionIndexes: number[] }[] | null;
type TopicsOut = { name: string; partitions: Body[] }[];

/** Marks the partitions an unfinished transaction holds offsets for (requireStable). */
function markUnstable(ctx: RequestContext, groupId: string, topics: TopicsOut): TopicsOut {
  const pending = transactionsOf(ctx.broker)?.coordinator.pendingOffsetPartitions(groupId);
  if (!pending || pending.size === 0) return topics;
  return topics.map((t) => ({
    ...t,
    partitions: t.partitions.map((p) =>
      pending.has(`${t.name}/${p.partitionIndex as number}`)
        ? { ...p, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT }
        : p,
    ),
  }));
}

const handler: ApiHandler = {
  apiKey: 9,
  minVersion: 0,
  maxVersion: 9,
  handle(ctx, request) {
    const groups = ctx.broker.groups;
    if (ctx.apiVersion >= 8) {
      const results: Body[] = (request.groups as { groupId: string; topics: TopicsIn }[]).map((g) => {
        const fetched = groups.fetchOffsets(g.groupId, g.topics ?? null);
        const topics = request.requireStable ? markUnstable(ctx, g.groupId, fetched.topics as TopicsOut) : fetched.topics;
        return { groupId: g.groupId, topics, errorCode: fetched.errorCode };
      });
      return { throttleTimeMs: 0, groups: results };
    }
    const fetched = groups.fetchOffsets(request.groupId, (request.topics as TopicsIn) ?? null);
    const topics = ctx.apiVersion >= 7 && request.requireStable ? markUnstable(ctx, request.groupId, fetched.topics as TopicsOut) : fetched.topics;
    return { throttleTimeMs: 0, topics, errorCode: fetched.errorCode };
  },
};

export default handler;

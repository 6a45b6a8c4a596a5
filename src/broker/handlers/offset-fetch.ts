/**
 * OffsetFetch (key 9), versions 0-9. Partitions without a committed offset
 * answer offset -1 with no error; topics null (v2+) means every committed
 * partition of the group; v8+ fetches several groups at once.
 * Not implemented: requireStable (v7+) has nothing to wait for, since kgo has
 * no transactional offset commits yet; v9's member id and epoch are not
 * checked (classic groups only).
 */
import type { ApiHandler, Body } from './handler.js';

type TopicsIn = { name: string; partitionIndexes: number[] }[] | null;

const handler: ApiHandler = {
  apiKey: 9,
  minVersion: 0,
  maxVersion: 9,
  handle(ctx, request) {
    const groups = ctx.broker.groups;
    if (ctx.apiVersion >= 8) {
      const results: Body[] = (request.groups as { groupId: string; topics: TopicsIn }[]).map((g) => {
        const fetched = groups.fetchOffsets(g.groupId, g.topics ?? null);
        return { groupId: g.groupId, topics: fetched.topics, errorCode: fetched.errorCode };
      });
      return { throttleTimeMs: 0, groups: results };
    }
    const fetched = groups.fetchOffsets(request.groupId, (request.topics as TopicsIn) ?? null);
    return { throttleTimeMs: 0, topics: fetched.topics, errorCode: fetched.errorCode };
  },
};

export default handler;

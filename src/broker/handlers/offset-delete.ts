/**
 * OffsetDelete (key 47), version 0. Deletes committed offsets of an Empty
 * group, or of an active "consumer" group for topics no member subscribes to
 * (GROUP_SUBSCRIBED_TO_TOPIC otherwise); tombstones are durable before the
 * answer. Partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION.
 */
import { ErrorCode } from '../coordinator/index.js';
import type { ApiHandler } from './handler.js';

interface TopicIn {
  name: string;
  partitions: { partitionIndex: number }[];
}

const handler: ApiHandler = {
  apiKey: 47,
  minVersion: 0,
  maxVersion: 0,
  async handle(ctx, request) {
    const topics = request.topics as TopicIn[];
    const known = (topic: string, partition: number) => {
      const count = ctx.broker.topics.partitionCount(topic);
      return count !== undefined && partition >= 0 && partition < count;
    };
    const wanted = topics.flatMap((t) =>
      t.partitions.filter((p) => known(t.name, p.partitionIndex)).map((p) => ({ topic: t.name, partition: p.partitionIndex })),
    );
    const result = await ctx.broker.groups.deleteOffsets(request.groupId, wanted);
    if (result.errorCode !== ErrorCode.NONE) return { errorCode: result.errorCode, throttleTimeMs: 0, topics: [] };
    const errors = new Map(result.partitions.map((r) => [`${r.topic}\0${r.partition}`, r.errorCode]));
    return {
      errorCode: ErrorCode.NONE,
      throttleTimeMs: 0,
      topics: topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: errors.get(`${t.name}\0${p.partitionIndex}`) ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        })),
      })),
    };
  },
};

export default handler;

/**
 * ListOffsets (key 2), versions 0-7: latest (-1, the high watermark; the last
 * stable offset under read_committed), earliest (-2, the log start offset),
 * max timestamp (-3, v7+), and by timestamp through the time index.
 * Not served: v8+ (tiered storage's -4/-5 specs and timeouts).
 */
import type { ApiHandler, Body, RequestContext } from './handler.js';

const UNKNOWN_TOPIC_OR_PARTITION = 3;
const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;

function lookup(ctx: RequestContext, topic: string, partitionIndex: number, timestamp: number): Body {
  const log = ctx.broker.topics.log(topic, partitionIndex);
  if (!log) return { partitionIndex, errorCode: UNKNOWN_TOPIC_OR_PARTITION, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 };
  let found: { offset: number; timestamp: number } | null;
  if (timestamp === LATEST) found = { offset: log.logEndOffset, timestamp: -1 };
  else if (timestamp === EARLIEST) found = { offset: log.logStartOffset, timestamp: -1 };
  else if (timestamp === MAX_TIMESTAMP) found = log.maxTimestamp();
  else found = log.offsetForTimestamp(timestamp);
  const offset = found?.offset ?? -1;
  return {
    partitionIndex,
    errorCode: 0,
    oldStyleOffsets: offset >= 0 ? [offset] : [],
    timestamp: found?.timestamp ?? -1,
    offset,
    leaderEpoch: found ? 0 : -1,
  };
}

export const listOffsetsHandler: ApiHandler = {
  apiKey: 2,
  minVersion: 0,
  maxVersion: 7,
  handle(ctx, request) {
    const topics = request.topics as { name: string; partitions: { partitionIndex: number; timestamp: number }[] }[];
    return {
      throttleTimeMs: 0,
      topics: topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => lookup(ctx, t.name, p.partitionIndex, p.timestamp)),
      })),
    };
  },
};

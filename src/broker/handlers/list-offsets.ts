/**
 * ListOffsets (key 2), versions 0-7: latest (-1, the high watermark; the last
 * stable offset under read_committed), earliest (-2, the log start offset),
 * max timestamp (-3, v7+), and by timestamp: the time index finds the batch,
 * then its records are read for the first one at or after the timestamp (as
 * Kafka answers; a client seeking by time must not see older records).
 * Not served: v8+ (tiered storage's -4/-5 specs and timeouts).
 */
import { ErrorCode, decodeRecords } from '../../protocol/index.js';
import type { Log } from '../../storage/index.js';
import { transactionsOf } from '../txn/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;

/** The first record at or after `timestampMs`; falls back to its batch's first offset if the batch cannot be decoded. */
async function offsetForTimestamp(log: Log, timestampMs: number): Promise<{ offset: number; timestamp: number } | null> {
  const found = log.offsetForTimestamp(timestampMs);
  if (!found) return null;
  const batch = log.read(found.offset, 1).records[0];
  if (!batch) return found;
  try {
    for (const r of await decodeRecords(batch)) {
      if (r.offset >= found.offset && r.timestamp >= timestampMs) return { offset: r.offset, timestamp: r.timestamp };
    }
  } catch {
    // An undecodable batch (a codec we cannot read): batch precision is the best answer left.
  }
  return found;
}

async function lookup(ctx: RequestContext, topic: string, partitionIndex: number, timestamp: number, readCommitted: boolean): Promise<Body> {
  const log = ctx.broker.topics.log(topic, partitionIndex);
  if (!log) return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 };
  let found: { offset: number; timestamp: number } | null;
  if (timestamp === LATEST) {
    const txns = readCommitted ? transactionsOf(ctx.broker) : undefined;
    found = { offset: txns ? txns.lastStableOffset(log) : log.logEndOffset, timestamp: -1 };
  }
  else if (timestamp === EARLIEST) found = { offset: log.logStartOffset, timestamp: -1 };
  else if (timestamp === MAX_TIMESTAMP) found = log.maxTimestamp();
  else found = await offsetForTimestamp(log, timestamp);
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
  async handle(ctx, request) {
    const topics = request.topics as { name: string; partitions: { partitionIndex: number; timestamp: number }[] }[];
    return {
      throttleTimeMs: 0,
      topics: await Promise.all(
        topics.map(async (t) => ({
          name: t.name,
          partitions: await Promise.all(t.partitions.map((p) => lookup(ctx, t.name, p.partitionIndex, p.timestamp, request.isolationLevel === 1))),
        })),
      ),
    };
  },
};

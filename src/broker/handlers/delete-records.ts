/**
 * DeleteRecords (key 21), versions 0-2: moves a partition's log start offset
 * forward (offset -1 means the high watermark); whole segments below it are
 * removed. Consumers below the new start get ErrorCode.OFFSET_OUT_OF_RANGE.
 */
import { ErrorCode } from '../../protocol/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';


function trim(ctx: RequestContext, topic: string, partitionIndex: number, offset: number): Body {
  const log = ctx.broker.topics.log(topic, partitionIndex);
  if (!log) return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  const target = offset === -1 ? log.logEndOffset : offset;
  if (target < 0 || target > log.logEndOffset) return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
  try {
    if (target > log.logStartOffset) log.deleteRecordsBefore(target);
  } catch (err) {
    ctx.broker.log(`delete records of ${topic}-${partitionIndex} failed: ${(err as Error).message}`);
    return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
  }
  return { partitionIndex, lowWatermark: log.logStartOffset, errorCode: 0 };
}

export const deleteRecordsHandler: ApiHandler = {
  apiKey: 21,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, request) {
    const topics = request.topics as { name: string; partitions: { partitionIndex: number; offset: number }[] }[];
    return {
      throttleTimeMs: 0,
      topics: topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => trim(ctx, t.name, p.partitionIndex, p.offset)) })),
    };
  },
};

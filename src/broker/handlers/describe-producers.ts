/**
 * DescribeProducers (key 61), version 0: the producers a partition knows
 * (epoch, last sequence, last write, open transaction's first offset).
 */
import { ErrorCode } from '../../protocol/index.js';
import { transactionsOf } from '../txn/index.js';
import type { ApiHandler, Body } from './handler.js';

const handler: ApiHandler = {
  apiKey: 61,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, request) {
    const txns = transactionsOf(ctx.broker);
    const topics = request.topics as { name: string; partitionIndexes: number[] }[];
    return {
      throttleTimeMs: 0,
      topics: topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex): Body => {
          const log = ctx.broker.topics.log(t.name, partitionIndex);
          if (!log || !txns) return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, activeProducers: [] };
          const activeProducers = [...txns.producerStates.of(log).entries()].map((e) => ({
            producerId: e.producerId,
            producerEpoch: e.producerEpoch,
            lastSequence: e.batches.at(-1)?.lastSeq ?? -1,
            lastTimestamp: e.lastTimestampMs,
            coordinatorEpoch: e.coordinatorEpoch,
            currentTxnStartOffset: e.currentTxnFirstOffset,
          }));
          return { partitionIndex, errorCode: ErrorCode.NONE, errorMessage: null, activeProducers };
        }),
      })),
    };
  },
};

export default handler;

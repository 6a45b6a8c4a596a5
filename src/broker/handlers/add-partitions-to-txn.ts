/**
 * AddPartitionsToTxn (key 24), versions 0-3: the producer names the
 * partitions its transaction will write, so the coordinator can mark them
 * when the transaction ends.
 * Not served: v4+ (batched, broker-to-broker verification of KIP-890).
 */
import { ErrorCode } from '../../protocol/index.js';
import { fencedForVersion, partitionKey, transactionsOf, type TopicPartition } from '../txn/index.js';
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 24,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    const topics = request.v3AndBelowTopics as { name: string; partitions: number[] }[];
    const partitions: TopicPartition[] = topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
    const txns = transactionsOf(ctx.broker);
    const results = txns
      ? await txns.coordinator.addPartitions(request.v3AndBelowTransactionalId, request.v3AndBelowProducerId, request.v3AndBelowProducerEpoch, partitions)
      : new Map<string, number>();
    return {
      throttleTimeMs: 0,
      resultsByTopicV3AndBelow: topics.map((t) => ({
        name: t.name,
        resultsByPartition: t.partitions.map((p) => ({
          partitionIndex: p,
          partitionErrorCode: fencedForVersion(results.get(partitionKey(t.name, p)) ?? ErrorCode.COORDINATOR_NOT_AVAILABLE, 24, ctx.apiVersion),
        })),
      })),
    };
  },
};

export default handler;

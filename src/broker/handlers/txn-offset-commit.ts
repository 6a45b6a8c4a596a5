/**
 * TxnOffsetCommit (key 28), versions 0-3: group offsets that become
 * committed only if the producer's transaction commits. The transaction
 * coordinator holds them; the group coordinator stores them on commit.
 * Not checked: v3's generation and member id (the producer epoch fences
 * zombies already). Not served: v4 (KIP-890).
 */
import { ErrorCode } from '../../protocol/index.js';
import { fencedForVersion, transactionsOf, type TxnOffset } from '../txn/index.js';
import type { ApiHandler } from './handler.js';

interface TopicIn {
  name: string;
  partitions: { partitionIndex: number; committedOffset: number; committedLeaderEpoch?: number; committedMetadata: string | null }[];
}

const handler: ApiHandler = {
  apiKey: 28,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, request) {
    const topics = request.topics as TopicIn[];
    const exists = (topic: string, partition: number) => partition >= 0 && partition < (ctx.broker.topics.partitionCount(topic) ?? 0);
    const offsets: TxnOffset[] = topics.flatMap((t) =>
      t.partitions.filter((p) => exists(t.name, p.partitionIndex)).map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        offset: p.committedOffset,
        leaderEpoch: p.committedLeaderEpoch ?? -1,
        metadata: p.committedMetadata,
      })),
    );
    const txns = transactionsOf(ctx.broker);
    const code = txns
      ? txns.coordinator.txnOffsetCommit(request.transactionalId, request.producerId, request.producerEpoch, request.groupId, offsets)
      : ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const errorCode = fencedForVersion(code, 28, ctx.apiVersion);
    return {
      throttleTimeMs: 0,
      topics: topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: exists(t.name, p.partitionIndex) ? errorCode : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        })),
      })),
    };
  },
};

export default handler;

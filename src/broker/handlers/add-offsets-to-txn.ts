/**
 * AddOffsetsToTxn (key 25), versions 0-3: the transaction will commit
 * offsets of this group (sent next with TxnOffsetCommit). Kafka also marks
 * the group's __consumer_offsets partition; kgo's transaction coordinator
 * hands the offsets to the group coordinator itself when it commits.
 * Not served: v4 (TRANSACTION_ABORTABLE of KIP-890).
 */
import { ErrorCode } from '../../protocol/index.js';
import { fencedForVersion, transactionsOf } from '../txn/index.js';
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 25,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    const txns = transactionsOf(ctx.broker);
    const code = txns
      ? await txns.coordinator.addOffsets(request.transactionalId, request.producerId, request.producerEpoch, request.groupId)
      : ErrorCode.COORDINATOR_NOT_AVAILABLE;
    return { throttleTimeMs: 0, errorCode: fencedForVersion(code, 25, ctx.apiVersion) };
  },
};

export default handler;

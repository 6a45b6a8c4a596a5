/**
 * InitProducerId (key 22), versions 0-4. Without a transactional id: a new
 * producer id (epoch 0) for an idempotent producer, or (v3+) the next epoch
 * of the id it already has. With one: the transaction coordinator fences
 * older instances (bumping the epoch, aborting their open transaction).
 * Not served: v5 (KIP-890's epoch bump on every transaction).
 */
import { ErrorCode } from '../../protocol/index.js';
import { fencedForVersion, transactionsOf } from '../txn/index.js';
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 22,
  minVersion: 0,
  maxVersion: 4,
  async handle(ctx, request) {
    const txns = transactionsOf(ctx.broker);
    if (!txns) return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1, producerEpoch: -1 };
    const transactionalId = (request.transactionalId as string | null) || null;
    const result = await txns.coordinator.initProducerId(transactionalId, request.transactionTimeoutMs as number, {
      producerId: (request.producerId as number | undefined) ?? -1,
      producerEpoch: (request.producerEpoch as number | undefined) ?? -1,
    });
    return { throttleTimeMs: 0, ...result, errorCode: fencedForVersion(result.errorCode, 22, ctx.apiVersion) };
  },
};

export default handler;

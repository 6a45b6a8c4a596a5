/**
 * EndTxn (key 26), versions 0-3: commit or abort. Answered once the
 * decision is durable and the markers are written to every partition of the
 * transaction (and, on commit, its group offsets stored), so the producer's
 * next transaction never overlaps this one.
 * Not served: v4-5 (KIP-890).
 */
import { ErrorCode } from '../../protocol/index.js';
import { fencedForVersion, transactionsOf } from '../txn/index.js';
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 26,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    const txns = transactionsOf(ctx.broker);
    const code = txns
      ? await txns.coordinator.endTxn(request.transactionalId, request.producerId, request.producerEpoch, request.committed as boolean)
      : ErrorCode.COORDINATOR_NOT_AVAILABLE;
    return { throttleTimeMs: 0, errorCode: fencedForVersion(code, 26, ctx.apiVersion), producerId: -1, producerEpoch: -1 };
  },
};

export default handler;

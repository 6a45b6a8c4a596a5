/**
 * ListTransactions (key 66), versions 0-1: transactional ids, filtered by
 * state, producer id and (v1) time since the transaction started (longer
 * than the filter, as Kafka counts it).
 */
import { ErrorCode } from '../../protocol/index.js';
import { transactionsOf, TXN_STATES } from '../txn/index.js';
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 66,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const txns = transactionsOf(ctx.broker);
    const states = request.stateFilters as string[];
    const producerIds = new Set(request.producerIdFilters as number[]);
    const durationMs = (request.durationFilter as number | undefined) ?? -1;
    const nowMs = ctx.broker.clock.nowMs();
    const known: readonly string[] = TXN_STATES;
    const listed = (txns?.coordinator.all() ?? []).filter(
      (m) =>
        (states.length === 0 || states.includes(m.state)) &&
        (producerIds.size === 0 || producerIds.has(m.producerId)) &&
        (durationMs < 0 || nowMs - m.startTimeMs > durationMs),
    );
    return {
      throttleTimeMs: 0,
      errorCode: txns ? ErrorCode.NONE : ErrorCode.COORDINATOR_NOT_AVAILABLE,
      unknownStateFilters: states.filter((s) => !known.includes(s)),
      transactionStates: listed.map((m) => ({ transactionalId: m.transactionalId, producerId: m.producerId, transactionState: m.state })),
    };
  },
};

export default handler;

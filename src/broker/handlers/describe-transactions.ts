/**
 * DescribeTransactions (key 65), version 0: state, producer id and epoch,
 * timeout, start time and partitions of each transactional id.
 */
import { ErrorCode } from '../../protocol/index.js';
import { transactionsOf } from '../txn/index.js';
import type { ApiHandler, Body } from './handler.js';

const handler: ApiHandler = {
  apiKey: 65,
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, request) {
    const txns = transactionsOf(ctx.broker);
    const ids = request.transactionalIds as string[];
    return {
      throttleTimeMs: 0,
      transactionStates: ids.map((transactionalId): Body => {
        const m = txns?.coordinator.get(transactionalId);
        if (!m) {
          return { errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, transactionalId, transactionState: '', transactionTimeoutMs: 0, transactionStartTimeMs: -1, producerId: -1, producerEpoch: -1, topics: [] };
        }
        const byTopic = new Map<string, number[]>();
        for (const tp of m.partitions.values()) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
        return {
          errorCode: ErrorCode.NONE,
          transactionalId,
          transactionState: m.state,
          transactionTimeoutMs: m.timeoutMs,
          transactionStartTimeMs: m.startTimeMs,
          producerId: m.producerId,
          producerEpoch: m.producerEpoch,
          topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
        };
      }),
    };
  },
};

export default handler;

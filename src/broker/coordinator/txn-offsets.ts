/**
 * Offsets committed inside a transaction (TxnOffsetCommit). The transaction
 * coordinator holds them while the transaction is open and hands them over
 * here only when it commits; an abort simply drops them. They are stored
 * like any commit (durable on __consumer_offsets first, then visible), but
 * without the generation and member checks: the producer's epoch has
 * already been checked by the transaction coordinator, and a consumer group
 * may well have rebalanced since the offsets were sent.
 */
import type { Group } from './group.js';
import { encodeOffsetCommitKey, encodeOffsetCommitValue } from './offsets-records.js';
import type { OffsetsContext } from './offsets.js';

export interface TransactionalOffset {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
}

export async function applyTransactionalOffsets(ctx: OffsetsContext, group: Group, offsets: TransactionalOffset[]): Promise<void> {
  const nowMs = ctx.clock.nowMs();
  const values = offsets.map((o) => ({
    topic: o.topic,
    partition: o.partition,
    value: { offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata ?? '', commitTimestampMs: nowMs },
  }));
  await ctx.append(
    group.groupId,
    values.map((v) => ({ key: encodeOffsetCommitKey(group.groupId, v.topic, v.partition), value: encodeOffsetCommitValue(v.value) })),
  );
  if (!group.is('Dead')) for (const v of values) group.setOffset(v.topic, v.partition, v.value);
}

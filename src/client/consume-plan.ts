/**
 * Before reading, kgo works out per partition where to start and (with -e)
 * where to stop, from the admin API: log start and high watermark, offsets
 * for a timestamp, and the group's committed offsets.
 */
import type { Admin } from 'kafkajs';
import { UserError } from '../common/index.js';
import { requireTopics } from './connection.js';
import { startOffset, type OffsetSpec } from './offset-spec.js';

export interface PartitionPlan {
  topic: string;
  partition: number;
  /** Undefined: continue from the group's committed offset. */
  start: bigint | undefined;
  /** High watermark when the command started. */
  end: bigint;
}

export interface PlanOptions {
  topics: string[];
  offset: OffsetSpec;
  partitions?: number[];
  group?: string;
}

export async function planPartitions(admin: Admin, opts: PlanOptions): Promise<PartitionPlan[]> {
  await requireTopics(admin, opts.topics);
  if (opts.offset.kind === 'stored' && opts.group === undefined) {
    throw new UserError('-o stored needs a consumer group', 'pass -g GROUP, or another -o', 2, 'USAGE_ERROR');
  }
  const plans: PartitionPlan[] = [];
  for (const topic of opts.topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    const timeOffsets = new Map<number, bigint>();
    if (opts.offset.kind === 'time') {
      for (const o of await admin.fetchTopicOffsetsByTimestamp(topic, opts.offset.timestampMs)) {
        timeOffsets.set(o.partition, BigInt(o.offset));
      }
    }
    for (const o of offsets) {
      if (opts.partitions && !opts.partitions.includes(o.partition)) continue;
      const bounds = { partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) };
      plans.push({ topic, partition: o.partition, start: startOffset(opts.offset, bounds, timeOffsets.get(o.partition)), end: bounds.high });
    }
  }
  if (opts.partitions) {
    for (const p of opts.partitions) {
      if (!plans.some((plan) => plan.partition === p)) {
        throw new UserError(`partition ${p} does not exist in ${opts.topics.join(', ')}`, 'see the partitions with `kgo topic describe TOPIC`');
      }
    }
  }
  if (opts.offset.kind === 'stored' && opts.group !== undefined) await fillCommitted(admin, opts.group, plans);
  return plans;
}

/** A partition without a commit starts at its log start, like -o beginning. */
async function fillCommitted(admin: Admin, groupId: string, plans: PartitionPlan[]): Promise<void> {
  const topics = [...new Set(plans.map((p) => p.topic))];
  const committed = await admin.fetchOffsets({ groupId, topics });
  const low = new Map<string, bigint>();
  for (const topic of topics) {
    for (const o of await admin.fetchTopicOffsets(topic)) low.set(`${topic}/${o.partition}`, BigInt(o.low));
  }
  for (const t of committed) {
    for (const p of t.partitions) {
      const plan = plans.find((x) => x.topic === t.topic && x.partition === p.partition);
      if (!plan) continue;
      const offset = BigInt(p.offset);
      plan.start = offset >= 0n ? offset : low.get(`${t.topic}/${p.partition}`);
    }
  }
}

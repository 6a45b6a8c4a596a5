/**
 * CreatePartitions (key 37), versions 0-3: grows a topic to `count`
 * partitions (never shrinks: INVALID_PARTITIONS), with validate-only.
 */
import { ErrorCode } from '../../protocol/index.js';
import { TOPIC_PARTITIONS_MAX } from '../config.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';


async function growOne(ctx: RequestContext, t: { name: string; count: number; assignments: unknown[] | null }, validateOnly: boolean): Promise<Body> {
  const topic = ctx.broker.topics.get(t.name);
  if (!topic) return { name: t.name, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `topic '${t.name}' does not exist` };
  if (t.count <= topic.partitions) {
    return { name: t.name, errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: `topic has ${topic.partitions} partitions; the new count must be larger, not ${t.count}` };
  }
  if (t.count > TOPIC_PARTITIONS_MAX) {
    return { name: t.name, errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: `at most ${TOPIC_PARTITIONS_MAX} partitions per topic` };
  }
  if (t.assignments && t.assignments.length !== t.count - topic.partitions) {
    return { name: t.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'one assignment per new partition is needed' };
  }
  if (!validateOnly) {
    await ctx.broker.topics.addPartitions(t.name, t.count);
    ctx.broker.log(`topic ${t.name} now has ${t.count} partitions`);
  }
  return { name: t.name, errorCode: 0, errorMessage: null };
}

export const createPartitionsHandler: ApiHandler = {
  apiKey: 37,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, request) {
    const results: Body[] = [];
    for (const t of request.topics) results.push(await growOne(ctx, t, Boolean(request.validateOnly)));
    return { throttleTimeMs: 0, results };
  },
};

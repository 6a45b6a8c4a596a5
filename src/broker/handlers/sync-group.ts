/**
 * SyncGroup (key 14), versions 0-5. The leader's assignment is persisted to
 * __consumer_offsets before any member is answered; followers wait for it.
 * v5 checks protocolType/protocolName against the group's.
 */
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 14,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx, request) {
    const result = await ctx.broker.groups.syncGroup({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId ?? null,
      protocolType: request.protocolType ?? null,
      protocolName: request.protocolName ?? null,
      assignments: request.assignments.map((a: { memberId: string; assignment: Buffer }) => ({
        memberId: a.memberId,
        assignment: a.assignment,
      })),
    });
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      protocolType: result.protocolType,
      protocolName: result.protocolName,
      assignment: result.assignment,
    };
  },
};

export default handler;

/**
 * Heartbeat (key 12), versions 0-4. Keeps a member's session alive; answers
 * REBALANCE_IN_PROGRESS while the group is collecting joins.
 */
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 12,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, request) {
    const errorCode = ctx.broker.groups.heartbeat({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId ?? null,
    });
    return { throttleTimeMs: 0, errorCode };
  },
};

export default handler;

/**
 * JoinGroup (key 11), versions 0-9, the classic group protocol. v4+ new
 * dynamic members first get MEMBER_ID_REQUIRED with their id; v5+ static
 * members (group.instance.id) rejoin without a rebalance; v9 tells a static
 * leader rejoining a stable group to skip the assignment.
 * Not implemented: the join `reason` (v8+) is accepted and ignored.
 */
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 11,
  minVersion: 0,
  maxVersion: 9,
  async handle(ctx, request) {
    const result = await ctx.broker.groups.joinGroup({
      groupId: request.groupId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId ?? null,
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs ?? -1,
      protocolType: request.protocolType,
      protocols: request.protocols.map((p: { name: string; metadata: Buffer }) => ({ name: p.name, metadata: p.metadata })),
      clientId: ctx.clientId,
      clientHost: ctx.clientHost,
      requireKnownMemberId: ctx.apiVersion >= 4,
    });
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      generationId: result.generationId,
      protocolType: result.protocolType,
      // not nullable before v7
      protocolName: result.protocolName ?? (ctx.apiVersion >= 7 ? null : ''),
      leader: result.leader,
      skipAssignment: result.skipAssignment,
      memberId: result.memberId,
      members: result.members,
    };
  },
};

export default handler;

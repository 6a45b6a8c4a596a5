/**
 * LeaveGroup (key 13), versions 0-5. v0-2 remove one member by id; v3+ remove
 * a batch (by member id or group.instance.id) with a result per member.
 * Not implemented: the leave `reason` (v5) is accepted and ignored.
 */
import { ErrorCode, type MemberIdentity } from '../coordinator/index.js';
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 13,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const batch = ctx.apiVersion >= 3;
    const leaving: MemberIdentity[] = batch
      ? request.members.map((m: MemberIdentity) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId ?? null }))
      : [{ memberId: request.memberId, groupInstanceId: null }];
    const result = ctx.broker.groups.leaveGroup(request.groupId, leaving);
    if (batch) return { throttleTimeMs: 0, errorCode: result.errorCode, members: result.members };
    const errorCode = result.errorCode !== ErrorCode.NONE ? result.errorCode : (result.members[0]?.errorCode ?? ErrorCode.NONE);
    return { throttleTimeMs: 0, errorCode, members: [] };
  },
};

export default handler;

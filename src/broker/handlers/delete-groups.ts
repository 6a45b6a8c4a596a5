/**
 * DeleteGroups (key 42), versions 0-2. Only Empty groups are deleted
 * (NON_EMPTY_GROUP otherwise, GROUP_ID_NOT_FOUND for unknown ones); the group
 * and its offsets are written as tombstones before the answer.
 */
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 42,
  minVersion: 0,
  maxVersion: 2,
  async handle(ctx, request) {
    const results = await ctx.broker.groups.deleteGroups(request.groupsNames as string[]);
    return { throttleTimeMs: 0, results };
  },
};

export default handler;

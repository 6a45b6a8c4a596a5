/**
 * ListGroups (key 16), versions 0-5. v4+ filter by state names and v5+ by
 * group type (case-insensitive); every kgo group is of type "classic".
 */
import type { ApiHandler } from './handler.js';

const handler: ApiHandler = {
  apiKey: 16,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const states = ctx.apiVersion >= 4 ? ((request.statesFilter as string[] | undefined) ?? []) : [];
    const types = ctx.apiVersion >= 5 ? ((request.typesFilter as string[] | undefined) ?? []).map((t) => t.toLowerCase()) : [];
    const groups = ctx.broker.groups
      .listGroups(states)
      .filter((g) => types.length === 0 || types.includes(g.groupType.toLowerCase()));
    return { throttleTimeMs: 0, errorCode: 0, groups };
  },
};

export default handler;

/**
 * DescribeGroups (key 15), versions 0-5. Member metadata and assignments are
 * shown once the group is Stable, as Kafka does; an unknown group is
 * described as "Dead" with no error. kgo has no ACLs: a requested
 * authorizedOperations (v3+) lists every group operation (READ, DELETE, DESCRIBE).
 */
import type { ApiHandler } from './handler.js';

const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;
// bits of Kafka's AclOperation codes READ (3), DELETE (6), DESCRIBE (8)
const GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);

const handler: ApiHandler = {
  apiKey: 15,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const authorizedOperations = request.includeAuthorizedOperations ? GROUP_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED;
    const groups = (request.groups as string[]).map((groupId) => ({
      ...ctx.broker.groups.describeGroup(groupId),
      authorizedOperations,
    }));
    return { throttleTimeMs: 0, groups };
  },
};

export default handler;

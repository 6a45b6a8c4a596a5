/**
 * FindCoordinator (key 10), versions 0-4. This single broker coordinates
 * every group and every transactional id, so it answers with itself for key
 * types 0 (group) and 1 (transaction); other key types get INVALID_REQUEST.
 * v4+ batches keys (coordinatorKeys) with a result per key.
 * Not served: v5 (TRANSACTION_ABORTABLE semantics of KIP-890) and v6 (share
 * groups, key type 2).
 */
import { ErrorCode } from '../coordinator/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';

const KEY_TYPE_GROUP = 0;
const KEY_TYPE_TRANSACTION = 1;

function answer(ctx: RequestContext, keyType: number): Body {
  const { nodeId, host, port } = ctx.broker.node;
  if (keyType !== KEY_TYPE_GROUP && keyType !== KEY_TYPE_TRANSACTION) {
    return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `unknown key type ${keyType}`, nodeId: -1, host: '', port: -1 };
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null, nodeId, host, port };
}

const handler: ApiHandler = {
  apiKey: 10,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, request) {
    const keyType = request.keyType ?? KEY_TYPE_GROUP;
    if (ctx.apiVersion >= 4) {
      const coordinators = (request.coordinatorKeys as string[]).map((key) => ({ key, ...answer(ctx, keyType) }));
      return { throttleTimeMs: 0, coordinators };
    }
    return { throttleTimeMs: 0, ...answer(ctx, keyType) };
  },
};

export default handler;

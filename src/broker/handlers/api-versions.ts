/**
 * ApiVersions (key 18), versions 0-4. Lists exactly the versions each handler
 * serves. A too-new version never reaches here: the connection answers it
 * with UNSUPPORTED_VERSION and a v0 body (KIP-511). v3+ checks the client
 * software name and version as Kafka does (ErrorCode.INVALID_REQUEST otherwise).
 * Not implemented: supported/finalized features (tagged, left out).
 */
import { ErrorCode } from '../../protocol/index.js';
import type { ApiHandler } from './handler.js';

const SOFTWARE_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export function apiVersionsHandler(handlers: () => Iterable<ApiHandler>): ApiHandler {
  return {
    apiKey: 18,
    minVersion: 0,
    maxVersion: 4,
    handle(ctx, request) {
      const apiKeys = [...handlers()]
        .sort((a, b) => a.apiKey - b.apiKey)
        .map((h) => ({ apiKey: h.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion }));
      if (ctx.apiVersion >= 3) {
        const name = String(request.clientSoftwareName ?? '');
        const version = String(request.clientSoftwareVersion ?? '');
        if (!SOFTWARE_PATTERN.test(name) || !SOFTWARE_PATTERN.test(version)) {
          return { errorCode: ErrorCode.INVALID_REQUEST, apiKeys, throttleTimeMs: 0 };
        }
      }
      return { errorCode: 0, apiKeys, throttleTimeMs: 0 };
    },
  };
}

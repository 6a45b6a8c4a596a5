/**
 * Kafka answers a fenced producer with PRODUCER_FENCED only from the API
 * versions that know it (KIP-588); older versions get INVALID_PRODUCER_EPOCH.
 */
import { ErrorCode } from '../../protocol/index.js';

const FENCED_FROM_VERSION: Record<number, number> = { 22: 4, 24: 2, 25: 2, 26: 2, 28: 3 };

export function fencedForVersion(errorCode: number, apiKey: number, apiVersion: number): number {
  if (errorCode !== ErrorCode.PRODUCER_FENCED) return errorCode;
  return apiVersion >= (FENCED_FROM_VERSION[apiKey] ?? 0) ? errorCode : ErrorCode.INVALID_PRODUCER_EPOCH;
}

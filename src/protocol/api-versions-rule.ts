/**
 * Kafka's rule for an ApiVersions request at a version the broker does not
 * serve: answer UNSUPPORTED_VERSION with a v0 body (no throttle time, no tags)
 * listing only ApiVersions' own range, behind response header v0, so that a
 * client of any age can parse it and retry with a version we speak.
 */
import { API_VERSIONS_KEY } from './headers.js';
import { ErrorCode } from './kafka-errors.js';

/** Whole frame including the int32 size prefix: 20 bytes. */
export function encodeUnsupportedApiVersionsResponse(
  correlationId: number,
  minVersion: number,
  maxVersion: number,
): Buffer[] {
  const frame = Buffer.alloc(20);
  frame.writeInt32BE(16, 0); // size: correlation id + error + count + one entry
  frame.writeInt32BE(correlationId, 4);
  frame.writeInt16BE(ErrorCode.UNSUPPORTED_VERSION, 8);
  frame.writeInt32BE(1, 10);
  frame.writeInt16BE(API_VERSIONS_KEY, 14);
  frame.writeInt16BE(minVersion, 16);
  frame.writeInt16BE(maxVersion, 18);
  return [frame];
}

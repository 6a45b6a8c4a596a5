/**
 * Request and response headers, written by hand because they sit on every
 * frame. Request header v1 is api key, api version, correlation id and a
 * classic nullable client id (int16 length even in flexible versions, so any
 * broker can read an ApiVersions header); v2 adds a tagged-field section.
 * Response header v0 is the correlation id; v1 adds a tagged-field section.
 * ApiVersions responses always use v0 (a client parses them before it knows
 * which versions the broker speaks).
 */
import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

export const API_VERSIONS_KEY = 18;

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  /** A null client id on the wire reads as '' (as Kafka does). */
  clientId: string;
  /** Bytes the header takes at the start of the frame. */
  headerBytes: number;
}

/** Reads a request header; `isFlexible` picks v2 over v1 from the key and version just read. */
export function readRequestHeader(r: Reader, isFlexible: (apiKey: number, apiVersion: number) => boolean): RequestHeader {
  const start = r.offset;
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const clientId = r.nullableString() ?? '';
  if (isFlexible(apiKey, apiVersion)) r.taggedFields();
  return { apiKey, apiVersion, correlationId, clientId, headerBytes: r.offset - start };
}

export function writeRequestHeader(
  w: Writer,
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  clientId: string | null,
  flexible: boolean,
): void {
  w.int16(apiKey);
  w.int16(apiVersion);
  w.int32(correlationId);
  w.nullableString(clientId);
  if (flexible) w.uvarint(0);
}

/** Response header version: 1 for flexible versions, except ApiVersions (always 0). */
export function responseHeaderVersion(apiKey: number, flexible: boolean): 0 | 1 {
  return flexible && apiKey !== API_VERSIONS_KEY ? 1 : 0;
}

export function writeResponseHeader(w: Writer, correlationId: number, headerVersion: 0 | 1): void {
  w.int32(correlationId);
  if (headerVersion === 1) w.uvarint(0);
}

export function readResponseHeader(r: Reader, headerVersion: 0 | 1): number {
  const correlationId = r.int32();
  if (headerVersion === 1) r.taggedFields();
  return correlationId;
}

/**
 * The contract between the connection layer and one API key's handler. Each
 * handler file serves one API key: it states the versions it fully serves
 * (exactly what ApiVersions advertises) and turns a decoded request body into
 * a response body. Bodies use the schema's field names (src/protocol/messages).
 *
 * Handlers run on the event loop, which is the single owner of broker state;
 * a handler that must wait (an fsync, a long poll, a rebalance) returns a
 * promise and the connection still writes responses in request order.
 */
import type { BrokerCore } from '../broker-core.js';

export interface RequestContext {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string;
  /** Remote address of the connection, for group member metadata. */
  clientHost: string;
  connectionId: number;
  broker: BrokerCore;
  /**
   * The request now holds `bytes` of memory (log data read for its answer)
   * until it is answered. The connection counts them with the request's own
   * size, so a peer pipelining fetches it does not read stops being read
   * after about IN_PROGRESS_BYTES_MAX instead of making the broker read
   * fetch.max.bytes for every request it sent.
   */
  holdBytes(bytes: number): void;
}

/** Returned by a handler that must not answer (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('no-response');

/** Decoded bodies are plain objects keyed by schema field names. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = Record<string, any>;

/**
 * Returned when the only way to tell the client about a failure is to close
 * its connection (Produce with acks=0 that could not be written, as Kafka does).
 */
export const CLOSE_CONNECTION: unique symbol = Symbol('close-connection');

export type HandlerResult = Body | typeof NO_RESPONSE | typeof CLOSE_CONNECTION;

export interface ApiHandler {
  apiKey: number;
  /** Versions served in full; advertised in ApiVersions. */
  minVersion: number;
  maxVersion: number;
  handle(ctx: RequestContext, request: Body): HandlerResult | Promise<HandlerResult>;
}

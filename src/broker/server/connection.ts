/**
 * One client connection: frames in, responses out, in request order.
 *
 * Frames are split without copying and capped at `socket.request.max.bytes`
 * before any of the body is buffered. Requests are decoded and dispatched as
 * they arrive (clients pipeline), but each gets a slot in a FIFO and responses
 * leave strictly in slot order, which is Kafka's contract (kafka-python even
 * matches responses to the oldest request). A connection whose responses are
 * not being read, or that has too many requests in progress, stops being read
 * until it drains: a slow peer costs bounded memory.
 *
 * A peer that sends garbage (oversized frame, undecodable request, an API or
 * version we do not serve) loses its connection with one log line; a bug in a
 * handler does the same, with a stack trace. Neither ends the process.
 */
import type { Socket } from 'node:net';
import {
  DecodeError,
  FrameSplitter,
  FrameTooLargeError,
  UnsupportedApiError,
  decodeRequestBody,
  decodeRequestHeader,
  encodeResponse,
  encodeUnsupportedApiVersionsResponse,
} from '../../protocol/index.js';
import type { ApiHandler, HandlerResult, RequestContext } from '../handlers/handler.js';
import { CLOSE_CONNECTION, NO_RESPONSE } from '../handlers/handler.js';
import type { BrokerCore } from '../broker-core.js';

const API_VERSIONS_KEY = 18;

export interface ConnectionOptions {
  id: number;
  broker: BrokerCore;
  handlers: ReadonlyMap<number, ApiHandler>;
  frameBytesMax: number;
  idleMs: number;
  onClose(): void;
}

interface Slot {
  done: boolean;
  chunks: Buffer[] | null;
  /** Size of the request frame, and of the memory it holds (holdBytes), until the request is answered. */
  requestBytes: number;
}

/** Unwritten response bytes above which the socket stops being read. */
const WRITE_BACKLOG_BYTES_MAX = 16 * 1024 * 1024;
const EMPTY_FRAME = Buffer.alloc(0);
/** Request bytes in progress, with what they hold (holdBytes), above which the socket stops being read (one request may exceed it). */
const IN_PROGRESS_BYTES_MAX = 64 * 1024 * 1024;
/**
 * Requests of one connection dispatched and not yet answered. Handlers may
 * work asynchronously (a fetch reads its data at once, then waits), so this
 * bounds what one connection can make the broker hold, while still letting a
 * producer pipeline enough requests to share fsyncs.
 */
const UNANSWERED_REQUESTS_MAX = 16;

export class Connection {
  private readonly splitter: FrameSplitter;
  private readonly slots: Slot[] = [];
  private closed = false;
  private paused = false;
  private inProgressBytes = 0;
  private unanswered = 0;
  /** Frames received but not yet dispatched because the connection is at its limits; the next is at waitingHead. */
  private waitingFrames: Buffer[] = [];
  private waitingHead = 0;
  private dispatching = false;
  readonly remote: string;

  constructor(
    private readonly socket: Socket,
    private readonly opts: ConnectionOptions,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.splitter = new FrameSplitter({ frameBytesMax: opts.frameBytesMax });
    socket.setNoDelay(true);
    socket.setTimeout(opts.idleMs);
    socket.on('timeout', () => this.close());
    socket.on('data', (chunk: Buffer) => this.guarded(() => this.onData(chunk)));
    socket.on('drain', () => this.guarded(() => this.maybeResume()));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  /** A bug in kgo ends this connection with a stack trace in the log, never the process. */
  private guarded(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.opts.broker.log(`internal error on connection ${this.remote}; closing it\n${stack}`);
      this.close();
    }
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    try {
      for (const frame of this.splitter.push(chunk)) this.waitingFrames.push(frame);
    } catch (err) {
      if (err instanceof FrameTooLargeError) return this.drop(`${err.message} (socket.request.max.bytes is ${this.opts.frameBytesMax})`);
      throw err;
    }
    this.dispatchWaiting();
  }

  /**
   * Dispatches received frames in order until the connection reaches one of
   * its limits. A handler that answers at once completes its slot inside this
   * loop, and completing may try to resume: the flag keeps that from
   * re-entering (which would recurse once per frame and dispatch frames twice).
   */
  private dispatchWaiting(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      while (this.waitingHead < this.waitingFrames.length && !this.closed) {
        if (this.overloaded()) {
          this.pause();
          return;
        }
        const frame = this.waitingFrames[this.waitingHead]!;
        this.waitingFrames[this.waitingHead++] = EMPTY_FRAME; // let the frame go once dispatched
        this.onFrame(frame);
      }
    } finally {
      if (this.waitingHead === this.waitingFrames.length) {
        this.waitingFrames = [];
        this.waitingHead = 0;
      }
      this.dispatching = false;
    }
    // Completions during the loop could not resume the socket; now it may.
    this.maybeResume();
  }

  private onFrame(frame: Buffer): void {
    let header;
    try {
      header = decodeRequestHeader(frame);
    } catch (err) {
      return this.drop(`unreadable request header: ${(err as Error).message}`);
    }
    const handler = this.opts.handlers.get(header.apiKey);
    if (header.apiKey === API_VERSIONS_KEY && handler && header.apiVersion > handler.maxVersion) {
      // KIP-511: answer a too-new ApiVersions with our range so the client can retry.
      const slot = this.newSlot(frame.length);
      return this.complete(slot, encodeUnsupportedApiVersionsResponse(header.correlationId, handler.minVersion, handler.maxVersion));
    }
    if (!handler || header.apiVersion < handler.minVersion || header.apiVersion > handler.maxVersion) {
      const what = handler ? `version ${header.apiVersion} of API ${header.apiKey}, which is not served` : `unknown API key ${header.apiKey}`;
      return this.drop(`${what} (client ${header.clientId})`);
    }
    let body;
    try {
      body = decodeRequestBody(header, frame);
    } catch (err) {
      if (err instanceof DecodeError || err instanceof UnsupportedApiError) {
        return this.drop(`malformed request (API ${header.apiKey} v${header.apiVersion}): ${err.message}`);
      }
      throw err;
    }
    const slot = this.newSlot(frame.length);
    const ctx: RequestContext = {
      apiKey: header.apiKey,
      apiVersion: header.apiVersion,
      correlationId: header.correlationId,
      clientId: header.clientId,
      clientHost: this.socket.remoteAddress ?? '',
      connectionId: this.opts.id,
      broker: this.opts.broker,
      holdBytes: (bytes) => this.hold(slot, bytes),
    };
    let result: HandlerResult | Promise<HandlerResult>;
    try {
      result = handler.handle(ctx, body);
    } catch (err) {
      return this.handlerFailed(header.apiKey, err);
    }
    if (result instanceof Promise) {
      result.then(
        (value) => this.finish(slot, ctx, value),
        (err: unknown) => this.handlerFailed(header.apiKey, err),
      );
    } else {
      this.finish(slot, ctx, result);
    }
  }

  private finish(slot: Slot, ctx: RequestContext, result: HandlerResult): void {
    if (this.closed) return;
    if (result === NO_RESPONSE) return this.complete(slot, null);
    if (result === CLOSE_CONNECTION) {
      // Answers already due go out first; then the connection ends.
      this.complete(slot, null);
      return this.drop(`request ${ctx.correlationId} (API ${ctx.apiKey}) failed and has no response to carry the error`);
    }
    let chunks: Buffer[];
    try {
      chunks = encodeResponse(ctx.apiKey, ctx.apiVersion, ctx.correlationId, result);
    } catch (err) {
      return this.handlerFailed(ctx.apiKey, err);
    }
    this.complete(slot, chunks);
  }

  private newSlot(requestBytes: number): Slot {
    const slot: Slot = { done: false, chunks: null, requestBytes };
    this.slots.push(slot);
    this.inProgressBytes += requestBytes;
    this.unanswered++;
    if (this.overloaded()) this.pause();
    return slot;
  }

  /** Memory a request holds until answered counts as its size: see RequestContext.holdBytes. */
  private hold(slot: Slot, bytes: number): void {
    if (slot.done || this.closed) return;
    slot.requestBytes += bytes;
    this.inProgressBytes += bytes;
  }

  private complete(slot: Slot, chunks: Buffer[] | null): void {
    slot.done = true;
    slot.chunks = chunks;
    this.inProgressBytes -= slot.requestBytes;
    this.unanswered--;
    slot.requestBytes = 0;
    this.flushSlots();
  }

  private overloaded(): boolean {
    return (
      this.unanswered >= UNANSWERED_REQUESTS_MAX ||
      this.inProgressBytes > IN_PROGRESS_BYTES_MAX ||
      this.socket.writableLength > WRITE_BACKLOG_BYTES_MAX
    );
  }

  private flushSlots(): void {
    if (this.closed) return;
    let corked = false;
    while (this.slots.length > 0 && this.slots[0]!.done) {
      const slot = this.slots.shift()!;
      if (!slot.chunks) continue;
      if (!corked) {
        this.socket.cork();
        corked = true;
      }
      for (const chunk of slot.chunks) this.socket.write(chunk);
    }
    if (corked) this.socket.uncork();
    if (this.overloaded()) this.pause();
    else this.maybeResume();
  }

  private pause(): void {
    if (this.paused || this.closed) return;
    this.paused = true;
    this.socket.pause();
  }

  private maybeResume(): void {
    if (!this.paused || this.closed || this.dispatching || this.overloaded()) return;
    if (this.waitingHead < this.waitingFrames.length) return this.dispatchWaiting();
    this.paused = false;
    this.socket.resume();
  }

  private handlerFailed(apiKey: number, err: unknown): void {
    const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
    this.opts.broker.log(`internal error handling API ${apiKey} from ${this.remote}; closing the connection\n${stack}`);
    this.close();
  }

  /** The peer sent something we will not serve: one log line, connection closed. */
  private drop(reason: string): void {
    this.opts.broker.log(`closing connection ${this.remote}: ${reason}`);
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.slots.length = 0;
    this.socket.destroy();
    this.opts.onClose();
  }
}

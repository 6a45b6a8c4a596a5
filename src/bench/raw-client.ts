/**
 * A small pipelined Kafka client on kgo's own codec, for measuring a broker
 * rather than a client library: requests go out back to back with several in
 * flight, answers are matched in order by correlation id, and any non-zero
 * error code in an answer fails the request (unless the caller expects it).
 * Plaintext only: no TLS, no SASL.
 */
import * as net from 'node:net';
import { UserError } from '../common/index.js';
import { FrameSplitter, decodeResponse, encodeRequest, errorName } from '../protocol/index.js';

export const ApiKey = Object.freeze({ produce: 0, fetch: 1, metadata: 3, apiVersions: 18 });

/** The newest version of each API spoken here; the broker's ApiVersions answer may lower it. */
const PREFERRED_VERSIONS = new Map<number, number>([
  [ApiKey.produce, 9],
  // v13+ address topics by id.
  [ApiKey.fetch, 12],
  [ApiKey.metadata, 12],
]);

/** Guards against garbage only: fetch answers are capped far below this by their maxBytes. */
const RESPONSE_BYTES_MAX = 256 * 1024 * 1024;

type Body = Record<string, any>;

export class BrokerError extends Error {
  constructor(
    message: string,
    readonly errorCode = -1,
  ) {
    super(message);
    this.name = 'BrokerError';
  }
}

/** Throws on the first non-zero `errorCode` anywhere in a decoded body, unless allowed. */
export function checkErrorCodes(body: unknown, allowed: readonly number[] = [], where = 'response'): void {
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return;
  if (Array.isArray(body)) {
    body.forEach((item, i) => checkErrorCodes(item, allowed, `${where}[${i}]`));
    return;
  }
  for (const [key, value] of Object.entries(body as Body)) {
    if (key === 'errorCode' && value !== 0 && !allowed.includes(value as number)) {
      const detail = (body as Body).errorMessage ? `: ${(body as Body).errorMessage}` : '';
      throw new BrokerError(`${where}: ${errorName(value as number)} (${value})${detail}`, value as number);
    }
    if (typeof value === 'object') checkErrorCodes(value, allowed, `${where}.${key}`);
  }
}

interface Waiter {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  allowErrors: readonly number[];
  resolve(body: Body): void;
  reject(err: Error): void;
  sentAtMs: number;
}

export interface RequestOptions {
  version?: number;
  allowErrors?: readonly number[];
  /** False for produce with acks=0: the broker sends no answer. */
  expectResponse?: boolean;
}

export function parseHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(address.slice(at + 1)) };
}

export class RawClient {
  private readonly brokerRanges = new Map<number, { minVersion: number; maxVersion: number }>();
  private nextCorrelationId = 1;
  /** Requests awaiting answers, oldest first: Kafka answers in order. */
  private readonly pending: Waiter[] = [];
  private failure: Error | null = null;
  private readonly splitter = new FrameSplitter({ frameBytesMax: RESPONSE_BYTES_MAX, allocateOnSize: true });
  private readonly watchdog: NodeJS.Timeout;

  /** Connects and learns the broker's versions with ApiVersions v0. */
  static async connect(address: string, clientId: string, requestTimeoutMs: number): Promise<RawClient> {
    const { host, port } = parseHostPort(address);
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host, port, noDelay: true });
      s.setTimeout(requestTimeoutMs, () => s.destroy(new Error(`no answer from ${address} within ${requestTimeoutMs} ms`)));
      s.once('connect', () => {
        s.setTimeout(0);
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    }).catch((err: Error) => {
      throw new UserError(`cannot connect to Kafka at ${address}: ${err.message}`, 'check -b/--brokers; for a local broker run `kgo serve`', 1, 'CONNECT_FAILED');
    });
    const client = new RawClient(socket, clientId, requestTimeoutMs);
    try {
      const answer = await client.request(ApiKey.apiVersions, {}, { version: 0 });
      for (const api of answer.apiKeys as Body[]) client.brokerRanges.set(api.apiKey, api as { minVersion: number; maxVersion: number });
    } catch (err) {
      client.close();
      throw err;
    }
    return client;
  }

  private constructor(
    private readonly socket: net.Socket,
    private readonly clientId: string,
    private readonly requestTimeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new BrokerError('connection closed by the broker')));
    // Answers come in order, so only the oldest request can be late.
    this.watchdog = setInterval(() => {
      const oldest = this.pending[0];
      if (oldest && Date.now() - oldest.sentAtMs > this.requestTimeoutMs) {
        this.fail(new BrokerError(`no answer to API key ${oldest.apiKey} within ${this.requestTimeoutMs} ms`));
      }
    }, 1_000);
    this.watchdog.unref();
  }

  get inFlight(): number {
    return this.pending.length;
  }

  versionFor(apiKey: number): number {
    const ours = PREFERRED_VERSIONS.get(apiKey) ?? 0;
    const range = this.brokerRanges.get(apiKey);
    if (range === undefined) throw new BrokerError(`the broker does not serve API key ${apiKey}`);
    const version = Math.min(ours, range.maxVersion);
    if (version < range.minVersion) throw new BrokerError(`no common version for API key ${apiKey}`);
    return version;
  }

  /** Sends one request now, pipelined behind any in flight; resolves with the checked answer. */
  request(apiKey: number, body: Body, options: RequestOptions = {}): Promise<Body> {
    if (this.failure) return Promise.reject(this.failure);
    const apiVersion = options.version ?? this.versionFor(apiKey);
    const correlationId = this.nextCorrelationId++;
    const chunks = encodeRequest(apiKey, apiVersion, correlationId, this.clientId, body);
    if (options.expectResponse === false) return this.writeOnly(chunks);
    return new Promise((resolve, reject) => {
      const allowErrors = options.allowErrors ?? [];
      this.pending.push({ apiKey, apiVersion, correlationId, allowErrors, resolve, reject, sentAtMs: Date.now() });
      this.write(chunks);
    });
  }

  /** Without answers there is no back-pressure but the socket's own: wait for it to drain. */
  private async writeOnly(chunks: Buffer[]): Promise<Body> {
    if (!this.write(chunks)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.socket.off('drain', done);
          this.socket.off('close', done);
          resolve();
        };
        this.socket.once('drain', done);
        this.socket.once('close', done);
      });
    }
    if (this.failure) throw this.failure;
    return {};
  }

  private write(chunks: Buffer[]): boolean {
    this.socket.cork();
    let ok = true;
    for (const chunk of chunks) ok = this.socket.write(chunk) && ok;
    this.socket.uncork();
    return ok;
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    for (const frame of frames) {
      const waiter = this.pending.shift();
      if (waiter === undefined) {
        this.fail(new BrokerError('an answer nobody asked for'));
        return;
      }
      try {
        const { correlationId, body } = decodeResponse(waiter.apiKey, waiter.apiVersion, frame);
        if (correlationId !== waiter.correlationId) {
          throw new BrokerError(`answer ${correlationId} arrived where ${waiter.correlationId} was due`);
        }
        checkErrorCodes(body, waiter.allowErrors, `api ${waiter.apiKey} v${waiter.apiVersion}`);
        waiter.resolve(body);
      } catch (err) {
        waiter.reject(err as Error);
      }
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const waiter of this.pending.splice(0)) waiter.reject(err);
    clearInterval(this.watchdog);
    this.socket.destroy();
  }

  close(): void {
    this.fail(new BrokerError('client closed'));
  }
}

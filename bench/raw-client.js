/**
 * A small pipelined Kafka client on kgo's own codec (dist/protocol), for
 * driving the broker at full speed from the benchmarks. kafkajs would measure
 * kafkajs; this sends pre-built batches with several requests in flight and
 * does almost nothing else per request.
 *
 * It is also strict, so a broken broker cannot post a great number: every
 * response is matched to its request by correlation id, every `errorCode`
 * anywhere in a response must be 0 (unless the caller expects that code),
 * produce answers must carry one partition with a base offset, and
 * `OffsetLedger` checks that acknowledged offsets tile the log exactly.
 */
import * as net from 'node:net';
import {
  BATCH_HEADER_BYTES,
  FrameSplitter,
  decodeResponse,
  encodeRequest,
  errorName,
  iterateBatches,
  verifyBatchCrc,
} from '../dist/protocol/index.js';

export const ApiKey = Object.freeze({
  produce: 0,
  fetch: 1,
  metadata: 3,
  offsetCommit: 8,
  offsetFetch: 9,
  findCoordinator: 10,
  joinGroup: 11,
  heartbeat: 12,
  leaveGroup: 13,
  syncGroup: 14,
  apiVersions: 18,
  createTopics: 19,
});

/**
 * The newest version of each API this client speaks; the broker's ApiVersions
 * answer may lower it. Fetch stays at 12: v13+ address topics by id.
 */
const PREFERRED_VERSIONS = new Map([
  [ApiKey.produce, 9],
  [ApiKey.fetch, 12],
  [ApiKey.metadata, 12],
  [ApiKey.offsetCommit, 8],
  [ApiKey.offsetFetch, 7],
  [ApiKey.findCoordinator, 3],
  [ApiKey.joinGroup, 7],
  [ApiKey.heartbeat, 4],
  [ApiKey.leaveGroup, 4],
  [ApiKey.syncGroup, 5],
  [ApiKey.createTopics, 7],
]);

/** Fetch answers may be 50 MiB and more; the cap only guards against garbage. */
const RESPONSE_BYTES_MAX = 512 * 1024 * 1024;
/** A broker that stops answering fails the benchmark instead of hanging it. */
const REQUEST_TIMEOUT_MS = 60_000;

export class BrokerError extends Error {
  constructor(message, errorCode = -1) {
    super(message);
    this.name = 'BrokerError';
    this.errorCode = errorCode;
  }
}

/**
 * Throws on the first non-zero `errorCode` anywhere in a decoded body, unless
 * that code is in `allowed`. Buffers (record bytes) are not walked.
 */
export function checkErrorCodes(body, allowed = [], where = 'response') {
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return;
  if (Array.isArray(body)) {
    body.forEach((item, i) => checkErrorCodes(item, allowed, `${where}[${i}]`));
    return;
  }
  for (const [key, value] of Object.entries(body)) {
    if (key === 'errorCode' && value !== 0 && !allowed.includes(value)) {
      const detail = body.errorMessage ? `: ${body.errorMessage}` : '';
      throw new BrokerError(`${where}: ${errorName(value)} (${value})${detail}`, value);
    }
    if (typeof value === 'object') checkErrorCodes(value, allowed, `${where}.${key}`);
  }
}

export class RawClient {
  /**
   * Connects and learns the broker's versions with ApiVersions v0.
   * `reuseFrameBuffer`: answers spread over several socket reads are gathered
   * into one buffer kept for the next (as a consumer with a receive buffer
   * does), so each answer is valid only until the next arrives: for a caller
   * that reads one answer at a time and keeps nothing from it.
   */
  static async connect({ host = '127.0.0.1', port, clientId = 'kgo-bench', reuseFrameBuffer = false }) {
    const socket = await new Promise((resolve, reject) => {
      const s = net.connect({ host, port, noDelay: true });
      s.once('connect', () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    const client = new RawClient(socket, clientId, { reuseFrameBuffer });
    try {
      const answer = await client.request(ApiKey.apiVersions, {}, { version: 0 });
      for (const api of answer.apiKeys) client.brokerRanges.set(api.apiKey, api);
    } catch (err) {
      client.close();
      throw err;
    }
    return client;
  }

  constructor(socket, clientId, { reuseFrameBuffer = false } = {}) {
    this.socket = socket;
    this.clientId = clientId;
    this.brokerRanges = new Map();
    this.nextCorrelationId = 1;
    /** Requests awaiting answers, oldest first: Kafka answers in order. */
    this.pending = [];
    this.failure = null;
    this.splitter = new FrameSplitter({ frameBytesMax: RESPONSE_BYTES_MAX, allocateOnSize: true, reuseFrameBuffer });
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new BrokerError('connection closed by the broker')));
    // One timer per connection: answers come in order, so only the oldest can be late.
    this.watchdog = setInterval(() => {
      const oldest = this.pending[0];
      if (oldest && Date.now() - oldest.sentAtMs > REQUEST_TIMEOUT_MS) {
        this.fail(new BrokerError(`no answer to API key ${oldest.apiKey} within ${REQUEST_TIMEOUT_MS} ms`));
      }
    }, 1_000);
    this.watchdog.unref();
  }

  get inFlight() {
    return this.pending.length;
  }

  /** The version to use: ours, lowered to the broker's maximum. */
  versionFor(apiKey) {
    const ours = PREFERRED_VERSIONS.get(apiKey) ?? 0;
    const range = this.brokerRanges.get(apiKey);
    if (range === undefined) throw new BrokerError(`the broker does not serve API key ${apiKey}`);
    const version = Math.min(ours, range.maxVersion);
    if (version < range.minVersion) throw new BrokerError(`no common version for API key ${apiKey}`);
    return version;
  }

  /**
   * Sends one request now (pipelined behind any in flight) and resolves with
   * the decoded response body after checking its error codes.
   */
  request(apiKey, body, { version, allowErrors = [] } = {}) {
    if (this.failure) return Promise.reject(this.failure);
    const apiVersion = version ?? this.versionFor(apiKey);
    const correlationId = this.nextCorrelationId++;
    const chunks = encodeRequest(apiKey, apiVersion, correlationId, this.clientId, body);
    return new Promise((resolve, reject) => {
      this.pending.push({ apiKey, apiVersion, correlationId, allowErrors, resolve, reject, sentAtMs: Date.now() });
      this.socket.cork();
      for (const chunk of chunks) this.socket.write(chunk);
      this.socket.uncork();
    });
  }

  onData(chunk) {
    let frames;
    try {
      frames = this.splitter.push(chunk);
    } catch (err) {
      this.fail(err);
      return;
    }
    for (const frame of frames) {
      const waiter = this.pending.shift();
      if (waiter === undefined) return this.fail(new BrokerError('an answer nobody asked for'));
      try {
        const { correlationId, body } = decodeResponse(waiter.apiKey, waiter.apiVersion, frame);
        if (correlationId !== waiter.correlationId) {
          throw new BrokerError(`answer ${correlationId} arrived where ${waiter.correlationId} was due`);
        }
        checkErrorCodes(body, waiter.allowErrors, `api ${waiter.apiKey} v${waiter.apiVersion}`);
        waiter.resolve(body);
      } catch (err) {
        waiter.reject(err);
      }
    }
  }

  fail(err) {
    if (this.failure) return;
    this.failure = err;
    for (const waiter of this.pending.splice(0)) waiter.reject(err);
    clearInterval(this.watchdog);
    this.socket.destroy();
  }

  close() {
    this.fail(new BrokerError('client closed'));
  }

  /** Creates a topic (an existing one is an error: benchmarks start fresh). */
  async createTopic(name, partitions = 1, configs = {}) {
    await this.request(ApiKey.createTopics, {
      topics: [
        {
          name,
          numPartitions: partitions,
          replicationFactor: 1,
          assignments: [],
          configs: Object.entries(configs).map(([k, v]) => ({ name: k, value: v })),
        },
      ],
      timeoutMs: 30_000,
      validateOnly: false,
    });
  }

  metadata(topics = []) {
    return this.request(ApiKey.metadata, {
      topics: topics.map((name) => ({ name, topicId: Buffer.alloc(16) })),
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
  }

  /** Produces one batch; resolves with its base offset. */
  async produce(topic, partition, batch, acks = 1, timeoutMs = 30_000) {
    const answer = await this.request(ApiKey.produce, {
      transactionalId: null,
      acks,
      timeoutMs,
      topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }],
    });
    const parts = answer.responses.flatMap((t) => (t.name === topic ? t.partitionResponses : []));
    if (parts.length !== 1 || parts[0].index !== partition) {
      throw new BrokerError(`produce to ${topic}-${partition} was answered for other partitions`);
    }
    const { baseOffset } = parts[0];
    if (typeof baseOffset !== 'number' || baseOffset < 0) throw new BrokerError(`produce answered base offset ${baseOffset}`);
    return baseOffset;
  }

  /** Fetches one partition from `fetchOffset`; resolves with the partition's answer. */
  async fetch(topic, partition, fetchOffset, { maxBytes = 50 * 1024 * 1024, partitionMaxBytes = 0x7fffffff, maxWaitMs = 500, minBytes = 1 } = {}) {
    const answer = await this.request(ApiKey.fetch, {
      replicaId: -1,
      maxWaitMs,
      minBytes,
      maxBytes,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes }] }],
      forgottenTopicsData: [],
      rackId: '',
    });
    const parts = answer.responses.flatMap((t) => (t.topic === topic ? t.partitions : []));
    if (parts.length !== 1 || parts[0].partitionIndex !== partition) {
      throw new BrokerError(`fetch of ${topic}-${partition} was answered for other partitions`);
    }
    return parts[0];
  }
}

/**
 * Where the complete batches of a fetch answer end, from their headers alone
 * (no CRC): enough to send the next fetch before checking this answer.
 */
export function scanFetchedBatches(records, fetchOffset) {
  let nextOffset = fetchOffset;
  let bytes = 0;
  for (const { size, header } of iterateBatches(records ?? Buffer.alloc(0))) {
    nextOffset = Math.max(nextOffset, header.baseOffset + header.lastOffsetDelta + 1);
    bytes += size;
  }
  return { nextOffset, bytes };
}

/**
 * Checks the complete batches of a fetch answer: CRC-32C, magic, and offsets
 * continuing exactly from `expectedOffset`. Returns the next offset to fetch,
 * the bytes of complete batches and their record count.
 */
export function checkFetchedBatches(records, expectedOffset) {
  let next = expectedOffset;
  let bytes = 0;
  let count = 0;
  if (records === null) return { nextOffset: next, bytes, records: count };
  for (const { pos, size, header } of iterateBatches(records)) {
    if (size < BATCH_HEADER_BYTES || !verifyBatchCrc(records, pos)) throw new BrokerError(`fetched batch at offset ${header.baseOffset} fails its CRC`);
    const last = header.baseOffset + header.lastOffsetDelta;
    // The first batch may start before the fetch offset; later ones must follow on.
    if (header.baseOffset > next || last < next) {
      throw new BrokerError(`fetched batch ${header.baseOffset}..${last} does not continue at offset ${next}`);
    }
    count += last + 1 - next;
    next = last + 1;
    bytes += size;
  }
  return { nextOffset: next, bytes, records: count };
}

/**
 * The offset ranges the broker acknowledged for one partition. `verify`
 * checks they tile [0, total) with no gap and no overlap, whatever order
 * concurrent producers were answered in.
 */
export class OffsetLedger {
  constructor() {
    this.ranges = [];
  }

  add(baseOffset, recordCount) {
    this.ranges.push([baseOffset, recordCount]);
  }

  verify(expectedRecords) {
    const sorted = this.ranges.slice().sort((a, b) => a[0] - b[0]);
    let next = 0;
    for (const [base, count] of sorted) {
      if (base !== next) throw new BrokerError(`acknowledged offsets jump from ${next} to ${base}`);
      next = base + count;
    }
    if (next !== expectedRecords) throw new BrokerError(`acknowledged ${next} records, expected ${expectedRecords}`);
  }
}

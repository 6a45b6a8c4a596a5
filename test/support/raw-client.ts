/**
 * A minimal pipelined Kafka client on kgo's own codec, for tests that need
 * exact control over requests (versions, malformed bodies, acks=0, ordering).
 * Real-client behaviour is proven separately with kafkajs, kcat and Python.
 */
import * as net from 'node:net';
import { FrameSplitter, decodeResponse, encodeRequest } from '../../src/protocol/index.js';

interface Pending {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  resolve(body: Record<string, any>): void;
  reject(err: Error): void;
}

export class RawClient {
  private readonly splitter = new FrameSplitter({ frameBytesMax: 1 << 30 });
  private readonly pending: Pending[] = [];
  private nextCorrelationId = 1;
  readonly closed: Promise<void>;
  /** Correlation ids in the order responses arrived. */
  readonly arrivals: number[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.splitter.push(chunk)) this.onFrame(frame);
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    this.closed.then(() => {
      for (const p of this.pending.splice(0)) p.reject(new Error('connection closed'));
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  private onFrame(frame: Buffer): void {
    const p = this.pending.shift();
    if (!p) throw new Error('response without a request');
    const { correlationId, body } = decodeResponse(p.apiKey, p.apiVersion, frame);
    this.arrivals.push(correlationId);
    if (correlationId !== p.correlationId) p.reject(new Error(`correlation id ${correlationId}, expected ${p.correlationId}`));
    else p.resolve(body);
  }

  request(apiKey: number, apiVersion: number, body: Record<string, unknown>): Promise<Record<string, any>> {
    const correlationId = this.nextCorrelationId++;
    return new Promise((resolve, reject) => {
      this.pending.push({ apiKey, apiVersion, correlationId, resolve, reject });
      for (const chunk of encodeRequest(apiKey, apiVersion, correlationId, 'raw-test', body)) this.socket.write(chunk);
    });
  }

  /** A request that gets no response (Produce with acks=0). */
  send(apiKey: number, apiVersion: number, body: Record<string, unknown>): void {
    const correlationId = this.nextCorrelationId++;
    for (const chunk of encodeRequest(apiKey, apiVersion, correlationId, 'raw-test', body)) this.socket.write(chunk);
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}

export const Api = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  Heartbeat: 12,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  DescribeConfigs: 32,
  DescribeLogDirs: 35,
  CreatePartitions: 37,
  DescribeCluster: 60,
} as const;

export function produceBody(topic: string, partition: number, records: Buffer | null, acks = -1) {
  return { transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] };
}

export function fetchBody(topic: string, partition: number, fetchOffset: number, opts: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; partitionMaxBytes?: number } = {}) {
  return {
    replicaId: -1,
    maxWaitMs: opts.maxWaitMs ?? 0,
    minBytes: opts.minBytes ?? 0,
    maxBytes: opts.maxBytes ?? 50 * 1024 * 1024,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic, partitions: [{ partition, fetchOffset, partitionMaxBytes: opts.partitionMaxBytes ?? 10 * 1024 * 1024, currentLeaderEpoch: -1, logStartOffset: -1 }] }],
    forgottenTopicsData: [],
    rackId: '',
  };
}

export function createTopicBody(name: string, numPartitions: number, configs: Record<string, string> = {}, validateOnly = false, replicationFactor = 1) {
  return {
    topics: [{ name, numPartitions, replicationFactor, assignments: [], configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })) }],
    timeoutMs: 5000,
    validateOnly,
  };
}

/**
 * Drives the real clients the interoperability tests use: kcat and the two
 * Python clients as child processes with hard timeouts, kafkajs in-process
 * with kgo's compression codecs, plus a reader of the broker's segment files
 * so a test can check which codec a client really used on the wire.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs, { type Kafka, type PartitionAssigner } from 'kafkajs';
import { registerCodecs } from '../../src/client/index.js';
import { PYTHON } from '../support/interop.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CodecName = (typeof CODECS)[number];
/** Kafka's codec ids, as in a RecordBatch's attributes. */
export const CODEC_IDS: Record<CodecName, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, killing it after `timeoutMs`. */
export function run(command: string, args: string[], input?: string | Buffer, timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

export async function kcat(args: string[], input?: string): Promise<RunResult> {
  // A short metadata refresh and no retries: a broker bug fails fast instead of hanging.
  const r = await run('kcat', [...args, '-X', 'socket.timeout.ms=10000', '-X', 'topic.metadata.refresh.interval.ms=1000'], input);
  if (r.status !== 0) throw new Error(`kcat ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
  return r;
}

/** kcat -C -J output, one JSON object per record. */
export interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  tstype: string;
  ts: number;
  headers?: string[];
  key: string | null;
  payload: string | null;
}

export function parseKcatJson(stdout: string): KcatRecord[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as KcatRecord);
}

/** A record as the Python scripts exchange it: bytes as hex, so any byte survives. */
export interface HexRecord {
  key: string | null;
  value: string | null;
  headers: [string, string][];
  timestamp?: number;
  offset?: number;
  partition?: number;
}

export const hex = (s: string | Buffer): string => Buffer.from(s).toString('hex');
export const unhex = (s: string): string => Buffer.from(s, 'hex').toString();

/** Runs test/interop/python/<script> with one JSON command; parses its JSON answer. */
export async function python<T>(script: string, command: Record<string, unknown>, timeoutMs = 30_000): Promise<T> {
  const r = await run(PYTHON, [path.join(here, 'python', script), JSON.stringify(command)], undefined, timeoutMs);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    throw new Error(`${script} ${String(command.op)} exited ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return JSON.parse(last) as T;
}

/** Optional compression modules of kafka-python (gzip is built in), probed synchronously. */
export function pythonModulesSync(names: string[]): Record<string, boolean> {
  const code = `import importlib.util, json, sys; print(json.dumps({n: importlib.util.find_spec(n) is not None for n in sys.argv[1:]}))`;
  const r = spawnSync(PYTHON, ['-c', code, ...names], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return Object.fromEntries(names.map((n) => [n, false]));
  return JSON.parse(r.stdout) as Record<string, boolean>;
}

/** A kafkajs client with snappy, lz4 and zstd registered, quiet and quick to give up. */
export async function kafkajsClient(bootstrap: string, clientId = 'kgo-interop'): Promise<Kafka> {
  registerCodecs(kafkajs.CompressionCodecs, kafkajs.CompressionTypes);
  return new kafkajs.Kafka({
    clientId,
    brokers: [bootstrap],
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
}

export const KAFKAJS_CODECS: Record<CodecName, number> = {
  none: kafkajs.CompressionTypes.None,
  gzip: kafkajs.CompressionTypes.GZIP,
  snappy: kafkajs.CompressionTypes.Snappy,
  lz4: kafkajs.CompressionTypes.LZ4,
  zstd: kafkajs.CompressionTypes.ZSTD,
};

export interface StoredBatch {
  baseOffset: number;
  lastOffset: number;
  codec: number;
}

/**
 * The batches of one partition as the broker stored them (RecordBatch v2:
 * baseOffset int64, length int32, leader epoch int32, magic int8, crc int32,
 * attributes int16, lastOffsetDelta int32).
 */
export function storedBatches(dataDir: string, topic: string, partition: number): StoredBatch[] {
  const dir = path.join(dataDir, `${topic}-${partition}`);
  const out: StoredBatch[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
    const bytes = fs.readFileSync(path.join(dir, name));
    let pos = 0;
    while (pos + 27 <= bytes.length) {
      const baseOffset = Number(bytes.readBigInt64BE(pos));
      const length = bytes.readInt32BE(pos + 8);
      const codec = bytes.readInt16BE(pos + 21) & 0x7;
      out.push({ baseOffset, lastOffset: baseOffset + bytes.readInt32BE(pos + 23), codec });
      pos += 12 + length;
    }
  }
  return out;
}

/** The codec of the batch holding `offset`. */
export function codecAt(dataDir: string, topic: string, partition: number, offset: number): number | undefined {
  return storedBatches(dataDir, topic, partition).find((b) => b.baseOffset <= offset && offset <= b.lastOffset)?.codec;
}

/** A value that compresses well, so no client falls back to sending it uncompressed. */
export function compressible(tag: string, i: number): string {
  return `${tag}-${i}-` + 'kgo interop '.repeat(40);
}

/**
 * kafkajs has no manual assignment: every consumer is a group member. This
 * assigner gives every member exactly `partitions` of `topicName`, so a
 * consumer in a group of its own reads chosen partitions.
 */
export function explicitPartitions(topicName: string, partitions: number[]): PartitionAssigner {
  const name = 'KgoExplicitPartitions';
  const { MemberAssignment, MemberMetadata } = kafkajs.AssignerProtocol;
  return () => ({
    name,
    version: 1,
    async assign({ members }) {
      return members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: MemberAssignment.encode({ version: 1, assignment: { [topicName]: partitions }, userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return { name, metadata: MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
    },
  });
}

export interface ConsumedRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: unknown;
  timestamp: string;
}

/** Reads `count` records of one partition from the beginning, in a group of its own; fails after `deadlineMs`. */
export async function consumePartition(kafka: Kafka, topicName: string, partition: number, count: number, deadlineMs = 15_000): Promise<ConsumedRecord[]> {
  const consumer = kafka.consumer({
    groupId: `kgo-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    partitionAssigners: [explicitPartitions(topicName, [partition])],
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 200,
  });
  const got: ConsumedRecord[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topicName], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumed ${got.length} of ${count} records in ${deadlineMs} ms`)), deadlineMs);
      const settle = () => {
        if (got.length < count) return;
        clearTimeout(timer);
        resolve();
      };
      settle();
      consumer
        .run({
          eachMessage: async ({ partition: p, message: m }) => {
            got.push({ partition: p, offset: m.offset, key: m.key, value: m.value, headers: m.headers, timestamp: m.timestamp });
            settle();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

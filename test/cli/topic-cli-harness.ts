/**
 * What the topic, group and replay CLI tests share: a real broker in this
 * process, the compiled CLI run as a child process against it, and a kafkajs
 * client to set up and cross-check data.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUN = `${ROOT}bin/run.js`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function startTestBroker(): Promise<RunningBroker> {
  if (!existsSync(`${ROOT}dist/commands/replay.js`)) {
    throw new Error('the CLI is not compiled: run `npx tsc -p tsconfig.build.json` first');
  }
  return startBroker({ port: 0, log: () => undefined });
}

/** Runs `kgo <args> -b <bootstrap>` and collects its output and exit status. */
export function kgo(bootstrap: string, args: readonly string[]): Promise<CliResult> {
  return kgoProcess(bootstrap, args).result;
}

/** Like `kgo`, with the child process at hand (to send it signals). */
export function kgoProcess(bootstrap: string, args: readonly string[]): { child: ChildProcess; result: Promise<CliResult> } {
  let child!: ChildProcess;
  const result = new Promise<CliResult>((resolve) => {
    child = execFile(
      process.execPath,
      [RUN, ...args, '-b', bootstrap],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', KGO_PROFILE: '', HOME: '/nonexistent-kgo-home' }, timeout: 25_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
  return { child, result };
}

/** Runs a command with --json, expects exit status 0 and returns the parsed output. */
export async function kgoJson<T>(bootstrap: string, args: readonly string[]): Promise<T> {
  const result = await kgo(bootstrap, [...args, '--json']);
  if (result.code !== 0) throw new Error(`kgo ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as T;
}

export function testKafka(bootstrap: string): Kafka {
  return new kafkajs.Kafka({ brokers: [bootstrap], clientId: 'kgo-test', logLevel: kafkajs.logLevel.NOTHING });
}

/**
 * Writes records with explicit partitions, keys and timestamps, one record per
 * batch so that time lookups land on exact records whatever the broker's index granularity.
 */
export async function produce(
  kafka: Kafka,
  topic: string,
  messages: { partition: number; key?: string; value: string; timestampMs?: number; headers?: Record<string, string> }[],
): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (const m of messages) {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          {
            partition: m.partition,
            key: m.key ?? null,
            value: m.value,
            ...(m.timestampMs === undefined ? {} : { timestamp: String(m.timestampMs) }),
            ...(m.headers ? { headers: m.headers } : {}),
          },
        ],
      });
    }
  } finally {
    await producer.disconnect();
  }
}

export interface ReadRecord {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  timestampMs: number;
  headers: Record<string, string>;
}

/** Reads every partition of `topic` to its current end with a throwaway group. */
export async function readAll(kafka: Kafka, topic: string): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
  const starts = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.low)]));
  await admin.disconnect();
  const wanted = [...ends].reduce((n, [p, high]) => n + high - starts.get(p)!, 0);
  const records: ReadRecord[] = [];
  if (wanted === 0) return records;
  const consumer = kafka.consumer({ groupId: `kgo-test-read-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${records.length} of ${wanted} records`)), 15_000);
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          timestampMs: Number(message.timestamp),
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
        if (records.length >= wanted) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

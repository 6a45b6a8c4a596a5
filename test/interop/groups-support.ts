/**
 * Shared pieces of the consumer-group interoperability tests: bounded polling,
 * numbered records, long-running client processes whose JSON-line output is
 * read while they run, and the broker's own account of each group (its stderr
 * log lines), so a test can tell a session timeout from a LeaveGroup and a
 * rebalance from none.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import { repoRoot } from '../support/broker-process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined/false; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(100);
  }
}

/** Rejects after `timeoutMs`, so a hanging client call fails the test instead of stalling it. */
export function within<T>(what: string, promise: Promise<T>, timeoutMs = 15_000): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Values `tag:p:i` for i < perPartition on every partition, sent with acks=-1; returns them. */
export async function produceNumbered(kafka: Kafka, topic: string, partitions: number, perPartition: number, tag: string): Promise<string[]> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const values: string[] = [];
  try {
    for (let p = 0; p < partitions; p++) {
      const messages = Array.from({ length: perPartition }, (_, i) => ({ partition: p, value: `${tag}:${p}:${i}` }));
      values.push(...messages.map((m) => m.value));
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
  return values;
}

/** A client process that prints one JSON object per line while it runs. */
export class LineProcess {
  readonly lines: Record<string, unknown>[] = [];
  private stderrText = '';
  private readonly exit: Promise<number | null>;
  private timer: NodeJS.Timeout;

  constructor(readonly name: string, private readonly child: ChildProcess, timeoutMs: number) {
    let partial = '';
    child.stdout!.on('data', (d: Buffer) => {
      partial += d.toString();
      const parts = partial.split('\n');
      partial = parts.pop()!;
      for (const line of parts) if (line.startsWith('{')) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderrText += d.toString()));
    child.stdin!.on('error', () => undefined);
    this.exit = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    // No client outlives its test, whatever the test does.
    this.timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    this.exit.then(() => clearTimeout(this.timer));
  }

  static start(name: string, command: string, args: string[], timeoutMs = 60_000): LineProcess {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: repoRoot });
    return new LineProcess(name, child, timeoutMs);
  }

  get pid(): number {
    return this.child.pid!;
  }

  stderr(): string {
    return this.stderrText;
  }

  events(kind: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.event === kind);
  }

  /** Closes stdin: the client scripts take that as "commit, close and exit". */
  finish(timeoutMs = 20_000): Promise<number | null> {
    this.child.stdin!.end();
    return within(`${this.name} to exit`, this.exit, timeoutMs);
  }

  signal(signal: NodeJS.Signals, timeoutMs = 20_000): Promise<number | null> {
    this.child.kill(signal);
    return within(`${this.name} to exit on ${signal}`, this.exit, timeoutMs);
  }

  exited(): Promise<number | null> {
    return this.exit;
  }
}

export const pythonScript = (name: string) => path.join(repoRoot, 'test', 'interop', 'python', name);

/**
 * What the broker logged about a group (its coordinator writes one stderr
 * line per rebalance, generation and departure).
 */
export function groupLog(stderr: string, groupId: string): string[] {
  return stderr.split('\n').filter((l) => l.includes(`group ${groupId}:`));
}

/** Generation numbers the broker logged for a group, in order. */
export function generations(stderr: string, groupId: string): number[] {
  return groupLog(stderr, groupId).flatMap((l) => {
    const m = /: generation (\d+) with/.exec(l);
    return m ? [Number(m[1])] : [];
  });
}

/** The partitions a confluent-kafka member holds now, from its assign/revoke/lost callback lines. */
export function heldBy(member: LineProcess): number[] {
  const held = new Set<number>();
  for (const line of member.lines) {
    const partitions = (line.partitions as number[] | undefined) ?? [];
    if (line.event === 'assign') partitions.forEach((p) => held.add(p));
    if (line.event === 'revoke' || line.event === 'lost') partitions.forEach((p) => held.delete(p));
  }
  return [...held].sort((a, b) => a - b);
}

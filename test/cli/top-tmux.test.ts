/**
 * `kgo top` in a real terminal: tmux runs it against a `kgo serve` while a
 * producer writes and a slow consumer group falls behind; the captured screen
 * must show the topic with a non-zero rate and the group with lag, and `q`
 * must end it with status 0. When its broker goes away, the screen must say
 * so and still quit on `q`. Everything runs on a private tmux socket and is
 * killed at the end.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBroker, tempDir, type BrokerProcess } from '../support/broker-process.js';
import { requireBuild, ROOT, RUN } from './kgo-process.js';

/** Each wait below is bounded on its own; together they can outlast vitest's default on a busy machine. */
const TEST_TIMEOUT_MS = 60_000;
const socket = `kgo-top-test-${process.pid}`;
const session = 'top';
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
const screen = (target = session) => tmux('capture-pane', '-p', '-t', target);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the screen until `match` finds what it wants; fails with the last screen after `timeoutMs`. */
async function waitForScreen(match: (text: string) => boolean, what: string, timeoutMs = 20_000, target = session): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = screen(target);
    if (match(text)) return text;
    await sleep(200);
  }
  throw new Error(`the screen never showed ${what}:\n${text}`);
}

let broker: BrokerProcess;
let kafka: Kafka;
let producer: Producer;
let consumer: Consumer;
let producing: NodeJS.Timeout | undefined;
const exitFile = join(tempDir('kgo-top-tmux-'), 'exit');

beforeAll(async () => {
  requireBuild();
  broker = await spawnBroker();
  const { Kafka: KafkaClient, logLevel } = (await import('kafkajs')).default;
  kafka = new KafkaClient({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, clientId: 'top-tmux-test' });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'live-orders', numPartitions: 2 }] });
  await admin.disconnect();
  producer = kafka.producer();
  await producer.connect();
  let n = 0;
  producing = setInterval(() => {
    const messages = Array.from({ length: 20 }, () => ({ value: `order-${n++}` }));
    producer.send({ topic: 'live-orders', messages }).catch(() => undefined);
  }, 100);
  // Reads a record every 100 ms while 200 arrive each second: lag grows.
  consumer = kafka.consumer({ groupId: 'slow-billing', maxWaitTimeInMs: 100, maxBytesPerPartition: 2048 });
  await consumer.connect();
  await consumer.subscribe({ topics: ['live-orders'], fromBeginning: true });
  await consumer.run({ autoCommitInterval: 300, eachMessage: async () => { await sleep(100); } });
});

afterAll(async () => {
  clearInterval(producing);
  try {
    tmux('kill-server');
  } catch {
    // the server ends by itself once its last session has exited
  }
  await consumer?.disconnect().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  await broker?.stop();
});

describe('kgo top in a terminal', () => {
  it('shows the topic rate and the lagging group, and quits on q', async () => {
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '30', topCommand(broker.bootstrap, exitFile));

    const topics = await waitForScreen((text) => {
      const rate = /^live-orders\s+2\s+(\S+)/m.exec(text)?.[1];
      return rate !== undefined && rate !== '0' && rate !== '–';
    }, 'live-orders with a non-zero rate');
    expect(topics).toContain('q quit');
    expect(topics).toMatch(/^live-orders\s+2\s+\S+\s+\d+(\.\d)? [KM]?i?B/m);

    tmux('send-keys', '-t', session, 'Tab');
    const groups = await waitForScreen((text) => {
      const lag = /^slow-billing\s+Stable\s+1\s+(\S+)/m.exec(text)?.[1];
      return lag !== undefined && lag !== '0';
    }, 'slow-billing with lag');
    expect(groups).toContain('CATCH-UP');

    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen((text) => /› slow-billing/.test(text) && /^live-orders\s+[01]\s+\d+/m.test(text), 'the group per partition');

    tmux('send-keys', '-t', session, 'q');
    expect(await exitStatus(exitFile)).toBe('0');
  }, TEST_TIMEOUT_MS);

  it('says the cluster is not answering when the broker goes away, and still quits on q', async () => {
    const lonely = await spawnBroker();
    const exitedFile = join(tempDir('kgo-top-tmux-'), 'exit');
    try {
      tmux('new-session', '-d', '-s', 'outage', '-x', '120', '-y', '20', topCommand(lonely.bootstrap, exitedFile));
      await waitForScreen((text) => /^ok; last sample/m.test(text), 'a healthy status line', 20_000, 'outage');
      await lonely.kill();
      const screenText = await waitForScreen((text) => text.includes('cluster not answering'), 'the outage', 20_000, 'outage');
      expect(screenText).toContain('q quit');
      tmux('send-keys', '-t', 'outage', 'q');
      expect(await exitStatus(exitedFile)).toBe('0');
    } finally {
      await lonely.kill();
    }
  }, TEST_TIMEOUT_MS);
});

function topCommand(bootstrap: string, statusFile: string): string {
  return `cd ${ROOT} && NO_COLOR=1 XDG_CONFIG_HOME=${tempDir('kgo-top-config-')} ${process.execPath} ${RUN} top -b ${bootstrap} --interval 500; echo $? > ${statusFile}`;
}

/** The exit status `kgo top` left in `file`, waiting up to 10 s for it. */
async function exitStatus(file: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (!existsSync(file) && Date.now() < deadline) await sleep(100);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : 'still running';
}

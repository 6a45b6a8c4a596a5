/**
 * `kgo top` watching 200 partitions (20 topics x 10) and 20 consumer groups,
 * sampling every second while a producer writes to every topic: the share of
 * one core the `kgo top` process uses (utime + stime from /proc/<pid>/stat
 * over KGO_BENCH_TOP_SECONDS, 20 by default, after a 5 s warm-up) and its
 * resident memory at the end. kgo top needs a terminal, so it runs in tmux
 * (a private server, 160x50). The screen must show the topics and groups, or
 * the run fails: an idle screen could post any figure.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ApiKey, RawClient } from './raw-client.js';
import { binRun, repoRoot, rssMb, startBroker, tempDir } from './harness/broker-process.js';
import { envNumber, figure } from './harness/figures.js';

const TOPICS = 20;
const PARTITIONS = 10;
const GROUPS = 20;
const WARMUP_MS = 5_000;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const topicName = (i) => `bench-top-${String(i).padStart(2, '0')}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export async function prepareCluster(port) {
  const { default: kafkajs } = await import('kafkajs');
  const kafka = new kafkajs.Kafka({ brokers: [`127.0.0.1:${port}`], logLevel: kafkajs.logLevel.NOTHING, clientId: 'bench-top' });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: Array.from({ length: TOPICS }, (_, i) => ({ topic: topicName(i), numPartitions: PARTITIONS })) });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const send = () =>
    producer.sendBatch({
      topicMessages: Array.from({ length: TOPICS }, (_, t) => ({
        topic: topicName(t),
        messages: Array.from({ length: PARTITIONS }, (_, p) => ({ partition: p, value: 'x'.repeat(100) })),
      })),
    });
  await send();
  // Each group has committed offsets on one topic and no members, as after a consumer stopped.
  const client = await RawClient.connect({ port, clientId: 'bench-top-commits' });
  for (let g = 0; g < GROUPS; g++) {
    await client.request(ApiKey.offsetCommit, {
      groupId: `bench-top-group-${g}`,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [{ name: topicName(g % TOPICS), partitions: Array.from({ length: PARTITIONS }, (_, p) => ({ partitionIndex: p, committedOffset: 0, committedLeaderEpoch: -1, committedMetadata: null })) }],
    });
  }
  client.close?.();
  // About 2,000 records/s in all, so every rate on screen moves.
  let sending = Promise.resolve();
  const timer = setInterval(() => {
    sending = sending.then(send).catch(() => undefined);
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      await sending;
      await producer.disconnect();
    },
  };
}

/**
 * The screen alone, in a process of its own: heap growth per frame once warm
 * (a long-running `kgo top` must stay flat) and the time one frame takes.
 */
function drawFrames(frames) {
  const out = execFileSync(process.execPath, ['--expose-gc', `${repoRoot}/bench/harness/top-frames.js`, String(frames)], {
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
    timeout: 300_000,
    // Ink shows the cursor again on exit, on stderr when that is a terminal: kept out of the report.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = out.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`top-frames printed no result:\n${out}`);
  const r = JSON.parse(line);
  const counted = r.frames - Math.floor(r.frames / 2);
  return {
    'kgo top heap growth': figure(Math.round(((r.heapAtEnd - r.heapAtHalf) / counted / 1000) * 100) / 100, 'KB per frame', {
      note: `heap in use after GC, frames ${Math.floor(r.frames / 2)} to ${r.frames} of 200 changing partitions drawn in-process (the first frames warm V8 and React up; the heap settles by about frame 3,000); flat is about 0 (at one frame a second, 1 KB per frame is 3.6 MB an hour)`,
    }),
    'kgo top frame time': figure(Math.round(r.msPerFrame * 10) / 10, 'ms', { note: 'the same frames: React, layout and output, 160x50' }),
  };
}

export async function run() {
  const seconds = envNumber('KGO_BENCH_TOP_SECONDS', 20);
  const broker = await startBroker();
  const load = await prepareCluster(broker.port);
  const socket = `kgo-bench-top-${process.pid}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const command = `cd ${repoRoot} && XDG_CONFIG_HOME=${tempDir('kgo-bench-config-')} exec ${process.execPath} ${binRun} top -b 127.0.0.1:${broker.port} --interval 1000`;
    tmux('new-session', '-d', '-s', 'top', '-x', '160', '-y', '50', command);
    const pid = Number(tmux('display-message', '-p', '-t', 'top', '#{pane_pid}').trim());
    await sleep(WARMUP_MS);
    const topics = tmux('capture-pane', '-p', '-t', 'top');
    const shown = topics.split('\n').filter((l) => l.startsWith('bench-top-')).length;
    if (shown < Math.min(TOPICS, 40)) throw new Error(`kgo top shows ${shown} of ${TOPICS} topics:\n${topics}`);
    tmux('send-keys', '-t', 'top', 'Tab');
    const cpuBefore = cpuSeconds(pid);
    const startedNs = process.hrtime.bigint();
    await sleep(seconds * 1000);
    const cpuAfter = cpuSeconds(pid);
    const wallSeconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
    const rss = rssMb(pid);
    const groups = tmux('capture-pane', '-p', '-t', 'top');
    const groupRows = groups.split('\n').filter((l) => l.startsWith('bench-top-group-')).length;
    if (groupRows < GROUPS) throw new Error(`kgo top shows ${groupRows} of ${GROUPS} groups:\n${groups}`);
    tmux('send-keys', '-t', 'top', 'q');
    const cpuPercent = ((cpuAfter - cpuBefore) / wallSeconds) * 100;
    const what = `${TOPICS * PARTITIONS} partitions, ${GROUPS} groups, 1 s interval, ${Math.round(wallSeconds)} s`;
    const drawn = drawFrames(envNumber('KGO_BENCH_TOP_FRAMES', 4000));
    return {
      ...drawn,
      'kgo top CPU': figure(Math.round(cpuPercent * 100) / 100, '% of a core', { target: { max: 3 }, note: what }),
      'kgo top RSS': figure(rss === null ? null : Math.round(rss), 'MB', { target: { max: 120 }, note: 'VmRSS at the end of the run' }),
    };
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone after q
    }
    await load.stop();
    await broker.stop();
  }
}

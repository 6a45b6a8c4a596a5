/**
 * Broker start: from exec of `node bin/run.js serve` on a fresh data
 * directory to the first Metadata answer (after ApiVersions, as real clients
 * ask), median of 5; and the broker's idle resident memory after that.
 */
import { buildRecordBatchSync } from '../dist/protocol/index.js';
import { RawClient } from './raw-client.js';
import { freePort, spawnBroker, rssMb } from './harness/broker-process.js';
import { figure, median, secondsSince } from './harness/figures.js';

const RUNS = 5;
const CONNECT_RETRY_MS = 2;
const START_TIMEOUT_MS = 20_000;
const IDLE_SETTLE_MS = 1_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects as soon as the port accepts; refused connections are retried. */
async function connectWhenUp(broker, startedNs) {
  for (;;) {
    try {
      return await RawClient.connect({ port: broker.port });
    } catch (err) {
      if (err.code !== 'ECONNREFUSED') throw err;
      if (secondsSince(startedNs) * 1000 > START_TIMEOUT_MS) throw new Error(`no broker on port ${broker.port} after ${START_TIMEOUT_MS} ms\n${broker.stderr()}`);
      await sleep(CONNECT_RETRY_MS);
    }
  }
}

async function startOnce() {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const broker = await spawnBroker({ port });
  try {
    const client = await connectWhenUp(broker, started);
    try {
      const answer = await client.metadata();
      const startMs = secondsSince(started) * 1000;
      if (!Array.isArray(answer.brokers) || answer.brokers.length !== 1) throw new Error('Metadata did not list the broker');
      const listeningMs = Number((await broker.listening) - started) / 1e6;
      await sleep(IDLE_SETTLE_MS);
      const rss = rssMb(broker.pid);
      // Then one small produce: what a broker in use holds beyond the idle one (the CRC binding loads on first use).
      await client.createTopic('bench-start', 1);
      await client.produce('bench-start', 0, buildRecordBatchSync({ records: [{ key: null, value: Buffer.from('x') }] }), 1);
      await sleep(IDLE_SETTLE_MS);
      return { startMs, listeningMs, rss, rssAfterProduce: rssMb(broker.pid) };
    } finally {
      client.close();
    }
  } finally {
    await broker.stop();
  }
}

export async function run() {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce());
  const rss = runs.map((r) => r.rss).filter((v) => v !== null);
  const rssInUse = runs.map((r) => r.rssAfterProduce).filter((v) => v !== null);
  return {
    'start to first Metadata': figure(median(runs.map((r) => r.startMs)), 'ms', {
      target: { max: 200 },
      note:
        `median of ${RUNS}: ${runs.map((r) => r.startMs.toFixed(0)).join(', ')} ms; ` +
        `"listening" printed after ${median(runs.map((r) => r.listeningMs)).toFixed(0)} ms (median)`,
    }),
    'idle RSS': figure(rss.length ? median(rss) : null, 'MB', {
      target: { max: 60 },
      note: rss.length ? `VmRSS ${IDLE_SETTLE_MS} ms after the first answer, median of ${rss.length}` : '/proc not available',
    }),
    'RSS after one produce': figure(rssInUse.length ? median(rssInUse) : null, 'MB', {
      note: 'the same broker after creating a topic and producing one record (no target: for comparison with the idle figure)',
    }),
  };
}

#!/usr/bin/env node
/**
 * Captures golden protocol fixtures from real clients: starts a kgo broker
 * (from dist/, so build first) on 127.0.0.2:P and a recording TCP proxy on
 * 127.0.0.1:P, advertises 127.0.0.1 so every client connection goes through
 * the proxy, then runs kafkajs, kcat and kafka-python through it (metadata,
 * topic creation, produce, fetch, and a group join with kafkajs and kcat).
 *
 * Writes the first request and response of each API version a client sends
 * to test/fixtures/<client>/<nn>-<api>-v<version>.{req,res}.bin (whole
 * frames, size prefix included) plus test/fixtures/<client>/index.json.
 *
 *   npx tsc -p tsconfig.build.json && node scripts/capture-fixtures.mjs
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixturesDir = path.join(root, 'test', 'fixtures');
const PYTHON = '/usr/bin/python3';
const CLIENT_TIMEOUT_MS = 30_000;
const TOPIC = 'golden';

const API_NAMES = {
  0: 'produce', 1: 'fetch', 2: 'list-offsets', 3: 'metadata', 8: 'offset-commit', 9: 'offset-fetch',
  10: 'find-coordinator', 11: 'join-group', 12: 'heartbeat', 13: 'leave-group', 14: 'sync-group',
  15: 'describe-groups', 16: 'list-groups', 18: 'api-versions', 19: 'create-topics', 20: 'delete-topics',
  22: 'init-producer-id', 32: 'describe-configs', 60: 'describe-cluster',
};

/** Splits a byte stream into size-prefixed frames (prefix kept). */
function frameSplitter(onFrame) {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = 4 + pending.readInt32BE(0);
      onFrame(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
  };
}

/** A proxy that records the first request/response pair of each (api, version) for the current client. */
function startProxy(listenPort, upstreamHost) {
  const recorder = { client: null, kept: new Map() };
  const server = net.createServer((downstream) => {
    const upstream = net.connect({ host: upstreamHost, port: listenPort });
    const inFlight = new Map();
    const client = recorder.client;
    downstream.on('data', frameSplitter((frame) => {
      const apiKey = frame.readInt16BE(4);
      const apiVersion = frame.readInt16BE(6);
      inFlight.set(frame.readInt32BE(8), { apiKey, apiVersion, req: Buffer.from(frame) });
      upstream.write(frame);
    }));
    upstream.on('data', frameSplitter((frame) => {
      const req = inFlight.get(frame.readInt32BE(4));
      inFlight.delete(frame.readInt32BE(4));
      const key = `${req?.apiKey}:${req?.apiVersion}`;
      if (req && client && !recorder.kept.get(client)?.has(key)) {
        if (!recorder.kept.has(client)) recorder.kept.set(client, new Map());
        recorder.kept.get(client).set(key, { ...req, res: Buffer.from(frame) });
      }
      downstream.write(frame);
    }));
    const end = () => {
      downstream.destroy();
      upstream.destroy();
    };
    for (const s of [downstream, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  return new Promise((resolve) => server.listen(listenPort, '127.0.0.1', () => resolve({ server, recorder })));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function runKafkajs(bootstrap) {
  const { Kafka, logLevel } = (await import('kafkajs')).default;
  const kafka = new Kafka({ clientId: 'golden-kafkajs', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }] });
  await admin.fetchTopicOffsets(TOPIC);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, acks: -1, messages: [{ key: 'k1', value: 'kafkajs-1', headers: { h: 'v' }, timestamp: '1700000000000' }, { key: null, value: 'kafkajs-2', timestamp: '1700000000001' }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: 'golden-group', maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('kafkajs consumer got nothing')), CLIENT_TIMEOUT_MS);
    consumer.run({ eachMessage: async () => { clearTimeout(timer); resolve(); } }).catch(reject);
  });
  await consumer.commitOffsets([{ topic: TOPIC, partition: 0, offset: '1' }]);
  await consumer.disconnect();
}

/** Asynchronous on purpose: the recording proxy runs on this process's event loop. */
function runChild(command, args, input = '') {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLIENT_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      if (status === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} failed (${status}): ${stderr}`));
    });
    child.stdin.end(input);
  });
}

async function runKcat(bootstrap) {
  await runChild('kcat', ['-L', '-b', bootstrap, '-t', TOPIC]);
  await runChild('kcat', ['-P', '-b', bootstrap, '-t', TOPIC, '-p', '0', '-K:', '-H', 'h=v', '-X', 'acks=all'], 'k3:kcat-1\n');
  await runChild('kcat', ['-C', '-b', bootstrap, '-t', TOPIC, '-p', '0', '-o', 'beginning', '-e', '-c', '3']);
  // A balanced consumer: librdkafka's group APIs, OffsetFetch v7 and OffsetCommit v7 (flexible).
  await runChild('kcat', ['-G', 'golden-kcat', '-b', bootstrap, '-X', 'auto.offset.reset=earliest', '-X', 'auto.commit.interval.ms=100', '-c', '3', TOPIC]);
}

async function runKafkaPython(bootstrap) {
  const script = path.join(root, 'test', 'interop', 'python', 'kafka-python-client.py');
  const hex = (s) => Buffer.from(s).toString('hex');
  const cmd = (op, extra) => JSON.stringify({ op, bootstrap, topic: TOPIC, ...extra });
  await runChild(PYTHON, [script, cmd('metadata', { topics: [TOPIC] })]);
  await runChild(PYTHON, [script, cmd('produce', { codec: 'none', records: [{ key: hex('k4'), value: hex('python-1'), headers: [['h', hex('v')]], timestamp: 1700000000002 }] })]);
  await runChild(PYTHON, [script, cmd('consume', { offset: 0, count: 2 })]);
  await runChild(PYTHON, [script, cmd('offsets_for_times', { timestamp: 1700000000000 })]);
}

function writeFixtures(client, kept) {
  const dir = path.join(fixturesDir, client);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const index = [];
  [...kept.values()].forEach((x, i) => {
    const name = `${String(i + 1).padStart(2, '0')}-${API_NAMES[x.apiKey] ?? `api${x.apiKey}`}-v${x.apiVersion}`;
    fs.writeFileSync(path.join(dir, `${name}.req.bin`), x.req);
    fs.writeFileSync(path.join(dir, `${name}.res.bin`), x.res);
    index.push({ name, apiKey: x.apiKey, apiVersion: x.apiVersion, correlationId: x.req.readInt32BE(8), requestBytes: x.req.length, responseBytes: x.res.length });
  });
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  console.log(`${client}: ${index.length} request/response pairs`);
}

async function main() {
  const { startBroker } = await import(path.join(root, 'dist', 'broker', 'index.js'));
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-capture-'));
  const broker = await startBroker({
    host: '127.0.0.2', port, advertisedHost: '127.0.0.1', dataDir, log: () => {},
    settings: { 'offsets.topic.num.partitions': '1' },
  });
  const { server, recorder } = await startProxy(port, '127.0.0.2');
  const bootstrap = `127.0.0.1:${port}`;
  try {
    const clients = [['kafkajs', () => runKafkajs(bootstrap)], ['kcat', () => runKcat(bootstrap)], ['kafka-python', () => runKafkaPython(bootstrap)]];
    for (const [name, run] of clients) {
      recorder.client = name;
      await run();
      writeFixtures(name, recorder.kept.get(name) ?? new Map());
    }
  } finally {
    server.close();
    await broker.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

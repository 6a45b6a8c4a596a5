/**
 * Log compaction in a running `kgo serve`:
 * - throughput: KGO_BENCH_COMPACTION_MIB (64) of dirty keyed records
 *   (200-byte values over 50,000 keys, in 256 KiB batches, 8 MiB segments)
 *   compacted in one LogCleaner pass; MB of dirty log per second, from the
 *   broker's own log line (time from plan to last swap);
 * - produce latency: p99 of one-record acks=1 produces, sent one at a time
 *   to another topic, while nothing is cleaned and then while that pass
 *   runs, in the same broker. Target: p99 while cleaning within 2x.
 * The first pass runs with kgo's default log.cleaner.io.max.bytes.per.second
 * (50 MB/s); a second, identical topic is then cleaned with the limit lifted
 * at runtime (Kafka's default): the throttle trades cleaning speed for
 * produce latency. The topics start with
 * min.compaction.lag.ms of an hour (nothing is cleanable while the baseline
 * is measured); setting it to 0 starts each pass.
 * Needs `npm run build`.
 */
import { buildRecordBatchSync } from '../dist/protocol/index.js';
import { startBroker } from './harness/broker-process.js';
import { envNumber, figure } from './harness/figures.js';
import { OffsetLedger, RawClient } from './raw-client.js';
import { producePipelined } from './harness/produce-load.js';

const MIB = 1024 * 1024;
const DIRTY_MIB = envNumber('KGO_BENCH_COMPACTION_MIB', 64);
const KEYS = 50_000;
const VALUE_BYTES = 200;
const BATCH_BYTES = 256 * 1024;
const BASELINE_SECONDS = 3;
const CLEANING_SECONDS_MAX = 120;
/** Kafka's default log.cleaner.io.max.bytes.per.second (no limit), set at runtime for the second pass. */
const UNLIMITED = '1.7976931348623157E308';

function keyedBatches(distinct) {
  const perBatch = Math.floor(BATCH_BYTES / (VALUE_BYTES + 24));
  const value = Buffer.alloc(VALUE_BYTES, 0x61);
  return Array.from({ length: distinct }, (_, b) => {
    const records = Array.from({ length: perBatch }, (_, i) => ({ key: `key-${((b * perBatch + i) * 7919) % KEYS}`, value }));
    return { bytes: buildRecordBatchSync({ records, baseTimestamp: Date.now() }), records: perBatch };
  });
}

function p99(samplesMs) {
  const sorted = samplesMs.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
}

/** One-record produces, one at a time, until `until()` says stop; their latencies in ms. */
async function produceLatencies(client, until) {
  const samples = [];
  const batch = buildRecordBatchSync({ records: [{ key: 'probe', value: 'x'.repeat(100) }], baseTimestamp: Date.now() });
  while (!until()) {
    const started = process.hrtime.bigint();
    await client.produce('bench-latency', 0, Buffer.from(batch), 1);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

async function alterConfig(client, resourceType, resourceName, name, value) {
  await client.request(44, { resources: [{ resourceType, resourceName, configs: [{ name, configOperation: 0, value }] }], validateOnly: false }, { version: 0 });
}

/** Makes `topic` cleanable and measures produce latency until its pass is logged. */
async function cleanWhileProducing(broker, client, probe, topic) {
  const logFrom = broker.stderr().length;
  const passDone = () => new RegExp(`${topic}-0: compacted (\\d+) dirty bytes in (\\d+) ms`).exec(broker.stderr().slice(logFrom));
  await alterConfig(client, 2, topic, 'min.compaction.lag.ms', '0');
  const deadline = Date.now() + CLEANING_SECONDS_MAX * 1000;
  const latencies = await produceLatencies(probe, () => passDone() !== null || Date.now() > deadline);
  const done = passDone();
  if (!done) throw new Error(`no compaction pass of ${topic} within ${CLEANING_SECONDS_MAX} s\n${broker.stderr().slice(-2000)}`);
  return { dirtyBytes: Number(done[1]), cleanMs: Math.max(1, Number(done[2])), latencies };
}

function figures(label, pass, baseP99) {
  const mbps = Math.round((pass.dirtyBytes / 1e6 / (pass.cleanMs / 1000)) * 10) / 10;
  return {
    [`compaction throughput${label}`]: figure(mbps, 'MB/s', {
      note: `${(pass.dirtyBytes / MIB).toFixed(0)} MiB of dirty log over ${KEYS} keys cleaned in ${(pass.cleanMs / 1000).toFixed(1)} s`,
    }),
    [`produce p99 while cleaning${label}`]: figure(Math.round(p99(pass.latencies) * 100) / 100, 'ms', {
      reference: { name: 'produce p99, nothing to clean', value: Math.round(baseP99 * 100) / 100 },
      target: { max: Math.round(baseP99 * 2 * 100) / 100 },
      note: `${pass.latencies.length} one-record acks=1 produces, one at a time, during the pass`,
    }),
  };
}

export async function run() {
  const broker = await startBroker({ settings: { 'log.cleaner.backoff.ms': '100' } });
  const client = await RawClient.connect({ port: broker.port, clientId: 'compaction-load' });
  const probe = await RawClient.connect({ port: broker.port, clientId: 'compaction-probe' });
  try {
    const batches = keyedBatches(16);
    const requests = Math.ceil((DIRTY_MIB * MIB) / batches[0].bytes.length);
    for (const topic of ['bench-compact', 'bench-compact-unlimited']) {
      await client.createTopic(topic, 1, { 'cleanup.policy': 'compact', 'segment.bytes': String(8 * MIB), 'min.compaction.lag.ms': '3600000' });
      await producePipelined({ client, topic, batches, requests, inFlight: 4, acks: 1, ledger: new OffsetLedger() });
    }
    await client.createTopic('bench-latency', 1);
    const baselineEnd = Date.now() + BASELINE_SECONDS * 1000;
    const baseP99 = p99(await produceLatencies(probe, () => Date.now() > baselineEnd));

    const byDefault = await cleanWhileProducing(broker, client, probe, 'bench-compact');
    await alterConfig(client, 4, '0', 'log.cleaner.io.max.bytes.per.second', UNLIMITED);
    const unlimited = await cleanWhileProducing(broker, client, probe, 'bench-compact-unlimited');
    return { ...figures(' (kgo default: 50 MB/s io limit)', byDefault, baseP99), ...figures(' (no io limit, as Kafka)', unlimited, baseP99) };
  } finally {
    client.close();
    probe.close();
    await broker.stop();
  }
}

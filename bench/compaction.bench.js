/**
 * Log compaction in a running `kgo serve`:
 * - throughput: KGO_BENCH_COMPACTION_MIB (128) of dirty keyed records
 *   (200-byte values over 50,000 keys, in 256 KiB batches, 8 MiB segments)
 *   compacted in one LogCleaner pass; MB of dirty log per second, from the
 *   broker's own log line (time from plan to last swap);
 * - produce latency: p99 of one-record acks=1 produces, sent one at a time
 *   to another topic, while nothing is cleaned and then while that pass
 *   runs, in the same broker. Target: p99 while cleaning within 2x.
 * The topic starts with min.compaction.lag.ms of an hour (nothing is
 * cleanable while the baseline is measured); setting it to 0 starts the pass.
 * Needs `npm run build`.
 */
import { buildRecordBatchSync } from '../dist/protocol/index.js';
import { startBroker } from './harness/broker-process.js';
import { envNumber, figure } from './harness/figures.js';
import { OffsetLedger, RawClient } from './raw-client.js';
import { producePipelined } from './harness/produce-load.js';

const MIB = 1024 * 1024;
const DIRTY_MIB = envNumber('KGO_BENCH_COMPACTION_MIB', 128);
const KEYS = 50_000;
const VALUE_BYTES = 200;
const BATCH_BYTES = 256 * 1024;
const BASELINE_SECONDS = 3;
const CLEANING_SECONDS_MAX = 120;

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

async function alterTopic(client, topic, name, value) {
  await client.request(44, { resources: [{ resourceType: 2, resourceName: topic, configs: [{ name, configOperation: 0, value }] }], validateOnly: false }, { version: 0 });
}

export async function run() {
  const settings = { 'log.cleaner.backoff.ms': '100' };
  if (process.env.KGO_BENCH_CLEANER_IO_MBPS) settings['log.cleaner.io.max.bytes.per.second'] = String(Number(process.env.KGO_BENCH_CLEANER_IO_MBPS) * 1e6);
  const broker = await startBroker({ settings });
  const client = await RawClient.connect({ port: broker.port, clientId: 'compaction-load' });
  const probe = await RawClient.connect({ port: broker.port, clientId: 'compaction-probe' });
  try {
    await client.createTopic('bench-compact', 1, { 'cleanup.policy': 'compact', 'segment.bytes': String(8 * MIB), 'min.compaction.lag.ms': '3600000' });
    await client.createTopic('bench-latency', 1);
    const batches = keyedBatches(16);
    const requests = Math.ceil((DIRTY_MIB * MIB) / batches[0].bytes.length);
    await producePipelined({ client, topic: 'bench-compact', batches, requests, inFlight: 4, acks: 1, ledger: new OffsetLedger() });

    const baselineEnd = Date.now() + BASELINE_SECONDS * 1000;
    const baseline = await produceLatencies(probe, () => Date.now() > baselineEnd);

    const linesBefore = broker.stderr().length;
    const passDone = () => /bench-compact-0: compacted (\d+) dirty bytes in (\d+) ms/.exec(broker.stderr().slice(linesBefore));
    await alterTopic(client, 'bench-compact', 'min.compaction.lag.ms', '0');
    const deadline = Date.now() + CLEANING_SECONDS_MAX * 1000;
    const during = await produceLatencies(probe, () => passDone() !== null || Date.now() > deadline);
    const done = passDone();
    if (!done) throw new Error(`no compaction pass within ${CLEANING_SECONDS_MAX} s\n${broker.stderr().slice(-2000)}`);
    const dirtyBytes = Number(done[1]);
    const cleanMs = Math.max(1, Number(done[2]));
    const baseP99 = p99(baseline);
    const cleaningP99 = p99(during);
    return {
      'compaction throughput': figure(Math.round((dirtyBytes / 1e6 / (cleanMs / 1000)) * 10) / 10, 'MB/s', {
        note: `${(dirtyBytes / MIB).toFixed(0)} MiB of dirty log over ${KEYS} keys cleaned in ${(cleanMs / 1000).toFixed(1)} s`,
      }),
      'produce p99 while cleaning': figure(Math.round(cleaningP99 * 100) / 100, 'ms', {
        reference: { name: 'produce p99, nothing to clean', value: Math.round(baseP99 * 100) / 100 },
        target: { max: Math.round(baseP99 * 2 * 100) / 100 },
        note: `${during.length} produces while cleaning, ${baseline.length} before; one record, acks=1, one at a time`,
      }),
    };
  } finally {
    client.close();
    probe.close();
    await broker.stop();
  }
}

/**
 * Durable ingest: acks=all from 16 producers on 16 connections into one
 * partition, so the broker's group commit can share each fdatasync. The
 * reference is the disk itself, measured first in the broker's data
 * directory: the same number of bytes written sequentially, one fdatasync.
 * Sizes: KGO_BENCH_DURABLE_MIB (default 512), KGO_BENCH_DURABLE_BATCH_KIB
 * (256), KGO_BENCH_DURABLE_PRODUCERS (16).
 */
import { RawClient, OffsetLedger } from './raw-client.js';
import { startBroker, tempDir } from './harness/broker-process.js';
import { measureDiskSyncMBps } from './harness/loopback.js';
import { buildBatches, producePipelined } from './harness/produce-load.js';
import { cpuMeter, envNumber, figure, secondsSince } from './harness/figures.js';

const KIB = 1024;
const MIB = 1024 * KIB;
const IN_FLIGHT_PER_PRODUCER = 2;
/** 16 producers x 128 x 256 KiB: 512 MiB before the measured run. */
const WARM_UP_REQUESTS_EACH = 128;

export async function run() {
  const totalBytes = envNumber('KGO_BENCH_DURABLE_MIB', 512) * MIB;
  const batchBytes = envNumber('KGO_BENCH_DURABLE_BATCH_KIB', 256) * KIB;
  const producers = envNumber('KGO_BENCH_DURABLE_PRODUCERS', 16);

  const dataDir = tempDir('kgo-bench-durable-');
  const diskMBps = measureDiskSyncMBps(dataDir, totalBytes);
  const broker = await startBroker({ dataDir });
  const clients = [];
  try {
    for (let i = 0; i < producers; i++) clients.push(await RawClient.connect({ port: broker.port, clientId: `durable-${i}` }));
    await clients[0].createTopic('bench-durable', 1);
    const batches = buildBatches({ recordBytes: 1024, batchBytesMax: batchBytes });
    const requestsEach = Math.ceil(totalBytes / batches[0].bytes.length / producers);
    // Warmed as the ingest benchmark warms it (JIT, first segment files), on a topic of its own:
    // cold, the first few hundred MiB ran at about half speed (JIT, heap and page cache growing),
    // and a run of 512 MiB read 33-36% of the disk where a warm one reads 48-55%.
    await clients[0].createTopic('bench-durable-warm-up', 1);
    const warmUpLedger = new OffsetLedger();
    const warmUp = await Promise.all(
      clients.map((client) =>
        producePipelined({ client, topic: 'bench-durable-warm-up', batches, requests: WARM_UP_REQUESTS_EACH, inFlight: IN_FLIGHT_PER_PRODUCER, acks: -1, ledger: warmUpLedger }),
      ),
    );
    warmUpLedger.verify(warmUp.reduce((sum, r) => sum + r.records, 0));
    const ledger = new OffsetLedger();
    const cpu = cpuMeter(broker.pid);
    const started = process.hrtime.bigint();
    const results = await Promise.all(
      clients.map((client) =>
        producePipelined({ client, topic: 'bench-durable', batches, requests: requestsEach, inFlight: IN_FLIGHT_PER_PRODUCER, acks: -1, ledger }),
      ),
    );
    const seconds = secondsSince(started);
    const bytes = results.reduce((sum, r) => sum + r.bytes, 0);
    ledger.verify(results.reduce((sum, r) => sum + r.records, 0));
    return {
      'disk write+fdatasync': figure(diskMBps, 'MB/s', { note: `${totalBytes / MIB} MiB sequential, one fdatasync, in the data dir` }),
      'durable acks=all': figure(bytes / 1e6 / seconds, 'MB/s', {
        reference: { name: 'disk write+fdatasync', value: diskMBps },
        target: { ratioMin: 0.7 },
        note: `${producers} producers x ${IN_FLIGHT_PER_PRODUCER} in flight, ${Math.round(batches[0].bytes.length / KIB)} KiB batches, ${(bytes / MIB).toFixed(0)} MiB; ${cpu.text()}`,
      }),
    };
  } finally {
    for (const client of clients) client.close();
    await broker.stop();
  }
}

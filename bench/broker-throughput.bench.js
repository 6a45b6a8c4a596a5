/**
 * Broker throughput over loopback, each figure against a raw node socket pump
 * measured in the same run:
 * - ingest: 1 MiB batches of 1 KiB records, acks=1, several in flight;
 * - small records: 100-byte records in 1 MiB batches, records/s;
 * - fetch: the ingested log read back with fetches of up to 50 MiB (the
 *   broker answers at most 8 MiB of one partition).
 * Sizes: KGO_BENCH_INGEST_GIB (default 2), KGO_BENCH_SMALL_MRECORDS (8),
 * KGO_BENCH_FETCH_GIB (1), KGO_BENCH_IN_FLIGHT (4).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { RawClient, OffsetLedger, checkFetchedBatches, scanFetchedBatches, BrokerError } from './raw-client.js';
import { startBroker } from './harness/broker-process.js';
import { measureFileToSocketMBps, measureLoopbackMBps } from './harness/loopback.js';
import { buildBatches, producePipelined } from './harness/produce-load.js';
import { cpuMeter, envNumber, figure, secondsSince } from './harness/figures.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const WARM_UP_REQUESTS = 64;
const WARM_UP_TOPIC = 'bench-warm-up';

/** Warms the broker (JIT, first segment files) as the pump is warmed, on a topic of its own. */
async function warmUp(client, batches, inFlight) {
  await client.createTopic(WARM_UP_TOPIC, 1);
  const ledger = new OffsetLedger();
  const { bytes, records } = await producePipelined({ client, topic: WARM_UP_TOPIC, batches, requests: WARM_UP_REQUESTS, inFlight, acks: 1, ledger });
  ledger.verify(records);
  return { bytes, records };
}

async function ingest(client, loopbackMBps, { totalBytes, inFlight, brokerPid }) {
  await client.createTopic('bench-ingest', 1);
  const batches = buildBatches({ recordBytes: 1024, batchBytesMax: MIB });
  const warmedUp = await warmUp(client, batches, inFlight);
  const requests = Math.ceil(totalBytes / batches[0].bytes.length);
  const ledger = new OffsetLedger();
  const cpu = cpuMeter(brokerPid);
  const started = process.hrtime.bigint();
  const { bytes, records } = await producePipelined({ client, topic: 'bench-ingest', batches, requests, inFlight, acks: 1, ledger });
  const seconds = secondsSince(started);
  ledger.verify(records);
  return {
    records,
    warmedUp,
    figure: figure(bytes / 1e6 / seconds, 'MB/s', {
      reference: { name: 'loopback pump', value: loopbackMBps },
      target: { ratioMin: 0.6 },
      note: `${(bytes / GIB).toFixed(2)} GiB in ${requests} requests, ${inFlight} in flight; ${cpu.text()}`,
    }),
  };
}

async function smallRecords(client, { totalRecords, inFlight, brokerPid }) {
  await client.createTopic('bench-small', 1);
  const batches = buildBatches({ recordBytes: 100, batchBytesMax: MIB });
  const requests = Math.ceil(totalRecords / batches[0].records);
  const ledger = new OffsetLedger();
  const cpu = cpuMeter(brokerPid);
  const started = process.hrtime.bigint();
  const { records } = await producePipelined({ client, topic: 'bench-small', batches, requests, inFlight, acks: 1, ledger });
  const seconds = secondsSince(started);
  ledger.verify(records);
  return figure(records / seconds, 'records/s', {
    target: { min: 1_500_000 },
    note: `${records} records of 100 B, ${batches[0].records} per batch, ${inFlight} in flight; ${cpu.text()}`,
  });
}

/** The ingested log read back, as readBack reads, after the warm-up topic was read the same way. */
async function fetchBack(client, loopbackMBps, { totalBytes, logEndOffset, brokerPid, warmUp }) {
  // Warmed as the file-to-socket pump is (JIT, the broker's read buffers), on the warm-up topic.
  await readBack(client, WARM_UP_TOPIC, warmUp.bytes, warmUp.records);
  const cpu = cpuMeter(brokerPid);
  const started = process.hrtime.bigint();
  const { bytes, requests } = await readBack(client, 'bench-ingest', totalBytes, logEndOffset);
  const seconds = secondsSince(started);
  return figure(bytes / 1e6 / seconds, 'MB/s', {
    reference: { name: 'loopback pump', value: loopbackMBps },
    target: { ratioMin: 0.6 },
    note: `${(bytes / GIB).toFixed(2)} GiB in ${requests} fetches of up to 50 MiB; ${cpu.text()}`,
  });
}

/**
 * Reads a topic back as a consumer does: the next fetch leaves as soon as an
 * answer's last complete batch is known, and the answer is checked (CRC-32C,
 * offsets) while that fetch is in flight. With a reader that reuses its
 * frame buffer this is safe: the check runs in the same turn as the send,
 * before any byte of the next answer can be read.
 */
async function readBack(client, topic, totalBytes, logEndOffset) {
  const fetchAt = (offset) => {
    const answer = client.fetch(topic, 0, offset, { maxBytes: 50 * MIB });
    answer.catch(() => {}); // a fetch left in flight when a check throws must not become an unhandled rejection
    return answer;
  };
  let offset = 0;
  let bytes = 0;
  let requests = 0;
  let pending = fetchAt(0);
  while (pending) {
    const answer = await pending;
    requests++;
    if (answer.highWatermark !== logEndOffset) {
      throw new BrokerError(`high watermark ${answer.highWatermark}, but ${logEndOffset} records were acknowledged`);
    }
    const seen = scanFetchedBatches(answer.records, offset);
    if (seen.bytes === 0) throw new BrokerError(`fetch at offset ${offset} returned no complete batch`);
    pending = bytes + seen.bytes < totalBytes && seen.nextOffset < logEndOffset ? fetchAt(seen.nextOffset) : null;
    const checked = checkFetchedBatches(answer.records, offset);
    offset = checked.nextOffset;
    bytes += checked.bytes;
  }
  return { bytes, requests };
}

export async function run() {
  const ingestBytes = envNumber('KGO_BENCH_INGEST_GIB', 2) * GIB;
  const fetchBytes = Math.min(envNumber('KGO_BENCH_FETCH_GIB', 1) * GIB, ingestBytes);
  const smallTotal = envNumber('KGO_BENCH_SMALL_MRECORDS', 8) * 1e6;
  const inFlight = envNumber('KGO_BENCH_IN_FLIGHT', 4);

  const loopbackMBps = await measureLoopbackMBps(ingestBytes);
  const broker = await startBroker();
  const socketToFileMBps = await measureLoopbackMBps(ingestBytes, path.join(broker.dataDir, `socket-to-file-${process.pid}.bin`));
  const checkedToFileMBps = await measureLoopbackMBps(ingestBytes, path.join(broker.dataDir, `socket-to-file-${process.pid}.bin`), { checksum: true });
  let client;
  let reader;
  try {
    client = await RawClient.connect({ port: broker.port });
    const ingested = await ingest(client, loopbackMBps, { totalBytes: ingestBytes, inFlight, brokerPid: broker.pid });
    // The ingested log is read back from the page cache, not while the kernel is still writing it out.
    execFileSync('sync');
    const fileToSocketMBps = await measureFileToSocketMBps(broker.dataDir, fetchBytes);
    // A reader of its own that gathers each answer into one reused buffer, as a consumer with a receive buffer does.
    reader = await RawClient.connect({ port: broker.port, reuseFrameBuffer: true });
    const fetched = await fetchBack(reader, loopbackMBps, { totalBytes: fetchBytes, logEndOffset: ingested.records, brokerPid: broker.pid, warmUp: ingested.warmedUp });
    const small = await smallRecords(client, { totalRecords: smallTotal, inFlight, brokerPid: broker.pid });
    return {
      'loopback pump': figure(loopbackMBps, 'MB/s', { note: 'node socket writing 1 MiB buffers into a discarding node process' }),
      'socket-to-file pump': figure(socketToFileMBps, 'MB/s', {
        note: 'the same pump, the receiver appending every chunk to a file in the data dir: the floor any broker pays here',
      }),
      'socket-to-file pump with CRC-32C': figure(checkedToFileMBps, 'MB/s', {
        note: 'the same, the receiver also computing the CRC-32C of every chunk, as a broker checks every batch: the least work of a Kafka broker, done by the simplest program',
      }),
      'file-to-socket pump': figure(fileToSocketMBps, 'MB/s', {
        note: 'the pump fed from a file in the page cache, read in 1 MiB pieces: the ceiling for serving a fetch with read() and write() (node has no sendfile)',
      }),
      ingest: {
        ...ingested.figure,
        note: `${ingested.figure.note}; ${((ingested.figure.value / socketToFileMBps) * 100).toFixed(0)}% of the socket-to-file pump, ${((ingested.figure.value / checkedToFileMBps) * 100).toFixed(0)}% of it with CRC-32C`,
      },
      'small records': small,
      fetch: { ...fetched, note: `${fetched.note}; ${((fetched.value / fileToSocketMBps) * 100).toFixed(0)}% of the file-to-socket pump` },
    };
  } finally {
    client?.close();
    reader?.close();
    await broker.stop();
  }
}

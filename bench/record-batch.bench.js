/**
 * RecordBatch hot paths the broker runs per produced batch: CRC-32C over a
 * large buffer (target >= 2 GB/s through the native path) and
 * validateBatchForAppend on 1 MiB batches of 1 KiB records.
 *
 * `run()` returns { name, figures: [{ name, mbPerSec, gbPerSec, target, met }] };
 * run directly (`node bench/record-batch.bench.js`, after `npm run build`) it
 * prints them.
 */
import { randomFillSync } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { buildRecordBatchSync, crc32c, validateBatchForAppend } from '../dist/protocol/index.js';

const MiB = 1024 * 1024;
const CRC_BUFFER_BYTES = 64 * MiB;
const CRC_PASSES = 8;
const RECORD_BYTES = 1024;
const BATCH_BYTES_TARGET = MiB;
const VALIDATE_PASSES = 300;
/** Distinct copies, so validation reads memory rather than a cache-resident megabyte. */
const VALIDATE_BATCH_COPIES = 32;
const CRC_TARGET_GB_PER_SEC = 2;

function figure(name, bytes, elapsedMs, targetGbPerSec) {
  const mbPerSec = bytes / MiB / (elapsedMs / 1000);
  const gbPerSec = bytes / 1e9 / (elapsedMs / 1000);
  return {
    name,
    mbPerSec: Math.round(mbPerSec),
    gbPerSec: Math.round(gbPerSec * 100) / 100,
    target: targetGbPerSec === undefined ? null : `>= ${targetGbPerSec} GB/s`,
    met: targetGbPerSec === undefined ? null : gbPerSec >= targetGbPerSec,
  };
}

function timeMs(passes, fn) {
  fn(); // warm up
  const start = performance.now();
  for (let i = 0; i < passes; i++) fn();
  return performance.now() - start;
}

function benchCrc() {
  const buf = randomFillSync(Buffer.allocUnsafe(CRC_BUFFER_BYTES));
  let sink = 0;
  const elapsedMs = timeMs(CRC_PASSES, () => {
    sink ^= crc32c(buf);
  });
  if (sink === 0.5) console.log(sink); // keeps the loop observable
  return figure('crc32c on 64 MiB', CRC_BUFFER_BYTES * CRC_PASSES, elapsedMs, CRC_TARGET_GB_PER_SEC);
}

function oneMiBBatch() {
  const value = randomFillSync(Buffer.allocUnsafe(RECORD_BYTES));
  const count = Math.floor(BATCH_BYTES_TARGET / (RECORD_BYTES + 16));
  const timestamp = Date.now();
  const records = Array.from({ length: count }, () => ({ key: null, value, timestamp }));
  return buildRecordBatchSync({ records });
}

function benchValidate() {
  const batch = oneMiBBatch();
  const copies = Array.from({ length: VALIDATE_BATCH_COPIES }, () => Buffer.from(batch));
  let failures = 0;
  let next = 0;
  const elapsedMs = timeMs(VALIDATE_PASSES, () => {
    if (!validateBatchForAppend(copies[next++ % copies.length]).ok) failures++;
  });
  if (failures > 0) throw new Error('the benchmark batch failed validation');
  const result = figure('validateBatchForAppend, 1 MiB batches of 1 KiB records', batch.length * VALIDATE_PASSES, elapsedMs);
  result.batchesPerSec = Math.round(VALIDATE_PASSES / (elapsedMs / 1000));
  return result;
}

export async function run() {
  return { name: 'record-batch', figures: [benchCrc(), benchValidate()] };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { figures } = await run();
  for (const f of figures) {
    const target = f.target === null ? '' : `  target ${f.target}: ${f.met ? 'met' : 'NOT met'}`;
    const rate = f.batchesPerSec === undefined ? '' : `  (${f.batchesPerSec} batches/s)`;
    console.log(`${f.name}: ${f.mbPerSec} MB/s = ${f.gbPerSec} GB/s${rate}${target}`);
  }
}

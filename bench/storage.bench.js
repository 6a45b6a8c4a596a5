/**
 * Storage throughput, each figure next to the raw file system in the same run:
 * - sequential append: KGO_BENCH_STORAGE_BYTES (1 GiB) of 1 MiB batches into
 *   a Log with one final flush, vs a plain fs.writeSync loop of the same
 *   bytes plus one fdatasync (each side twice, best kept);
 * - group commit: 16 concurrent producers each appending 64 KiB batches and
 *   awaiting flush() after each, vs raw bulk write+fdatasync bandwidth (and,
 *   for scale, a single writer that fdatasyncs after every 64 KiB).
 * Temp data lives under os.tmpdir() and is removed. Needs `npm run build`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Log, DEFAULT_LOG_CONFIG } from '../dist/storage/index.js';
import { buildRecordBatchSync } from '../dist/protocol/index.js';
import { envNumber, figure } from './harness/figures.js';

const MiB = 1024 * 1024;
const TOTAL_BYTES = envNumber('KGO_BENCH_STORAGE_BYTES', 1024 * MiB);
const PRODUCERS = 16;
const SMALL_BATCH_BYTES = 64 * 1024;
const GROUP_COMMIT_BYTES = envNumber('KGO_BENCH_STORAGE_GROUP_BYTES', 256 * MiB);
const GROUP_COMMIT_SECONDS_MAX = 6;
const SYNC_EACH_SECONDS = 2;

function batchOf(bytes) {
  // One record whose value fills the batch up to about `bytes`.
  return buildRecordBatchSync({ records: [{ key: null, value: Buffer.alloc(bytes - 80, 0x61) }], baseTimestamp: Date.now() });
}

function fdatasync(fd) {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

function mbPerSec(bytes, ms) {
  return Math.round((bytes / MiB / (ms / 1000)) * 10) / 10;
}

async function rawBulk(dir, batch, count) {
  const fd = fs.openSync(path.join(dir, 'raw.bin'), 'w');
  const start = performance.now();
  for (let i = 0, pos = 0; i < count; i++, pos += batch.length) fs.writeSync(fd, batch, 0, batch.length, pos);
  await fdatasync(fd);
  const ms = performance.now() - start;
  fs.closeSync(fd);
  fs.rmSync(path.join(dir, 'raw.bin'));
  return ms;
}

async function logBulk(dir, batch, count) {
  const log = Log.open(path.join(dir, 'bulk-0'), DEFAULT_LOG_CONFIG);
  const start = performance.now();
  for (let i = 0; i < count; i++) log.append(batch);
  await log.flush();
  const ms = performance.now() - start;
  await log.close();
  log.delete();
  return ms;
}

async function rawSyncEach(dir) {
  const batch = batchOf(SMALL_BATCH_BYTES);
  const fd = fs.openSync(path.join(dir, 'sync-each.bin'), 'w');
  let bytes = 0;
  const start = performance.now();
  while (performance.now() - start < SYNC_EACH_SECONDS * 1000) {
    fs.writeSync(fd, batch, 0, batch.length, bytes);
    bytes += batch.length;
    await fdatasync(fd);
  }
  const ms = performance.now() - start;
  fs.closeSync(fd);
  fs.rmSync(path.join(dir, 'sync-each.bin'));
  return mbPerSec(bytes, ms);
}

async function groupCommit(dir) {
  const log = Log.open(path.join(dir, 'group-0'), DEFAULT_LOG_CONFIG);
  let bytes = 0;
  const start = performance.now();
  const deadline = start + GROUP_COMMIT_SECONDS_MAX * 1000;
  const producer = async () => {
    const batch = batchOf(SMALL_BATCH_BYTES);
    while (bytes < GROUP_COMMIT_BYTES && performance.now() < deadline) {
      log.append(batch);
      bytes += batch.length;
      await log.flush();
    }
  };
  await Promise.all(Array.from({ length: PRODUCERS }, producer));
  const ms = performance.now() - start;
  await log.close();
  log.delete();
  return mbPerSec(bytes, ms);
}

export async function run() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-bench-storage-'));
  try {
    const batch = batchOf(MiB);
    const count = Math.max(1, Math.round(TOTAL_BYTES / batch.length));
    const bytes = count * batch.length;
    // Page cache state and background writeback favour whichever runs
    // second, so each side runs twice (raw, log, log, raw) and keeps its best.
    const rawFirstMs = await rawBulk(dir, batch, count);
    const logMs = Math.min(await logBulk(dir, batch, count), await logBulk(dir, batch, count));
    const rawMs = Math.min(rawFirstMs, await rawBulk(dir, batch, count));
    const rawMbPerSec = mbPerSec(bytes, rawMs);
    const raw = { name: 'raw writeSync + fdatasync', value: rawMbPerSec };
    return {
      appendThroughput: figure(mbPerSec(bytes, logMs), 'MB/s', {
        reference: raw,
        target: { ratioMin: 0.8 },
        note: `${count} batches of 1 MiB, one flush at the end`,
      }),
      groupCommit: figure(await groupCommit(dir), 'MB/s', {
        reference: raw,
        note: `${PRODUCERS} producers, 64 KiB batches, flush after each append`,
      }),
      rawSyncEachWrite: figure(await rawSyncEach(dir), 'MB/s', {
        note: 'one writer, fdatasync after every 64 KiB: what group commit saves',
      }),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatTable, normalizeFigures } = await import('./harness/report.js');
  console.log(formatTable(normalizeFigures(await run())));
}

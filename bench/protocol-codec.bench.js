/**
 * The codec on a fetch-sized message: encoding a Fetch v12 response that
 * carries 1 MiB of record batches (16 partitions x 64 KiB), and decoding it,
 * each next to a plain Buffer.concat of the same record bytes (the cost of
 * one copy) in the same run. Encoding passes record slices by reference, so
 * it should cost far less than that copy; the note says whether any record
 * byte was copied.
 */
import { pathToFileURL } from 'node:url';
import { buildRecordBatchSync, decodeResponse, encodeResponse } from '../dist/protocol/index.js';
import { figure } from './harness/figures.js';

const PARTITIONS = 16;
const SLICE_BYTES = 64 * 1024;
const ROUNDS = 2000;

function fetchResponse(slices) {
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [
      {
        topic: 'bench',
        partitions: slices.map((records, partitionIndex) => ({
          partitionIndex,
          errorCode: 0,
          highWatermark: 1000,
          lastStableOffset: 1000,
          logStartOffset: 0,
          abortedTransactions: [],
          preferredReadReplica: -1,
          records: [records],
        })),
      },
    ],
  };
}

function timeMs(fn) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function run() {
  const slices = Array.from({ length: PARTITIONS }, (_, p) =>
    buildRecordBatchSync({ records: Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, value: Buffer.alloc(SLICE_BYTES / 60 - 40, p) })) }),
  );
  const recordBytes = slices.reduce((n, s) => n + s.length, 0);
  const body = fetchResponse(slices);
  const chunks = encodeResponse(1, 12, 7, body);
  const referenced = slices.every((s) => chunks.some((c) => c.buffer === s.buffer && c.byteOffset === s.byteOffset));
  const frame = Buffer.concat(chunks).subarray(4);
  const decoded = decodeResponse(1, 12, frame).body;
  const roundTrip = decoded.responses[0].partitions.every((p, i) => p.records.equals(slices[i]));

  const copyMs = timeMs(() => Buffer.concat(slices));
  const encodeMs = timeMs(() => encodeResponse(1, 12, 7, body));
  const decodeMs = timeMs(() => decodeResponse(1, 12, frame));
  const mbPerSec = (ms) => (recordBytes * ROUNDS) / 1e6 / (ms / 1000);
  return {
    'encode 1 MiB fetch response': figure(mbPerSec(encodeMs), 'MB/s', {
      reference: { name: 'one copy of the record bytes', value: mbPerSec(copyMs) },
      note: `${((encodeMs / ROUNDS) * 1000).toFixed(1)} µs per response; record slices ${referenced ? 'passed by reference (no copy)' : 'COPIED'}`,
    }),
    'decode 1 MiB fetch response': figure(mbPerSec(decodeMs), 'MB/s', {
      reference: { name: 'one copy of the record bytes', value: mbPerSec(copyMs) },
      note: `${((decodeMs / ROUNDS) * 1000).toFixed(1)} µs per response; records are views of the frame${roundTrip ? '' : ' (ROUND TRIP MISMATCH)'}`,
    }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}

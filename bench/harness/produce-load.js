/**
 * Produce load for the broker benchmarks: pre-built batches (built once, sent
 * many times, so the client spends its core on the socket) and a pipelined
 * sender that keeps a fixed number of requests in flight on one connection.
 */
import { randomBytes } from 'node:crypto';
import { buildRecordBatchSync } from '../../dist/protocol/index.js';
import { BrokerError } from '../raw-client.js';

/**
 * `distinct` different uncompressed batches of `recordBytes`-byte values
 * (null keys), each holding as many records as fit in `batchBytesMax`.
 */
export function buildBatches({ recordBytes, batchBytesMax, distinct = 4 }) {
  const perRecordGuess = recordBytes + 12;
  const batches = [];
  for (let i = 0; i < distinct; i++) {
    let count = Math.floor((batchBytesMax - 61) / perRecordGuess);
    const value = randomBytes(recordBytes);
    for (;;) {
      const records = Array.from({ length: count }, () => ({ key: null, value }));
      const bytes = buildRecordBatchSync({ records, baseTimestamp: Date.now() });
      if (bytes.length <= batchBytesMax) {
        batches.push({ bytes, records: count });
        break;
      }
      count -= Math.ceil((bytes.length - batchBytesMax) / perRecordGuess);
    }
  }
  return batches;
}

/**
 * Sends `requests` produce requests on one connection with `inFlight` of them
 * outstanding, cycling through `batches`. Every answer's base offset goes to
 * `ledger`, and on one connection each must be above the one before.
 * Resolves with the batch bytes and records acknowledged.
 */
export function producePipelined({ client, topic, partition = 0, batches, requests, inFlight, acks, ledger }) {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    let bytes = 0;
    let records = 0;
    let lastBase = -1;
    let failed = false;
    const sendNext = () => {
      const batch = batches[sent % batches.length];
      sent++;
      client.produce(topic, partition, batch.bytes, acks).then(
        (base) => {
          if (failed) return;
          if (base <= lastBase) {
            failed = true;
            return reject(new BrokerError(`base offset ${base} after ${lastBase} on one connection`));
          }
          lastBase = base;
          ledger.add(base, batch.records);
          bytes += batch.bytes.length;
          records += batch.records;
          answered++;
          if (answered === requests) resolve({ bytes, records });
          else if (sent < requests) sendNext();
        },
        (err) => {
          if (!failed) reject(err);
          failed = true;
        },
      );
    };
    for (let i = 0; i < Math.min(inFlight, requests); i++) sendNext();
  });
}

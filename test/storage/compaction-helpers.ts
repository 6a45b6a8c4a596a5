/** Reading a whole log back as records, and a keyed workload with its expected outcome. */
import { decodeRecords, iterateBatches, readBatchHeader } from '../../src/protocol/index.js';
import type { Log } from '../../src/storage/index.js';
import { buildBatch } from './batch-builder.js';

export interface ReadRecord {
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: number;
}

/** Every record from the log start to the log end, in offset order, plus each batch's codec. */
export async function readAll(log: Log): Promise<{ records: ReadRecord[]; codecs: number[] }> {
  const records: ReadRecord[] = [];
  const codecs: number[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { records: chunks } = log.read(offset, 64 * 1024);
    if (chunks.length === 0) break;
    for (const chunk of chunks) {
      for (const b of iterateBatches(chunk)) {
        const batch = chunk.subarray(b.pos, b.pos + b.size);
        codecs.push(readBatchHeader(batch).compression);
        for (const r of await decodeRecords(batch)) {
          if (r.offset < offset) continue;
          records.push({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp });
        }
        offset = b.header.baseOffset + b.header.lastOffsetDelta + 1;
      }
    }
  }
  return { records, codecs };
}

/** Appends `count` records over `keys` keys, `perBatch` at a time; returns the latest value per key. */
export function appendKeyed(log: Log, count: number, keys: number, perBatch: number, timestampMs: number, latest = new Map<string, string>()): Map<string, string> {
  for (let i = 0; i < count; i += perBatch) {
    const records = [];
    for (let j = i; j < Math.min(count, i + perBatch); j++) {
      const key = `key-${(j * 7919) % keys}`;
      const value = `value-${j}`;
      records.push({ key, value, timestampMs });
      latest.set(key, value);
    }
    log.append(buildBatch(records, timestampMs));
  }
  return latest;
}

/** Asserts-free summary: the last record of each key as read, and whether offsets only increase. */
export function lastByKey(records: ReadRecord[]): { latest: Map<string, string | null>; increasing: boolean; count: Map<string, number> } {
  const latest = new Map<string, string | null>();
  const count = new Map<string, number>();
  let increasing = true;
  let previous = -1;
  for (const r of records) {
    if (r.offset <= previous) increasing = false;
    previous = r.offset;
    latest.set(r.key ?? '', r.value);
    count.set(r.key ?? '', (count.get(r.key ?? '') ?? 0) + 1);
  }
  return { latest, increasing, count };
}

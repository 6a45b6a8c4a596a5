/**
 * The produce pipeline: lines (or JSON records) in, batches out.
 *
 * Records are sent ~1,000 at a time: kafkajs groups a send's messages per
 * partition in time quadratic in the batch size, so much larger sends get
 * slower, while much smaller ones waste round trips. Several sends are kept in
 * flight for throughput; the first goes alone so metadata is fetched once and
 * later sends leave in input order on the same connection.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Message, Producer } from 'kafkajs';
import { UsageError, UserError } from '../common/index.js';
import { compileInputTemplate, compileLineParser, parseJsonLine, type InputRecord, type RecordHeader } from './format.js';

export const PRODUCE_BATCH_RECORDS = 1_000;
export const PRODUCE_IN_FLIGHT_MAX = 4;

export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionName = (typeof COMPRESSIONS)[number];
/** kafkajs's CompressionTypes values (the Kafka attribute bits). */
const COMPRESSION_CODE: Record<CompressionName, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

export const ACKS = ['all', '1', '0'] as const;
export type AcksName = (typeof ACKS)[number];

export interface ProduceOptions {
  topic: string;
  input: Readable;
  /** `lines` (optionally split by keyDelimiter), `json`, or an input template such as `%k=%v`. */
  format: string;
  keyDelimiter?: string;
  headers?: RecordHeader[];
  partition?: number;
  /** With JSON or %p input, send each record to the partition it names. */
  keepPartition?: boolean;
  acks?: AcksName;
  compression?: CompressionName;
  ratePerSec?: number;
  batchRecords?: number;
  inFlightMax?: number;
  onProgress?: (recordsSent: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface ProduceResult {
  topic: string;
  recordsRead: number;
  recordsSent: number;
  recordsFailed: number;
  elapsedMs: number;
}

export function toKafkaMessage(r: InputRecord, opts: Pick<ProduceOptions, 'headers' | 'partition' | 'keepPartition'>): Message {
  const message: Message = { key: r.key, value: r.value };
  const all = opts.headers?.length ? [...r.headers, ...opts.headers] : r.headers;
  if (all.length > 0) {
    const headers: Record<string, Buffer | Buffer[]> = {};
    for (const h of all) {
      // kafkajs cannot send a null header value; it travels as empty bytes.
      const value = h.value ?? Buffer.alloc(0);
      const prev = headers[h.key];
      headers[h.key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    message.headers = headers;
  }
  if (opts.partition !== undefined) message.partition = opts.partition;
  else if (opts.keepPartition && r.partition !== undefined) message.partition = r.partition;
  if (r.timestampMs !== undefined) message.timestamp = r.timestampMs;
  return message;
}

export const DEFAULT_INPUT_FORMAT = '%v\\n';

export function inputParser(format: string, keyDelimiter: string | undefined): (line: string) => InputRecord {
  if (format === 'json') {
    if (keyDelimiter !== undefined) throw new UsageError('-K does not apply to -f json');
    return parseJsonLine;
  }
  if (format === 'lines' || format === DEFAULT_INPUT_FORMAT || format === '%v') return compileLineParser(keyDelimiter);
  if (keyDelimiter !== undefined) throw new UsageError('-K works with plain lines only', 'put the delimiter in the format instead: -f "%k:%v"');
  return compileInputTemplate(format);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function produceRecords(producer: Producer, opts: ProduceOptions): Promise<ProduceResult> {
  const startMs = Date.now();
  const parse = inputParser(opts.format, opts.keyDelimiter);
  const batchMax = Math.max(1, Math.min(opts.batchRecords ?? PRODUCE_BATCH_RECORDS, opts.ratePerSec ?? Infinity));
  const inFlightMax = opts.inFlightMax ?? PRODUCE_IN_FLIGHT_MAX;
  const acks = opts.acks === '0' ? 0 : opts.acks === '1' ? 1 : -1;
  const compression = COMPRESSION_CODE[opts.compression ?? 'none'];
  const sleep = opts.sleep ?? realSleep;

  let recordsRead = 0;
  let recordsSent = 0;
  let recordsFailed = 0;
  let firstError: unknown;
  let sendsStarted = 0;
  const inFlight = new Set<Promise<void>>();

  const send = async (messages: Message[]): Promise<void> => {
    if (opts.ratePerSec) {
      const dueMs = startMs + ((recordsSent + recordsFailed + inFlightRecords) * 1000) / opts.ratePerSec;
      const waitMs = dueMs - Date.now();
      if (waitMs > 0) await sleep(waitMs);
    }
    inFlightRecords += messages.length;
    const p = producer
      .send({ topic: opts.topic, messages, acks, compression })
      .then(
        () => {
          recordsSent += messages.length;
          opts.onProgress?.(recordsSent);
        },
        (err: unknown) => {
          recordsFailed += messages.length;
          firstError ??= err;
        },
      )
      .finally(() => {
        inFlightRecords -= messages.length;
        inFlight.delete(p);
      });
    inFlight.add(p);
    sendsStarted++;
    if (sendsStarted === 1) await p;
    while (inFlight.size >= inFlightMax) await Promise.race(inFlight);
  };
  let inFlightRecords = 0;

  const lines = createInterface({ input: opts.input, crlfDelay: Infinity });
  let batch: Message[] = [];
  try {
    for await (const line of lines) {
      if (firstError !== undefined) break;
      if (opts.format === 'json' && line.trim() === '') continue;
      recordsRead++;
      batch.push(toKafkaMessage(parseLine(parse, line, recordsRead), opts));
      if (batch.length >= batchMax) {
        await send(batch);
        batch = [];
      }
    }
    if (batch.length > 0 && firstError === undefined) await send(batch);
  } finally {
    lines.close();
    await Promise.all(inFlight);
  }
  if (firstError !== undefined) throw produceError(firstError, opts.topic, recordsSent, recordsRead);
  return { topic: opts.topic, recordsRead, recordsSent, recordsFailed, elapsedMs: Date.now() - startMs };
}

/** Bad input is a runtime error naming the line (status 1), not a usage error. */
function parseLine(parse: (line: string) => InputRecord, line: string, lineNumber: number): InputRecord {
  try {
    return parse(line);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new UserError(`input line ${lineNumber}: ${err.message}`, err.hint ?? 'records before this line were sent', 1, 'BAD_INPUT');
  }
}

function produceError(err: unknown, topic: string, recordsSent: number, recordsRead: number): UserError {
  if (err instanceof UserError) return err;
  const cause = (err as Error)?.message ?? String(err);
  const notDelivered = Math.max(recordsRead - recordsSent, 1);
  const unknownTopic = /does not host this topic-partition|UNKNOWN_TOPIC/i.test(cause);
  const hint = unknownTopic
    ? `topic "${topic}" does not exist and the broker does not create topics on produce; create it with \`kgo topic create ${topic}\``
    : 'records before the failure were delivered; check the broker and run again';
  return new UserError(`${notDelivered} record(s) not delivered to "${topic}" (${recordsSent} delivered): ${cause}`, hint, 1, 'PRODUCE_FAILED');
}

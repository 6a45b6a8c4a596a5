/**
 * The produce pipeline: lines (or JSON records) in, batches out.
 *
 * Records are sent ~1,000 at a time: kafkajs groups a send's messages per
 * partition in time quadratic in the batch size, so much larger sends get
 * slower, while much smaller ones waste round trips. Input is read and parsed
 * while the previous batch is on its way.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Message, Producer } from 'kafkajs';
import { UsageError, UserError } from '../common/index.js';
import { compileInputTemplate, compileLineParser, parseJsonLine, type InputRecord, type RecordHeader } from './format.js';

export const PRODUCE_BATCH_RECORDS = 1_000;
/**
 * One send at a time: kafkajs does not keep concurrent send() calls in call
 * order on the wire (seen: batches 0-5, 7, 6), which would reorder a
 * partition's records. Parsing the next batches overlaps the send instead.
 */
export const PRODUCE_IN_FLIGHT_MAX = 1;
/** How long a partial batch waits for more input before it is sent. */
export const PRODUCE_LINGER_MS = 10;

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
  /** Concurrent sends; above 1 only where record order does not matter. */
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
  const pipeline = new ProducePipeline(producer, opts);
  return pipeline.run();
}

/**
 * Lines are batched as they arrive; a batch leaves when it is full or when
 * input pauses for `PRODUCE_LINGER_MS` (so `tail -f app.log | kgo produce`
 * sends as it goes). Input is paused while the in-flight sends are at their
 * limit, which bounds memory whatever the input size.
 */
class ProducePipeline {
  private readonly startMs = Date.now();
  private readonly parse: (line: string) => InputRecord;
  private readonly batchMax: number;
  private readonly inFlightMax: number;
  private readonly acks: number;
  private readonly compression: number;
  private readonly inFlight = new Set<Promise<void>>();
  private batch: Message[] = [];
  private readonly ready: Message[][] = [];
  private lingerTimer: NodeJS.Timeout | undefined;
  private recordsRead = 0;
  private recordsSent = 0;
  private recordsFailed = 0;
  private recordsScheduled = 0;
  private firstError: unknown;
  private inputEnded = false;
  private settle: (() => void) | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly opts: ProduceOptions,
  ) {
    this.parse = inputParser(opts.format, opts.keyDelimiter);
    this.batchMax = Math.max(1, Math.min(opts.batchRecords ?? PRODUCE_BATCH_RECORDS, opts.ratePerSec ?? Infinity));
    this.inFlightMax = opts.inFlightMax ?? PRODUCE_IN_FLIGHT_MAX;
    this.acks = opts.acks === '0' ? 0 : opts.acks === '1' ? 1 : -1;
    this.compression = COMPRESSION_CODE[opts.compression ?? 'none'];
  }

  async run(): Promise<ProduceResult> {
    const lines = createInterface({ input: this.opts.input, crlfDelay: Infinity });
    const finished = new Promise<void>((resolve) => {
      this.settle = resolve;
    });
    lines.on('line', (line) => this.onLine(line, lines));
    lines.on('close', () => {
      this.inputEnded = true;
      this.flush(lines);
      this.maybeFinish();
    });
    this.opts.input.on('error', (err) => {
      this.firstError ??= new UserError(`cannot read input: ${err.message}`);
      lines.close();
    });
    await finished;
    if (this.firstError !== undefined) throw produceError(this.firstError, this.opts.topic, this.recordsSent, this.recordsRead);
    const { topic } = this.opts;
    return { topic, recordsRead: this.recordsRead, recordsSent: this.recordsSent, recordsFailed: this.recordsFailed, elapsedMs: Date.now() - this.startMs };
  }

  private onLine(line: string, lines: Interface): void {
    if (this.firstError !== undefined) return;
    if (this.opts.format === 'json' && line.trim() === '') return;
    this.recordsRead++;
    try {
      this.batch.push(toKafkaMessage(parseLine(this.parse, line, this.recordsRead), this.opts));
    } catch (err) {
      this.firstError = err;
      lines.close();
      return;
    }
    if (this.batch.length >= this.batchMax) this.flush(lines);
    else this.lingerTimer ??= setTimeout(() => this.flush(lines), PRODUCE_LINGER_MS);
  }

  private flush(lines: Interface): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    if (this.batch.length === 0 || this.firstError !== undefined) return;
    this.ready.push(this.batch);
    this.batch = [];
    this.pump(lines);
  }

  /**
   * Starts queued sends up to the in-flight limit. readline still emits the
   * lines of a chunk already read after `pause()`, so full batches can queue
   * here; input stays paused until the queue is empty.
   */
  private pump(lines: Interface): void {
    while (this.ready.length > 0 && this.firstError === undefined) {
      // The first send goes alone: it fetches metadata once for all that follow.
      const limit = this.recordsSent + this.recordsFailed === 0 ? 1 : this.inFlightMax;
      if (this.inFlight.size >= limit) break;
      const messages = this.ready.shift()!;
      const p = this.send(messages).finally(() => {
        this.inFlight.delete(p);
        this.pump(lines);
        this.maybeFinish();
      });
      this.inFlight.add(p);
    }
    if (this.ready.length > 0 || this.inFlight.size >= this.inFlightMax) lines.pause();
    else if (!this.inputEnded) lines.resume();
  }

  private async send(messages: Message[]): Promise<void> {
    const { ratePerSec } = this.opts;
    const scheduled = this.recordsScheduled;
    this.recordsScheduled += messages.length;
    if (ratePerSec) {
      const waitMs = this.startMs + (scheduled * 1000) / ratePerSec - Date.now();
      if (waitMs > 0) await (this.opts.sleep ?? realSleep)(waitMs);
    }
    try {
      await this.producer.send({ topic: this.opts.topic, messages, acks: this.acks, compression: this.compression });
      this.recordsSent += messages.length;
      this.opts.onProgress?.(this.recordsSent);
    } catch (err) {
      this.recordsFailed += messages.length;
      this.firstError ??= err;
    }
  }

  private maybeFinish(): void {
    const inputDone = this.inputEnded || this.firstError !== undefined;
    const queued = this.firstError === undefined ? this.ready.length : 0;
    if (inputDone && this.inFlight.size === 0 && queued === 0) {
      clearTimeout(this.lingerTimer);
      this.settle?.();
    }
  }
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

/**
 * Produce (key 0), versions 0-9 advertised (librdkafka turns compression off
 * unless the range reaches down to 0). v3+ carry RecordBatch v2 and are served
 * in full; v0-2 carry the legacy message format, which this broker does not
 * store, and get UNSUPPORTED_VERSION per partition, as Kafka 4 does.
 *
 * The hot path never decodes records: the batch is validated (sizes, magic,
 * CRC-32C, counts), its base offset patched in place, and its bytes appended.
 * acks=all answers after an fsync covering the batch (shared with concurrent
 * producers: group commit); acks=1 after the write reaches the OS (and after
 * an fsync too when the batch brings the partition's unsynced records to
 * flush.messages); acks=0 never answers.
 * Idempotent and transactional batches (producerId >= 0) are checked against
 * the partition's producer state first: a retried batch is answered with its
 * original offset and not written again, a sequence gap gets
 * OUT_OF_ORDER_SEQUENCE_NUMBER, an older epoch INVALID_PRODUCER_EPOCH.
 */
import { ErrorCode, validateBatchForAppend, stampLogAppendTime } from '../../protocol/index.js';
import { StorageError, type Log } from '../../storage/index.js';
import { transactionsOf } from '../txn/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';
import { CLOSE_CONNECTION, NO_RESPONSE } from './handler.js';

const E = ErrorCode;

const ZSTD = 4;

interface PartitionOutcome {
  index: number;
  errorCode: number;
  errorMessage: string | null;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  /** Present when the answer must wait for this fsync (acks=all, or flush.messages reached). */
  durable?: Promise<void>;
}

function failed(index: number, errorCode: number, errorMessage: string | null = null): PartitionOutcome {
  return { index, errorCode, errorMessage, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
}

function appendPartition(ctx: RequestContext, topicName: string, index: number, records: Buffer | null, acks: number): PartitionOutcome {
  const { topics, clock } = ctx.broker;
  const topic = topics.get(topicName);
  const log = topic ? topics.log(topicName, index) : undefined;
  if (!topic || !log) return failed(index, E.UNKNOWN_TOPIC_OR_PARTITION);
  if (ctx.apiVersion < 3) return failed(index, E.UNSUPPORTED_VERSION, 'the legacy message format (Produce v0-2) is not supported');
  if (!records || records.length === 0) return failed(index, E.INVALID_RECORD, 'a produce request must carry exactly one record batch');
  const maxBytes = topics.maxMessageBytes(topic);
  if (records.length > maxBytes) {
    return failed(index, E.MESSAGE_TOO_LARGE, `the batch is ${records.length} bytes, larger than max.message.bytes ${maxBytes}`);
  }
  const validation = validateBatchForAppend(records);
  if (!validation.ok) return failed(index, validation.errorCode, validation.message);
  const header = validation.header;
  if (header.compression === ZSTD && ctx.apiVersion < 7) {
    return failed(index, E.UNSUPPORTED_COMPRESSION_TYPE, 'zstd needs Produce v7 or later');
  }
  const txns = header.producerId >= 0 ? transactionsOf(ctx.broker) : undefined;
  if (header.producerId >= 0) {
    if (!txns) return failed(index, E.INVALID_RECORD, 'idempotent producers are not served by this broker');
    const check = txns.checkAppend(log, header);
    if (check.kind === 'error') return failed(index, check.errorCode, check.message);
    if (check.kind === 'duplicate') return duplicate(log, index, check.baseOffset, header.lastOffsetDelta, acks);
  } else if (header.isTransactional) {
    return failed(index, E.INVALID_RECORD, 'a transactional batch needs a producer id');
  }
  let logAppendTimeMs = -1;
  if (topic.configs['message.timestamp.type'] === 'LogAppendTime') {
    logAppendTimeMs = clock.nowMs();
    stampLogAppendTime(records, 0, logAppendTimeMs);
  }
  let appended;
  try {
    appended = log.append(records);
  } catch (err) {
    if (err instanceof StorageError) {
      ctx.broker.log(`append to ${topicName}-${index} failed: ${err.message}`);
      return failed(index, E.KAFKA_STORAGE_ERROR, `the broker could not write: ${err.code}`);
    }
    throw err;
  }
  if (txns) txns.recordAppend(log, header, appended.baseOffset);
  topics.notifyAppend(topicName, index, records.length);
  const outcome: PartitionOutcome = {
    index,
    errorCode: E.NONE,
    errorMessage: null,
    baseOffset: appended.baseOffset,
    logAppendTimeMs,
    logStartOffset: log.logStartOffset,
  };
  // flush.messages reached: as in Kafka, the append that reaches it is answered after the flush, whatever its acks.
  if (acks === -1 || log.flushDue) {
    const durable = log.flush(appended.lastOffset + 1);
    // acks=0 waits for nothing; a failed flush is the log's to keep (it takes no more writes), and it logs it.
    if (acks === 0) durable.catch(() => undefined);
    else outcome.durable = durable;
  }
  return outcome;
}

/** A retried batch already in the log: answered with its original offset, written once. */
function duplicate(log: Log, index: number, baseOffset: number, lastOffsetDelta: number, acks: number): PartitionOutcome {
  const outcome: PartitionOutcome = { index, errorCode: E.NONE, errorMessage: null, baseOffset, logAppendTimeMs: -1, logStartOffset: log.logStartOffset };
  if (acks === -1) outcome.durable = log.flush(baseOffset + lastOffsetDelta + 1);
  return outcome;
}

async function settle(ctx: RequestContext, topicName: string, outcome: PartitionOutcome): Promise<Body> {
  if (outcome.durable) {
    try {
      await outcome.durable;
    } catch (err) {
      ctx.broker.log(`fsync of ${topicName}-${outcome.index} failed: ${(err as Error).message}`);
      return { ...failed(outcome.index, E.KAFKA_STORAGE_ERROR, 'the broker could not make the batch durable'), recordErrors: [] };
    }
  }
  const { durable: _durable, ...body } = outcome;
  return { ...body, recordErrors: [] };
}

export const produceHandler: ApiHandler = {
  apiKey: 0,
  minVersion: 0,
  maxVersion: 9,
  handle(ctx, request) {
    const acks = request.acks as number;
    const topicData = request.topicData as { name: string; partitionData: { index: number; records: Buffer | null }[] }[];
    const validAcks = acks === -1 || acks === 0 || acks === 1;
    const pending = topicData.map((t) => ({
      name: t.name,
      outcomes: t.partitionData.map((p) =>
        validAcks ? appendPartition(ctx, t.name, p.index, p.records, acks) : failed(p.index, E.INVALID_REQUIRED_ACKS),
      ),
    }));
    if (acks === 0) return pending.some((t) => t.outcomes.some((o) => o.errorCode !== E.NONE)) ? CLOSE_CONNECTION : NO_RESPONSE;
    const needsWait = pending.some((t) => t.outcomes.some((o) => o.durable));
    if (!needsWait) {
      return {
        responses: pending.map((t) => ({ name: t.name, partitionResponses: t.outcomes.map((o) => ({ ...o, recordErrors: [] })) })),
        throttleTimeMs: 0,
      };
    }
    return Promise.all(
      pending.map(async (t) => ({
        name: t.name,
        partitionResponses: await Promise.all(t.outcomes.map((o) => settle(ctx, t.name, o))),
      })),
    ).then((responses) => ({ responses, throttleTimeMs: 0 }));
  },
};

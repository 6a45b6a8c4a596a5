/**
 * Fetch (key 1), versions 0-12 advertised; 4-12 served in full (v0-3 would
 * need the legacy message format and get UNSUPPORTED_VERSION per partition).
 * v13+ address topics by id and are not advertised yet.
 *
 * Stored batch bytes are sent as they are, in whole batches starting with the
 * one that holds the fetch offset (clients skip earlier records). The first
 * partition that has data may exceed the byte limits by one batch, so a
 * consumer always makes progress.
 *
 * Long poll: with fewer than minBytes available the request waits up to
 * maxWaitMs, woken by appends to any partition it reads.
 * read_committed (isolation level 1): only batches below the last stable
 * offset, with the aborted transactions overlapping them (consumers drop
 * those records themselves).
 * Fetch sessions (KIP-227) are not kept: every answer has session id 0, which
 * tells clients to send full requests; the Java client handles that as when a
 * broker's session cache is full.
 */
import { OffsetOutOfRangeError, type Log, type ReadResult as LogRead } from '../../storage/index.js';
import { ErrorCode, iterateBatches } from '../../protocol/index.js';
import { transactionsOf, type Transactions } from '../txn/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';

const E = ErrorCode;

const EMPTY = Buffer.alloc(0);
/** Bound on how long one fetch may hold its connection, whatever the client asks. */
const FETCH_WAIT_MS_MAX = 30_000;
/**
 * A partition adds at most about this much to one answer, whatever larger
 * limits the client allows (Kafka's own bound is one segment per partition).
 * An answer is read whole before it is sent, and one partition read back at
 * 50 MiB per answer ran at 1.0-1.2 GB/s here, at 8 MiB 1.4-1.9 GB/s. Only
 * clients that raise max.partition.fetch.bytes above it see smaller answers
 * (they just fetch again); a single batch larger than it is still returned
 * whole when the client's own limits allow it.
 */
export const PARTITION_ANSWER_BYTES_MAX = 8 * 1024 * 1024;

interface FetchPartition {
  partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
}
interface FetchTopic {
  topic: string;
  partitions: FetchPartition[];
}

interface AnswerData {
  responses: Body[];
  bytes: number;
  hasError: boolean;
}

function partitionError(partitionIndex: number, errorCode: number, hw = -1, logStart = -1): Body {
  return {
    partitionIndex,
    errorCode,
    highWatermark: hw,
    lastStableOffset: hw,
    logStartOffset: logStart,
    abortedTransactions: [],
    preferredReadReplica: -1,
    records: EMPTY,
  };
}

function readAll(ctx: RequestContext, topicsRequested: FetchTopic[], maxBytes: number, readCommitted: boolean): AnswerData {
  const txns = transactionsOf(ctx.broker);
  const { topics } = ctx.broker;
  let remaining = maxBytes;
  let minOneBatch = true;
  let bytes = 0;
  let hasError = false;
  const responses = topicsRequested.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p) => {
      const log = topics.log(t.topic, p.partition);
      if (!log) {
        hasError = true;
        return partitionError(p.partition, E.UNKNOWN_TOPIC_OR_PARTITION);
      }
      const hw = log.logEndOffset;
      if (ctx.apiVersion < 4) {
        hasError = true;
        return partitionError(p.partition, E.UNSUPPORTED_VERSION, hw, log.logStartOffset);
      }
      const lso = txns ? txns.lastStableOffset(log) : hw;
      const limit = Math.min(p.partitionMaxBytes, remaining);
      let records: Buffer[] = [];
      let read = 0;
      if (limit > 0 || minOneBatch) {
        try {
          const r = readPartition(log, p.fetchOffset, Math.max(0, limit), minOneBatch, readCommitted ? lso : undefined);
          records = r.records;
          read = r.bytes;
        } catch (err) {
          if (!(err instanceof OffsetOutOfRangeError)) throw err;
          hasError = true;
          return partitionError(p.partition, E.OFFSET_OUT_OF_RANGE, hw, log.logStartOffset);
        }
      }
      if (read > 0) minOneBatch = false;
      remaining -= read;
      bytes += read;
      return {
        partitionIndex: p.partition,
        errorCode: E.NONE,
        highWatermark: hw,
        lastStableOffset: lso,
        logStartOffset: log.logStartOffset,
        abortedTransactions: readCommitted && txns && read > 0 ? abortedIn(txns, log, p.fetchOffset, records) : [],
        preferredReadReplica: -1,
        records: records.length === 0 ? EMPTY : records,
      };
    }),
  }));
  return { responses, bytes, hasError };
}

/**
 * One partition's share of an answer: up to `limit` bytes (a first batch
 * larger than that only with `minOneBatch`), but no more than
 * PARTITION_ANSWER_BYTES_MAX unless a single batch that fits `limit` is larger.
 */
function readPartition(log: Log, fetchOffset: number, limit: number, minOneBatch: boolean, maxOffset: number | undefined): LogRead {
  const capped = Math.min(limit, PARTITION_ANSWER_BYTES_MAX);
  const read = log.read(fetchOffset, capped, { minOneBatch: minOneBatch || capped < limit, maxOffset });
  // Only reachable when capped: a first batch above the cap that the client's own limit does not admit either.
  return read.bytes > limit && !minOneBatch ? { records: [], bytes: 0 } : read;
}

/** Aborted transactions overlapping the returned batches, for read_committed consumers to drop. */
function abortedIn(txns: Transactions, log: Log, fetchOffset: number, records: Buffer[]): Body[] {
  let endOffset = fetchOffset;
  for (const b of iterateBatches(records[records.length - 1]!)) endOffset = b.header.baseOffset + b.header.lastOffsetDelta + 1;
  return txns.producerStates
    .of(log)
    .abortedTransactions(fetchOffset, endOffset)
    .map((a) => ({ producerId: a.producerId, firstOffset: a.firstOffset }));
}

/** Resolves after `waitMs`, or once `bytesWanted` bytes were appended to the partitions read. */
function waitForAppends(ctx: RequestContext, topicsRequested: FetchTopic[], bytesWanted: number, waitMs: number): Promise<void> {
  const partitions = topicsRequested.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition })));
  return new Promise((resolve) => {
    let seen = 0;
    let cancelTimer = () => {};
    const unsubscribe = ctx.broker.topics.onAppend(partitions, (bytes) => {
      seen += bytes;
      if (seen >= bytesWanted) done();
    });
    const done = () => {
      unsubscribe();
      cancelTimer();
      resolve();
    };
    cancelTimer = ctx.broker.clock.setTimer(waitMs, done);
  });
}

function answer(result: AnswerData, errorCode: number = E.NONE): Body {
  return { throttleTimeMs: 0, errorCode, sessionId: 0, responses: result.responses };
}

export const fetchHandler: ApiHandler = {
  apiKey: 1,
  minVersion: 0,
  maxVersion: 12,
  async handle(ctx, request) {
    if (ctx.apiVersion >= 7 && (request.sessionId !== 0 || (request.sessionEpoch !== -1 && request.sessionEpoch !== 0))) {
      return answer({ responses: [], bytes: 0, hasError: true }, E.FETCH_SESSION_ID_NOT_FOUND);
    }
    const topicsRequested = request.topics as FetchTopic[];
    const fetchMaxBytes = ctx.broker.settings.fetchMaxBytes;
    const maxBytes = ctx.apiVersion >= 3 ? Math.min(request.maxBytes as number, fetchMaxBytes) : fetchMaxBytes;
    const minBytes = Math.max(0, request.minBytes as number);
    const readCommitted = ctx.apiVersion >= 4 && request.isolationLevel === 1;
    const first = readAll(ctx, topicsRequested, maxBytes, readCommitted);
    ctx.holdBytes(first.bytes);
    const waitMs = Math.min(Math.max(0, request.maxWaitMs as number), FETCH_WAIT_MS_MAX);
    if (first.hasError || first.bytes >= minBytes || waitMs === 0 || topicsRequested.length === 0) return answer(first);
    await waitForAppends(ctx, topicsRequested, minBytes - first.bytes, waitMs);
    const second = readAll(ctx, topicsRequested, maxBytes, readCommitted);
    ctx.holdBytes(second.bytes);
    return answer(second);
  },
};

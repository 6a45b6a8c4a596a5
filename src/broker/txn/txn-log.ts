/**
 * `__transaction_state`: the internal compacted topic where the transaction
 * coordinator persists each transactional id's metadata, one record per
 * change, keyed like Kafka's TransactionLogKey (int16 version 0 + string
 * transactional id); a null value (tombstone) forgets the id. On start the
 * topic is read back and the latest value per id wins.
 *
 * The value is kgo's own: an int16 version (KGO_VALUE_VERSION, outside
 * Kafka's range so no Kafka tool mistakes it) followed by UTF-8 JSON. Unlike
 * Kafka's value it carries the offsets of TxnOffsetCommit, so a commit that
 * was prepared before a crash can still apply them when it is completed.
 */
import { buildRecordBatchSync, decodeRecords, iterateBatches } from '../../protocol/index.js';
import type { Topics } from '../metadata/topics.js';
import { TXN_STATES, type TopicPartition, type TxnMetadata, type TxnOffset, type TxnState } from './txn-types.js';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';
const KGO_VALUE_VERSION = 1000;
const READ_CHUNK_BYTES = 4 * 1024 * 1024;
const SEGMENT_BYTES = 100 * 1024 * 1024;

export interface TxnStore {
  /** Persists the metadata (null: forget the id); resolves once durable. */
  write(transactionalId: string, metadata: TxnMetadata | null): Promise<void>;
}

interface StoredValue {
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  partitions: TopicPartition[];
  offsets: [string, TxnOffset[]][];
  startTimeMs: number;
  lastUpdateMs: number;
}

export function encodeTxnKey(transactionalId: string): Buffer {
  const id = Buffer.from(transactionalId, 'utf8');
  const key = Buffer.alloc(4 + id.length);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(id.length, 2);
  id.copy(key, 4);
  return key;
}

export function decodeTxnKey(key: Buffer): string | null {
  if (key.length < 4 || key.readInt16BE(0) !== 0) return null;
  const length = key.readInt16BE(2);
  if (length < 0 || 4 + length > key.length) return null;
  return key.subarray(4, 4 + length).toString('utf8');
}

export function encodeTxnValue(m: TxnMetadata): Buffer {
  const stored: StoredValue = {
    producerId: m.producerId,
    producerEpoch: m.producerEpoch,
    timeoutMs: m.timeoutMs,
    state: m.state,
    partitions: [...m.partitions.values()],
    offsets: [...m.offsets.entries()],
    startTimeMs: m.startTimeMs,
    lastUpdateMs: m.lastUpdateMs,
  };
  const json = Buffer.from(JSON.stringify(stored), 'utf8');
  const value = Buffer.alloc(2 + json.length);
  value.writeInt16BE(KGO_VALUE_VERSION, 0);
  json.copy(value, 2);
  return value;
}

export function decodeTxnValue(transactionalId: string, value: Buffer): TxnMetadata | null {
  if (value.length < 2 || value.readInt16BE(0) !== KGO_VALUE_VERSION) return null;
  const s = JSON.parse(value.subarray(2).toString('utf8')) as StoredValue;
  if (!TXN_STATES.includes(s.state)) return null;
  return {
    transactionalId,
    producerId: s.producerId,
    producerEpoch: s.producerEpoch,
    timeoutMs: s.timeoutMs,
    state: s.state,
    partitions: new Map(s.partitions.map((tp) => [`${tp.partition}:${tp.topic}`, tp])),
    offsets: new Map(s.offsets),
    startTimeMs: s.startTimeMs,
    lastUpdateMs: s.lastUpdateMs,
  };
}

export class TransactionStateTopic implements TxnStore {
  private constructor(private readonly topics: Topics) {}

  /** Opens the topic, creating it (one partition: one node coordinates every id) when absent. */
  static async open(topics: Topics): Promise<TransactionStateTopic> {
    if (!topics.get(TRANSACTION_STATE_TOPIC)) {
      await topics.create({
        name: TRANSACTION_STATE_TOPIC,
        partitions: 1,
        replicationFactor: 1,
        configs: { 'cleanup.policy': 'compact', 'segment.bytes': String(SEGMENT_BYTES) },
        internal: true,
      });
    }
    return new TransactionStateTopic(topics);
  }

  async write(transactionalId: string, metadata: TxnMetadata | null): Promise<void> {
    const log = this.topics.log(TRANSACTION_STATE_TOPIC, 0);
    if (!log) throw new Error(`${TRANSACTION_STATE_TOPIC} has no partition 0`);
    const batch = buildRecordBatchSync({ records: [{ key: encodeTxnKey(transactionalId), value: metadata ? encodeTxnValue(metadata) : null }] });
    const { lastOffset } = log.append(batch);
    this.topics.notifyAppend(TRANSACTION_STATE_TOPIC, 0, batch.length);
    await log.flush(lastOffset + 1);
  }

  /** The latest metadata of every transactional id still known. */
  async readAll(log: (message: string) => void): Promise<TxnMetadata[]> {
    const latest = new Map<string, TxnMetadata | null>();
    const partitionLog = this.topics.log(TRANSACTION_STATE_TOPIC, 0);
    if (!partitionLog) return [];
    let offset = partitionLog.logStartOffset;
    while (offset < partitionLog.logEndOffset) {
      const { records } = partitionLog.read(offset, READ_CHUNK_BYTES, { minOneBatch: true });
      let next = offset;
      for (const chunk of records) {
        for (const b of iterateBatches(chunk)) {
          next = Math.max(next, b.header.baseOffset + b.header.lastOffsetDelta + 1);
          if (b.header.isControl) continue;
          for (const r of await decodeRecords(chunk.subarray(b.pos, b.pos + b.size))) {
            const id = r.key ? decodeTxnKey(r.key) : null;
            if (id === null || r.offset < offset) continue;
            try {
              latest.set(id, r.value ? decodeTxnValue(id, r.value) : null);
            } catch (err) {
              log(`${TRANSACTION_STATE_TOPIC}: unreadable value for "${id}" at offset ${r.offset}: ${(err as Error).message}`);
            }
          }
        }
      }
      if (next <= offset) break;
      offset = next;
    }
    return [...latest.values()].filter((m): m is TxnMetadata => m !== null);
  }
}

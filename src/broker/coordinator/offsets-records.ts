/**
 * Records of the `__consumer_offsets` topic, in Kafka's own formats, so the
 * topic reads the same as Kafka's with Kafka's tools. Keys and values are each
 * prefixed with an int16 schema version; every field uses the classic
 * (non-flexible) encoding: int16-length strings (-1 = null), int32-length
 * bytes, int32-count arrays.
 *
 *   OffsetCommitKey v0/v1   group, topic, partition int32
 *   GroupMetadataKey v2     group
 *   OffsetCommitValue v0    offset int64, metadata, timestamp int64
 *                     v1    offset, metadata, commitTimestamp, expireTimestamp int64
 *                     v2    offset, metadata, commitTimestamp
 *                     v3    offset, leaderEpoch int32, metadata, commitTimestamp   (written)
 *   GroupMetadataValue v0-3 protocolType, generation int32, protocol?, leader?,
 *                           currentStateTimestamp int64 (v2+), members[]:
 *                           memberId, groupInstanceId? (v3+), clientId, clientHost,
 *                           rebalanceTimeout int32 (v1+), sessionTimeout int32,
 *                           subscription bytes, assignment bytes             (v3 written)
 *
 * A null value is a tombstone: the offset or the group is deleted.
 */
import { KgoError } from '../../common/index.js';

export interface OffsetCommitKey {
  kind: 'offset';
  group: string;
  topic: string;
  partition: number;
}

export interface GroupMetadataKey {
  kind: 'group';
  group: string;
}

export type CoordinatorKey = OffsetCommitKey | GroupMetadataKey;

export interface OffsetCommitValue {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestampMs: number;
}

export interface GroupMemberValue {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestampMs: number;
  members: GroupMemberValue[];
}

export class RecordFormatError extends KgoError {
  constructor(message: string) {
    super(message, 'COORDINATOR_RECORD_FORMAT');
  }
}

const OFFSET_VALUE_VERSION = 3;
const GROUP_VALUE_VERSION = 3;
const GROUP_KEY_VERSION = 2;
const OFFSET_KEY_VERSION = 1;

class RecordWriter {
  private chunks: Buffer[] = [];

  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.chunks.push(b);
    return this;
  }
  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.chunks.push(b);
    return this;
  }
  int64(v: number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(Math.trunc(v)));
    this.chunks.push(b);
    return this;
  }
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const bytes = Buffer.from(v, 'utf8');
    this.int16(bytes.length);
    this.chunks.push(bytes);
    return this;
  }
  bytes(v: Buffer): this {
    this.int32(v.length);
    this.chunks.push(v);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

class RecordReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): number {
    if (n < 0 || this.pos + n > this.buf.length) throw new RecordFormatError('record is truncated');
    const at = this.pos;
    this.pos += n;
    return at;
  }
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  int64(): number {
    return Number(this.buf.readBigInt64BE(this.need(8)));
  }
  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    const at = this.need(len);
    return this.buf.toString('utf8', at, at + len);
  }
  string(): string {
    const s = this.nullableString();
    if (s === null) throw new RecordFormatError('unexpected null string');
    return s;
  }
  bytes(): Buffer {
    const len = this.int32();
    if (len === -1) return Buffer.alloc(0);
    const at = this.need(len);
    return Buffer.from(this.buf.subarray(at, at + len));
  }
  count(): number {
    const n = this.int32();
    // each element takes at least two bytes, so a larger count is garbage
    if (n < 0 || n * 2 > this.buf.length - this.pos) throw new RecordFormatError('bad array length');
    return n;
  }
}

export function encodeOffsetCommitKey(group: string, topic: string, partition: number): Buffer {
  return new RecordWriter().int16(OFFSET_KEY_VERSION).string(group).string(topic).int32(partition).done();
}

export function encodeGroupMetadataKey(group: string): Buffer {
  return new RecordWriter().int16(GROUP_KEY_VERSION).string(group).done();
}

/** Undefined for key versions kgo does not know (newer coordinators' records): they are skipped. */
export function decodeKey(key: Buffer): CoordinatorKey | undefined {
  const r = new RecordReader(key);
  const version = r.int16();
  if (version === 0 || version === 1) {
    return { kind: 'offset', group: r.string(), topic: r.string(), partition: r.int32() };
  }
  if (version === 2) return { kind: 'group', group: r.string() };
  return undefined;
}

export function encodeOffsetCommitValue(v: OffsetCommitValue): Buffer {
  return new RecordWriter()
    .int16(OFFSET_VALUE_VERSION)
    .int64(v.offset)
    .int32(v.leaderEpoch)
    .string(v.metadata)
    .int64(v.commitTimestampMs)
    .done();
}

export function decodeOffsetCommitValue(value: Buffer): OffsetCommitValue {
  const r = new RecordReader(value);
  const version = r.int16();
  if (version < 0 || version > 3) throw new RecordFormatError(`unknown offset value version ${version}`);
  const offset = r.int64();
  const leaderEpoch = version >= 3 ? r.int32() : -1;
  const metadata = r.string();
  const commitTimestampMs = r.int64();
  return { offset, leaderEpoch, metadata, commitTimestampMs };
}

export function encodeGroupMetadataValue(v: GroupMetadataValue): Buffer {
  const w = new RecordWriter()
    .int16(GROUP_VALUE_VERSION)
    .string(v.protocolType)
    .int32(v.generation)
    .string(v.protocol)
    .string(v.leader)
    .int64(v.currentStateTimestampMs)
    .int32(v.members.length);
  for (const m of v.members) {
    w.string(m.memberId)
      .string(m.groupInstanceId)
      .string(m.clientId)
      .string(m.clientHost)
      .int32(m.rebalanceTimeoutMs)
      .int32(m.sessionTimeoutMs)
      .bytes(m.subscription)
      .bytes(m.assignment);
  }
  return w.done();
}

export function decodeGroupMetadataValue(value: Buffer): GroupMetadataValue {
  const r = new RecordReader(value);
  const version = r.int16();
  if (version < 0 || version > 3) throw new RecordFormatError(`unknown group value version ${version}`);
  const protocolType = r.string();
  const generation = r.int32();
  const protocol = r.nullableString();
  const leader = r.nullableString();
  const currentStateTimestampMs = version >= 2 ? r.int64() : -1;
  const members: GroupMemberValue[] = [];
  for (let n = r.count(); n > 0; n--) {
    const memberId = r.string();
    const groupInstanceId = version >= 3 ? r.nullableString() : null;
    const clientId = r.string();
    const clientHost = r.string();
    const rebalanceTimeoutMs = version >= 1 ? r.int32() : -1;
    const sessionTimeoutMs = r.int32();
    const subscription = r.bytes();
    const assignment = r.bytes();
    members.push({
      memberId,
      groupInstanceId,
      clientId,
      clientHost,
      rebalanceTimeoutMs: rebalanceTimeoutMs < 0 ? sessionTimeoutMs : rebalanceTimeoutMs,
      sessionTimeoutMs,
      subscription,
      assignment,
    });
  }
  return { protocolType, generation, protocol, leader, currentStateTimestampMs, members };
}

/** Java's String.hashCode over UTF-16 code units, as a signed 32-bit integer. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** The `__consumer_offsets` partition holding a group (Kafka's partitionFor, with Utils.abs). */
export function partitionForGroup(groupId: string, partitionCount: number): number {
  const h = javaStringHashCode(groupId);
  const abs = h === -2147483648 ? 0 : Math.abs(h);
  return abs % partitionCount;
}

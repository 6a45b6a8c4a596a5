/**
 * Consumer group administration through kafkajs' Admin client: what
 * `kgo group ...` does once its flags are read.
 */
import type { Admin, Kafka } from 'kafkajs';
import { UserError } from '../common/index.js';
import {
  committedOffset,
  decodeMemberAssignment,
  partitionLag,
  planReset,
  totalLag,
  type MemberAssignmentEntry,
  type PartitionPosition,
  type ResetRow,
  type ResetTarget,
} from './admin-group-plan.js';
import { commitOffsetsAsAdmin, deleteCommittedOffsets, type OffsetDeleteResult } from './admin-coordinator.js';
import { requireTopics } from './connection.js';

export interface GroupSummary {
  groupId: string;
  protocolType: string;
  state: string;
  members: number;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  assignment: MemberAssignmentEntry[];
}

export interface GroupPartitionLag {
  topic: string;
  partition: number;
  /** null when the group has committed nothing for the partition. */
  committed: number | null;
  /** High watermark. */
  logEnd: number;
  lag: number | null;
  /** Client id of the member the partition is assigned to, if any. */
  owner: string | null;
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: GroupMember[];
  partitions: GroupPartitionLag[];
  totalLag: number;
}

/** Groups sorted by id; states come from one DescribeGroups. */
export async function listGroups(admin: Admin): Promise<GroupSummary[]> {
  const { groups } = await admin.listGroups();
  if (groups.length === 0) return [];
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  const byId = new Map(described.groups.map((g) => [g.groupId, g]));
  return groups
    .map((g) => ({
      groupId: g.groupId,
      protocolType: g.protocolType,
      state: byId.get(g.groupId)?.state ?? 'Unknown',
      members: byId.get(g.groupId)?.members.length ?? 0,
    }))
    .sort((a, b) => a.groupId.localeCompare(b.groupId));
}

/** A group DescribeGroups reports as Dead with no members is one the coordinator does not know. */
async function describeRaw(admin: Admin, groupId: string) {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  if (!group) throw new UserError(`group "${groupId}" was not described by the broker`);
  return group;
}

async function committedByTopic(admin: Admin, groupId: string): Promise<Map<string, Map<number, number | null>>> {
  const fetched = await admin.fetchOffsets({ groupId });
  return new Map(
    fetched.map((t) => [t.topic, new Map(t.partitions.map((p) => [p.partition, committedOffset(p.offset)]))]),
  );
}

export async function describeGroup(admin: Admin, groupId: string): Promise<GroupDescription> {
  const group = await describeRaw(admin, groupId);
  const committed = await committedByTopic(admin, groupId);
  if (group.state === 'Dead' && group.members.length === 0 && committed.size === 0) {
    throw new UserError(`group "${groupId}" does not exist`, 'kgo group list shows the groups there are');
  }
  const members = group.members
    .map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      assignment: decodeMemberAssignment(m.memberAssignment),
    }))
    .sort((a, b) => a.clientId.localeCompare(b.clientId) || a.memberId.localeCompare(b.memberId));
  const owners = new Map<string, string>();
  for (const m of members) {
    for (const a of m.assignment) {
      if (!committed.has(a.topic)) committed.set(a.topic, new Map());
      for (const p of a.partitions) {
        owners.set(`${a.topic}\u0000${p}`, m.clientId);
        if (!committed.get(a.topic)!.has(p)) committed.get(a.topic)!.set(p, null);
      }
    }
  }
  const existing = new Set(await admin.listTopics());
  const partitions: GroupPartitionLag[] = [];
  for (const topic of [...committed.keys()].filter((t) => existing.has(t)).sort()) {
    const highs = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
    for (const [partition, offset] of [...committed.get(topic)!].sort((a, b) => a[0] - b[0])) {
      const logEnd = highs.get(partition) ?? 0;
      partitions.push({
        topic,
        partition,
        committed: offset,
        logEnd,
        lag: partitionLag(offset, logEnd),
        owner: owners.get(`${topic}\u0000${partition}`) ?? null,
      });
    }
  }
  return {
    groupId,
    state: group.state,
    protocolType: group.protocolType,
    protocol: group.protocol,
    members,
    partitions,
    totalLag: totalLag(partitions.map((p) => p.lag)),
  };
}

export interface ResetPlan {
  groupId: string;
  topic: string;
  executed: boolean;
  partitions: ResetRow[];
}

/**
 * Moves a group's committed offsets on one topic. Offsets only move while the
 * group has no members: a running consumer would overwrite them on its next commit.
 */
export async function resetGroupOffsets(
  kafka: Kafka,
  admin: Admin,
  options: { groupId: string; topic: string; target: ResetTarget; execute: boolean },
): Promise<ResetPlan> {
  const { groupId, topic, target, execute } = options;
  await requireTopics(admin, [topic]);
  const group = await describeRaw(admin, groupId);
  if (group.members.length > 0 || (group.state !== 'Empty' && group.state !== 'Dead')) {
    throw new UserError(
      `group "${groupId}" is ${group.state} with ${group.members.length} member(s); its offsets cannot be reset now`,
      'stop its consumers first, then run the reset again',
    );
  }
  const committed = (await committedByTopic(admin, groupId)).get(topic) ?? new Map<number, number | null>();
  const offsets = await admin.fetchTopicOffsets(topic);
  const forTime =
    target.kind === 'datetime'
      ? new Map((await admin.fetchTopicOffsetsByTimestamp(topic, target.timestampMs)).map((o) => [o.partition, Number(o.offset)]))
      : undefined;
  const positions: PartitionPosition[] = offsets
    .map((o) => ({
      partition: o.partition,
      low: Number(o.low),
      high: Number(o.high),
      committed: committed.get(o.partition) ?? null,
      ...(forTime ? { offsetForTime: forTime.get(o.partition) ?? Number(o.high) } : {}),
    }))
    .sort((a, b) => a.partition - b.partition);
  const rows = planReset(target, positions);
  const moves = rows.filter((r): r is ResetRow & { target: number } => r.target !== null);
  if (execute && moves.length > 0) {
    await commitOffsetsAsAdmin(
      kafka,
      groupId,
      topic,
      moves.map((r) => ({ partition: r.partition, offset: r.target })),
    );
  }
  return { groupId, topic, executed: execute, partitions: rows };
}

export async function deleteGroups(admin: Admin, groupIds: readonly string[]): Promise<{ deleted: string[] }> {
  try {
    await admin.deleteGroups([...groupIds]);
  } catch (error) {
    const failed = (error as { groups?: { groupId: string; error?: { type?: string; message?: string } }[] }).groups;
    const first = failed?.find((g) => g.error);
    if (!first) throw error;
    const reason = first.error?.type ?? first.error?.message ?? 'unknown error';
    const hint =
      reason === 'NON_EMPTY_GROUP'
        ? 'stop its consumers first'
        : reason === 'GROUP_ID_NOT_FOUND'
          ? 'kgo group list shows the groups there are'
          : undefined;
    throw new UserError(`cannot delete group "${first.groupId}": ${reason}`, hint);
  }
  return { deleted: [...groupIds] };
}

/** Forgets the group's committed offsets for every partition of `topic`. */
export async function deleteGroupOffsets(
  kafka: Kafka,
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<{ groupId: string; topic: string; partitions: OffsetDeleteResult[] }> {
  await requireTopics(admin, [topic]);
  const offsets = await admin.fetchTopicOffsets(topic);
  const partitions = offsets.map((o) => o.partition).sort((a, b) => a - b);
  return { groupId, topic, partitions: await deleteCommittedOffsets(kafka, groupId, topic, partitions) };
}

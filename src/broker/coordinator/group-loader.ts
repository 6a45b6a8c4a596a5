/**
 * Rebuilding groups from `__consumer_offsets` at start: records are replayed
 * in log order, the latest value per key wins and a null value deletes. Groups
 * with members come back Stable (their members must heartbeat within their
 * session timeout, or they are removed); groups without members come back
 * Empty. Records of unknown versions (newer coordinators) are skipped.
 */
import type { Group as GroupType } from './group.js';
import { Group } from './group.js';
import {
  decodeGroupMetadataValue,
  decodeKey,
  decodeOffsetCommitValue,
  type CoordinatorKey,
  type GroupMetadataValue,
} from './offsets-records.js';
import type { CoordinatorRecord } from './types.js';

export interface LoadTarget {
  groups: Map<string, GroupType>;
  nowMs: number;
  log(message: string): void;
  /** Starts the session timers of a group's members. */
  startSession(group: GroupType): void;
  /** Stops the timers of a group being replaced. */
  dropGroup(group: GroupType): void;
}

function getOrCreate(target: LoadTarget, groupId: string): GroupType {
  let group = target.groups.get(groupId);
  if (!group) target.groups.set(groupId, (group = new Group(groupId, target.nowMs)));
  return group;
}

function applyGroupValue(group: GroupType, value: GroupMetadataValue): void {
  group.members.clear();
  group.staticMembers.clear();
  group.generationId = value.generation;
  group.protocolType = value.protocolType === '' ? null : value.protocolType;
  group.protocolName = value.protocol;
  group.leaderId = null;
  for (const m of value.members) {
    group.addMember({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      sessionTimeoutMs: m.sessionTimeoutMs,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      protocolType: value.protocolType,
      protocols: value.protocol !== null ? [{ name: value.protocol, metadata: m.subscription }] : [],
      assignment: m.assignment,
    });
  }
  group.protocolType = value.protocolType === '' ? null : value.protocolType;
  if (value.leader !== null && group.has(value.leader)) group.leaderId = value.leader;
  if (value.currentStateTimestampMs >= 0) group.stateTimestampMs = value.currentStateTimestampMs;
}

function applyRecord(target: LoadTarget, key: CoordinatorKey, value: Buffer | null): void {
  if (key.kind === 'offset') {
    if (value === null) {
      target.groups.get(key.group)?.deleteOffset(key.topic, key.partition);
      return;
    }
    getOrCreate(target, key.group).setOffset(key.topic, key.partition, decodeOffsetCommitValue(value));
    return;
  }
  if (value === null) {
    // the group record is gone; offsets written after it (if any) keep an Empty group alive
    const group = target.groups.get(key.group);
    if (group) {
      const fresh = new Group(key.group, target.nowMs);
      for (const [topic, partitions] of group.offsets) {
        for (const [partition, c] of partitions) fresh.setOffset(topic, partition, c);
      }
      target.groups.set(key.group, fresh);
    }
    return;
  }
  applyGroupValue(getOrCreate(target, key.group), decodeGroupMetadataValue(value));
}

export function loadRecords(records: Iterable<CoordinatorRecord>, target: LoadTarget): void {
  for (const g of target.groups.values()) target.dropGroup(g);
  let skipped = 0;
  for (const record of records) {
    try {
      const key = decodeKey(record.key);
      if (key === undefined) skipped++;
      else applyRecord(target, key, record.value);
    } catch (err) {
      skipped++;
      target.log(`__consumer_offsets: skipping an unreadable record: ${(err as Error).message}`);
    }
  }
  for (const [groupId, group] of target.groups) {
    if (group.size > 0) {
      group.restoreStable();
      target.startSession(group);
    } else if (group.offsetCount() === 0 && group.protocolType === null && group.generationId === 0) {
      target.groups.delete(groupId);
    }
  }
  if (skipped > 0) target.log(`__consumer_offsets: ${skipped} records skipped while loading groups`);
}

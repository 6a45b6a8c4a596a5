/**
 * The consumer group coordinator of a single-node broker: it owns every group
 * (state, members, committed offsets), persists them as Kafka-format records
 * on `__consumer_offsets` through the injected GroupStore, and rebuilds them
 * from those records at start. The event loop is its only caller, so no
 * locking: each method runs to completion or to its first await.
 */
import type { Clock } from '../../common/index.js';
import { ErrorCode } from './error-codes.js';
import { Group } from './group.js';
import { loadRecords } from './group-loader.js';
import { Membership } from './membership.js';
import * as offsets from './offsets.js';
import { applyTransactionalOffsets, type TransactionalOffset } from './txn-offsets.js';
import {
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  partitionForGroup,
} from './offsets-records.js';
import { joinError, Rebalancer, type GroupRuntime } from './rebalance.js';
import {
  DEFAULT_GROUP_COORDINATOR_CONFIG,
  type CoordinatorRecord,
  type DescribedGroup,
  type GroupCoordinatorConfig,
  type GroupStore,
  type HeartbeatRequest,
  type JoinGroupRequest,
  type JoinGroupResult,
  type LeaveGroupResult,
  type ListedGroup,
  type MemberIdentity,
  type OffsetCommitRequest,
  type OffsetFetchResult,
  type PartitionResult,
  type SyncGroupRequest,
  type SyncGroupResult,
} from './types.js';

export interface GroupCoordinatorOptions {
  clock: Clock;
  config?: Partial<GroupCoordinatorConfig>;
  store: GroupStore;
  log?: (message: string) => void;
}

export class GroupCoordinator {
  readonly config: GroupCoordinatorConfig;
  private readonly clock: Clock;
  private readonly store: GroupStore;
  private readonly log: (message: string) => void;
  private readonly groups = new Map<string, Group>();
  private readonly rebalancer: Rebalancer;
  private readonly membership: Membership;
  private readonly offsetsContext: offsets.OffsetsContext;
  private cancelExpiryTimer?: () => void;
  private closed = false;

  constructor(options: GroupCoordinatorOptions) {
    this.clock = options.clock;
    this.config = { ...DEFAULT_GROUP_COORDINATOR_CONFIG, ...options.config };
    this.store = options.store;
    this.log = options.log ?? (() => undefined);
    const runtime: GroupRuntime = {
      clock: this.clock,
      config: this.config,
      log: this.log,
      storeGroup: (group, assignments) => this.storeGroup(group, assignments),
    };
    this.rebalancer = new Rebalancer(runtime);
    this.membership = new Membership(runtime, this.rebalancer);
    this.offsetsContext = {
      clock: this.clock,
      config: this.config,
      rebalancer: this.rebalancer,
      append: (groupId, records) => this.append(groupId, records),
      log: this.log,
    };
    this.scheduleOffsetExpiry();
  }

  /** The __consumer_offsets partition that holds a group's records. */
  partitionFor(groupId: string): number {
    return partitionForGroup(groupId, this.config.offsetsTopicPartitions);
  }

  /** Rebuilds groups and offsets from every __consumer_offsets record, in log order. */
  load(records: Iterable<CoordinatorRecord>): void {
    loadRecords(records, {
      groups: this.groups,
      nowMs: this.clock.nowMs(),
      log: this.log,
      startSession: (group) => {
        for (const m of group.members.values()) this.rebalancer.scheduleSessionTimeout(group, m);
      },
      dropGroup: (group) => this.rebalancer.shutdownGroup(group),
    });
  }

  /** Stops every timer; in-flight requests stay unanswered. */
  close(): void {
    this.closed = true;
    this.cancelExpiryTimer?.();
    for (const group of this.groups.values()) this.rebalancer.shutdownGroup(group);
  }

  joinGroup(req: JoinGroupRequest): Promise<JoinGroupResult> {
    if (req.groupId === '') return Promise.resolve(joinError(req.memberId, ErrorCode.INVALID_GROUP_ID));
    if (req.sessionTimeoutMs < this.config.minSessionTimeoutMs || req.sessionTimeoutMs > this.config.maxSessionTimeoutMs) {
      return Promise.resolve(joinError(req.memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
    }
    if (req.protocolType === '' || req.protocols.length === 0) {
      return Promise.resolve(joinError(req.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    let group = this.groups.get(req.groupId);
    if (!group) {
      if (req.memberId !== '') return Promise.resolve(joinError(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = this.createGroup(req.groupId);
    }
    return this.membership.join(group, req);
  }

  syncGroup(req: SyncGroupRequest): Promise<SyncGroupResult> {
    const group = this.groups.get(req.groupId);
    if (!group) {
      return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
    }
    return this.membership.sync(group, req);
  }

  heartbeat(req: HeartbeatRequest): number {
    const group = this.groups.get(req.groupId);
    return group ? this.membership.heartbeat(group, req) : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  leaveGroup(groupId: string, members: MemberIdentity[]): LeaveGroupResult {
    const group = this.groups.get(groupId);
    if (!group) return { errorCode: ErrorCode.NONE, members: members.map((m) => ({ ...m, errorCode: ErrorCode.UNKNOWN_MEMBER_ID })) };
    return this.membership.leave(group, members);
  }

  /** Commits the offsets given; the caller answers partitions of unknown topics itself. */
  async commitOffsets(req: OffsetCommitRequest): Promise<PartitionResult[]> {
    const existing = this.groups.get(req.groupId);
    // an empty group id is valid here, as in Kafka, for old standalone committers
    const errorCode = offsets.commitError(existing, req);
    if (errorCode !== ErrorCode.NONE) {
      return req.offsets.map((o) => ({ topic: o.topic, partition: o.partition, errorCode }));
    }
    const group = existing ?? this.createGroup(req.groupId);
    return offsets.commitOffsets(this.offsetsContext, group, req);
  }

  fetchOffsets(groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null): OffsetFetchResult {
    return offsets.fetchOffsets(this.groups.get(groupId), topics);
  }

  /** Stores the offsets of a committed transaction (see txn-offsets.ts); resolves once durable. */
  commitTransactionalOffsets(groupId: string, committed: TransactionalOffset[]): Promise<void> {
    const group = this.groups.get(groupId) ?? this.createGroup(groupId);
    return applyTransactionalOffsets(this.offsetsContext, group, committed);
  }

  deleteOffsets(groupId: string, partitions: { topic: string; partition: number }[]): Promise<offsets.OffsetDeleteResult> {
    return offsets.deleteOffsets(this.offsetsContext, this.groups.get(groupId), partitions);
  }

  describeGroup(groupId: string): DescribedGroup {
    const group = this.groups.get(groupId);
    if (!group) {
      return { errorCode: ErrorCode.NONE, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [] };
    }
    // Kafka shows member metadata and assignments only once the group is stable
    const stable = group.is('Stable');
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      groupState: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: stable ? (group.protocolName ?? '') : '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberMetadata: stable ? group.metadataOf(m, group.protocolName) : Buffer.alloc(0),
        memberAssignment: stable ? m.assignment : Buffer.alloc(0),
      })),
    };
  }

  /** Every live group; `statesFilter` compares state names case-insensitively, as Kafka does. */
  listGroups(statesFilter: string[] = []): ListedGroup[] {
    const wanted = new Set(statesFilter.map((s) => s.toLowerCase()));
    const listed: ListedGroup[] = [];
    for (const group of this.groups.values()) {
      if (group.is('Dead')) continue;
      if (wanted.size > 0 && !wanted.has(group.state.toLowerCase())) continue;
      listed.push({ groupId: group.groupId, protocolType: group.protocolType ?? '', groupState: group.state, groupType: 'classic' });
    }
    return listed;
  }

  /** Deletes empty groups with their offsets, writing tombstones. */
  async deleteGroups(groupIds: string[]): Promise<{ groupId: string; errorCode: number }[]> {
    return Promise.all(groupIds.map((groupId) => this.deleteGroup(groupId)));
  }

  private async deleteGroup(groupId: string): Promise<{ groupId: string; errorCode: number }> {
    const group = this.groups.get(groupId);
    if (!group || group.is('Dead')) return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
    if (!group.is('Empty')) return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
    const tombstones = this.removeGroup(group);
    try {
      await this.append(groupId, tombstones);
      return { groupId, errorCode: ErrorCode.NONE };
    } catch (err) {
      this.log(`group ${groupId}: storing the deletion failed: ${(err as Error)?.message ?? err}`);
      return { groupId, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE };
    }
  }

  /** Marks the group Dead and forgets it; returns the tombstones for its records. */
  private removeGroup(group: Group): CoordinatorRecord[] {
    const tombstones: CoordinatorRecord[] = [];
    for (const [topic, partitions] of group.offsets) {
      for (const partition of partitions.keys()) {
        tombstones.push({ key: encodeOffsetCommitKey(group.groupId, topic, partition), value: null });
      }
    }
    tombstones.push({ key: encodeGroupMetadataKey(group.groupId), value: null });
    group.offsets.clear();
    this.rebalancer.shutdownGroup(group);
    group.transitionTo('Dead', this.clock.nowMs());
    this.groups.delete(group.groupId);
    return tombstones;
  }

  private createGroup(groupId: string): Group {
    const group = new Group(groupId, this.clock.nowMs());
    this.groups.set(groupId, group);
    return group;
  }

  private append(groupId: string, records: CoordinatorRecord[]): Promise<void> {
    return this.store.append(this.partitionFor(groupId), records);
  }

  private storeGroup(group: Group, assignments?: Map<string, Buffer>): Promise<void> {
    const value = encodeGroupMetadataValue(group.toRecordValue(assignments));
    return this.append(group.groupId, [{ key: encodeGroupMetadataKey(group.groupId), value }]);
  }

  private scheduleOffsetExpiry(): void {
    if (this.closed) return;
    this.cancelExpiryTimer = this.clock.setTimer(this.config.offsetsRetentionCheckIntervalMs, () => {
      this.expireOffsets();
      this.scheduleOffsetExpiry();
    });
  }

  /** One retention pass: expired offsets of empty groups go, then empty groups without offsets. */
  expireOffsets(): void {
    const nowMs = this.clock.nowMs();
    for (const group of [...this.groups.values()]) {
      const tombstones = offsets.expireOffsets(group, nowMs, this.config.offsetsRetentionMs);
      if (group.is('Empty') && group.offsetCount() === 0 && group.pendingMembers.size === 0) {
        tombstones.push(...this.removeGroup(group));
      }
      if (tombstones.length === 0) continue;
      this.log(`group ${group.groupId}: expired ${tombstones.length} records`);
      this.append(group.groupId, tombstones).catch((err) =>
        this.log(`group ${group.groupId}: storing expired offsets failed: ${(err as Error)?.message ?? err}`),
      );
    }
  }
}

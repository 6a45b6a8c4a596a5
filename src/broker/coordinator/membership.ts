/**
 * JoinGroup, SyncGroup, Heartbeat and LeaveGroup against one group, following
 * Kafka's classic group coordinator: who may join in which state, when a join
 * is answered at once and when it is parked until the join phase ends, and
 * static members (group.instance.id) that come back under a new member id
 * without a rebalance.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from './error-codes.js';
import type { Group, Member } from './group.js';
import { joinError, syncResult, type GroupRuntime, Rebalancer } from './rebalance.js';
import type {
  HeartbeatRequest,
  JoinGroupRequest,
  JoinGroupResult,
  LeaveGroupResult,
  MemberIdentity,
  SyncGroupRequest,
  SyncGroupResult,
} from './types.js';

function copyProtocols(req: JoinGroupRequest): Member['protocols'] {
  // request bytes are views of the connection's frame: keep our own copy
  return req.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) }));
}

function sameProtocols(member: Member, req: JoinGroupRequest): boolean {
  return (
    member.protocols.length === req.protocols.length &&
    member.protocols.every((p, i) => p.name === req.protocols[i]!.name && p.metadata.equals(req.protocols[i]!.metadata))
  );
}

function rebalanceTimeoutOf(req: JoinGroupRequest): number {
  return req.rebalanceTimeoutMs < 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs;
}

export class Membership {
  constructor(
    private readonly rt: GroupRuntime,
    readonly rebalancer: Rebalancer,
  ) {}

  join(group: Group, req: JoinGroupRequest): Promise<JoinGroupResult> {
    if (group.is('Dead')) return Promise.resolve(joinError(req.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (!group.supportsProtocols(req.protocolType, req.protocols)) {
      return Promise.resolve(joinError(req.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (req.memberId === '') return this.joinNewMember(group, req);
    if (group.isStaticMemberFenced(req.groupInstanceId, req.memberId)) {
      return Promise.resolve(joinError(req.memberId, ErrorCode.FENCED_INSTANCE_ID));
    }
    if (this.rebalancer.removePendingMember(group, req.memberId)) return this.addMemberAndRebalance(group, req, req.memberId);
    const member = group.members.get(req.memberId);
    if (!member) return Promise.resolve(joinError(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    return this.joinKnownMember(group, member, req);
  }

  private joinNewMember(group: Group, req: JoinGroupRequest): Promise<JoinGroupResult> {
    const knownStaticId = group.staticMemberId(req.groupInstanceId);
    const newMemberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
    if (knownStaticId !== undefined) return this.rejoinStaticMember(group, req, knownStaticId, newMemberId);
    if (group.size + group.pendingMembers.size >= this.rt.config.groupMaxSize) {
      return Promise.resolve(joinError('', ErrorCode.GROUP_MAX_SIZE_REACHED));
    }
    if (req.requireKnownMemberId && req.groupInstanceId === null) {
      this.rebalancer.addPendingMember(group, newMemberId, req.sessionTimeoutMs);
      return Promise.resolve(joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
    }
    return this.addMemberAndRebalance(group, req, newMemberId);
  }

  private addMemberAndRebalance(group: Group, req: JoinGroupRequest, memberId: string): Promise<JoinGroupResult> {
    return new Promise((resolve) => {
      const member: Member = {
        memberId,
        groupInstanceId: req.groupInstanceId,
        clientId: req.clientId,
        clientHost: req.clientHost,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: rebalanceTimeoutOf(req),
        protocolType: req.protocolType,
        protocols: copyProtocols(req),
        assignment: Buffer.alloc(0),
        awaitingJoin: resolve,
      };
      group.addMember(member);
      group.newMemberAdded = true;
      this.rebalancer.scheduleSessionTimeout(group, member);
      if (group.is('PreparingRebalance')) this.rebalancer.maybeCompleteJoin(group);
      else this.rebalancer.maybePrepareRebalance(group, `member ${memberId} joined`);
    });
  }

  private updateMemberAndRebalance(group: Group, member: Member, req: JoinGroupRequest, reason: string): Promise<JoinGroupResult> {
    return new Promise((resolve) => {
      this.updateMember(member, req, resolve);
      if (group.is('PreparingRebalance')) this.rebalancer.maybeCompleteJoin(group);
      else this.rebalancer.maybePrepareRebalance(group, reason);
    });
  }

  private updateMember(member: Member, req: JoinGroupRequest, reply: (r: JoinGroupResult) => void): void {
    // a second JoinGroup while one is parked replaces it
    member.awaitingJoin?.(joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    member.protocols = copyProtocols(req);
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = rebalanceTimeoutOf(req);
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    member.awaitingJoin = reply;
  }

  private joinKnownMember(group: Group, member: Member, req: JoinGroupRequest): Promise<JoinGroupResult> {
    this.rebalancer.scheduleSessionTimeout(group, member);
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, req, `member ${member.memberId} rejoined`);
      case 'CompletingRebalance':
        // the join response may have been lost: answer it again unless the member changed
        if (sameProtocols(member, req)) return Promise.resolve(this.currentGeneration(group, member.memberId));
        return this.updateMemberAndRebalance(group, member, req, `member ${member.memberId} changed metadata`);
      case 'Stable':
        if (group.isLeader(member.memberId) || !sameProtocols(member, req)) {
          return this.updateMemberAndRebalance(group, member, req, `member ${member.memberId} rejoined with new metadata`);
        }
        return Promise.resolve(this.currentGeneration(group, member.memberId));
      default:
        return Promise.resolve(joinError(member.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private currentGeneration(group: Group, memberId: string): JoinGroupResult {
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      memberId,
      members: group.isLeader(memberId) ? this.rebalancer.currentMemberMetadata(group) : [],
      skipAssignment: false,
    };
  }

  /** A static member restarted: it takes over its old place under a new member id. */
  private rejoinStaticMember(group: Group, req: JoinGroupRequest, oldMemberId: string, newMemberId: string): Promise<JoinGroupResult> {
    const oldLeader = group.leaderId ?? '';
    const old = group.members.get(oldMemberId)!;
    old.awaitingJoin?.(joinError(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
    old.awaitingJoin = undefined;
    old.awaitingSync?.(syncResult(group, ErrorCode.FENCED_INSTANCE_ID));
    old.awaitingSync = undefined;
    const previous = { protocols: old.protocols, sessionTimeoutMs: old.sessionTimeoutMs, rebalanceTimeoutMs: old.rebalanceTimeoutMs };
    const member = group.replaceStaticMember(req.groupInstanceId!, oldMemberId, newMemberId);
    this.rebalancer.scheduleSessionTimeout(group, member);
    if (group.is('PreparingRebalance')) return this.updateMemberAndRebalance(group, member, req, 'static member rejoined');
    if (group.is('CompletingRebalance')) {
      return this.updateMemberAndRebalance(group, member, req, `static member ${req.groupInstanceId} rejoined during sync`);
    }
    // Stable: keep the assignment unless the group's protocol would change
    this.updateMember(member, req, () => undefined);
    member.awaitingJoin = undefined;
    if (group.selectProtocol() !== group.protocolName) {
      return this.updateMemberAndRebalance(group, member, req, `static member ${req.groupInstanceId} changed protocols`);
    }
    return this.rt.storeGroup(group).then(
      () => ({
        ...this.currentGeneration(group, newMemberId),
        // the old leader id, so a returning leader does not reassign a stable group
        leader: oldLeader,
        members: group.isLeader(newMemberId) ? this.rebalancer.currentMemberMetadata(group) : [],
        skipAssignment: group.isLeader(newMemberId),
      }),
      (err) => {
        this.rebalancer.logStoreFailure(group, err);
        if (group.members.get(newMemberId) === member) {
          group.replaceStaticMember(req.groupInstanceId!, newMemberId, oldMemberId);
          Object.assign(member, previous);
          this.rebalancer.scheduleSessionTimeout(group, member);
        }
        return joinError('', ErrorCode.COORDINATOR_NOT_AVAILABLE);
      },
    );
  }

  sync(group: Group, req: SyncGroupRequest): Promise<SyncGroupResult> {
    const fail = (errorCode: number) => Promise.resolve(syncResult(group, errorCode));
    if (group.is('Dead')) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (group.isStaticMemberFenced(req.groupInstanceId, req.memberId)) return fail(ErrorCode.FENCED_INSTANCE_ID);
    const member = group.members.get(req.memberId);
    if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (req.generationId !== group.generationId) return fail(ErrorCode.ILLEGAL_GENERATION);
    if (
      (req.protocolType !== null && req.protocolType !== group.protocolType) ||
      (req.protocolName !== null && req.protocolName !== group.protocolName)
    ) {
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    switch (group.state) {
      case 'Empty':
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      case 'PreparingRebalance':
        return fail(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'Stable':
        this.rebalancer.scheduleSessionTimeout(group, member);
        this.rebalancer.onMemberSynced(group, member.memberId);
        return Promise.resolve(syncResult(group, ErrorCode.NONE, member.assignment));
      default:
        return this.syncCompleting(group, member, req);
    }
  }

  private syncCompleting(group: Group, member: Member, req: SyncGroupRequest): Promise<SyncGroupResult> {
    return new Promise((resolve) => {
      member.awaitingSync?.(syncResult(group, ErrorCode.REBALANCE_IN_PROGRESS));
      member.awaitingSync = resolve;
      this.rebalancer.scheduleSessionTimeout(group, member);
      this.rebalancer.onMemberSynced(group, member.memberId);
      if (!group.isLeader(member.memberId)) return;
      const assignments = new Map<string, Buffer>();
      for (const a of req.assignments) {
        if (group.has(a.memberId)) assignments.set(a.memberId, Buffer.from(a.assignment));
      }
      for (const id of group.members.keys()) if (!assignments.has(id)) assignments.set(id, Buffer.alloc(0));
      const generationId = group.generationId;
      this.rt.storeGroup(group, assignments).then(
        () => {
          if (!group.is('CompletingRebalance') || group.generationId !== generationId) return;
          for (const m of group.members.values()) {
            m.assignment = assignments.get(m.memberId) ?? Buffer.alloc(0);
            const reply = m.awaitingSync;
            m.awaitingSync = undefined;
            reply?.(syncResult(group, ErrorCode.NONE, m.assignment));
          }
          group.transitionTo('Stable', this.rt.clock.nowMs());
          if (group.pendingSyncMembers.size === 0) this.rebalancer.onMemberSynced(group, member.memberId);
        },
        (err) => {
          this.rebalancer.logStoreFailure(group, err);
          if (!group.is('CompletingRebalance') || group.generationId !== generationId) return;
          this.rebalancer.failPendingSyncs(group, ErrorCode.COORDINATOR_NOT_AVAILABLE);
          this.rebalancer.prepareRebalance(group, 'storing the assignment failed');
        },
      );
    });
  }

  heartbeat(group: Group, req: HeartbeatRequest): number {
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (group.isStaticMemberFenced(req.groupInstanceId, req.memberId)) return ErrorCode.FENCED_INSTANCE_ID;
    const member = group.members.get(req.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.is('Empty')) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.rebalancer.scheduleSessionTimeout(group, member);
    return group.is('PreparingRebalance') ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(group: Group, leaving: MemberIdentity[]): LeaveGroupResult {
    if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const members = leaving.map((who) => ({ ...who, errorCode: this.leaveOne(group, who) }));
    return { errorCode: ErrorCode.NONE, members };
  }

  private leaveOne(group: Group, who: MemberIdentity): number {
    if (who.memberId === '' && who.groupInstanceId !== null) {
      const memberId = group.staticMemberId(who.groupInstanceId);
      if (memberId === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      who = { ...who, memberId };
    }
    if (group.isStaticMemberFenced(who.groupInstanceId, who.memberId)) return ErrorCode.FENCED_INSTANCE_ID;
    if (this.rebalancer.removePendingMember(group, who.memberId)) {
      this.rebalancer.maybeCompleteJoin(group);
      return ErrorCode.NONE;
    }
    const member = group.members.get(who.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.rebalancer.removeMemberAndUpdateGroup(group, member, 'LeaveGroup');
    return ErrorCode.NONE;
  }
}

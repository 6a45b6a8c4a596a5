/**
 * The timed half of the group protocol: starting a rebalance, ending the join
 * phase (by everyone rejoining or by the rebalance timeout), the pending-sync
 * deadline, member session timers and pending member ids. All timers go
 * through the injected clock, so tests move time by hand.
 */
import { assert, type Clock } from '../../common/index.js';
import { ErrorCode } from './error-codes.js';
import { canRebalance } from './group-state.js';
import type { Group, Member } from './group.js';
import type { GroupCoordinatorConfig, JoinGroupResult, SyncGroupResult } from './types.js';

export interface GroupRuntime {
  readonly clock: Clock;
  readonly config: GroupCoordinatorConfig;
  log(message: string): void;
  /** Persists the group record (with these assignments when given); resolves once durable. */
  storeGroup(group: Group, assignments?: Map<string, Buffer>): Promise<void>;
}

export function joinError(memberId: string, errorCode: number, protocolType: string | null = null): JoinGroupResult {
  return {
    errorCode,
    generationId: -1,
    protocolType,
    protocolName: null,
    leader: '',
    memberId,
    members: [],
    skipAssignment: false,
  };
}

export function syncResult(group: Group, errorCode: number, assignment: Buffer = Buffer.alloc(0)): SyncGroupResult {
  return { errorCode, protocolType: group.protocolType, protocolName: group.protocolName, assignment };
}

export class Rebalancer {
  constructor(private readonly rt: GroupRuntime) {}

  private now(): number {
    return this.rt.clock.nowMs();
  }

  private setGroupTimer(group: Group, delayMs: number, fn: () => void): void {
    group.cancelGroupTimer?.();
    const cancel = this.rt.clock.setTimer(delayMs, () => {
      if (group.cancelGroupTimer === cancel) group.cancelGroupTimer = undefined;
      fn();
    });
    group.cancelGroupTimer = cancel;
  }

  private clearGroupTimer(group: Group): void {
    group.cancelGroupTimer?.();
    group.cancelGroupTimer = undefined;
  }

  maybePrepareRebalance(group: Group, reason: string): void {
    if (canRebalance(group.state)) this.prepareRebalance(group, reason);
  }

  prepareRebalance(group: Group, reason: string): void {
    if (group.is('CompletingRebalance')) this.failPendingSyncs(group, ErrorCode.REBALANCE_IN_PROGRESS);
    group.pendingSyncMembers.clear();
    const fromEmpty = group.is('Empty');
    group.transitionTo('PreparingRebalance', this.now());
    this.rt.log(`group ${group.groupId}: rebalancing (generation ${group.generationId}): ${reason}`);
    const rebalanceTimeoutMs = group.rebalanceTimeoutMs();
    const delayMs = this.rt.config.initialRebalanceDelayMs;
    if (fromEmpty && delayMs > 0) {
      group.initialDelayActive = true;
      group.newMemberAdded = false;
      this.scheduleInitialDelay(group, Math.min(delayMs, rebalanceTimeoutMs), rebalanceTimeoutMs - delayMs);
    } else {
      this.setGroupTimer(group, rebalanceTimeoutMs, () => this.completeJoin(group));
    }
    this.maybeCompleteJoin(group);
  }

  /** Kafka's InitialDelayedJoin: each new joiner extends the wait, up to the rebalance timeout. */
  private scheduleInitialDelay(group: Group, delayMs: number, remainingMs: number): void {
    this.setGroupTimer(group, delayMs, () => {
      if (!group.is('PreparingRebalance')) return;
      if (group.newMemberAdded && remainingMs > 0) {
        group.newMemberAdded = false;
        const nextDelayMs = Math.min(this.rt.config.initialRebalanceDelayMs, remainingMs);
        this.scheduleInitialDelay(group, nextDelayMs, Math.max(remainingMs - nextDelayMs, 0));
      } else {
        group.initialDelayActive = false;
        this.completeJoin(group);
      }
    });
  }

  /** Ends the join phase early once every member (and every pending id) has rejoined. */
  maybeCompleteJoin(group: Group): void {
    if (group.is('PreparingRebalance') && !group.initialDelayActive && group.hasAllMembersJoined()) {
      this.completeJoin(group);
    }
  }

  completeJoin(group: Group): void {
    assert(group.is('PreparingRebalance'), `join phase ends in ${group.state}`);
    this.clearGroupTimer(group);
    group.initialDelayActive = false;
    for (const member of [...group.members.values()]) {
      if (!member.awaitingJoin) group.removeMember(member.memberId);
    }
    group.generationId += 1;
    if (group.size === 0) {
      group.protocolName = null;
      group.transitionTo('Empty', this.now());
      this.rt.log(`group ${group.groupId}: empty at generation ${group.generationId}`);
      this.rt.storeGroup(group).catch((err) => this.logStoreFailure(group, err));
      return;
    }
    group.protocolName = group.selectProtocol();
    group.transitionTo('CompletingRebalance', this.now());
    this.rt.log(
      `group ${group.groupId}: generation ${group.generationId} with ${group.size} members, protocol ${group.protocolName}`,
    );
    for (const member of group.members.values()) {
      const isLeader = group.isLeader(member.memberId);
      const reply = member.awaitingJoin!;
      member.awaitingJoin = undefined;
      group.pendingSyncMembers.add(member.memberId);
      this.scheduleSessionTimeout(group, member);
      reply({
        errorCode: ErrorCode.NONE,
        generationId: group.generationId,
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        leader: group.leaderId ?? '',
        memberId: member.memberId,
        members: isLeader ? this.currentMemberMetadata(group) : [],
        skipAssignment: false,
      });
    }
    this.schedulePendingSyncTimeout(group);
  }

  currentMemberMetadata(group: Group): JoinGroupResult['members'] {
    return [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: group.metadataOf(m, group.protocolName),
    }));
  }

  /** Members that do not send SyncGroup within the rebalance timeout are removed. */
  private schedulePendingSyncTimeout(group: Group): void {
    const generationId = group.generationId;
    this.setGroupTimer(group, group.rebalanceTimeoutMs(), () => {
      if (group.generationId !== generationId) return;
      if (!group.is('CompletingRebalance') && !group.is('Stable')) return;
      if (group.pendingSyncMembers.size === 0) return;
      const late = [...group.pendingSyncMembers];
      for (const memberId of late) group.removeMember(memberId);
      this.prepareRebalance(group, `members ${late.join(', ')} did not sync in time`);
    });
  }

  onMemberSynced(group: Group, memberId: string): void {
    group.pendingSyncMembers.delete(memberId);
    if (group.pendingSyncMembers.size === 0 && group.is('Stable')) this.clearGroupTimer(group);
  }

  failPendingSyncs(group: Group, errorCode: number): void {
    for (const member of group.members.values()) {
      member.assignment = Buffer.alloc(0);
      const reply = member.awaitingSync;
      member.awaitingSync = undefined;
      reply?.(syncResult(group, errorCode));
    }
  }

  /** Restarts the member's session timer (a heartbeat, join or sync arrived). */
  scheduleSessionTimeout(group: Group, member: Member): void {
    member.cancelSessionTimer?.();
    const cancel = this.rt.clock.setTimer(member.sessionTimeoutMs, () => {
      if (group.members.get(member.memberId) !== member || member.cancelSessionTimer !== cancel) return;
      member.cancelSessionTimer = undefined;
      // a parked join or sync is a sign of life: the member is waiting on us
      if (member.awaitingJoin || member.awaitingSync) return this.scheduleSessionTimeout(group, member);
      this.removeMemberAndUpdateGroup(group, member, 'session timeout');
    });
    member.cancelSessionTimer = cancel;
  }

  removeMemberAndUpdateGroup(group: Group, member: Member, reason: string): void {
    const reply = member.awaitingJoin;
    member.awaitingJoin = undefined;
    reply?.(joinError(member.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    group.removeMember(member.memberId);
    const why = `member ${member.memberId} left (${reason})`;
    if (group.is('Stable') || group.is('CompletingRebalance')) this.prepareRebalance(group, why);
    else if (group.is('PreparingRebalance')) this.maybeCompleteJoin(group);
  }

  /** A MEMBER_ID_REQUIRED id that is not used within the session timeout is forgotten. */
  addPendingMember(group: Group, memberId: string, sessionTimeoutMs: number): void {
    const cancel = this.rt.clock.setTimer(sessionTimeoutMs, () => {
      if (group.pendingMembers.get(memberId) !== cancel) return;
      group.pendingMembers.delete(memberId);
      this.maybeCompleteJoin(group);
    });
    group.pendingMembers.get(memberId)?.();
    group.pendingMembers.set(memberId, cancel);
  }

  removePendingMember(group: Group, memberId: string): boolean {
    const cancel = group.pendingMembers.get(memberId);
    if (!cancel) return false;
    cancel();
    group.pendingMembers.delete(memberId);
    return true;
  }

  /** Stops every timer of a group that is going away. */
  shutdownGroup(group: Group): void {
    this.clearGroupTimer(group);
    for (const cancel of group.pendingMembers.values()) cancel();
    group.pendingMembers.clear();
    for (const m of group.members.values()) {
      m.cancelSessionTimer?.();
      m.cancelSessionTimer = undefined;
    }
  }

  logStoreFailure(group: Group, err: unknown): void {
    this.rt.log(`group ${group.groupId}: storing the group record failed: ${(err as Error)?.message ?? err}`);
  }
}

/**
 * One consumer group's state: members, the generation, the chosen protocol,
 * committed offsets and the timers that drive it. Changes of state go through
 * `transitionTo`, checked against the table in group-state.ts. The rules of
 * the protocol (who may join, when a rebalance starts) live in membership.ts;
 * this file holds the data and its invariants.
 */
import { assert } from '../../common/index.js';
import { assertTransition, type GroupState } from './group-state.js';
import { decodeSubscriptionTopics } from './consumer-protocol.js';
import type { GroupMetadataValue } from './offsets-records.js';
import type { JoinGroupResult, Protocol, SyncGroupResult } from './types.js';

export interface Member {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  assignment: Buffer;
  /** Set while the member's JoinGroup is parked until the join phase ends. */
  awaitingJoin?: (result: JoinGroupResult) => void;
  /** Set while the member's SyncGroup is parked until the leader's assignment is stored. */
  awaitingSync?: (result: SyncGroupResult) => void;
  cancelSessionTimer?: () => void;
}

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestampMs: number;
}

export class Group {
  state: GroupState = 'Empty';
  /** When the group entered its current state; the base of offset expiry once Empty. */
  stateTimestampMs: number;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** In join order: the first member to join leads. */
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, with their expiry timers. */
  readonly pendingMembers = new Map<string, () => void>();
  readonly staticMembers = new Map<string, string>();
  /** Members that have not sent SyncGroup since the join phase ended. */
  readonly pendingSyncMembers = new Set<string>();
  readonly offsets = new Map<string, Map<number, CommittedOffset>>();
  /** One timer at a time drives the group: the join phase or the pending-sync deadline. */
  cancelGroupTimer?: () => void;
  /** During the initial rebalance delay the join phase does not end early. */
  initialDelayActive = false;
  newMemberAdded = false;

  constructor(
    readonly groupId: string,
    nowMs: number,
  ) {
    this.stateTimestampMs = nowMs;
  }

  transitionTo(to: GroupState, nowMs: number): void {
    assertTransition(this.state, to);
    this.state = to;
    this.stateTimestampMs = nowMs;
  }

  /** Loading from __consumer_offsets: a group with members comes back Stable, without a join phase. */
  restoreStable(): void {
    assert(this.state === 'Empty' && this.members.size > 0, 'only a loaded group with members is restored');
    this.state = 'Stable';
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  get size(): number {
    return this.members.size;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  addMember(member: Member): void {
    assert(!this.members.has(member.memberId), `member ${member.memberId} added twice`);
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
  }

  removeMember(memberId: string): Member | undefined {
    const member = this.members.get(memberId);
    if (!member) return undefined;
    member.cancelSessionTimer?.();
    this.members.delete(memberId);
    this.pendingSyncMembers.delete(memberId);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    return member;
  }

  /** Gives a static member a new member id, keeping its place, protocols and assignment. */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): Member {
    const member = this.members.get(oldMemberId);
    assert(member !== undefined, `static member ${groupInstanceId} is not in the group`);
    member.cancelSessionTimer?.();
    member.cancelSessionTimer = undefined;
    const entries = [...this.members.entries()].map(
      ([id, m]): [string, Member] => (id === oldMemberId ? [newMemberId, m] : [id, m]),
    );
    this.members.clear();
    for (const [id, m] of entries) this.members.set(id, m);
    member.memberId = newMemberId;
    this.staticMembers.set(groupInstanceId, newMemberId);
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    return member;
  }

  staticMemberId(groupInstanceId: string | null): string | undefined {
    return groupInstanceId === null ? undefined : this.staticMembers.get(groupInstanceId);
  }

  /** A request naming a known instance id with another member id comes from an impostor. */
  isStaticMemberFenced(groupInstanceId: string | null, memberId: string): boolean {
    const known = this.staticMemberId(groupInstanceId);
    return known !== undefined && known !== memberId;
  }

  /** Protocol names every member supports. */
  private candidateProtocols(): Set<string> {
    let candidates: Set<string> | undefined;
    for (const m of this.members.values()) {
      const names = new Set(m.protocols.map((p) => p.name));
      candidates = candidates ? new Set([...candidates].filter((n) => names.has(n))) : names;
    }
    return candidates ?? new Set();
  }

  supportsProtocols(protocolType: string, protocols: Protocol[]): boolean {
    if (this.members.size === 0) return protocolType !== '' && protocols.length > 0;
    if (protocolType !== this.protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((p) => candidates.has(p.name));
  }

  /** Each member votes for its most preferred protocol among those all support; the most votes win. */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.protocols.find((p) => candidates.has(p.name));
      assert(choice !== undefined, 'a member supports none of the group protocols');
      votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [name, count] of votes) if (best === undefined || count > votes.get(best)!) best = name;
    assert(best !== undefined, 'no protocol to select from an empty group');
    return best;
  }

  metadataOf(member: Member, protocolName: string | null): Buffer {
    return member.protocols.find((p) => p.name === protocolName)?.metadata ?? Buffer.alloc(0);
  }

  /** Largest rebalance timeout of the members: how long a join phase may take. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  hasAllMembersJoined(): boolean {
    for (const m of this.members.values()) if (!m.awaitingJoin) return false;
    return this.pendingMembers.size === 0;
  }

  /**
   * Whether a member's consumer subscription names `topic`. When that cannot
   * be known (no generation yet, unreadable metadata) the answer is yes, so
   * offsets in use are never deleted.
   */
  isSubscribedToTopic(topic: string): boolean {
    if (this.protocolName === null) return true;
    for (const m of this.members.values()) {
      const topics = decodeSubscriptionTopics(this.metadataOf(m, this.protocolName));
      if (topics === undefined || topics.includes(topic)) return true;
    }
    return false;
  }

  offsetCount(): number {
    let n = 0;
    for (const partitions of this.offsets.values()) n += partitions.size;
    return n;
  }

  setOffset(topic: string, partition: number, committed: CommittedOffset): void {
    let partitions = this.offsets.get(topic);
    if (!partitions) this.offsets.set(topic, (partitions = new Map()));
    partitions.set(partition, committed);
  }

  deleteOffset(topic: string, partition: number): boolean {
    const partitions = this.offsets.get(topic);
    if (!partitions?.delete(partition)) return false;
    if (partitions.size === 0) this.offsets.delete(topic);
    return true;
  }

  /** The group record written to __consumer_offsets. */
  toRecordValue(assignments?: Map<string, Buffer>): GroupMetadataValue {
    return {
      protocolType: this.protocolType ?? '',
      generation: this.generationId,
      protocol: this.protocolName,
      leader: this.leaderId,
      currentStateTimestampMs: this.stateTimestampMs,
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        sessionTimeoutMs: m.sessionTimeoutMs,
        subscription: this.metadataOf(m, this.protocolName),
        assignment: assignments?.get(m.memberId) ?? m.assignment,
      })),
    };
  }
}

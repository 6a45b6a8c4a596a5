/**
 * The coordinator's public shapes: its configuration, the storage port it
 * persists through, and the requests and results of each group operation.
 * Handlers translate wire bodies to and from these.
 */

export interface GroupCoordinatorConfig {
  /** group.initial.rebalance.delay.ms: how long a join phase that starts from Empty waits for more members. */
  initialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms */
  minSessionTimeoutMs: number;
  /** group.max.session.timeout.ms */
  maxSessionTimeoutMs: number;
  /** offsets.retention.ms: offsets of an empty group are deleted this long after it became empty. */
  offsetsRetentionMs: number;
  /** offsets.retention.check.interval.ms */
  offsetsRetentionCheckIntervalMs: number;
  /** offset.metadata.max.bytes */
  offsetMetadataMaxBytes: number;
  /** offsets.topic.num.partitions */
  offsetsTopicPartitions: number;
  /** group.max.size: members per group. */
  groupMaxSize: number;
}

export const DEFAULT_GROUP_COORDINATOR_CONFIG: GroupCoordinatorConfig = {
  initialRebalanceDelayMs: 0,
  minSessionTimeoutMs: 6_000,
  maxSessionTimeoutMs: 1_800_000,
  offsetsRetentionMs: 7 * 24 * 60 * 60 * 1000,
  offsetsRetentionCheckIntervalMs: 600_000,
  offsetMetadataMaxBytes: 4096,
  offsetsTopicPartitions: 50,
  groupMaxSize: 1000,
};

export interface CoordinatorRecord {
  key: Buffer;
  /** null is a tombstone. */
  value: Buffer | null;
}

/** Persistence of group state on the `__consumer_offsets` log. */
export interface GroupStore {
  /** Appends to __consumer_offsets partition `partition`; resolves once durable (fsynced). Rejects on storage errors. */
  append(partition: number, records: CoordinatorRecord[]): Promise<void>;
}

export interface Protocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupRequest {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  /** -1 (JoinGroup v0) means: the session timeout. */
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+: a new dynamic member first gets MEMBER_ID_REQUIRED with its id. */
  requireKnownMemberId: boolean;
}

export interface JoinGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  memberId: string;
  /** Filled for the leader only. */
  members: JoinGroupMember[];
  /** A static leader that rejoined a stable group must not reassign (JoinGroup v9). */
  skipAssignment: boolean;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** null when the client did not send it (SyncGroup < v5). */
  protocolType: string | null;
  protocolName: string | null;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface SyncGroupResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveGroupResult {
  errorCode: number;
  members: (MemberIdentity & { errorCode: number })[];
}

export interface OffsetCommitRequest {
  groupId: string;
  /** -1 with an empty member id: a commit from outside the group (standalone). */
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  offsets: {
    topic: string;
    partition: number;
    offset: number;
    leaderEpoch: number;
    metadata: string | null;
  }[];
}

export interface PartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
}

export interface FetchedOffset {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch: number;
  metadata: string;
  errorCode: number;
}

export interface OffsetFetchResult {
  errorCode: number;
  topics: { name: string; partitions: FetchedOffset[] }[];
}

export interface DescribedMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: DescribedMember[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  groupState: string;
  groupType: string;
}

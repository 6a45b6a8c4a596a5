/**
 * The polling source behind `kgo top`: one call to `poll()` reads, from any
 * Kafka cluster, every topic's high watermarks and sizes and every consumer
 * group's state, members and committed offsets. It keeps no history; rates,
 * lag trends and statuses are derived from successive samples by tui/state.
 */
import type { Admin, Kafka } from 'kafkajs';
import { systemClock, type Clock } from '../common/index.js';
import { decodeMemberAssignment, type MemberAssignmentEntry } from './admin-group-plan.js';
import { connectAdmin, connectWithin } from './connection.js';
import {
  createMonitorCluster,
  fetchAllCommittedOffsets,
  fetchHighWatermarks,
  fetchPartitionSizes,
  type CommittedOffset,
  type DescribedGroup,
  type KafkajsBroker,
  type KafkajsCluster,
} from './monitor-requests.js';
import { fixKafkajsIdleTimers } from './kafkajs-idle-timers.js';
import type { ConnectionSettings } from './settings.js';

export type { CommittedOffset } from './monitor-requests.js';

/** Beyond these, the rest is left out of a sample (and the sample says so). */
export const MONITOR_TOPICS_MAX = 2_000;
export const MONITOR_GROUPS_MAX = 500;
/** How often the lists of topics and groups are read again; offsets are read every poll. */
export const MONITOR_LIST_REFRESH_MS = 5_000;
/** After this many failed DescribeLogDirs in a row, sizes are reported unavailable and not asked for again. */
const LOG_DIRS_FAILURES_MAX = 3;

export interface PartitionSample {
  topic: string;
  partition: number;
  highWatermark: number;
  /** Bytes on disk, or null when the cluster does not report sizes. */
  sizeBytes: number | null;
}

export interface GroupMemberSample {
  memberId: string;
  clientId: string;
  host: string;
  assignment: MemberAssignmentEntry[];
}

export interface GroupSample {
  groupId: string;
  state: string;
  members: GroupMemberSample[];
  committed: CommittedOffset[];
}

export interface ClusterSample {
  atMs: number;
  partitions: PartitionSample[];
  groups: GroupSample[];
  /** Whether partition sizes (hence bytes/s) are available from this cluster. */
  sizesAvailable: boolean;
  /** Parts of the cluster that could not be read this time (a group, sizes, limits hit). */
  problems: string[];
}

export interface ClusterMonitor {
  poll(): Promise<ClusterSample>;
  close(): Promise<void>;
}

export interface MonitorOptions {
  /** Also watch topics whose names start with "__" (__consumer_offsets, ...). */
  includeInternal?: boolean;
  clock?: Clock;
}

/** Connects an admin and a private cluster client; fails with a user error naming the address. */
export async function openClusterMonitor(
  kafka: Kafka,
  settings: ConnectionSettings,
  options: MonitorOptions = {},
): Promise<ClusterMonitor> {
  fixKafkajsIdleTimers();
  const admin = await connectAdmin(kafka, settings);
  try {
    const cluster = await connectWithin(createMonitorCluster(kafka), settings);
    return new KafkaClusterMonitor(admin, cluster, options);
  } catch (err) {
    await admin.disconnect().catch(() => undefined);
    throw err;
  }
}

interface Listing {
  topics: string[];
  groupIds: string[];
  problems: string[];
  atMs: number;
}

class KafkaClusterMonitor implements ClusterMonitor {
  private logDirsFailures = 0;
  private readonly clock: Clock;
  private listing: Listing | null = null;
  /** Group coordinators found so far; an entry is dropped when a request to it fails. */
  private readonly coordinators = new Map<string, KafkajsBroker>();
  /**
   * Committed offsets of groups without members are read again only every
   * MONITOR_LIST_REFRESH_MS: no consumer is there to commit, only an
   * administrator's reset can move them. Groups with members are read every poll.
   */
  private readonly committedCache = new Map<string, { offsets: CommittedOffset[]; atMs: number }>();

  constructor(
    private readonly admin: Admin,
    private readonly cluster: KafkajsCluster,
    private readonly options: MonitorOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async poll(): Promise<ClusterSample> {
    const listing = await this.list();
    const problems = [...listing.problems];
    const [highs, sized, groups] = await Promise.all([
      fetchHighWatermarks(this.cluster, listing.topics),
      this.partitionSizes(),
      this.groups(listing.groupIds, problems),
    ]);
    // Counted only when the rest of the poll worked: while the whole cluster is
    // away, a failed DescribeLogDirs says nothing about whether it is supported.
    if (sized.error !== null) {
      this.logDirsFailures++;
      problems.push(`partition sizes: ${sized.error}`);
    } else if (sized.sizes !== null) this.logDirsFailures = 0;
    const sizes = sized.sizes;
    const atMs = this.clock.nowMs();
    const partitions: PartitionSample[] = [];
    for (const topic of listing.topics) {
      const byPartition = highs.get(topic);
      if (!byPartition) continue;
      for (const [partition, highWatermark] of [...byPartition].sort((a, b) => a[0] - b[0])) {
        const sizeBytes = sizes?.get(topic)?.get(partition) ?? null;
        partitions.push({ topic, partition, highWatermark, sizeBytes });
      }
    }
    return { atMs, partitions, groups, sizesAvailable: sizes !== null, problems };
  }

  /** Which topics and groups there are; asked again every MONITOR_LIST_REFRESH_MS, not every poll. */
  private async list(): Promise<Listing> {
    const nowMs = this.clock.nowMs();
    if (this.listing && nowMs - this.listing.atMs < MONITOR_LIST_REFRESH_MS) return this.listing;
    const problems: string[] = [];
    const [allTopics, listed] = await Promise.all([this.admin.listTopics(), this.admin.listGroups()]);
    let topics = allTopics.filter((t) => this.options.includeInternal || !t.startsWith('__')).sort();
    if (topics.length > MONITOR_TOPICS_MAX) {
      problems.push(`watching the first ${MONITOR_TOPICS_MAX} of ${topics.length} topics`);
      topics = topics.slice(0, MONITOR_TOPICS_MAX);
    }
    let groupIds = listed.groups
      .filter((g) => g.protocolType === 'consumer' || g.protocolType === '')
      .map((g) => g.groupId)
      .sort();
    if (groupIds.length > MONITOR_GROUPS_MAX) {
      problems.push(`watching the first ${MONITOR_GROUPS_MAX} of ${groupIds.length} groups`);
      groupIds = groupIds.slice(0, MONITOR_GROUPS_MAX);
    }
    for (const id of this.coordinators.keys()) if (!groupIds.includes(id)) this.coordinators.delete(id);
    for (const id of this.committedCache.keys()) if (!groupIds.includes(id)) this.committedCache.delete(id);
    this.listing = { topics, groupIds, problems, atMs: nowMs };
    return this.listing;
  }

  private async partitionSizes(): Promise<{ sizes: Map<string, Map<number, number>> | null; error: string | null }> {
    if (this.logDirsFailures >= LOG_DIRS_FAILURES_MAX) return { sizes: null, error: null };
    try {
      return { sizes: await fetchPartitionSizes(this.cluster), error: null };
    } catch (err) {
      return { sizes: null, error: (err as Error).message };
    }
  }

  private async coordinator(groupId: string): Promise<KafkajsBroker> {
    let broker = this.coordinators.get(groupId);
    if (!broker) {
      broker = await this.cluster.findGroupCoordinator({ groupId });
      this.coordinators.set(groupId, broker);
    }
    return broker;
  }

  /** One DescribeGroups per coordinator, one OffsetFetch per group; a group that fails is left out and named. */
  private async groups(groupIds: readonly string[], problems: string[]): Promise<GroupSample[]> {
    const byCoordinator = new Map<KafkajsBroker, string[]>();
    const failed = new Map<string, unknown>();
    await Promise.all(
      groupIds.map(async (groupId) => {
        try {
          const broker = await this.coordinator(groupId);
          byCoordinator.set(broker, [...(byCoordinator.get(broker) ?? []), groupId]);
        } catch (err) {
          failed.set(groupId, err);
        }
      }),
    );
    const described = new Map<string, DescribedGroup>();
    const committed = new Map<string, CommittedOffset[]>();
    await Promise.all(
      [...byCoordinator].map(async ([broker, ids]) => {
        try {
          for (const g of (await broker.describeGroups({ groupIds: ids })).groups) described.set(g.groupId, g);
        } catch (err) {
          for (const id of ids) failed.set(id, err);
        }
        const nowMs = this.clock.nowMs();
        await Promise.all(
          ids.map(async (id) => {
            const known = this.committedCache.get(id);
            if (known && described.get(id)?.members.length === 0 && nowMs - known.atMs < MONITOR_LIST_REFRESH_MS) {
              committed.set(id, known.offsets);
              return;
            }
            try {
              const offsets = await fetchAllCommittedOffsets(broker, id);
              committed.set(id, offsets);
              this.committedCache.set(id, { offsets, atMs: nowMs });
            } catch (err) {
              failed.set(id, err);
            }
          }),
        );
      }),
    );
    const out: GroupSample[] = [];
    for (const groupId of groupIds) {
      const group = described.get(groupId);
      const offsets = committed.get(groupId);
      if (failed.has(groupId) || !group || !offsets) {
        this.coordinators.delete(groupId);
        this.committedCache.delete(groupId);
        const err = failed.get(groupId) as Error | undefined;
        problems.push(`group ${groupId}: ${err?.message ?? 'not described by its coordinator'}`);
        continue;
      }
      out.push({
        groupId,
        state: group.state,
        members: group.members.map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: decodeMemberAssignment(m.memberAssignment),
        })),
        committed: offsets,
      });
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.admin.disconnect(), this.cluster.disconnect()]);
  }
}

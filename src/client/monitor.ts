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
  type KafkajsCluster,
} from './monitor-requests.js';
import type { ConnectionSettings } from './settings.js';

export type { CommittedOffset } from './monitor-requests.js';

/** Beyond these, the rest is left out of a sample (and the sample says so). */
export const MONITOR_TOPICS_MAX = 2_000;
export const MONITOR_GROUPS_MAX = 500;
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
  const admin = await connectAdmin(kafka, settings);
  try {
    const cluster = await connectWithin(createMonitorCluster(kafka), settings);
    return new KafkaClusterMonitor(admin, cluster, options);
  } catch (err) {
    await admin.disconnect().catch(() => undefined);
    throw err;
  }
}

class KafkaClusterMonitor implements ClusterMonitor {
  private logDirsFailures = 0;
  private readonly clock: Clock;

  constructor(
    private readonly admin: Admin,
    private readonly cluster: KafkajsCluster,
    private readonly options: MonitorOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async poll(): Promise<ClusterSample> {
    const problems: string[] = [];
    let topics = (await this.admin.listTopics())
      .filter((t) => this.options.includeInternal || !t.startsWith('__'))
      .sort();
    if (topics.length > MONITOR_TOPICS_MAX) {
      problems.push(`watching the first ${MONITOR_TOPICS_MAX} of ${topics.length} topics`);
      topics = topics.slice(0, MONITOR_TOPICS_MAX);
    }
    const [highs, sizes, groups] = await Promise.all([
      fetchHighWatermarks(this.cluster, topics),
      this.partitionSizes(problems),
      this.groups(problems),
    ]);
    const atMs = this.clock.nowMs();
    const partitions: PartitionSample[] = [];
    for (const topic of topics) {
      const byPartition = highs.get(topic);
      if (!byPartition) continue;
      for (const [partition, highWatermark] of [...byPartition].sort((a, b) => a[0] - b[0])) {
        const sizeBytes = sizes?.get(topic)?.get(partition) ?? null;
        partitions.push({ topic, partition, highWatermark, sizeBytes });
      }
    }
    return { atMs, partitions, groups, sizesAvailable: sizes !== null, problems };
  }

  private async partitionSizes(problems: string[]): Promise<Map<string, Map<number, number>> | null> {
    if (this.logDirsFailures >= LOG_DIRS_FAILURES_MAX) return null;
    try {
      const sizes = await fetchPartitionSizes(this.cluster);
      this.logDirsFailures = 0;
      return sizes;
    } catch (err) {
      this.logDirsFailures++;
      problems.push(`partition sizes: ${(err as Error).message}`);
      return null;
    }
  }

  private async groups(problems: string[]): Promise<GroupSample[]> {
    const listed = (await this.admin.listGroups()).groups
      .filter((g) => g.protocolType === 'consumer' || g.protocolType === '')
      .map((g) => g.groupId)
      .sort();
    let ids = listed;
    if (ids.length > MONITOR_GROUPS_MAX) {
      problems.push(`watching the first ${MONITOR_GROUPS_MAX} of ${ids.length} groups`);
      ids = ids.slice(0, MONITOR_GROUPS_MAX);
    }
    if (ids.length === 0) return [];
    const described = new Map((await this.admin.describeGroups(ids)).groups.map((g) => [g.groupId, g]));
    const committed = await Promise.allSettled(ids.map((id) => fetchAllCommittedOffsets(this.cluster, id)));
    const out: GroupSample[] = [];
    ids.forEach((groupId, i) => {
      const offsets = committed[i]!;
      if (offsets.status === 'rejected') {
        problems.push(`group ${groupId}: ${(offsets.reason as Error)?.message ?? String(offsets.reason)}`);
        return;
      }
      const group = described.get(groupId);
      out.push({
        groupId,
        state: group?.state ?? 'Unknown',
        members: (group?.members ?? []).map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: decodeMemberAssignment(m.memberAssignment),
        })),
        committed: offsets.value,
      });
    });
    return out;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.admin.disconnect(), this.cluster.disconnect()]);
  }
}

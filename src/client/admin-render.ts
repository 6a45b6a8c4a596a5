/**
 * Human output of the topic, group and replay commands: tables drawn with
 * cli-table3, plain (no colour codes) so they read the same in a pipe.
 */
import Table from 'cli-table3';
import type { GroupDescription, GroupSummary, ResetPlan } from './admin-groups.js';
import type { TopicDescription, TopicSummary, TrimResult } from './admin-topics.js';
import type { ReplayResult } from './replay.js';

type Cell = string | number;

export function renderTable(head: string[], rows: Cell[][]): string {
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  table.push(...rows);
  return table.toString();
}

const dash = (value: number | string | null | undefined): Cell => (value === null || value === undefined ? '-' : value);

export function renderTopicList(topics: readonly TopicSummary[]): string {
  if (topics.length === 0) return 'No topics. Create one with: kgo topic create NAME -p PARTITIONS';
  return renderTable(
    ['TOPIC', 'PARTITIONS', 'REPLICATION'],
    topics.map((t) => [t.name, t.partitions, t.replicationFactor]),
  );
}

export function renderTopicDescription(topic: TopicDescription): string {
  const records = topic.partitions.reduce((n, p) => n + (p.high - p.low), 0);
  const lines = [`Topic ${topic.name}: ${topic.partitions.length} partition(s), ${records} record(s) retained`];
  lines.push(
    renderTable(
      ['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'LOG START', 'HIGH WATERMARK'],
      topic.partitions.map((p) => [p.partition, p.leader, p.replicas.join(','), p.isr.join(','), p.low, p.high]),
    ),
  );
  const configs = Object.entries(topic.configs);
  if (configs.length === 0) lines.push('Configs: broker defaults');
  else lines.push(renderTable(['CONFIG', 'VALUE'], configs));
  return lines.join('\n');
}

export function renderConfigs(name: string, configs: Record<string, string>): string {
  const entries = Object.entries(configs);
  if (entries.length === 0) return `Topic ${name} now uses the broker defaults for every config.`;
  return `Configs set on topic ${name}:\n${renderTable(['CONFIG', 'VALUE'], entries)}`;
}

export function renderTrim(result: TrimResult): string {
  return `Deleted ${result.deleted} record(s) from ${result.name}.\n${renderTable(
    ['PARTITION', 'LOG START BEFORE', 'LOG START NOW', 'HIGH WATERMARK'],
    result.partitions.map((p) => [p.partition, p.lowBefore, p.lowAfter, p.high]),
  )}`;
}

export function renderGroupList(groups: readonly GroupSummary[]): string {
  if (groups.length === 0) return 'No consumer groups.';
  return renderTable(
    ['GROUP', 'STATE', 'MEMBERS', 'PROTOCOL TYPE'],
    groups.map((g) => [g.groupId, g.state, g.members, g.protocolType || '-']),
  );
}

export function renderGroupDescription(group: GroupDescription): string {
  const lines = [`Group ${group.groupId}: ${group.state}, ${group.members.length} member(s), total lag ${group.totalLag}`];
  if (group.members.length > 0) {
    lines.push(
      renderTable(
        ['CLIENT ID', 'HOST', 'MEMBER ID', 'ASSIGNMENT'],
        group.members.map((m) => [
          m.clientId,
          m.host,
          m.memberId,
          m.assignment.map((a) => `${a.topic}[${a.partitions.join(',')}]`).join(' ') || '-',
        ]),
      ),
    );
  }
  if (group.partitions.length === 0) lines.push('No committed offsets.');
  else {
    lines.push(
      renderTable(
        ['TOPIC', 'PARTITION', 'COMMITTED', 'LOG END', 'LAG', 'CONSUMER'],
        group.partitions.map((p) => [p.topic, p.partition, dash(p.committed), p.logEnd, dash(p.lag), dash(p.owner)]),
      ),
    );
  }
  return lines.join('\n');
}

export function renderResetPlan(plan: ResetPlan): string {
  const head = plan.executed
    ? `Offsets of group ${plan.groupId} on ${plan.topic} reset:`
    : `Dry run: offsets of group ${plan.groupId} on ${plan.topic} would move as below. Add --execute to apply.`;
  return `${head}\n${renderTable(
    ['PARTITION', 'CURRENT', 'NEW', 'NOTE'],
    plan.partitions.map((r) => [r.partition, dash(r.current), dash(r.target), r.note ?? '']),
  )}`;
}

export function renderReplay(result: ReplayResult): string {
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const head = result.dryRun
    ? `Dry run: ${result.planned} record(s) in range on ${result.topic}; nothing was sent to ${result.toTopic}.`
    : `Replayed ${result.replayed} record(s) from ${result.topic} to ${result.toTopic} in ${seconds} s.`;
  if (result.partitions.length === 0) return `${head}\nThe range is empty.`;
  return `${head}\n${renderTable(
    ['PARTITION', 'FROM OFFSET', 'TO OFFSET', 'RECORDS'],
    result.partitions.map((p) => [p.partition, p.startOffset, p.endOffset, p.records]),
  )}`;
}

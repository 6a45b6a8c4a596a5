/** The rows each screen shows, filtered and sorted; shared by the screen and the key bindings. */
import { compareText } from './compare.js';
import { STATUS_SEVERITY } from './group-status.js';
import type { GroupPartitionState, GroupState, PartitionState, TopicState, TopState } from './top-state.js';
import { currentScreen, type UiState } from './ui-state.js';

const matches = (filter: string) => {
  const needle = filter.toLowerCase();
  return (name: string) => needle === '' || name.toLowerCase().includes(needle);
};

const byRateThenName = <T extends { recordsPerSec: number | null }>(name: (row: T) => string) => (a: T, b: T) =>
  (b.recordsPerSec ?? -1) - (a.recordsPerSec ?? -1) || compareText(name(a), name(b));

/** Busiest first. */
export function topicRows(state: TopState, filter: string): TopicState[] {
  const keep = matches(filter);
  return [...state.topics.values()].filter((t) => keep(t.topic)).sort(byRateThenName((t) => t.topic));
}

export function partitionRows(topic: TopicState | undefined): PartitionState[] {
  return [...(topic?.partitions ?? [])].sort(
    (a, b) => (b.recordsPerSec ?? -1) - (a.recordsPerSec ?? -1) || a.partition - b.partition,
  );
}

/** Worst status first, then most lag. */
export function groupRows(state: TopState, filter: string): GroupState[] {
  const keep = matches(filter);
  return [...state.groups.values()]
    .filter((g) => keep(g.groupId))
    .sort((a, b) => STATUS_SEVERITY[b.status] - STATUS_SEVERITY[a.status] || b.totalLag - a.totalLag || compareText(a.groupId, b.groupId));
}

export function groupPartitionRows(group: GroupState | undefined, filter: string): GroupPartitionState[] {
  const keep = matches(filter);
  return [...(group?.partitions ?? [])]
    .filter((p) => keep(p.topic))
    .sort((a, b) => (b.lag ?? -1) - (a.lag ?? -1) || compareText(a.topic, b.topic) || a.partition - b.partition);
}

export const groupPartitionKey = (p: { topic: string; partition: number }) => `${p.topic}/${p.partition}`;

/** Keys of the rows on the current screen, in display order. */
export function screenRowKeys(state: TopState, ui: UiState): string[] {
  switch (currentScreen(ui)) {
    case 'topics':
      return topicRows(state, ui.filter).map((t) => t.topic);
    case 'groups':
      return groupRows(state, ui.filter).map((g) => g.groupId);
    case 'topic':
      return partitionRows(state.topics.get((ui.drill as { topic: string }).topic)).map((p) => String(p.partition));
    case 'group':
      return groupPartitionRows(state.groups.get((ui.drill as { groupId: string }).groupId), ui.filter).map(groupPartitionKey);
  }
}

import { Text } from 'ink';
import { fit } from '../format.js';
import type { Drill, ViewName } from '../state/index.js';

export interface HeaderProps {
  view: ViewName;
  drill: Drill;
  brokers: string;
  intervalMs: number;
  filter: string;
  width: number;
}

export function Header({ view, drill, brokers, intervalMs, filter, width }: HeaderProps) {
  const where = drill ? ` › ${drill.kind === 'topic' ? drill.topic : drill.groupId}` : '';
  const right = fit(`${brokers} · every ${intervalMs} ms`, Math.max(0, width - 40), 'right');
  return (
    <Text wrap="truncate">
      <Text bold>kgo top </Text>
      <Text inverse={view === 'topics'}> Topics </Text>
      <Text inverse={view === 'groups'}> Groups </Text>
      <Text bold>{where}</Text>
      {filter !== '' ? <Text color="cyan"> /{filter}</Text> : null}
      <Text dimColor> {right}</Text>
    </Text>
  );
}

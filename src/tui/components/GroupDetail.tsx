import chalk from 'chalk';
import { Box, Text } from 'ink';
import { fit, formatCount, formatDuration } from '../format.js';
import type { GroupPartitionState, GroupState } from '../state/index.js';
import { groupPartitionKey } from '../state/index.js';
import { STATUS_COLOR } from './status-colors.js';
import { FixedLine, paint } from './FixedLine.js';
import { Table, type Column } from './Table.js';

export interface GroupDetailProps {
  group: GroupState | undefined;
  rows: readonly GroupPartitionState[];
  selectedKey: string | null;
  height: number;
  width: number;
}

/** One group: a summary line, then lag per partition and the member that owns it. */
export function GroupDetail({ group, rows, selectedKey, height, width }: GroupDetailProps) {
  if (!group) return <Text dimColor>the group is gone from the cluster (esc to go back)</Text>;
  const columns: Column[] = [
    { title: 'TOPIC', width: 0 },
    { title: 'PART', width: 4, align: 'right' },
    { title: 'COMMITTED', width: 11, align: 'right' },
    { title: 'HIGH WMARK', width: 11, align: 'right' },
    { title: 'LAG', width: 8, align: 'right' },
    { title: 'OWNER', width: Math.max(8, Math.min(30, width - 70)) },
    { title: 'STATUS', width: 6 },
  ];
  const tableRows = rows.map((p) => ({
    key: groupPartitionKey(p),
    cells: [
      p.topic,
      String(p.partition),
      p.committed === null ? '–' : String(p.committed),
      p.highWatermark === null ? '–' : String(p.highWatermark),
      formatCount(p.lag),
      p.owner ?? '(unassigned)',
      { text: p.status, color: STATUS_COLOR[p.status] },
    ],
  }));
  // A FixedLine: its figures change with every sample.
  const middle = ` ${group.state}, ${group.members.length} member(s), lag ${formatCount(group.totalLag)}, consuming ${formatCount(group.consumePerSec)}/s, catch-up ${formatDuration(group.catchUpSec)}, `;
  const plain = `${group.groupId}${middle}${group.status}`;
  const summary = plain.length <= width ? `${chalk.bold(group.groupId)}${middle}${paint(STATUS_COLOR[group.status], group.status)}` : fit(plain, width);
  const summaryWidth = Math.min(plain.length, width);
  return (
    <Box flexDirection="column">
      <FixedLine text={summary} width={summaryWidth} />
      <Table columns={columns} rows={tableRows} selectedKey={selectedKey} height={height - 1} width={width} emptyText="no committed offsets or assigned partitions" />
    </Box>
  );
}

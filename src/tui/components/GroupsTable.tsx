import { formatCount, formatDuration, sparkline } from '../format.js';
import type { GroupState } from '../state/index.js';
import { STATUS_COLOR } from './status-colors.js';
import { Table, type Column } from './Table.js';
import { trendWidth } from './TopicsTable.js';

export interface GroupsTableProps {
  rows: readonly GroupState[];
  selectedKey: string | null;
  height: number;
  width: number;
}

export function GroupsTable({ rows, selectedKey, height, width }: GroupsTableProps) {
  const trend = trendWidth(width, 70);
  const columns: Column[] = [
    { title: 'GROUP', width: 0 },
    { title: 'STATE', width: 11 },
    { title: 'MEMBERS', width: 7, align: 'right' },
    { title: 'LAG', width: 8, align: 'right' },
    ...(trend > 0 ? [{ title: 'LAG TREND', width: trend }] : []),
    { title: 'CONSUME/S', width: 9, align: 'right' },
    { title: 'CATCH-UP', width: 8, align: 'right' },
    { title: 'STATUS', width: 6 },
  ];
  const tableRows = rows.map((g) => ({
    key: g.groupId,
    cells: [
      g.groupId,
      g.state,
      String(g.members.length),
      formatCount(g.totalLag),
      ...(trend > 0 ? [{ text: sparkline(g.lagHistory.items, trend, 'range'), color: 'yellow' }] : []),
      formatCount(g.consumePerSec),
      formatDuration(g.catchUpSec),
      { text: g.status, color: STATUS_COLOR[g.status] },
    ],
  }));
  return <Table columns={columns} rows={tableRows} selectedKey={selectedKey} height={height} width={width} emptyText="no consumer groups" />;
}

import { formatBytes, formatCount, sparkline } from '../format.js';
import type { TopicState } from '../state/index.js';
import { Table, type Column } from './Table.js';

export interface TopicsTableProps {
  rows: readonly TopicState[];
  selectedKey: string | null;
  sizesAvailable: boolean;
  height: number;
  width: number;
}

/** Sparkline columns; wider ones cost more to draw than they tell. */
const TREND_WIDTH_MAX = 24;

export function trendWidth(width: number, fixedColumns: number): number {
  const w = Math.min(TREND_WIDTH_MAX, width - fixedColumns - 20);
  return w >= 6 ? w : 0;
}

export function TopicsTable({ rows, selectedKey, sizesAvailable, height, width }: TopicsTableProps) {
  const trend = trendWidth(width, 30);
  const columns: Column[] = [
    { title: 'TOPIC', width: 0 },
    { title: 'PARTS', width: 5, align: 'right' },
    { title: 'RECORDS/S', width: 9, align: 'right' },
    { title: 'BYTES/S', width: 10, align: 'right' },
    ...(trend > 0 ? [{ title: 'RECORDS/S TREND', width: trend }] : []),
  ];
  const tableRows = rows.map((t) => ({
    key: t.topic,
    cells: [
      t.topic,
      String(t.partitions.length),
      formatCount(t.recordsPerSec),
      sizesAvailable ? formatBytes(t.bytesPerSec) : 'n/a',
      ...(trend > 0 ? [{ text: sparkline(t.history.items, trend), color: 'cyan' }] : []),
    ],
  }));
  return <Table columns={columns} rows={tableRows} selectedKey={selectedKey} height={height} width={width} emptyText="no topics" />;
}

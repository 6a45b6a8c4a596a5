import { formatBytes, formatCount, sparkline } from '../format.js';
import type { PartitionState } from '../state/index.js';
import { Table, type Column } from './Table.js';
import { trendWidth } from './TopicsTable.js';

export interface PartitionsTableProps {
  rows: readonly PartitionState[];
  selectedKey: string | null;
  sizesAvailable: boolean;
  height: number;
  width: number;
}

export function PartitionsTable({ rows, selectedKey, sizesAvailable, height, width }: PartitionsTableProps) {
  const trend = trendWidth(width, 45);
  const columns: Column[] = [
    { title: 'PARTITION', width: 0 },
    { title: 'HIGH WATERMARK', width: 14, align: 'right' },
    { title: 'RECORDS/S', width: 9, align: 'right' },
    { title: 'BYTES/S', width: 10, align: 'right' },
    { title: 'SIZE', width: 10, align: 'right' },
    ...(trend > 0 ? [{ title: 'RECORDS/S TREND', width: trend }] : []),
  ];
  const tableRows = rows.map((p) => ({
    key: String(p.partition),
    cells: [
      String(p.partition),
      String(p.highWatermark),
      formatCount(p.recordsPerSec),
      sizesAvailable ? formatBytes(p.bytesPerSec) : 'n/a',
      sizesAvailable ? formatBytes(p.sizeBytes) : 'n/a',
      ...(trend > 0 ? [{ text: sparkline(p.history.items, trend), color: 'cyan' }] : []),
    ],
  }));
  return <Table columns={columns} rows={tableRows} selectedKey={selectedKey} height={height} width={width} emptyText="no partitions" />;
}

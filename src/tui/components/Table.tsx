/**
 * A scrolling table drawn as one line of text per row (cheap for Ink to lay
 * out at any poll rate). The first column takes the width the others leave.
 */
import { Box, Text } from 'ink';
import { fit } from '../format.js';

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

export interface Cell {
  text: string;
  color?: string;
}

export interface TableRow {
  key: string;
  cells: readonly (string | Cell)[];
}

export interface TableProps {
  columns: readonly Column[];
  rows: readonly TableRow[];
  selectedKey: string | null;
  /** Lines of the terminal the table may use, its header included. */
  height: number;
  width: number;
  emptyText: string;
}

const GAP = 1;

const cellText = (cell: string | Cell | undefined) => (cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text);

export function Table({ columns, rows, selectedKey, height, width, emptyText }: TableProps) {
  const fixed = columns.slice(1).reduce((sum, c) => sum + c.width + GAP, 0);
  // The first column is as wide as its longest entry, within what the others leave: short
  // lines are cheaper for Ink to draw than lines padded to the terminal's width.
  const longest = rows.reduce((max, r) => Math.max(max, cellText(r.cells[0]).length), columns[0]?.title.length ?? 0);
  const widths = columns.map((c, i) => (i === 0 ? Math.max(8, Math.min(longest, width - fixed - 1)) : c.width));
  const scrolls = rows.length > height - 1;
  const bodyHeight = Math.max(1, height - 1 - (scrolls ? 1 : 0));
  const selectedIndex = Math.max(0, rows.findIndex((r) => r.key === selectedKey));
  const start = Math.max(0, Math.min(selectedIndex - Math.floor(bodyHeight / 2), rows.length - bodyHeight));
  const visible = rows.slice(start, start + bodyHeight);
  const header = columns.map((c, i) => fit(c.title, widths[i]!, c.align)).join(' '.repeat(GAP));
  return (
    <Box flexDirection="column">
      <Text bold>{header}</Text>
      {visible.length === 0 ? <Text dimColor>{emptyText}</Text> : null}
      {visible.map((row) => {
        const selected = selectedKey !== null && row.key === selectedKey;
        return (
          <Text key={row.key} inverse={selected}>
            {row.cells.map((cell, i) => {
              const c = typeof cell === 'string' ? { text: cell } : cell;
              const text = fit(c.text, widths[i]!, columns[i]?.align) + (i < columns.length - 1 ? ' '.repeat(GAP) : '');
              return c.color ? (
                <Text key={i} color={c.color}>
                  {text}
                </Text>
              ) : (
                text
              );
            })}
          </Text>
        );
      })}
      {scrolls ? (
        <Text dimColor>
          rows {start + 1}-{start + visible.length} of {rows.length}
        </Text>
      ) : null}
    </Box>
  );
}

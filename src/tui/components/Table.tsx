/**
 * A scrolling table drawn as one line of text per row (cheap for Ink to lay
 * out at any poll rate). The first column takes the width the others leave.
 */
import chalk from 'chalk';
import { Box, Text } from 'ink';
import { fit } from '../format.js';
import { FixedLine, paint } from './FixedLine.js';

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
        let line = '';
        let lineWidth = 0;
        row.cells.forEach((cell, i) => {
          const c = typeof cell === 'string' ? { text: cell } : cell;
          // Cut at the screen's edge: a terminal narrower than the columns shows what fits.
          const text = (fit(c.text, widths[i]!, columns[i]?.align) + (i < columns.length - 1 ? ' '.repeat(GAP) : '')).slice(0, Math.max(0, width - lineWidth));
          lineWidth += text.length;
          line += c.color ? paint(c.color, text) : text;
        });
        return <FixedLine key={row.key} text={selected ? chalk.inverse(line) : line} width={lineWidth} />;
      })}
      {scrolls ? (
        <Text dimColor>
          rows {start + 1}-{start + visible.length} of {rows.length}
        </Text>
      ) : null}
    </Box>
  );
}

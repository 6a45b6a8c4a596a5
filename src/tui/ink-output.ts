/**
 * Faster equivalents of two pieces of Ink's frame output, put in place of the
 * originals when the build bundles the screen (scripts/bundle.mjs). Ink 6
 * builds every frame as a grid of one object per cell and turns each row back
 * into a string by diffing the styles of neighbouring cells, which allocates
 * several Sets and arrays per cell even where nothing changes: some 15 MB of
 * garbage per frame at 160x50, most of the cost of a frame. The output is the
 * same character for character (test/tui/ink-output.test.ts).
 */
import { ansiCodesToString, diffAnsiCodes, type StyledChar } from '@alcalzone/ansi-tokenize';

type AnsiCode = StyledChar['styles'][number];

const NO_STYLES: AnsiCode[] = [];

/**
 * The cell every row of a frame starts from. One object for all: Ink only
 * ever replaces cells, it never changes one.
 */
export const BLANK_CELL: StyledChar = { type: 'char', value: ' ', fullWidth: false, styles: [] };

function sameStyles(a: AnsiCode[], b: AnsiCode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;
  }
  return true;
}

/**
 * `styledCharsToString` of @alcalzone/ansi-tokenize: the characters with the
 * fewest escape codes between them, styles closed at the end. Diffs styles
 * only where they change; the diff of equal styles is empty.
 */
export function styledCharsToString(chars: StyledChar[]): string {
  let text = '';
  let previous = NO_STYLES;
  for (const char of chars) {
    if (!sameStyles(previous, char.styles)) text += ansiCodesToString(diffAnsiCodes(previous, char.styles));
    text += char.value;
    previous = char.styles;
  }
  if (previous.length > 0) text += ansiCodesToString(diffAnsiCodes(previous, NO_STYLES));
  return text;
}

/**
 * Faster equivalents of pieces of Ink's frame output, put in place of the
 * originals when the build bundles the screen (scripts/bundle.mjs). Ink 6
 * builds every frame as a grid of one object per cell and turns each row back
 * into a string by diffing the styles of neighbouring cells, which allocates
 * several Sets and arrays per cell even where nothing changes: some 15 MB of
 * garbage per frame at 160x50, most of the cost of a frame. And it splits
 * every line into graphemes with Intl.Segmenter, which costs more than the
 * rest of the parsing, though a line of `kgo top` has none longer than one
 * character. The output is the same character for character
 * (test/tui/ink-output.test.ts).
 *
 * Loops here are indexed: `kgo top` draws with TurboFan off
 * (common/v8-settings.ts), where each step of a for-of allocates.
 */
import { ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, type StyledChar, type Token } from '@alcalzone/ansi-tokenize';

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
 * `styledCharsFromTokens` of @alcalzone/ansi-tokenize: each character with
 * the styles in force where it stands. Characters between two escape codes
 * share one array of styles, where the original copies it for each: nothing
 * changes a character's styles (a new code makes a new array).
 */
export function styledCharsFromTokens(tokens: Token[]): StyledChar[] {
  let styles: AnsiCode[] = [];
  const chars: StyledChar[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'ansi') styles = reduceAnsiCodesIncremental(styles, [token]);
    // A literal, not a spread of the token: in V8's interpreter a spread makes an object several times the size.
    else if (token.type === 'char') chars.push({ type: 'char', value: token.value, fullWidth: token.fullWidth, styles });
  }
  return chars;
}

/**
 * `styledCharsToString` of @alcalzone/ansi-tokenize: the characters with the
 * fewest escape codes between them, styles closed at the end. Diffs styles
 * only where they change; the diff of equal styles is empty.
 */
export function styledCharsToString(chars: StyledChar[]): string {
  let text = '';
  let previous = NO_STYLES;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (!sameStyles(previous, char.styles)) text += ansiCodesToString(diffAnsiCodes(previous, char.styles));
    text += char.value;
    previous = char.styles;
  }
  if (previous.length > 0) text += ansiCodesToString(diffAnsiCodes(previous, NO_STYLES));
  return text;
}

/**
 * Characters that are a grapheme each, alone and beside one another: the
 * escape that starts a colour code (a control: always a boundary on both
 * sides), printable ASCII, Latin-1 without the soft hyphen, dashes, quotes
 * and the ellipsis, arrows, mathematical operators, box drawing and block
 * elements (a sparkline). None of them is a combining mark, a joiner, a
 * prefix, a surrogate or Hangul, the only things that join a grapheme with
 * its neighbour.
 */
const ONE_GRAPHEME_EACH = /^[\u001b\u0020-\u007e\u00a0-\u00ac\u00ae-\u00ff\u2010-\u2027\u2190-\u22ff\u2500-\u259f]*$/;

export interface GraphemeSegment {
  segment: string;
  index: number;
}

/**
 * The graphemes of `text` as `segmenter.segment(text)` yields them (a
 * segmenter by grapheme), by counting characters where every one is its own
 * grapheme. One object is handed out for every grapheme, changed in place:
 * read it before asking for the next, as Ink's tokenizer does.
 */
export function graphemes(text: string, segmenter: Intl.Segmenter): Iterable<GraphemeSegment> {
  if (!ONE_GRAPHEME_EACH.test(text)) return segmenter.segment(text);
  return {
    [Symbol.iterator]() {
      const value: GraphemeSegment = { segment: '', index: -1 };
      const next: IteratorYieldResult<GraphemeSegment> = { value, done: false };
      const end: IteratorReturnResult<undefined> = { value: undefined, done: true };
      return {
        next(): IteratorResult<GraphemeSegment, undefined> {
          const index = value.index + 1;
          if (index >= text.length) return end;
          value.index = index;
          value.segment = text[index]!;
          return next;
        },
      };
    },
  };
}

import { existsSync } from 'node:fs';
import { ansiCodesToString, styledCharsFromTokens as originalFromTokens, styledCharsToString as original, tokenize, type StyledChar } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLANK_CELL, graphemes, styledCharsFromTokens, styledCharsToString } from '../../src/tui/ink-output.js';

type AnsiCode = StyledChar['styles'][number];
const code = (open: number, close: number): AnsiCode => ({ type: 'ansi', code: `\u001B[${open}m`, endCode: `\u001B[${close}m` });
// Bold and dim share their end code; colours share theirs; 38;5;n and 48;5;n are extended colours.
const palette: AnsiCode[] = [code(1, 22), code(2, 22), code(3, 23), code(4, 24), code(7, 27), code(31, 39), code(32, 39), code(33, 39), code(90, 39), code(41, 49), code(44, 49)];
palette.push({ type: 'ansi', code: '\u001B[38;5;208m', endCode: '\u001B[39m' }, { type: 'ansi', code: '\u001B[48;5;17m', endCode: '\u001B[49m' });

const styles = fc.array(fc.constantFrom(...palette), { maxLength: 4 });
const char = fc.record({
  type: fc.constant('char' as const),
  value: fc.constantFrom(' ', 'a', 'Z', '│', '█', '漢', ''),
  fullWidth: fc.boolean(),
  styles,
});
// Runs of one style, as on a real screen, and neighbours sharing one styles array, as Ink's cells do.
const row = fc.array(fc.tuple(char, fc.integer({ min: 1, max: 6 }), fc.boolean()), { maxLength: 40 }).map((runs) =>
  runs.flatMap(([c, n, shared]) => Array.from({ length: n }, () => (shared ? c : { ...c, styles: [...c.styles] }))),
);

describe('styledCharsToString', () => {
  it('writes exactly what @alcalzone/ansi-tokenize writes, for any row of styled cells', () => {
    fc.assert(
      fc.property(row, (chars) => {
        expect(styledCharsToString(chars)).toBe(original(chars));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes exactly the same for text styled with escape codes, read back as Ink reads it', () => {
    const styled = fc.array(fc.tuple(fc.array(fc.constantFrom(...palette), { maxLength: 3 }), fc.string({ maxLength: 8 }), fc.boolean()), { maxLength: 12 }).map((parts) =>
      parts.map(([codes, text, close]) => ansiCodesToString(codes) + text + (close ? codes.map((c) => c.endCode).join('') : '')).join(''),
    );
    fc.assert(
      fc.property(styled, (text) => {
        const chars = originalFromTokens(tokenize(text));
        expect(styledCharsToString(chars)).toBe(original(chars));
      }),
      { numRuns: 1000 },
    );
  });

  it('adds no escape codes to plain text, and closes open styles at the end', () => {
    const plain = originalFromTokens(tokenize('lag 1,024'));
    expect(styledCharsToString(plain)).toBe('lag 1,024');
    const red = originalFromTokens(tokenize('\u001B[31mSTOP'));
    expect(styledCharsToString(red)).toBe('\u001B[31mSTOP\u001B[39m');
    expect(styledCharsToString([])).toBe('');
  });

  it('starts every row from one blank cell, as Ink would draw a space', () => {
    expect(styledCharsToString([BLANK_CELL, BLANK_CELL])).toBe(original([{ ...BLANK_CELL, styles: [] }, { ...BLANK_CELL, styles: [] }]));
  });
});

describe('styledCharsFromTokens', () => {
  const styled = fc.array(fc.tuple(fc.array(fc.constantFrom(...palette), { maxLength: 3 }), fc.string({ maxLength: 8 }), fc.boolean()), { maxLength: 12 }).map((parts) =>
    parts.map(([codes, text, close]) => ansiCodesToString(codes) + text + (close ? codes.map((c) => c.endCode).join('') : '')).join(''),
  );

  it('gives every character the styles @alcalzone/ansi-tokenize gives it', () => {
    fc.assert(
      fc.property(styled, (text) => {
        expect(styledCharsFromTokens(tokenize(text))).toEqual(originalFromTokens(tokenize(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it('shares one array of styles between two escape codes, and never changes one it handed out', () => {
    const chars = styledCharsFromTokens(tokenize('\u001B[1mab\u001B[31mcd\u001B[39me'));
    expect(chars[0]!.styles).toBe(chars[1]!.styles);
    expect(chars[2]!.styles).toBe(chars[3]!.styles);
    expect(chars[1]!.styles).not.toBe(chars[2]!.styles);
    expect(chars[0]!.styles.map((c) => c.code)).toEqual(['\u001B[1m']);
    expect(chars[4]!.styles.map((c) => c.code)).toEqual(['\u001B[1m']);
  });
});

describe('graphemes', () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const collect = (segments: Iterable<{ segment: string; index: number }>) => Array.from(segments, ({ segment, index }) => ({ segment, index }));
  const bySegmenter = (text: string) => collect(segmenter.segment(text));
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
  // The characters graphemes() counts one by one, and then some that must go to the segmenter.
  const counted = [...range(0x1b, 0x1b), ...range(0x20, 0x7e), ...range(0xa0, 0xac), ...range(0xae, 0xff), ...range(0x2010, 0x2027), ...range(0x2190, 0x22ff), ...range(0x2500, 0x259f)];
  const joining = ['\u0301', '\u200d', '\u00ad', '\ufe0f', '\r', '\n', '\u0e33', '\u1100', '\u1161', '\ud83d\udc4d', '\ud83c\uddf3\ud83c\uddf1', '\u0915\u094d\u0937', '\u009b', '\u2028', '\u200b'];

  it('counts each character it takes as one grapheme, beside any other it takes', () => {
    for (const a of counted) {
      expect(collect(graphemes(a, segmenter))).toEqual(bySegmenter(a));
      const pairs = counted.map((b) => a + b).join('');
      expect(collect(graphemes(pairs, segmenter))).toEqual(bySegmenter(pairs));
    }
  });

  it('yields what Intl.Segmenter yields for any text, joining characters included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...counted), fc.constantFrom(...joining)), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(collect(graphemes(text, segmenter))).toEqual(bySegmenter(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the bundled screen (dist/top/)', () => {
  const bundle = new URL('../../dist/top/index.js', import.meta.url);

  it('draws the same text, colours included, as the screen built from the separate modules', async () => {
    expect(existsSync(bundle), 'dist/top/index.js: run npm run build').toBe(true);
    process.env.FORCE_COLOR = '1';
    const { renderTopText: fromModules, initialTopState, topReducer } = await import('../../src/tui/index.js');
    const { renderTopText: fromBundle } = (await import(bundle.href)) as typeof import('../../src/top-entry.js');
    const { group, sample } = await import('./samples.js');
    const members = [{ clientId: 'billing-worker', topic: 'orders', partitions: [0, 1] }];
    const topics = (atMs: number, n: number) => [
      { topic: 'audit', highs: [10 + n], sizes: [100 * n] },
      { topic: 'orders', highs: [500 * n, 300 * n], sizes: [50_000 * n, 30_000 * n] },
    ];
    let state = initialTopState(1000);
    let coloured = false;
    for (let n = 0; n < 8; n++) {
      const groups = [group('billing', [['orders', 0, 100], ['orders', 1, 100]], members), group('reports', [['audit', 0, 10 + n]]), group('stuck', [['orders', 0, 1]]), group('請求-🧾-billing', [['orders', 1, 2]])];
      state = topReducer(state, { type: 'sample', sample: sample(n * 1000, topics(n * 1000, n % 5), groups) });
      for (const width of [120, 80]) {
        const expected = fromModules(state, width);
        coloured ||= expected.includes('\u001B[');
        expect(fromBundle(state, width)).toBe(expected);
      }
    }
    expect(coloured).toBe(true); // so the style diff is exercised
    expect(fromModules(state, 120)).toContain('請求-🧾'); // so wide characters and Intl.Segmenter's path are too
  });
});

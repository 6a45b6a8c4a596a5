// Bundles the two start paths that load many small modules, so each reads a
// few files instead of hundreds:
// - dist/serve/: kgo serve's start path (dist/serve-entry.js) and the kgo
//   modules it imports; packages stay external, loaded from node_modules.
// - dist/top/: kgo top's screen (dist/top-entry.js) with ink, React and the
//   packages they import. Ink pulls in the whole of es-toolkit/compat for one
//   function and React picks its build by NODE_ENV at run time; bundled and
//   tree-shaken, with React's production build chosen here, the screen loads
//   in about a quarter of the time and some 20 MB less memory. Two pieces of
//   Ink's frame output are swapped for the equivalents in
//   dist/tui/ink-output.js (see there why).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { rollup } from 'rollup';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isPackage = (id) => !id.startsWith('.') && !path.isAbsolute(id);
/** Warnings that say nothing about our code: tsc's `this` at top level, cycles inside packages. */
const quiet = new Set(['THIS_IS_UNDEFINED', 'CIRCULAR_DEPENDENCY']);

/**
 * Replaces `from` by `to` in the module whose id ends with `file`. A text
 * that is not there fails the build: a new version of the package must be
 * looked at, not bundled unchanged without anyone noticing.
 */
function swap(file, replacements) {
  return {
    name: `swap ${file}`,
    transform(code, id) {
      if (!id.endsWith(file)) return null;
      for (const [from, to] of replacements) {
        if (code.split(from).length !== 2) this.error(`${file} no longer holds the text scripts/bundle.mjs replaces: ${JSON.stringify(from.slice(0, 60))}`);
        code = code.replace(from, to);
      }
      return { code, map: null };
    },
  };
}

const inkOutput = path.join(root, 'dist', 'tui', 'ink-output.js');
const inkOutputSwaps = [
  swap('/@alcalzone/ansi-tokenize/build/styledChars.js', [
    ['export function styledCharsFromTokens(tokens) {', `export { styledCharsFromTokens } from ${JSON.stringify(inkOutput)};\nfunction replacedStyledCharsFromTokens(tokens) {`],
    ['export function styledCharsToString(chars) {', `export { styledCharsToString } from ${JSON.stringify(inkOutput)};\nfunction replacedStyledCharsToString(chars) {`],
  ]),
  swap('/@alcalzone/ansi-tokenize/build/tokenize.js', [
    ['const segmenter = new Intl.Segmenter(', `import { graphemes } from ${JSON.stringify(inkOutput)};\nconst segmenter = new Intl.Segmenter(`],
    ['of segmenter.segment(str)) {', 'of graphemes(str, segmenter)) {'],
  ]),
  swap('/ink/build/output.js', [
    ["import { styledCharsFromTokens,", `import { BLANK_CELL } from ${JSON.stringify(inkOutput)};\nimport { styledCharsFromTokens,`],
    [
      `                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
      '                row.push(BLANK_CELL);',
    ],
    // kgo top draws with TurboFan off (src/common/v8-settings.ts), where each
    // step of a for-of allocates its iterator result: one per cell written.
    [
      `                    for (const character of characters) {
                        currentLine[offsetX] = character;`,
      `                    for (let characterIndex = 0; characterIndex < characters.length; characterIndex++) {
                        const character = characters[characterIndex];
                        currentLine[offsetX] = character;`,
    ],
    // A row has a hole only where a wide character was written past its end.
    ['const lineWithoutEmptyItems = line.filter(', 'const lineWithoutEmptyItems = !line.includes(undefined) ? line : line.filter('],
  ]),
];

async function bundle({ input, dir, external, plugins = [] }) {
  const build = await rollup({
    input: path.join(root, 'dist', input),
    external,
    plugins,
    onwarn(warning, warn) {
      if (!quiet.has(warning.code)) warn(warning);
    },
  });
  await build.write({ dir: path.join(root, 'dist', dir), format: 'es', entryFileNames: 'index.js', chunkFileNames: '[name].js' });
  await build.close();
}

await bundle({ input: 'serve-entry.js', dir: 'serve', external: isPackage });
await bundle({
  input: 'top-entry.js',
  dir: 'top',
  // Ink loads react-devtools-core only when DEV=true, and kgo does not ship it.
  external: (id) => id.startsWith('node:') || id === 'react-devtools-core',
  plugins: [
    ...inkOutputSwaps,
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    // The node builds of packages, not their browser ones (chalk's colour detection is one).
    nodeResolve({ exportConditions: ['node'], preferBuiltins: true }),
    commonjs(),
    json(),
  ],
});
console.log('bundled kgo serve into dist/serve/ and kgo top into dist/top/');

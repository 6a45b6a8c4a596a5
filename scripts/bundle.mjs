// Bundles the two start paths that load many small modules, so each reads a
// few files instead of hundreds:
// - dist/serve/: kgo serve's start path (dist/serve-entry.js) and the kgo
//   modules it imports; packages stay external, loaded from node_modules.
// - dist/top/: kgo top's screen (dist/top-entry.js) with ink, React and the
//   packages they import. Ink pulls in the whole of es-toolkit/compat for one
//   function and React picks its build by NODE_ENV at run time; bundled and
//   tree-shaken, with React's production build chosen here, the screen loads
//   in about a quarter of the time and some 20 MB less memory.
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
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    nodeResolve({ preferBuiltins: true }),
    commonjs(),
    json(),
  ],
});
console.log('bundled kgo serve into dist/serve/ and kgo top into dist/top/');

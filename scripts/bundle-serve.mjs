// Bundles dist/serve-entry.js (kgo serve's start path) and the kgo modules it
// imports into dist/serve/, so starting a broker reads a few files instead of
// hundreds. Packages stay external: they are loaded from node_modules as usual.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isPackage = (id) => !id.startsWith('.') && !path.isAbsolute(id);

const bundle = await rollup({
  input: path.join(root, 'dist', 'serve-entry.js'),
  external: isPackage,
  onwarn(warning, warn) {
    // `this` at the top of tsc's output is harmless; anything else is worth seeing.
    if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
  },
});
await bundle.write({ dir: path.join(root, 'dist', 'serve'), format: 'es', entryFileNames: 'index.js', chunkFileNames: '[name].js' });
await bundle.close();
console.log('bundled kgo serve into dist/serve/');

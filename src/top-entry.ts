/**
 * What `kgo top` needs from the screen side, in one module: the build bundles
 * it with ink, React and their packages into dist/top/index.js
 * (scripts/bundle.mjs), which loads in a quarter of the time and holds some
 * 20 MB less than the same modules loaded one by one.
 */
export { collectTopState, renderTop, renderTopText, topSnapshot } from './tui/index.js';

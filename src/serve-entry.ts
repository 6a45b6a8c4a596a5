/**
 * Everything `kgo serve`'s start path in bin/run.js needs, in one module: the
 * build bundles it with what it imports into dist/serve/index.js
 * (scripts/bundle.mjs), because loading some 270 small modules one by
 * one took longer than the broker's own start.
 */
export { parseServeArgv, serveProcessOptions } from './cli/serve-options.js';
export { errorReport, formatErrorReport } from './cli/error-report.js';
export { runServeProcess } from './broker/index.js';

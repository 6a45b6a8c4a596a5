#!/usr/bin/env node
// Runs the compiled CLI in this very process, so signals reach whatever it runs
// (the broker under `kgo serve`, a consumer that must commit before exiting).

// chalk and oclif read FORCE_COLOR but not NO_COLOR (https://no-color.org);
// translate before either is loaded.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';

// `kgo serve` with plain, valid flags starts the broker without loading oclif:
// it answers clients sooner and idles in less memory. Everything else, help
// and flag errors included, goes through oclif (see src/cli/serve-options.ts).
if (process.argv[2] === 'serve' && (await serveDirectly(process.argv.slice(3)))) {
  // The broker ran and closed; process.exitCode says how it ended.
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}

/** Runs `kgo serve` without oclif when the arguments allow; false hands them to oclif. */
async function serveDirectly(argv) {
  const serve = await loadServe();
  const { parseServeArgv, serveProcessOptions } = serve;
  const flags = parseServeArgv(argv, process.env);
  if (!flags) return false;
  try {
    await serve.runServeProcess(serveProcessOptions(flags));
  } catch (err) {
    // As the oclif command reports it (src/cli/base-command.ts).
    const { errorReport, formatErrorReport } = serve;
    const report = errorReport(err);
    process.exitCode = report.exitCode;
    process.stderr.write(formatErrorReport(report));
    const verbose = argv.includes('--verbose') || Boolean(process.env.DEBUG) || Boolean(process.env.KGO_VERBOSE);
    if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
    else if (report.code === 'INTERNAL') process.stderr.write('Run again with --verbose for details.\n');
  }
  return true;
}

/**
 * The bundle `npm run build` makes, or the separate modules when the bundle
 * is missing or older than them (only tsc has run since).
 */
async function loadServe() {
  const { statSync } = await import('node:fs');
  const mtime = (file) => statSync(new URL(file, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
  if (mtime('../dist/serve/index.js') >= mtime('../dist/serve-entry.js')) return import('../dist/serve/index.js');
  return import('../dist/serve-entry.js');
}

#!/usr/bin/env node
/**
 * Runs kgo's benchmarks: every bench/*.bench.js, or those named on the
 * command line (`node bench/run.js broker cli-start` runs each module whose
 * name starts with a given word). Prints a table per benchmark and writes
 * bench/results/<timestamp>.json and bench/results/latest.json.
 *
 * Benchmarks report; they never fail the build. A module that throws is
 * recorded with its error and the run goes on; the exit status is 0.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalizeFigures, formatTable } from './harness/report.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(benchDir, 'results');
const SUFFIX = '.bench.js';
/** A module still running after this is recorded as failed, so the run ends. */
const MODULE_TIMEOUT_MS = 240_000;

function timeout(ms, name) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${name} took more than ${ms / 1000} s`)), ms).unref());
}

function machineFacts() {
  const cpus = os.cpus();
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    // Other work on the machine skews every figure; the load says how much there was.
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    commit,
  };
}

function selectModules(names) {
  const all = fs.readdirSync(benchDir).filter((f) => f.endsWith(SUFFIX)).sort().map((f) => f.slice(0, -SUFFIX.length));
  if (names.length === 0) return all;
  const chosen = all.filter((m) => names.some((n) => m.startsWith(n)));
  const unknown = names.filter((n) => !all.some((m) => m.startsWith(n)));
  if (unknown.length) process.stderr.write(`no benchmark named ${unknown.join(', ')} (have: ${all.join(', ')})\n`);
  return chosen;
}

async function runModule(name) {
  const started = process.hrtime.bigint();
  try {
    const mod = await import(pathToFileURL(path.join(benchDir, name + SUFFIX)).href);
    if (typeof mod.run !== 'function') throw new Error(`${name}${SUFFIX} exports no run()`);
    const figures = normalizeFigures(await Promise.race([mod.run(), timeout(MODULE_TIMEOUT_MS, name)]));
    return { name, seconds: Number(process.hrtime.bigint() - started) / 1e9, figures };
  } catch (err) {
    return { name, seconds: Number(process.hrtime.bigint() - started) / 1e9, error: err instanceof Error ? err.stack ?? err.message : String(err) };
  }
}

function writeResults(report) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify(report, null, 2) + '\n';
  const stamp = report.machine.date.replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `${stamp}.json`);
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), json);
  return file;
}

async function main() {
  const machine = machineFacts();
  const modules = selectModules(process.argv.slice(2));
  process.stdout.write(
    `kgo benchmarks — ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.platform}, load ${machine.loadAverage1m}` +
      (machine.commit ? `, commit ${machine.commit}` : '') +
      `\n\n`,
  );
  if (machine.loadAverage1m > machine.cores / 2) {
    process.stdout.write(`note: other work is loading this machine (load ${machine.loadAverage1m} on ${machine.cores} cores); figures will read low\n\n`);
  }
  const benches = [];
  for (const name of modules) {
    process.stdout.write(`${name} ...\n`);
    const result = await runModule(name);
    benches.push(result);
    if (result.error) process.stdout.write(`  FAILED after ${result.seconds.toFixed(1)} s: ${result.error}\n\n`);
    else process.stdout.write(`${formatTable(result.figures)}\n  (${result.seconds.toFixed(1)} s)\n\n`);
  }
  const file = writeResults({ machine, benches });
  const failed = benches.filter((b) => b.error).map((b) => b.name);
  const missed = benches.flatMap((b) => (b.figures ?? []).filter((f) => f.met === false).map((f) => `${b.name}: ${f.name}`));
  process.stdout.write(`results: ${path.relative(process.cwd(), file)} (and latest.json)\n`);
  if (missed.length) process.stdout.write(`targets missed: ${missed.join('; ')}\n`);
  if (failed.length) process.stdout.write(`benchmarks that failed: ${failed.join(', ')}\n`);
}

// A stray rejection in one module (a request left in flight when it failed) must not end the whole run.
process.on('unhandledRejection', (err) => process.stderr.write(`unhandled rejection: ${err instanceof Error ? err.message : String(err)}\n`));
await main();
// Spawned brokers are killed by pid on exit; leftover sockets must not keep the run alive.
process.exit(0);

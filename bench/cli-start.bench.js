/**
 * CLI start: wall time of `node bin/run.js --help`, median of 5, next to a
 * bare `node -e 0` (the runtime's own start, which no CLI can beat).
 */
import { spawn } from 'node:child_process';
import { binRun } from './harness/broker-process.js';
import { figure, median, secondsSince } from './harness/figures.js';

const RUNS = 5;

function timeOnce(args, expected) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = secondsSince(started) * 1000;
      if (code !== 0 || !stdout.includes(expected)) reject(new Error(`node ${args.join(' ')} exited ${code}\n${stderr.slice(-1000)}`));
      else resolve(ms);
    });
  });
}

async function medianOf(args, expected) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeOnce(args, expected));
  return { times, median: median(times) };
}

export async function run() {
  const bare = await medianOf(['-e', 'process.stdout.write("ok")'], 'ok');
  const help = await medianOf([binRun, '--help'], 'USAGE');
  const times = help.times;
  return {
    'bare node start': figure(bare.median, 'ms', { note: `node -e, median of ${RUNS}` }),
    'kgo --help': figure(help.median, 'ms', {
      target: { max: 250 },
      note: `median of ${RUNS}: ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
    }),
  };
}

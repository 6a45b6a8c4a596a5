/** CLI start: wall time of `node bin/run.js --help`, median of 5. */
import { spawn } from 'node:child_process';
import { binRun } from './harness/broker-process.js';
import { figure, median, secondsSince } from './harness/figures.js';

const RUNS = 5;

function helpOnce() {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [binRun, '--help'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = secondsSince(started) * 1000;
      if (code !== 0 || !stdout.includes('USAGE')) reject(new Error(`kgo --help exited ${code}\n${stderr.slice(-1000)}`));
      else resolve(ms);
    });
  });
}

export async function run() {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await helpOnce());
  return {
    'kgo --help': figure(median(times), 'ms', {
      target: { max: 250 },
      note: `median of ${RUNS}: ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
    }),
  };
}

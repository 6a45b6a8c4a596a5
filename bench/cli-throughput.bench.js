/**
 * The client commands against kcat, same broker, same run:
 * - `seq 1 N | kgo produce T` vs `seq 1 N | kcat -P -t T` (acks=all for both);
 * - `kgo consume T -e` vs `kcat -C -t T -e`, each reading N records to the end.
 * - `kgo bench produce --record-size 100` (kafkajs engine, and the raw engine
 *   for the broker's own capacity) vs kcat producing the same number of
 *   100-byte records from a file.
 * records/s for each and the ratio; target >= 50% of kcat for produce and
 * consume. The kgo commands run as a user runs them (node bin/run.js),
 * start-up included.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { binRun, spawnBroker } from './harness/broker-process.js';
import { envNumber, figure, secondsSince } from './harness/figures.js';

const RECORDS = envNumber('KGO_BENCH_CLI_RECORDS', 1_000_000);

/** Runs `sh -c script`, returns seconds and the number of stdout lines. */
function timed(script) {
  const started = process.hrtime.bigint();
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let lines = 0;
  let stderr = '';
  child.stdout.on('data', (d) => {
    for (let i = 0; i < d.length; i++) if (d[i] === 10) lines++;
  });
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const seconds = secondsSince(started);
      if (code !== 0) reject(new Error(`${script} exited ${code}\n${stderr.slice(-1500)}`));
      else resolve({ seconds, lines });
    });
  });
}

/** Like `timed`, keeping stdout. */
function timedOutput(script) {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve({ stdout }) : reject(new Error(`${script} exited ${code}\n${stderr.slice(-1500)}`))));
  });
}

async function haveKcat() {
  try {
    await timed('kcat -V >/dev/null');
    return true;
  } catch {
    return false;
  }
}

export async function run() {
  if (!(await haveKcat())) return { 'cli vs kcat': figure(0, 'records/s', { note: 'kcat is not installed: nothing to compare with' }) };
  const broker = await spawnBroker();
  await broker.listening;
  const b = `127.0.0.1:${broker.port}`;
  const kgo = `${JSON.stringify(process.execPath)} ${JSON.stringify(binRun)}`;
  try {
    const kcatProduce = await timed(`seq 1 ${RECORDS} | kcat -P -b ${b} -t kcat-bench -X acks=all`);
    const kgoProduce = await timed(`seq 1 ${RECORDS} | ${kgo} produce kgo-bench -b ${b} --acks all`);
    const kcatConsume = await timed(`kcat -C -b ${b} -t kcat-bench -o beginning -e -q`);
    const kgoConsume = await timed(`${kgo} consume kgo-bench -b ${b} -e`);
    if (kcatConsume.lines !== RECORDS || kgoConsume.lines !== RECORDS) {
      throw new Error(`read back ${kcatConsume.lines} (kcat) and ${kgoConsume.lines} (kgo) of ${RECORDS} records`);
    }
    const rate = (r) => RECORDS / r.seconds;
    const recordsFile = path.join(os.tmpdir(), `kgo-bench-100b-${process.pid}.txt`);
    fs.writeFileSync(recordsFile, `${'x'.repeat(99)}\n`.repeat(RECORDS));
    let kcatSized;
    let benchKafkajs;
    let benchRaw;
    try {
      kcatSized = await timed(`kcat -P -b ${b} -t kcat-bench-100 -X acks=all < ${recordsFile}`);
      benchKafkajs = JSON.parse((await timedOutput(`${kgo} bench produce kgo-bench-100 -b ${b} --records ${RECORDS} --record-size 100 --acks all --json`)).stdout);
      benchRaw = JSON.parse((await timedOutput(`${kgo} bench produce kgo-bench-raw -b ${b} --records ${RECORDS} --record-size 100 --acks all --engine raw --json`)).stdout);
    } finally {
      fs.rmSync(recordsFile, { force: true });
    }
    return {
      'produce: seq | kgo produce': figure(rate(kgoProduce), 'records/s', {
        reference: { name: 'seq | kcat -P', value: rate(kcatProduce) },
        target: { ratioMin: 0.5 },
        note: `${RECORDS} lines of up to 7 bytes, acks=all, start-up included`,
      }),
      'consume: kgo consume -e': figure(rate(kgoConsume), 'records/s', {
        reference: { name: 'kcat -C -e', value: rate(kcatConsume) },
        target: { ratioMin: 0.5 },
        note: `${RECORDS} records read to the end, start-up included`,
      }),
      'kgo bench produce (kafkajs engine)': figure(benchKafkajs.recordsPerSec, 'records/s', {
        reference: { name: 'kcat -P, 100-byte records', value: rate(kcatSized) },
        note: `${RECORDS} x 100 B, acks=all; p99 ${benchKafkajs.latencyMs.p99} ms`,
      }),
      'kgo bench produce (raw engine)': figure(benchRaw.recordsPerSec, 'records/s', {
        reference: { name: 'kcat -P, 100-byte records', value: rate(kcatSized) },
        note: `${RECORDS} x 100 B, acks=all: the broker's capacity through kgo's own codec`,
      }),
    };
  } finally {
    await broker.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}

/**
 * The client commands against kcat, same broker, same run:
 * - `seq 1 N | kgo produce T` vs `seq 1 N | kcat -P -t T` (acks=all for both);
 * - `kgo consume T -e` vs `kcat -C -t T -e`, each reading N records to the end.
 * records/s for each and the ratio; target >= 50% of kcat. The kgo commands
 * run as a user runs them (node bin/run.js), start-up included.
 */
import { spawn } from 'node:child_process';
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
    };
  } finally {
    await broker.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}

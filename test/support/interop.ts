/**
 * Real clients that no one here wrote: kcat (librdkafka), kafka-python and
 * confluent-kafka under Debian's /usr/bin/python3. A test that needs one skips
 * visibly when it is missing, and fails under KGO_REQUIRE_INTEROP=1 (CI).
 */
import { spawnSync } from 'node:child_process';

export const requireInterop = process.env.KGO_REQUIRE_INTEROP === '1';
export const PYTHON = '/usr/bin/python3';

function available(command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
  return r.error === undefined && r.status === 0;
}

const cache = new Map<string, boolean>();

function check(name: string, probe: () => boolean): boolean {
  let ok = cache.get(name);
  if (ok === undefined) {
    ok = probe();
    cache.set(name, ok);
  }
  if (!ok && requireInterop) throw new Error(`${name} is required (KGO_REQUIRE_INTEROP=1) but is not installed`);
  if (!ok) console.warn(`SKIPPED: ${name} is not installed; install it to run these interoperability tests`);
  return ok;
}

export const hasKcat = () => check('kcat', () => available('kcat', ['-V']));
export const hasKafkaPython = () => check('python3-kafka', () => available(PYTHON, ['-c', 'import kafka']));
export const hasConfluentKafka = () => check('python3-confluent-kafka', () => available(PYTHON, ['-c', 'import confluent_kafka']));

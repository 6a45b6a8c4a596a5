/**
 * Runs `kgo serve` (bin/run.js on the built dist/) as a separate process on a
 * free port with a fresh data directory, so the broker and the benchmark's
 * client each get their own core. Every broker started here is killed by its
 * own pid when stopped, or when the benchmark process exits.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binRun = path.join(repoRoot, 'bin', 'run.js');

const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A port that was free a moment ago (the broker binds it right after). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process in MB (10^6 bytes), from /proc; null elsewhere. */
export function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kb ? (Number(kb[1]) * 1024) / 1e6 : null;
  } catch {
    return null;
  }
}

/**
 * Spawns the broker and returns at once, before it listens: callers that
 * time the start poll the port themselves; others await `listening`.
 */
export async function spawnBroker({ settings = {}, dataDir = tempDir('kgo-bench-data-'), port } = {}) {
  port ??= await freePort();
  const args = [binRun, 'serve', '--port', String(port), '--data-dir', dataDir];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
  // For profiling a broker under a benchmark: KGO_BENCH_BROKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.KGO_BENCH_BROKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kgo serve did not listen within 20 s\n${stderr}`)), 20_000);
    child.stdout.on('data', () => {
      if (stdout.includes('kgo broker listening on')) {
        clearTimeout(timer);
        resolve(process.hrtime.bigint());
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kgo serve exited (${code}) before listening\n${stderr.slice(-2000)}`));
    });
  });
  listening.catch(() => {}); // observed by whoever awaits it
  return {
    pid: child.pid,
    port,
    dataDir,
    /** Resolves with the hrtime (ns) at which the broker said it was listening. */
    listening,
    stderr: () => stderr,
    /** SIGTERM, then SIGKILL after `graceMs`; removes the data directory. */
    async stop(graceMs = 5_000) {
      if (running.has(child)) {
        process.kill(child.pid, 'SIGTERM');
        const timer = setTimeout(() => running.has(child) && process.kill(child.pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A listening broker, as most benchmarks want it. */
export async function startBroker(options) {
  const broker = await spawnBroker(options);
  try {
    await broker.listening;
  } catch (err) {
    await broker.stop();
    throw err;
  }
  return broker;
}

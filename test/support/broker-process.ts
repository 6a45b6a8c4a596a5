/**
 * Runs the real `kgo serve` (bin/run.js, built dist/) as a child process on a
 * free port, for tests that need a broker in another process: real clients,
 * kill -9, restarts. Every process started here is killed by its own pid when
 * the test stops it, or when the test process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binRun = path.join(repoRoot, 'bin', 'run.js');

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) if (child.pid) try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
});

export function tempDir(prefix = 'kgo-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A port that was free a moment ago (the broker binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface BrokerProcess {
  bootstrap: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Everything the broker wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Resolves with the exit code once the process has exited by itself. */
  exited(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

export interface SpawnBrokerOptions {
  dataDir?: string;
  port?: number;
  settings?: Record<string, string>;
  startTimeoutMs?: number;
}

export async function spawnBroker(options: SpawnBrokerOptions = {}): Promise<BrokerProcess> {
  const dataDir = options.dataDir ?? tempDir('kgo-data-');
  const port = options.port ?? (await freePort());
  const args = [binRun, 'serve', '--port', String(port), '--data-dir', dataDir];
  for (const [k, v] of Object.entries(options.settings ?? {})) args.push('-c', `${k}=${v}`);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { running.delete(child); resolve(code); }));
  const timeoutMs = options.startTimeoutMs ?? 15_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kgo serve did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    const check = () => {
      if (stdout.includes('kgo broker listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kgo serve exited with ${code} before listening\n${stderr}`));
    });
  });
  return {
    bootstrap: `127.0.0.1:${port}`,
    port,
    dataDir,
    pid: child.pid!,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    exited: () => exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}


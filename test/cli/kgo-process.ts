/**
 * Runs the compiled CLI (`node bin/run.js ...`) as a child process, the way
 * users run it: stdin in, stdout/stderr and the exit status out. Settings
 * come only from what a test passes: KGO_* variables are dropped and the
 * config directory is a fresh temporary one unless given.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RUN = join(ROOT, 'bin', 'run.js');

export interface KgoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface KgoRunOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'commands', 'consume.js'))) {
    throw new Error('the CLI is not compiled: run `npm run build` first');
  }
}

export function tempConfigHome(): string {
  return mkdtempSync(join(tmpdir(), 'kgo-cli-config-'));
}

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KGO_') && k !== 'DEBUG') env[k] = v;
  return { ...env, NO_COLOR: '1', XDG_CONFIG_HOME: tempConfigHome(), ...extra };
}

export function runKgo(args: readonly string[], opts: KgoRunOptions = {}): Promise<KgoRun> {
  return runProcess(process.execPath, [RUN, ...args], opts);
}

/** A shell pipeline, for `kgo ... | head`; `$KGO` expands to the CLI. */
export function runShell(script: string, opts: KgoRunOptions = {}): Promise<KgoRun> {
  return runProcess('bash', ['-c', script], { ...opts, env: { KGO: `${process.execPath} ${RUN}`, ...opts.env } });
}

function runProcess(command: string, args: readonly string[], opts: KgoRunOptions): Promise<KgoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: cleanEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** A loopback port nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

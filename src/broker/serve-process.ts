/**
 * A broker as this process's whole job, for `kgo serve` (through oclif or
 * bin/run.js's start path alike): settings from a file and `-c` pairs, a
 * warning when listening beyond loopback, the one "listening" line, and
 * SIGINT/SIGTERM to flush, close and exit 0 (a second signal exits at once).
 */
import { readFileSync } from 'node:fs';
import { UsageError, UserError } from '../common/index.js';
import { startBroker } from './broker.js';
import { parseProperties, parseSettingPairs } from './config.js';

export interface ServeProcessOptions {
  host: string;
  port: number;
  dataDir: string;
  advertisedHost?: string;
  /** A properties file of broker settings (key=value lines, Kafka names). */
  configFile?: string;
  /** key=value pairs; they override the file. */
  settingPairs: string[];
}

/** A failure to start that the user can fix, said as such (not as a bug in kgo). */
function startError(err: NodeJS.ErrnoException, options: ServeProcessOptions): UserError | null {
  if (typeof err.path === 'string' && (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS' || err.code === 'ENOTDIR')) {
    return new UserError(`cannot use --data-dir ${options.dataDir}: ${err.code} on ${err.path}`, 'Give a directory this user can create and write (--data-dir).');
  }
  // Otherwise only errors of listening itself.
  if (err.syscall !== 'listen' && err.syscall !== 'getaddrinfo') return null;
  const where = `${options.host}:${options.port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return new UserError(`${where} is already in use`, 'Another broker or program listens there: stop it, or pick another --port (0 picks a free one).');
    case 'EACCES':
      return new UserError(`not allowed to listen on ${where}`, 'Ports below 1024 need privileges: pick a higher --port.');
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new UserError(`cannot listen on ${where}: no such address on this machine`, 'Check --host (127.0.0.1 for this machine only, 0.0.0.0 for every interface).');
    default:
      return null;
  }
}

/** Runs until SIGINT or SIGTERM has closed the broker. */
export async function runServeProcess(options: ServeProcessOptions): Promise<{ bootstrap: string; dataDir: string }> {
  let settings: Record<string, string> = {};
  if (options.configFile) {
    let text: string;
    try {
      text = readFileSync(options.configFile, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --config ${options.configFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    settings = parseProperties(text);
  }
  settings = { ...settings, ...parseSettingPairs(options.settingPairs) };
  if (options.host === '0.0.0.0' || options.host === '::') {
    process.stderr.write(`warning: listening on ${options.host}: this broker has no authentication yet; anyone who can reach this port can read and write every topic\n`);
  }
  const broker = await startBroker({
    host: options.host,
    port: options.port,
    dataDir: options.dataDir,
    advertisedHost: options.advertisedHost,
    settings,
  }).catch((err: NodeJS.ErrnoException) => {
    throw startError(err, options) ?? err;
  });
  // Handlers go in before the listening line: whoever reads it may signal at once.
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second signal while closing means: stop now.
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      process.stderr.write(`${signal}: flushing and closing\n`);
      broker.close().then(resolve, (err: Error) => {
        process.stderr.write(`error while closing: ${err.message}\n`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  // Whoever reads the listening line may go away (`kgo serve | head -1`): a
  // failed write to stdout must not end the broker.
  process.stdout.on('error', () => {});
  process.stdout.write(`kgo broker listening on ${broker.host}:${broker.port} (data ${broker.dataDir})\n`);
  await stopped;
  return { bootstrap: broker.bootstrap, dataDir: broker.dataDir };
}

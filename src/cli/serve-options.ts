/**
 * `kgo serve`'s flags, defined once for both ways in: the oclif command
 * (src/commands/serve.ts builds its flags from these) and the start path in
 * bin/run.js, which skips loading oclif so a broker answers sooner and idles
 * in less memory. That path handles only plain, valid invocations: anything
 * else (help, an unknown or repeated flag, a bad number, an empty variable)
 * goes through oclif, which prints its usual errors and help.
 *
 * No oclif import here: bin/run.js loads this module before deciding.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

interface FlagSpec {
  summary: string;
  default?: string | number;
  defaultHelp?: string;
  min?: number;
  max?: number;
  env?: string;
  char?: string;
  multiple?: boolean;
}

export const SERVE_FLAGS = {
  host: { summary: 'Interface to listen on.', default: '127.0.0.1', env: 'KGO_SERVE_HOST' },
  port: { summary: 'Port to listen on (0 picks a free one).', default: 9092, min: 0, max: 65535, env: 'KGO_SERVE_PORT' },
  'data-dir': { summary: 'Where topics are stored.', default: path.join(os.homedir(), '.kgo', 'data'), defaultHelp: '~/.kgo/data', env: 'KGO_DATA_DIR' },
  'advertised-host': { summary: 'Host name clients are told to connect to (default: the listen host).' },
  config: { summary: 'Broker settings file (key=value lines, Kafka names).' },
  c: { summary: 'A broker setting, key=value (repeatable).', char: 'c', multiple: true },
} as const satisfies Record<string, FlagSpec>;

/** The parsed flags, as the oclif command sees them. */
export interface ServeFlags {
  host: string;
  port: number;
  'data-dir': string;
  'advertised-host'?: string;
  config?: string;
  c?: string[];
}

/** The flags as broker/serve-process.ts takes them. */
export function serveProcessOptions(flags: ServeFlags) {
  return {
    host: flags.host,
    port: flags.port,
    dataDir: flags['data-dir'],
    advertisedHost: flags['advertised-host'],
    configFile: flags.config,
    settingPairs: flags.c ?? [],
  };
}

/** Arguments only oclif handles: help, JSON output, the end-of-flags marker. */
const OCLIF_ONLY = new Set(['--help', '-h', '--json', '--']);

/**
 * The flags of a plain `kgo serve` invocation (`argv` after `serve`), or null
 * when oclif must handle it. Never throws: a null sends the arguments to
 * oclif, which reports what is wrong with them.
 */
export function parseServeArgv(argv: readonly string[], env: NodeJS.ProcessEnv): ServeFlags | null {
  if (argv.some((a) => OCLIF_ONLY.has(a))) return null;
  // Every flag of the table as parseArgs reads it (numbers are checked below), and the base command's --verbose.
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { verbose: { type: 'boolean' } };
  for (const [name, spec] of Object.entries(SERVE_FLAGS) as [string, FlagSpec][]) {
    options[name] = { type: 'string', ...(spec.char ? { short: spec.char } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false, tokens: true });
  } catch {
    return null;
  }
  const seen = new Map<string, number>();
  for (const token of parsed.tokens) if (token.kind === 'option') seen.set(token.name, (seen.get(token.name) ?? 0) + 1);
  for (const [name, count] of seen) if (count > 1 && !(SERVE_FLAGS as Record<string, FlagSpec>)[name]?.multiple) return null;
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const text = (name: string) => values[name] as string | undefined;

  const fromEnv = (name?: string): string | undefined | null => {
    if (name === undefined) return undefined;
    const value = env[name];
    return value === '' ? null : value;
  };
  const stringFlag = (given: string | undefined, spec: { env?: string; default?: string }): string | undefined | null => {
    if (given !== undefined) return given;
    const envValue = fromEnv(spec.env);
    if (envValue === null) return null;
    return envValue ?? spec.default;
  };
  const host = stringFlag(text('host'), SERVE_FLAGS.host);
  const dataDir = stringFlag(text('data-dir'), SERVE_FLAGS['data-dir']);
  const portText = stringFlag(text('port'), { env: SERVE_FLAGS.port.env, default: String(SERVE_FLAGS.port.default) });
  if (host == null || dataDir == null || portText == null) return null;
  if (!/^\d+$/.test(portText)) return null;
  const port = Number(portText);
  if (port < SERVE_FLAGS.port.min || port > SERVE_FLAGS.port.max) return null;

  const flags: ServeFlags = { host, port, 'data-dir': dataDir };
  if (text('advertised-host') !== undefined) flags['advertised-host'] = text('advertised-host');
  if (text('config') !== undefined) flags.config = text('config');
  if (values.c !== undefined) flags.c = values.c as string[];
  return flags;
}

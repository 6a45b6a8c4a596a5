/**
 * `kgo serve`'s start path in bin/run.js parses flags without oclif. It must
 * take exactly what oclif takes, the same way, and leave everything else to
 * oclif: here both parse the same invocations.
 */
import { Parser } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { SERVE_FLAGS, parseServeArgv } from '../../src/cli/serve-options.js';
import Serve from '../../src/commands/serve.js';

const ENV_NAMES = ['KGO_SERVE_HOST', 'KGO_SERVE_PORT', 'KGO_DATA_DIR', 'KGO_VERBOSE'];

/** oclif's reading of `argv` with `env`, without `verbose` and unset flags; null when oclif refuses it. */
async function viaOclif(argv: string[], env: Record<string, string>): Promise<Record<string, unknown> | null> {
  const saved = Object.fromEntries(ENV_NAMES.map((n) => [n, process.env[n]]));
  for (const n of ENV_NAMES) delete process.env[n];
  Object.assign(process.env, env);
  try {
    const { flags } = await Parser.parse(argv, { flags: { ...Serve.baseFlags, ...Serve.flags }, strict: true });
    const { verbose: _verbose, ...rest } = flags as Record<string, unknown>;
    return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  } catch {
    return null;
  } finally {
    for (const n of ENV_NAMES) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  }
}

const plain: [string[], Record<string, string>][] = [
  [[], {}],
  [['--port', '0', '--data-dir', '/tmp/kgo-x'], {}],
  [['--port=19092', '--host=::1'], {}],
  [['-c', 'num.partitions=3', '-c', 'auto.create.topics.enable=false'], {}],
  [['-cnum.partitions=3', '--config', 'broker.properties'], {}],
  [['--host', '0.0.0.0', '--advertised-host', 'myhost.local', '--verbose'], {}],
  [['--port', '09092'], {}],
  [['--port', '65535'], {}],
  [[], { KGO_SERVE_PORT: '19093', KGO_DATA_DIR: '/tmp/env-dir', KGO_SERVE_HOST: '127.0.0.2' }],
  [['--port', '1'], { KGO_SERVE_PORT: '2' }],
  [['--host', ''], {}],
];

const refusedOrOclifOnly: [string[], Record<string, string>][] = [
  [['--help'], {}],
  [['-h'], {}],
  [['--json'], {}],
  [['--port', 'x'], {}],
  [['--port', '70000'], {}],
  [['--port', '-1'], {}],
  [['--port', '1.5'], {}],
  [['--port'], {}],
  [['--bogus'], {}],
  [['extra'], {}],
  [['-c'], {}],
  [['-c', 'a=b', 'c=d'], {}],
  [['--port', '1', '--port', '2'], {}],
  [['--', '--port', '1'], {}],
  [[], { KGO_SERVE_PORT: 'abc' }],
  [[], { KGO_SERVE_PORT: '' }],
  [[], { KGO_DATA_DIR: '' }],
];

describe("kgo serve's flags without oclif", () => {
  it.each(plain)('%j with %j: taken, exactly as oclif takes it', async (argv, env) => {
    const fast = parseServeArgv(argv, env);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(await viaOclif(argv, env));
  });

  it.each(refusedOrOclifOnly)('%j with %j: left to oclif', async (argv, env) => {
    expect(parseServeArgv(argv, env)).toBeNull();
  });

  it('never takes what oclif refuses', async () => {
    for (const [argv, env] of [...plain, ...refusedOrOclifOnly]) {
      if ((await viaOclif(argv, env)) === null) expect(parseServeArgv(argv, env), JSON.stringify(argv)).toBeNull();
    }
  });

  it('the oclif command defines the same flags, from the same table', () => {
    expect(Object.keys(Serve.flags).sort()).toEqual(Object.keys(SERVE_FLAGS).sort());
    for (const [name, spec] of Object.entries(SERVE_FLAGS) as [keyof typeof Serve.flags, Record<string, unknown>][]) {
      const flag = Serve.flags[name] as unknown as Record<string, unknown>;
      for (const key of ['summary', 'env', 'char', 'default'] as const) {
        expect(flag[key], `${name}.${key}`).toEqual(spec[key]);
      }
      expect(Boolean(flag.multiple), `${name}.multiple`).toBe(Boolean(spec.multiple));
    }
  });
});

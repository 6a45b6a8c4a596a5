import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadPort, requireBuild, ROOT, runKgo, tempConfigHome } from './kgo-process.js';

beforeAll(() => requireBuild());

describe.concurrent('help', () => {
  it('kgo --help lists the commands without a broker', async () => {
    const r = await runKgo(['--help'], { env: { KGO_BROKERS: '127.0.0.1:1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/produce/);
    expect(r.stdout).toMatch(/consume/);
    expect(r.stdout).toMatch(/profile/);
  });

  it.each(['produce', 'consume', 'tail', 'profile create'])('kgo %s --help shows examples and connection flags', async (cmd) => {
    const r = await runKgo([...cmd.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/EXAMPLES/);
    expect(r.stdout).toMatch(/--brokers/);
  });

  it('commands load kafkajs, ink, react and the broker only when they run', () => {
    for (const file of ['produce', 'consume', 'tail', 'profile/create', 'profile/use', 'profile/list', 'profile/delete']) {
      const source = readFileSync(join(ROOT, 'src', 'commands', `${file}.ts`), 'utf8');
      const staticImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
      expect(staticImports.every((s) => s === '@oclif/core' || /\/(cli|common)\/index\.js$/.test(s!)), `${file}: ${staticImports.join(', ')}`).toBe(true);
    }
  });
});

// Each case is a separate process that mostly waits; run them side by side.
describe.concurrent('exit statuses', () => {
  it.each([
    [['consume', 't', '-o', 'sometime']],
    [['consume', 't', '-n', 'many']],
    [['produce', 't', '--acks', '2']],
    [['produce', 't', '-z', 'brotli']],
    [['consume', 't', '-f', '%q']],
    [['consume', 't', '--no-such-flag']],
    [['produce']],
    [['profile', 'create', 'x', '-b', 'no-port']],
  ])('%j exits 2 with a message and no stack trace', async (args) => {
    const r = await runKgo(args, { env: { KGO_BROKERS: '127.0.0.1:1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown command exits 2', async () => {
    const r = await runKgo(['prodcue', 't']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/prodcue/);
  });

  it.each([
    [['consume', 'orders', '-e']],
    [['tail', 'orders']],
    [['produce', 'orders']],
  ])('%j against a dead broker exits 1 naming the address, within 15 s', async (args) => {
    const port = await deadPort();
    const r = await runKgo([...args, '-b', `127.0.0.1:${port}`], { input: 'x\n', timeoutMs: 15_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
    expect(r.stderr).toMatch(/cannot connect/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--verbose adds the stack trace', async () => {
    const port = await deadPort();
    const r = await runKgo(['consume', 'orders', '-b', `127.0.0.1:${port}`, '--verbose']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('kgo profile', () => {
  it('creates, lists, switches and deletes profiles in XDG_CONFIG_HOME', async () => {
    const env = { XDG_CONFIG_HOME: tempConfigHome() };
    expect((await runKgo(['profile', 'create', 'local', '-b', 'localhost:9092'], { env })).code).toBe(0);
    const created = await runKgo(['profile', 'create', 'prod', '-b', 'k1:9093,k2:9093', '--tls', '--sasl-mechanism', 'scram-sha-512', '--sasl-username', 'u', '--sasl-password', 'secret', '--json'], { env });
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ name: 'prod', brokers: ['k1:9093', 'k2:9093'], active: false });

    const listed = await runKgo(['profile', 'list', '--json'], { env });
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: 'local', active: true, brokers: ['localhost:9092'], tls: false },
      { name: 'prod', active: false, brokers: ['k1:9093', 'k2:9093'], sasl: 'scram-sha-512', tls: true },
    ]);
    expect(listed.stdout).not.toContain('secret');

    expect((await runKgo(['profile', 'use', 'prod'], { env })).code).toBe(0);
    const text = await runKgo(['profile', 'list'], { env });
    expect(text.stdout).toMatch(/^\* prod/m);

    expect((await runKgo(['profile', 'delete', 'prod'], { env })).code).toBe(0);
    const missing = await runKgo(['profile', 'use', 'prod'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no profile named "prod"/);
    expect(missing.stderr).toMatch(/Hint: known profiles: local/);
  });

  it('a command uses the active profile for its brokers', async () => {
    const port = await deadPort();
    const env = { XDG_CONFIG_HOME: tempConfigHome() };
    await runKgo(['profile', 'create', 'dead', '-b', `127.0.0.1:${port}`, '--use'], { env });
    const r = await runKgo(['consume', 'orders'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${port} (profile "dead")`);
  });

  it('--json errors are JSON on stdout', async () => {
    const r = await runKgo(['profile', 'use', 'nope', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { message: 'no profile named "nope"', exitCode: 1 } });
  });
});

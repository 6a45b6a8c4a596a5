/**
 * `kgo serve` as a user runs it: the listening line, clean shutdown on
 * signals, one broker per data dir, and clear errors for bad settings.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binRun, freePort, spawnBroker, tempDir } from '../support/broker-process.js';
import { Api, RawClient } from '../support/raw-client.js';
import { parseProperties, resolveBrokerSettings } from '../../src/broker/index.js';

function serve(args: string[]) {
  return spawnSync(process.execPath, [binRun, 'serve', ...args], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, NO_COLOR: '1' } });
}

describe('kgo serve', () => {
  it('prints the listening line, and SIGTERM / SIGINT flush and exit 0', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const broker = await spawnBroker();
      const started = Date.now();
      process.kill(broker.pid, signal);
      const code = await broker.exited();
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(fs.existsSync(path.join(broker.dataDir, '.lock'))).toBe(false);
      fs.rmSync(broker.dataDir, { recursive: true, force: true });
    }
  });

  it('keeps serving when whoever read its stdout has gone away (kgo serve | head -1)', async () => {
    const dir = tempDir();
    const port = await freePort();
    const child = spawn(process.execPath, [binRun, 'serve', '--port', String(port), '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the listening line is written
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let client: RawClient | undefined;
      for (let attempt = 0; attempt < 200 && !client; attempt++) {
        client = await RawClient.connect(port).catch(() => undefined);
        if (!client) await new Promise((r) => setTimeout(r, 25));
      }
      expect(client, stderr).toBeDefined();
      const metadata = await client!.request(Api.Metadata, 1, { topics: [] });
      expect(metadata.brokers).toHaveLength(1);
      client!.close();
      await new Promise((r) => setTimeout(r, 200));
      expect(child.exitCode, stderr).toBeNull();
      expect(stderr).not.toContain('EPIPE');
    } finally {
      process.kill(child.pid!, 'SIGTERM');
      expect(await exited).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second broker on the same data dir at once, naming the holder', async () => {
    const broker = await spawnBroker();
    try {
      const second = serve(['--port', '0', '--data-dir', broker.dataDir]);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`pid ${broker.pid}`);
      expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      await broker.stop();
      fs.rmSync(broker.dataDir, { recursive: true, force: true });
    }
  });

  it('says plainly when its port is taken, its host is not on this machine or its data dir cannot be made (exit 1, no stack)', async () => {
    const broker = await spawnBroker();
    const dir = tempDir();
    try {
      const taken = serve(['--port', String(broker.port), '--data-dir', dir]);
      expect(taken.status).toBe(1);
      expect(taken.stderr).toContain(`127.0.0.1:${broker.port} is already in use`);
      expect(taken.stderr).toContain('Hint: ');
      expect(taken.stderr).not.toMatch(/\n\s+at |--verbose/);
      // The data dir's lock went with the failed start: the next start on it works.
      const again = serve(['--port', String(broker.port), '--data-dir', dir]);
      expect(again.stderr).not.toContain('already using');
      const nowhere = serve(['--host', '192.0.2.1', '--port', '0', '--data-dir', dir]);
      expect(nowhere.status).toBe(1);
      expect(nowhere.stderr).toContain('cannot listen on 192.0.2.1:0: no such address on this machine');
      // A data dir that cannot be a directory (root may write anywhere, so not EACCES here).
      const file = path.join(dir, 'a-file');
      fs.writeFileSync(file, '');
      const notDir = serve(['--port', '0', '--data-dir', path.join(file, 'data')]);
      expect(notDir.status).toBe(1);
      expect(notDir.stderr).toContain(`cannot use --data-dir ${path.join(file, 'data')}: ENOTDIR`);
      expect(notDir.stderr).not.toContain('--verbose');
    } finally {
      await broker.stop();
      fs.rmSync(broker.dataDir, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown setting with a suggestion (exit 2), and a bad value', () => {
    const dir = tempDir();
    const typo = serve(['--port', '0', '--data-dir', dir, '-c', 'num.partition=3']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown broker setting "num.partition"');
    expect(typo.stderr).toContain('num.partitions');
    const bad = serve(['--port', '0', '--data-dir', dir, '-c', 'num.partitions=many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('num.partitions must be a whole number');
    const notPair = serve(['--port', '0', '--data-dir', dir, '-c', 'num.partitions']);
    expect(notPair.status).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies settings from -c and --config', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'broker.properties');
    fs.writeFileSync(file, '# local\nnum.partitions=3\nauto.create.topics.enable = false\n');
    expect(parseProperties(fs.readFileSync(file, 'utf8'))).toEqual({ 'num.partitions': '3', 'auto.create.topics.enable': 'false' });
    const settings = resolveBrokerSettings({ 'num.partitions': '3', 'auto.create.topics.enable': 'false', 'log.segment.bytes': '1048576' });
    expect(settings).toMatchObject({ numPartitions: 3, autoCreateTopics: false, segmentBytes: 1048576, groupInitialRebalanceDelayMs: 0 });
    expect(() => resolveBrokerSettings({ 'log.segment.bytes': '1' })).toThrow(/at least 14/);
    expect(resolveBrokerSettings({ 'transaction.max.timeout.ms': '60000', 'producer.id.expiration.ms': '1000' })).toMatchObject({
      transactionMaxTimeoutMs: 60000,
      producerIdExpirationMs: 1000,
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaves help and flag errors to oclif, and reports its own errors as every command does', () => {
    const help = serve(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('USAGE');
    expect(help.stdout).toContain('--data-dir');
    const unknown = serve(['--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Nonexistent flag: --bogus');
    const port = serve(['--port', '70000']);
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/--port: Expected an integer less than or equal to 65535/);
    // The start path (no oclif) prints errors the same way: no stack, exit 2 for a usage error.
    const dir = tempDir();
    const missing = serve(['--port', '0', '--data-dir', dir, '--config', path.join(dir, 'missing.properties')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`Error: cannot read --config ${path.join(dir, 'missing.properties')}: ENOENT\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('warns when listening on every interface', () => {
    const dir = tempDir();
    // Port 1 on all interfaces cannot be bound without privileges as a non-root user; as root it may be.
    const r = spawnSync(process.execPath, [binRun, 'serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', dir], {
      encoding: 'utf8',
      timeout: 3_000,
      killSignal: 'SIGTERM',
    });
    expect(r.stderr).toContain('no authentication');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

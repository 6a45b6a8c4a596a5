import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { connectWithin, kafkaConfig, requireTopics, resolveSettings, type ConnectionSettings } from '../../src/client/index.js';
import { UserError } from '../../src/common/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kgo-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: ConnectionSettings = { brokers: ['h1:9092', 'h2:9092'], clientId: 'kgo', requestTimeoutMs: 5000, verbose: false };

describe('kafkaConfig', () => {
  it('bounds connection attempts so a dead broker fails within seconds', () => {
    const c = kafkaConfig(base);
    expect(c).toMatchObject({ brokers: ['h1:9092', 'h2:9092'], clientId: 'kgo', requestTimeout: 5000, ssl: false, logLevel: 0 });
    expect(c.connectionTimeout).toBeLessThanOrEqual(3000);
    expect(c.retry?.retries).toBeLessThanOrEqual(3);
  });

  it('logs only with --verbose', () => {
    expect(kafkaConfig({ ...base, verbose: true }).logLevel).toBeGreaterThan(0);
  });

  it('passes SASL through and reads TLS files', () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, 'CA');
    const c = kafkaConfig({ ...base, sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p' }, tls: { ca } });
    expect(c.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'u', password: 'p' });
    expect(c.ssl).toEqual({ ca: [Buffer.from('CA')], cert: undefined, key: undefined });
    expect(kafkaConfig({ ...base, tls: {} }).ssl).toBe(true);
  });

  it('says which TLS file it cannot read', () => {
    expect(() => kafkaConfig({ ...base, tls: { key: join(dir, 'missing.pem') } })).toThrow(/TLS key file .*missing\.pem/);
  });

  it('is built from resolved settings', () => {
    const s = resolveSettings({ brokers: 'a:1', timeout: 1234 }, { XDG_CONFIG_HOME: dir });
    expect(kafkaConfig(s)).toMatchObject({ brokers: ['a:1'], requestTimeout: 1234 });
  });
});

describe('connectWithin', () => {
  it('turns a refused connection into a user error naming the brokers', async () => {
    let disconnected = false;
    const client = {
      connect: () => Promise.reject(new Error('connect ECONNREFUSED')),
      disconnect: async () => {
        disconnected = true;
      },
    };
    const err = await connectWithin(client, base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('cannot connect to Kafka at h1:9092,h2:9092: connect ECONNREFUSED');
    expect(disconnected).toBe(true);
  });

  it('gives up at the deadline when the broker never answers', async () => {
    const client = { connect: () => new Promise<void>(() => undefined), disconnect: async () => undefined };
    await expect(connectWithin(client, { ...base, profile: 'p' }, 20)).rejects.toThrow(/h1:9092,h2:9092 \(profile "p"\): no answer within 20 ms/);
  });
});

describe('requireTopics', () => {
  const admin = { listTopics: async () => ['a', 'b'] } as unknown as Admin;
  it('passes when every topic exists', async () => {
    await expect(requireTopics(admin, ['a', 'b'])).resolves.toBeUndefined();
  });
  it('names the missing ones', async () => {
    await expect(requireTopics(admin, ['a', 'x', 'y'])).rejects.toThrow('topics "x", "y" do not exist');
  });
});

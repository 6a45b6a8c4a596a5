import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  configPath,
  createProfile,
  deleteProfile,
  listProfiles,
  resolveSettings,
  useProfile,
} from '../../src/client/index.js';
import { UserError } from '../../src/common/index.js';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kgo-settings-'));
  env = { XDG_CONFIG_HOME: dir };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveSettings', () => {
  it('defaults to localhost:9092', () => {
    expect(resolveSettings({}, env)).toMatchObject({ brokers: ['localhost:9092'], clientId: 'kgo', profile: undefined });
  });

  it('takes flags over env over profile over default, setting by setting', () => {
    createProfile('p', { brokers: 'prof:1', clientId: 'from-profile' }, env);
    expect(resolveSettings({}, env)).toMatchObject({ brokers: ['prof:1'], clientId: 'from-profile', profile: 'p' });

    env.KGO_BROKERS = 'env:2';
    expect(resolveSettings({}, env)).toMatchObject({ brokers: ['env:2'], clientId: 'from-profile' });

    env.KGO_CLIENT_ID = 'from-env';
    expect(resolveSettings({ brokers: 'flag:3,flag:4' }, env)).toMatchObject({ brokers: ['flag:3', 'flag:4'], clientId: 'from-env' });
    expect(resolveSettings({ 'client-id': 'from-flag' }, env).clientId).toBe('from-flag');
  });

  it('picks a named profile over the active one, by flag or KGO_PROFILE', () => {
    createProfile('a', { brokers: 'a:1' }, env);
    createProfile('b', { brokers: 'b:1' }, env);
    expect(resolveSettings({}, env).brokers).toEqual(['a:1']);
    expect(resolveSettings({}, { ...env, KGO_PROFILE: 'b' }).brokers).toEqual(['b:1']);
    expect(resolveSettings({ profile: 'a' }, { ...env, KGO_PROFILE: 'b' }).brokers).toEqual(['a:1']);
    expect(() => resolveSettings({ profile: 'zzz' }, env)).toThrow(/no profile named "zzz"/);
  });

  it('takes SASL and TLS from the profile unless flags say otherwise', () => {
    createProfile('s', { brokers: 'h:9093', saslMechanism: 'scram-sha-512', saslUsername: 'u', saslPassword: 'p', tls: true, tlsCa: '/ca.pem' }, env);
    const s = resolveSettings({}, env);
    expect(s.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
    expect(s.tls).toEqual({ ca: '/ca.pem' });
    expect(resolveSettings({ tls: false }, env).tls).toBeUndefined();
    expect(resolveSettings({ 'sasl-mechanism': 'plain', 'sasl-password': 'q' }, env).sasl).toEqual({ mechanism: 'plain', username: 'u', password: 'q' });
  });

  it('rejects bad values as usage errors', () => {
    const usage = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        expect((err as UserError).exitCode).toBe(2);
        return;
      }
      throw new Error('expected an error');
    };
    usage(() => resolveSettings({ brokers: 'no-port' }, env));
    usage(() => resolveSettings({ 'sasl-mechanism': 'gssapi' }, env));
    usage(() => resolveSettings({ 'sasl-mechanism': 'plain' }, env));
    usage(() => resolveSettings({}, { ...env, KGO_TIMEOUT: 'soon' }));
  });
});

describe('profiles', () => {
  it('live under XDG_CONFIG_HOME, readable by the owner only', () => {
    createProfile('local', { brokers: 'localhost:9092' }, env);
    const path = configPath(env);
    expect(path).toBe(join(dir, 'kgo', 'config.json'));
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ current: 'local', profiles: { local: { brokers: ['localhost:9092'] } } });
  });

  it('create, use, list and delete', () => {
    createProfile('one', { brokers: 'h1:1' }, env);
    createProfile('two', { brokers: 'h2:1', tls: true }, env);
    expect(listProfiles(env).map((p) => [p.name, p.active])).toEqual([
      ['one', true],
      ['two', false],
    ]);
    useProfile('two', env);
    expect(listProfiles(env).find((p) => p.active)?.name).toBe('two');
    deleteProfile('two', env);
    expect(listProfiles(env)).toEqual([{ name: 'one', active: false, brokers: ['h1:1'], tls: false }]);
    expect(() => useProfile('two', env)).toThrow(UserError);
    expect(() => createProfile('bad name', { brokers: 'h:1' }, env)).toThrow(UserError);
  });
});

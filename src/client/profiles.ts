/**
 * Named connection profiles in `$XDG_CONFIG_HOME/kgo/config.json` (by default
 * `~/.config/kgo/config.json`). The file holds every profile and the name of
 * the active one; it is rewritten whole through a temporary file and a rename,
 * so a crash never leaves half a file. Passwords are stored as given, so the
 * file is created readable by its owner only.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../common/index.js';

export type SaslMechanismName = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface Profile {
  brokers: string[];
  clientId?: string;
  sasl?: { mechanism: SaslMechanismName; username: string; password: string };
  tls?: { ca?: string; cert?: string; key?: string };
}

export interface ProfileConfig {
  current?: string;
  profiles: Record<string, Profile>;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'kgo', 'config.json');
}

export function loadProfileConfig(env: NodeJS.ProcessEnv = process.env): ProfileConfig {
  const path = configPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ProfileConfig>;
    return { current: parsed.current, profiles: parsed.profiles ?? {} };
  } catch (err) {
    throw new UserError(`cannot read ${path}: ${(err as Error).message}`, 'fix or delete the file, then create profiles again with `kgo profile create`');
  }
}

export function saveProfileConfig(config: ProfileConfig, env: NodeJS.ProcessEnv = process.env): void {
  const path = configPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

const PROFILE_NAME = /^[A-Za-z0-9][\w.-]*$/;

export function checkProfileName(name: string): void {
  if (!PROFILE_NAME.test(name)) {
    throw new UserError(`invalid profile name "${name}"`, 'use letters, digits, ".", "_" and "-"', 2, 'USAGE_ERROR');
  }
}

export function getProfile(config: ProfileConfig, name: string): Profile {
  const profile = config.profiles[name];
  if (!profile) {
    const known = Object.keys(config.profiles);
    const hint = known.length ? `known profiles: ${known.join(', ')}` : 'create one with `kgo profile create NAME -b HOST:PORT`';
    throw new UserError(`no profile named "${name}"`, hint);
  }
  return profile;
}

export interface ProfileInput {
  brokers: string;
  clientId?: string;
  saslMechanism?: SaslMechanismName;
  saslUsername?: string;
  saslPassword?: string;
  tls?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  use?: boolean;
}

export function profileFromInput(input: ProfileInput, parseBrokers: (text: string) => string[]): Profile {
  const profile: Profile = { brokers: parseBrokers(input.brokers) };
  if (input.clientId) profile.clientId = input.clientId;
  if (input.saslMechanism) {
    if (input.saslUsername === undefined || input.saslPassword === undefined) {
      throw new UserError('SASL needs a user name and a password', 'pass --sasl-username and --sasl-password', 2, 'USAGE_ERROR');
    }
    profile.sasl = { mechanism: input.saslMechanism, username: input.saslUsername, password: input.saslPassword };
  }
  if (input.tls || input.tlsCa || input.tlsCert || input.tlsKey) {
    profile.tls = {};
    if (input.tlsCa) profile.tls.ca = input.tlsCa;
    if (input.tlsCert) profile.tls.cert = input.tlsCert;
    if (input.tlsKey) profile.tls.key = input.tlsKey;
  }
  return profile;
}

export function deleteProfileFrom(config: ProfileConfig, name: string): ProfileConfig {
  getProfile(config, name);
  const { [name]: _deleted, ...profiles } = config.profiles;
  return { current: config.current === name ? undefined : config.current, profiles };
}

export interface ProfileSummary {
  name: string;
  active: boolean;
  brokers: string[];
  clientId?: string;
  sasl?: string;
  tls: boolean;
}

export function summarizeProfiles(config: ProfileConfig): ProfileSummary[] {
  return Object.entries(config.profiles)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, p]) => ({
      name,
      active: config.current === name,
      brokers: p.brokers,
      ...(p.clientId ? { clientId: p.clientId } : {}),
      ...(p.sasl ? { sasl: p.sasl.mechanism } : {}),
      tls: p.tls !== undefined,
    }));
}

/**
 * Where each connection setting comes from, first match wins: command-line
 * flag, then KGO_* environment variable, then the active profile, then the
 * default (a broker on localhost:9092). Kept free of kafkajs so commands can
 * resolve settings without loading the client.
 */
import { UserError } from '../common/index.js';
import { getProfile, loadProfileConfig, type Profile, type SaslMechanismName } from './profiles.js';

export const DEFAULT_BROKERS = ['localhost:9092'];
export const DEFAULT_CLIENT_ID = 'kgo';
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The connection flags as parsed (see cli/flags.ts); every field optional. */
export interface ConnectionOptions {
  brokers?: string;
  'client-id'?: string;
  profile?: string;
  'sasl-mechanism'?: string;
  'sasl-username'?: string;
  'sasl-password'?: string;
  tls?: boolean;
  'tls-ca'?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  timeout?: number;
  verbose?: boolean;
}

export interface ConnectionSettings {
  brokers: string[];
  clientId: string;
  sasl?: { mechanism: SaslMechanismName; username: string; password: string };
  tls?: { ca?: string; cert?: string; key?: string };
  requestTimeoutMs: number;
  /** The profile the settings were completed from, if any. */
  profile?: string;
  verbose: boolean;
}

const SASL = ['plain', 'scram-sha-256', 'scram-sha-512'];

export function parseBrokerList(text: string): string[] {
  const brokers = text.split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new UserError('no brokers given', 'pass -b HOST:PORT[,HOST:PORT]', 2, 'USAGE_ERROR');
  for (const b of brokers) {
    if (!/^[^:\s]+:\d{1,5}$/.test(b) && !/^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(b)) {
      throw new UserError(`invalid broker address "${b}"`, 'brokers are HOST:PORT, comma-separated', 2, 'USAGE_ERROR');
    }
  }
  return brokers;
}

function envFlag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return !/^(0|false|no|off)$/i.test(value);
}

function envInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${name} must be a positive integer, got "${value}"`, undefined, 2, 'USAGE_ERROR');
  return n;
}

export function resolveSettings(opts: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const profileName = opts.profile ?? (env.KGO_PROFILE || undefined);
  const config = loadProfileConfig(env);
  const activeName = profileName ?? config.current;
  let profile: Profile | undefined;
  if (profileName !== undefined) profile = getProfile(config, profileName);
  else if (activeName !== undefined) profile = config.profiles[activeName];

  const brokersText = opts.brokers ?? (env.KGO_BROKERS || undefined);
  const brokers = brokersText !== undefined ? parseBrokerList(brokersText) : (profile?.brokers ?? DEFAULT_BROKERS);
  const clientId = opts['client-id'] ?? (env.KGO_CLIENT_ID || undefined) ?? profile?.clientId ?? DEFAULT_CLIENT_ID;

  const mechanism = opts['sasl-mechanism'] ?? (env.KGO_SASL_MECHANISM || undefined);
  let sasl = profile?.sasl;
  if (mechanism !== undefined) {
    if (!SASL.includes(mechanism)) {
      throw new UserError(`unknown SASL mechanism "${mechanism}"`, `use one of ${SASL.join(', ')}`, 2, 'USAGE_ERROR');
    }
    const username = opts['sasl-username'] ?? env.KGO_SASL_USERNAME ?? profile?.sasl?.username;
    const password = opts['sasl-password'] ?? env.KGO_SASL_PASSWORD ?? profile?.sasl?.password;
    if (username === undefined || password === undefined) {
      throw new UserError('SASL needs a user name and a password', 'pass --sasl-username and --sasl-password (or KGO_SASL_USERNAME / KGO_SASL_PASSWORD)', 2, 'USAGE_ERROR');
    }
    sasl = { mechanism: mechanism as SaslMechanismName, username, password };
  }

  const tlsFiles = {
    ca: opts['tls-ca'] ?? (env.KGO_TLS_CA || undefined),
    cert: opts['tls-cert'] ?? (env.KGO_TLS_CERT || undefined),
    key: opts['tls-key'] ?? (env.KGO_TLS_KEY || undefined),
  };
  const tlsWanted = opts.tls ?? envFlag(env.KGO_TLS);
  const anyTlsFile = Object.values(tlsFiles).some((v) => v !== undefined);
  let tls = profile?.tls;
  if (tlsWanted === false) tls = undefined;
  else if (tlsWanted === true || anyTlsFile) tls = { ...profile?.tls, ...stripUndefined(tlsFiles) };

  return {
    brokers,
    clientId,
    sasl,
    tls,
    requestTimeoutMs: opts.timeout ?? envInt('KGO_TIMEOUT', env.KGO_TIMEOUT) ?? DEFAULT_REQUEST_TIMEOUT_MS,
    profile: profile ? activeName : undefined,
    verbose: opts.verbose ?? false,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

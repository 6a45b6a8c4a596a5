/**
 * Builds the kafkajs client from resolved settings and connects with a hard
 * deadline: an unreachable broker fails in seconds with a message naming the
 * address, instead of kafkajs's minute-long retry schedule.
 */
import { fixKafkajsIdleTimers } from './kafkajs-idle-timers.js';
import { readFileSync } from 'node:fs';
import type { Admin, Consumer, Kafka, KafkaConfig, Producer, SASLOptions } from 'kafkajs';
import { UserError } from '../common/index.js';
import { registerCodecs } from './codecs.js';
import type { ConnectionSettings } from './settings.js';

// kafkajs's logLevel values; kafkajs itself is loaded only when a client is built,
// so commands' --help and settings resolution stay fast.
const LOG_NOTHING = 0;
const LOG_INFO = 4;

/** Per attempt; a refused connection fails at once, a silent host after this. */
export const CONNECTION_TIMEOUT_MS = 3_000;
/** Whole connect phase, retries included; below the 15 s users wait at most. */
export const CONNECT_DEADLINE_MS = 12_000;

export function kafkaConfig(settings: ConnectionSettings): KafkaConfig {
  return {
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: settings.requestTimeoutMs,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    logLevel: settings.verbose ? LOG_INFO : LOG_NOTHING,
    ssl: tlsOptions(settings),
    sasl: settings.sasl as SASLOptions | undefined,
  };
}

function tlsOptions(settings: ConnectionSettings): KafkaConfig['ssl'] {
  const tls = settings.tls;
  if (!tls) return false;
  const read = (path: string | undefined, what: string): Buffer | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (err) {
      throw new UserError(`cannot read the TLS ${what} file ${path}: ${(err as Error).message}`);
    }
  };
  const ca = read(tls.ca, 'CA');
  const cert = read(tls.cert, 'certificate');
  const key = read(tls.key, 'key');
  if (!ca && !cert && !key) return true;
  return { ca: ca ? [ca] : undefined, cert, key };
}

/** A kafkajs client with snappy, lz4 and zstd available. */
export async function createKafka(settings: ConnectionSettings): Promise<Kafka> {
  const { default: kafkajs } = await import('kafkajs');
  fixKafkajsIdleTimers();
  registerCodecs(kafkajs.CompressionCodecs, kafkajs.CompressionTypes);
  return new kafkajs.Kafka(kafkaConfig(settings));
}

/** Turns a failed connect into an error that names the address and says what to try. */
export function connectError(err: unknown, settings: ConnectionSettings): UserError {
  if (err instanceof UserError) return err;
  const where = settings.brokers.join(',');
  const cause = (err as Error)?.message ?? String(err);
  const from = settings.profile ? ` (profile "${settings.profile}")` : '';
  return new UserError(
    `cannot connect to Kafka at ${where}${from}: ${cause}`,
    'check -b/--brokers, KGO_BROKERS or the active profile; for a local broker run `kgo serve`',
    1,
    'CONNECT_FAILED',
  );
}

/** Runs `connect` and fails with a user error if it throws or outlasts the deadline. */
export async function connectWithin<T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(
  client: T,
  settings: ConnectionSettings,
  deadlineMs = CONNECT_DEADLINE_MS,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    await Promise.race([client.connect(), deadline]);
    return client;
  } catch (err) {
    void client.disconnect().catch(() => undefined);
    throw connectError(err, settings);
  } finally {
    clearTimeout(timer);
  }
}

export async function connectAdmin(kafka: Kafka, settings: ConnectionSettings): Promise<Admin> {
  return connectWithin(kafka.admin(), settings);
}

export async function connectProducer(kafka: Kafka, settings: ConnectionSettings, config?: Parameters<Kafka['producer']>[0]): Promise<Producer> {
  return connectWithin(kafka.producer(config), settings);
}

export type { Admin, Consumer, Kafka, Producer };

/**
 * Reading must never create topics, whatever the broker's auto-create
 * setting: listing all topics sends a metadata request for no topic in
 * particular, which creates nothing.
 */
export async function requireTopics(admin: Admin, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    const names = missing.map((t) => `"${t}"`).join(', ');
    const what = missing.length === 1 ? `topic ${names} does not exist` : `topics ${names} do not exist`;
    throw new UserError(what, 'list topics with `kgo topic list`, or create one with `kgo topic create`', 1, 'TOPIC_NOT_FOUND');
  }
}

/**
 * One connected Admin for the length of a command: settings resolved from
 * flags, environment and profile; kafkajs failures turned into user errors
 * (a broker refusing a request is a runtime error, not a bug in kgo).
 */
import type { Admin, Kafka } from 'kafkajs';
import { KgoError, UserError } from '../common/index.js';
import { connectAdmin, createKafka } from './connection.js';
import { resolveSettings, type ConnectionOptions } from './settings.js';

export async function withAdmin<T>(options: ConnectionOptions, fn: (admin: Admin, kafka: Kafka) => Promise<T>): Promise<T> {
  const settings = resolveSettings(options);
  const kafka = await createKafka(settings);
  const admin = await connectAdmin(kafka, settings);
  try {
    return await fn(admin, kafka);
  } catch (error) {
    throw kafkaUserError(error);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** kafkajs errors (KafkaJSProtocolError, KafkaJSCreateTopicError, ...) as exit-status-1 user errors. */
export function kafkaUserError(error: unknown): unknown {
  if (error instanceof KgoError) return error;
  const e = error as
    | { name?: string; message?: string; type?: string; apiName?: string; cause?: { message?: string } }
    | undefined;
  if (!e?.name?.startsWith('KafkaJS')) return error;
  if (e.name === 'KafkaJSServerDoesNotSupportApiKey') {
    return new UserError(
      `the broker does not support ${e.apiName ?? 'this request'}`,
      'this command needs a broker that implements it (Apache Kafka does)',
      1,
      'UNSUPPORTED_API',
    );
  }
  const type = e.type && !e.message?.includes(e.type) ? ` (${e.type})` : '';
  const cause = e.cause?.message ? `: ${e.cause.message}` : '';
  return new UserError(`${e.message ?? e.name}${type}${cause}`, undefined, 1, 'KAFKA_ERROR');
}

/** Kafka's topic name rules (org.apache.kafka.common.internals.Topic). */
const LEGAL = /^[a-zA-Z0-9._-]+$/;
export const TOPIC_NAME_LENGTH_MAX = 249;

/** Returns why the name is not a legal topic name, or undefined when it is. */
export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'topic name is empty';
  if (name === '.' || name === '..') return `topic name cannot be "${name}"`;
  if (name.length > TOPIC_NAME_LENGTH_MAX) return `topic name is longer than ${TOPIC_NAME_LENGTH_MAX} characters`;
  if (!LEGAL.test(name)) return `topic name "${name}" has characters other than ASCII letters, digits, '.', '_' and '-'`;
  return undefined;
}

/** '.' and '_' collide in metric names; Kafka refuses a topic that differs from another only there. */
export function collisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

export const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state']);

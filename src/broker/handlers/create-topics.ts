/**
 * CreateTopics (key 19), versions 0-7: name rules, partition counts, configs
 * checked against Kafka's names and values (INVALID_CONFIG naming the key),
 * replication factor 1 (or -1: the default), TOPIC_ALREADY_EXISTS, and
 * validate-only. v5+ answers with the resulting configs.
 * Not implemented: manual replica assignments other than this broker.
 */
import { ErrorCode, ZERO_UUID } from '../../protocol/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';
import { TopicProblem } from '../metadata/topics.js';
import { topicConfigDefs, ConfigSource } from '../metadata/topic-configs.js';
import type { TopicRecord } from '../metadata/topic-store.js';


interface CreatableTopic {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: { partitionIndex: number; brokerIds: number[] }[];
  configs: { name: string; value: string | null }[];
}

export function describeConfigsOf(ctx: RequestContext, topic: Pick<TopicRecord, 'configs'>): Body[] {
  return Object.keys(topicConfigDefs).map((name) => {
    const own = topic.configs[name];
    return {
      name,
      value: own ?? topicConfigDefs[name]!.defaultValue(ctx.broker.settings),
      readOnly: false,
      configSource: own !== undefined ? ConfigSource.topic : ConfigSource.default,
      isSensitive: false,
    };
  });
}

async function createOne(ctx: RequestContext, t: CreatableTopic, validateOnly: boolean): Promise<Body> {
  const { topics, settings } = ctx.broker;
  const base = { name: t.name, topicId: ZERO_UUID, numPartitions: -1, replicationFactor: -1, configs: [] as Body[] };
  const configs: Record<string, string> = {};
  for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
  let partitions = t.numPartitions === -1 ? settings.numPartitions : t.numPartitions;
  if (t.assignments.length > 0) {
    if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
      return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'give either assignments or a partition count and replication factor' };
    }
    if (t.assignments.some((a) => a.brokerIds.length !== 1 || a.brokerIds[0] !== ctx.broker.node.nodeId)) {
      return { ...base, errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: `every replica must be on broker ${ctx.broker.node.nodeId}` };
    }
    partitions = t.assignments.length;
  }
  const spec = {
    name: t.name,
    partitions,
    replicationFactor: t.replicationFactor === -1 ? 1 : t.replicationFactor,
    configs,
  };
  try {
    if (validateOnly) {
      topics.validateNew(spec);
      return { ...base, errorCode: 0, errorMessage: null, numPartitions: partitions, replicationFactor: 1, configs: describeConfigsOf(ctx, { configs }) };
    }
    const created = await topics.create(spec);
    ctx.broker.log(`created topic ${created.name} with ${created.partitions} partition(s)`);
    return {
      ...base,
      topicId: created.id,
      errorCode: 0,
      errorMessage: null,
      numPartitions: created.partitions,
      replicationFactor: 1,
      configs: describeConfigsOf(ctx, created),
    };
  } catch (err) {
    if (err instanceof TopicProblem) return { ...base, errorCode: err.errorCode, errorMessage: err.message };
    throw err;
  }
}

export const createTopicsHandler: ApiHandler = {
  apiKey: 19,
  minVersion: 0,
  maxVersion: 7,
  async handle(ctx, request) {
    const requested = request.topics as CreatableTopic[];
    const seen = new Map<string, number>();
    for (const t of requested) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    const results: Body[] = [];
    for (const t of requested) {
      if (seen.get(t.name)! > 1) {
        results.push({ name: t.name, topicId: ZERO_UUID, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'topic listed more than once', numPartitions: -1, replicationFactor: -1, configs: [] });
        continue;
      }
      results.push(await createOne(ctx, t, Boolean(request.validateOnly)));
    }
    return { throttleTimeMs: 0, topics: results };
  },
};
